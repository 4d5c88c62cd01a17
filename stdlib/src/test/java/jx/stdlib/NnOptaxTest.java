package jx.stdlib;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** jax.nn and optax, both written in jx (resources jx/stdlib/jax/nn.jx and optax.jx). */
class NnOptaxTest {
    @Test
    void nnIsReachableEveryWayJaxCodeReachesIt() {
        assertEquals("[0. 0. 2.]\n[0. 0. 2.]\n[0. 0. 2.]\n", JxRun.run("""
                x = jnp.array([-1.0, 0.0, 2.0])
                print(jax.nn.relu(x))
                from jax import nn
                print(nn.relu(x))
                import jax.nn
                print(jax.nn.relu(x))
                """));
    }

    @Test
    void activationsAndNormalizers() {
        JxRun.run("""
                x = jnp.array([[-1.0, 0.0, 2.0], [3.0, 1.0, -2.0]])
                assert jnp.allclose(jax.nn.sigmoid(x), 1 / (1 + jnp.exp(-x)))
                assert jnp.allclose(jax.nn.softplus(x), jnp.log(1 + jnp.exp(x)))
                assert float(jax.nn.softplus(jnp.array(100.0))) == 100.0
                assert jnp.allclose(jax.nn.softmax(x).sum(axis=-1), 1.0)
                assert jnp.allclose(jax.nn.log_softmax(x), jnp.log(jax.nn.softmax(x)))
                assert jnp.allclose(jax.nn.softmax(x, axis=0).sum(axis=0), 1.0)
                assert jnp.allclose(jax.nn.logsumexp(x, axis=1), jnp.log(jnp.exp(x).sum(axis=1)))
                assert jax.nn.logsumexp(x).shape == ()
                assert jax.nn.logsumexp(x, axis=0, keepdims=True).shape == (1, 3)
                assert abs(float(jax.nn.logsumexp(jnp.array([1000.0, 1000.0]))) - 1000.6931) < 1e-3
                assert jnp.all(jax.nn.one_hot(jnp.array([0, 2]), 3) == jnp.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]))
                assert jax.nn.one_hot(jnp.array([0, 2]), 3, axis=0).shape == (3, 2)
                assert jnp.allclose(jax.nn.gelu(jnp.array([0.0, 1.0])), jnp.array([0.0, 0.8411920]))
                assert jnp.allclose(jax.nn.silu(x), x * jax.nn.sigmoid(x))
                """);
    }

    @Test
    void sgdAndMomentumStepAsOptaxDoes() {
        assertEquals("""
                (Array([0.9, 2.2], dtype=float32),)
                [0.9 2.2]
                [0.71 2.58]
                """, JxRun.run("""
                import optax
                params = (jnp.array([1.0, 2.0]),)
                grads = (jnp.array([1.0, -2.0]),)
                opt = optax.sgd(0.1)
                updates, state = opt.update(grads, opt.init(params), params)
                print(optax.apply_updates(params, updates))
                opt = optax.sgd(0.1, momentum=0.9)
                state = opt.init(params)
                updates, state = opt.update(grads, state, params)
                params = optax.apply_updates(params, updates)
                print(params[0])
                updates, state = opt.update(grads, state, params)
                print(optax.apply_updates(params, updates)[0])
                """));
    }

    @Test
    void adamStepsByAboutTheLearningRate() {
        JxRun.run("""
                import optax
                params = {"w": jnp.array([1.0, 2.0]), "b": jnp.array(0.5)}
                grads = {"w": jnp.array([3.0, -0.01]), "b": jnp.array(-1.0)}
                opt = optax.adam(0.1)
                state = opt.init(params)
                updates, state = opt.update(grads, state, params)
                assert jnp.allclose(updates["w"], jnp.array([-0.1, 0.1]), atol=1e-4)
                assert jnp.allclose(updates["b"], 0.1, atol=1e-4)
                assert int(state[0]) == 1
                new = optax.apply_updates(params, updates)
                assert new["w"].dtype == jnp.float32
                updates, state = opt.update(grads, state, new)
                assert int(state[0]) == 2
                assert jnp.allclose(updates["w"], jnp.array([-0.1, 0.1]), atol=1e-4)
                """);
    }
}

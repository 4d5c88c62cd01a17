package jx.stdlib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import jx.diag.JxException;
import jx.run.Config;
import jx.run.Session;
import org.junit.jupiter.api.Test;

/** jax.example_libraries (stax, optimizers), truncated_normal initializers and the device queries. */
class ExampleLibrariesTest {
    private static String run(String... lines) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        Session s = new Session(new Config("cpu", false, List.of(), new PrintStream(buf, true, StandardCharsets.UTF_8)));
        s.runSource(String.join("\n", lines) + "\n", "<test>");
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void staxBuildsAConvNetAsJaxsExamplesDo() {
        assertEquals("(-1, 10) 3\n(3, 10) True\n(4, 4, 1, 8) (1, 1, 1, 8)\n", run(
                "from jax.example_libraries import stax",
                "init_fun, apply_fun = stax.serial(stax.Conv(8, (3, 3), padding='SAME'), stax.Relu, stax.MaxPool((2, 2), (2, 2)),",
                "    stax.Conv(4, (3, 3)), stax.Tanh, stax.Flatten, stax.Dense(10), stax.LogSoftmax)",
                "out_shape, params = init_fun(jax.random.PRNGKey(0), (-1, 10, 10, 1))",
                "print(out_shape, len([p for p in params if p != ()]))",
                "y = apply_fun(params, jnp.ones((3, 10, 10, 1)))",
                "print(y.shape, bool(jnp.allclose(jnp.sum(jnp.exp(y), axis=1), 1.0, atol=1e-5)))",
                "print(stax.Conv(8, (4, 4))[0](jax.random.PRNGKey(1), (2, 9, 9, 1))[1][0].shape,"
                        + " stax.Conv(8, (4, 4))[0](jax.random.PRNGKey(1), (2, 9, 9, 1))[1][1].shape)"));
    }

    @Test
    void staxLayersComputeWhatTheySay() {
        assertEquals("[[2.5 4.5]] [[5. 7.]] (1, 2, 2, 1) [[[[ 5.]\n   [ 7.]]\n\n  [[13.]\n   [15.]]]]\n", run(
                "from jax.example_libraries import stax",
                "x = jnp.arange(16.0).reshape(1, 4, 4, 1)",
                "_, avg = stax.AvgPool((2, 2), (2, 2))",
                "_, mx = stax.MaxPool((2, 2), (2, 2))",
                "print(avg((), x)[0, 0, :, :].T, mx((), x)[0, 0, :, :].T, stax.MaxPool((2, 2), (2, 2))[0](None, (1, 4, 4, 1))[0], mx((), x))"));
        String e = assertThrows(JxException.class, () -> run("from jax.example_libraries import stax",
                "stax.Dropout(0.5)[1]((), jnp.ones(3))")).getMessage();
        assertTrue(e.contains("Dropout layer requires apply_fun to be called with a PRNG key"), e);
    }

    @Test
    void optimizersFollowJaxsUpdateRules() {
        // One sgd step is x - lr * g; momentum and adam's first steps are closed forms; adam minimizes.
        assertEquals("[0.8 1.6] [0.8 1.6] [0.9 1.9] 0.0\n", run(
                "from jax.example_libraries import optimizers",
                "x0 = {'w': jnp.array([1.0, 2.0])}",
                "init, update, get = optimizers.sgd(0.1)",
                "a = get(update(0, {'w': jnp.array([2.0, 4.0])}, init(x0)))['w']",
                "init, update, get = optimizers.momentum(0.1, 0.9)",
                "b = get(update(0, {'w': jnp.array([2.0, 4.0])}, init(x0)))['w']",
                "init, update, get = optimizers.adam(0.1)",
                "c = get(update(0, {'w': jnp.array([2.0, 4.0])}, init(x0)))['w']",
                "loss = lambda p: jnp.sum((p['w'] - 3.0) ** 2)",
                "state = init(x0)",
                "for i in range(300):",
                "    state = update(i, jax.grad(loss)(get(state)), state)",
                "print(a, b, jnp.round(c, 4), round(float(loss(get(state))), 4))"));
        assertEquals("0.1 0.05 [1.  0.5 0.1] 5.0\n", run(
                "from jax.example_libraries import optimizers as opt",
                "print(opt.exponential_decay(0.1, 10, 0.5)(0), opt.exponential_decay(0.1, 10, 0.5)(10),"
                        + " jnp.array([opt.piecewise_constant([2, 5], [1.0, 0.5, 0.1])(i) for i in (0, 3, 9)]),"
                        + " opt.l2_norm({'a': jnp.array([3.0]), 'b': jnp.array([4.0])}))"));
    }

    @Test
    void truncatedNormalStaysInsideItsBounds() {
        assertEquals("True True (1000,) 2 1 1\n", run(
                "z = jax.random.truncated_normal(jax.random.PRNGKey(0), -1.0, 2.0, (1000,))",
                "w = jax.nn.initializers.lecun_normal()(jax.random.PRNGKey(1), (300, 200))",
                "print(bool(jnp.all((z > -1.0) & (z < 2.0))), bool(jnp.abs(jnp.std(w) - (1 / 300) ** 0.5) < 0.003), z.shape,"
                        + " jax.nn.initializers.glorot_normal()(jax.random.PRNGKey(2), (3, 4)).ndim, jax.device_count(), jax.local_device_count())"));
    }
}

package jx.stdlib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import jx.diag.JxException;

/**
 * The jax.random samplers of jax/_random_extra.jx and the gamma primitive: each distribution's
 * empirical CDF on 20,000 seeded draws against SciPy's (tests/oracle/gen_random_cdfs.py), shapes,
 * dtypes and broadcasting as JAX gives them, and gamma's reparameterisation gradient against
 * SciPy (tests/oracle/gen_random_gamma.py) and against E[x] = a.
 */
class RandomSamplersTest {
    private static List<String> resource(String name) {
        try (InputStream in = RandomSamplersTest.class.getResourceAsStream("/jx/stdlib/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void eachSamplerHasScipysDistribution() {
        // The Kolmogorov-Smirnov statistic's 1 % critical value for n = 20000 bounds the CDF's error at any point.
        StringBuilder src = new StringBuilder("key = random.PRNGKey(7)\nn = 20000\nbad = []\n");
        for (String line : resource("random_cdfs.txt")) {
            String[] parts = line.split(" \\| ");
            int space = parts[0].indexOf(' ');
            String name = parts[0].substring(0, space);
            String[] nums = parts[1].trim().split(" ");
            StringBuilder xs = new StringBuilder();
            StringBuilder fs = new StringBuilder();
            for (int i = 0; i < nums.length; i += 2) {
                xs.append(nums[i]).append(", ");
                fs.append(nums[i + 1]).append(", ");
            }
            src.append("x = ").append(parts[0].substring(space + 1)).append("\n")
                    .append("assert x.shape == (n,), x.shape\n")
                    .append("emp = jnp.mean(x[:, None] <= jnp.array([").append(xs).append("])[None, :], axis=0)\n")
                    .append("d = float(jnp.max(jnp.abs(emp - jnp.array([").append(fs).append("]))))\n")
                    .append("if not d < 1.63 / n ** 0.5:\n    bad = bad + ['").append(name).append(" ' + str(d)]\n");
        }
        src.append("print(bad)\n");
        assertEquals("[]\n", JxRun.run(src.toString()));
    }

    @Test
    void gammaGradMatchesScipy() {
        // dx/da at a fixed quantile and its derivative in x, against central differences of SciPy's gammaincinv.
        StringBuilder a = new StringBuilder();
        StringBuilder x = new StringBuilder();
        StringBuilder g = new StringBuilder();
        StringBuilder gx = new StringBuilder();
        for (String line : resource("random_gamma_grad.txt")) {
            String[] v = line.split(" ");
            a.append(v[0]).append(", ");
            x.append(v[1]).append(", ");
            g.append(v[2]).append(", ");
            gx.append(v[3]).append(", ");
        }
        assertEquals("True True\n", JxRun.run("""
                jax.config.update("jax_enable_x64", True)
                a = jnp.array([%s])
                x = jnp.array([%s])
                g = jax.random._gamma_grad(a, x)
                gx = jax.grad(lambda x: jnp.sum(jax.random._gamma_grad(a, x)))(x)
                print(bool(jnp.allclose(g, jnp.array([%s]), rtol=1e-5, atol=0)),
                    bool(jnp.allclose(gx, jnp.array([%s]), rtol=1e-3, atol=1e-6)))
                """.formatted(a, x, g, gx)));
    }

    @Test
    void gammaDifferentiatesAsJax() {
        // E[x] = a, so the mean pathwise derivative is 1; E[log x] = digamma(a), so loggamma's is trigamma(a).
        assertEquals("", JxRun.run("""
                key = random.PRNGKey(3)
                n = 20000
                for a in [0.3, 1.0, 4.0]:
                    d = jax.grad(lambda a: jnp.mean(random.gamma(key, a, (n,))))(a)
                    assert abs(float(d) - 1.0) < 0.03, (a, d)
                trigamma = {0.5: 4.934802, 3.0: 0.394934}
                for a in [0.5, 3.0]:
                    d = jax.grad(lambda a: jnp.mean(random.loggamma(key, a, (n,))))(a)
                    assert abs(float(d) - trigamma[a]) < 0.05 * trigamma[a], (a, d)
                # The gradient of each sample is lax.random_gamma_grad at it; through beta, chisquare, t too.
                a = jnp.array([0.3, 1.0, 7.0])
                g = jax.grad(lambda a: jnp.sum(random.gamma(key, a)))(a)
                assert jnp.allclose(g, jax.random._gamma_grad(a, random.gamma(key, a))), g
                assert jax.grad(lambda a: random.beta(key, a, 2.0))(1.5).shape == ()
                assert jnp.isfinite(jax.grad(lambda d: random.chisquare(key, d) + random.t(key, d))(3.0))
                assert jnp.isfinite(jax.grad(lambda a: jnp.sum(random.dirichlet(key, a) ** 2))(jnp.array([1.0, 2.0]))).all()
                # Forward mode and jit agree with reverse mode.
                assert jnp.allclose(jax.jvp(lambda a: random.gamma(key, a), (a,), (jnp.ones(3),))[1], g)
                assert jnp.allclose(jax.jit(jax.grad(lambda a: jnp.sum(random.gamma(key, a))))(a), g)
                assert jnp.allclose(jax.jit(lambda k, a: random.gamma(k, a))(key, a), random.gamma(key, a))
                """));
    }

    @Test
    void gammaGradDifferentiatesAsFiniteDifferences() {
        // random_gamma_grad's own rules (reached by reverse mode through gamma's custom_jvp rule).
        assertEquals("", JxRun.run("""
                jax.config.update("jax_enable_x64", True)
                for a, x in [(0.4, 0.05), (2.0, 1.3), (9.0, 14.0)]:
                    h = 1e-6
                    da = jax.grad(lambda a: jax.random._gamma_grad(a, x))(a)
                    dx = jax.grad(lambda x: jax.random._gamma_grad(a, x))(x)
                    fa = (jax.random._gamma_grad(a + h, x) - jax.random._gamma_grad(a - h, x)) / (2 * h)
                    fx = (jax.random._gamma_grad(a, x + h) - jax.random._gamma_grad(a, x - h)) / (2 * h)
                    assert abs(float(da - fa)) < 1e-5 * (1 + abs(float(fa))), (a, x, da, fa)
                    assert abs(float(dx - fx)) < 1e-5 * (1 + abs(float(fx))), (a, x, dx, fx)
                """));
        // JAX has no second derivative of a gamma sample (random_gamma_grad has no rule there): an error, not a number.
        assertThrows(JxException.class, () -> JxRun.run("""
                key = random.PRNGKey(5)
                jax.grad(jax.grad(lambda a: jnp.sum(random.gamma(key, a))))(2.0)
                """));
    }

    @Test
    void shapesDtypesAndBroadcasting() {
        assertEquals("", JxRun.run("""
                key = random.PRNGKey(0)
                assert random.gamma(key, jnp.ones((2, 1)), (3, 2, 4)).shape == (3, 2, 4)
                assert random.gamma(key, jnp.array([1.0, 2.0])).shape == (2,)
                assert random.gamma(key, 2.0).dtype == jnp.float32
                assert random.beta(key, jnp.ones(3), jnp.ones((2, 1))).shape == (2, 3)
                assert random.dirichlet(key, jnp.ones((2, 3))).shape == (2, 3)
                assert random.dirichlet(key, jnp.ones(4), (5,)).shape == (5, 4)
                assert jnp.allclose(random.dirichlet(key, jnp.ones(4), (5,)).sum(-1), 1.0)
                assert random.multivariate_normal(key, jnp.zeros(3), jnp.eye(3)).shape == (3,)
                assert random.multivariate_normal(key, jnp.zeros((4, 3)), jnp.eye(3), method="svd").shape == (4, 3)
                assert random.multivariate_normal(key, jnp.zeros(3), jnp.eye(3), (2, 5), method="eigh").shape == (2, 5, 3)
                o = random.orthogonal(key, 4, (2,))
                assert o.shape == (2, 4, 4)
                assert jnp.allclose(o @ jnp.swapaxes(o, -1, -2), jnp.eye(4), atol=1e-5)
                assert random.ball(key, 3, shape=(5,)).shape == (5, 3)
                assert bool((jnp.linalg.norm(random.ball(key, 2, 1.0, (100,)), ord=1, axis=-1) <= 1).all())
                r = random.rademacher(key, (100,))
                assert r.dtype == jnp.int32 and jnp.unique(r).tolist() == [-1, 1]
                assert random.rademacher(key, (3,), jnp.float32).dtype == jnp.float32
                assert random.poisson(key, jnp.array([1.0, 30.0])).dtype == jnp.int32
                assert random.poisson(key, 3.0, (2, 3)).shape == (2, 3)
                assert int(random.poisson(key, 0.0)) == 0
                assert random.binomial(key, jnp.array([5, 500]), 0.5).dtype == jnp.float32
                b = random.binomial(key, 10, jnp.array([0.0, 1.0, jnp.nan]))
                assert b[0] == 0 and b[1] == 10 and jnp.isnan(b[2]), b
                assert random.geometric(key, 0.5, (3,)).dtype == jnp.int32
                assert int(random.geometric(key, 1.0)) == 1
                assert random.double_sided_maxwell(key, jnp.zeros(2), 1.0, (3,)).shape == (3, 2)
                assert random.weibull_min(key, 1.0, 2.0, (4,)).shape == (4,)
                assert random.t(key, 3.0).shape == ()
                assert random.f(key, jnp.ones(2), 3.0).shape == (2,)
                assert random.triangular(key, 0.0, jnp.array([0.5, 1.0]), 1.0).shape == (2,)
                assert random.lognormal(key).shape == () and random.lognormal(key, shape=(2,)).shape == (2,)
                assert random.laplace(key, (2, 2)).shape == (2, 2) and random.cauchy(key, 3).shape == (3,)
                assert sorted(random.shuffle(key, jnp.arange(5)).tolist()) == [0, 1, 2, 3, 4]
                assert (random.shuffle(key, jnp.arange(5)) == random.permutation(key, jnp.arange(5))).all()
                # vmap over keys draws what each key draws, through the rejection loops too.
                keys = random.split(key, 3)
                for draw in [lambda k: random.gamma(k, 2.0, (2,)), lambda k: random.poisson(k, jnp.array([3.0, 40.0])),
                        lambda k: random.binomial(k, 30.0, jnp.array([0.2, 0.5])), lambda k: random.beta(k, 2.0, 3.0, (2,))]:
                    assert (jax.vmap(draw)(keys) == jnp.stack([draw(k) for k in keys])).all()
                """));
        assertEquals("float64 float64 int64 float64\n", JxRun.run("""
                jax.config.update("jax_enable_x64", True)
                key = random.PRNGKey(0)
                print(random.gamma(key, 2.0).dtype, random.beta(key, 1.0, 2.0).dtype, random.poisson(key, 2.0).dtype,
                    random.t(key, 2.0, dtype=jnp.float64).dtype)
                """));
    }

    @Test
    void badArgumentsRaiseAsJax() {
        JxException e = assertThrows(JxException.class, () -> JxRun.run("random.gamma(random.PRNGKey(0), jnp.ones(3), (2, 1))"));
        assertTrue(e.getMessage().contains("ValueError: gamma parameter shapes must be broadcast-compatible with shape argument"),
                e.getMessage());
        e = assertThrows(JxException.class, () -> JxRun.run("random.gamma(random.PRNGKey(0), 1.0, dtype=jnp.int32)"));
        assertTrue(e.getMessage().contains("ValueError: dtype argument to `gamma` must be a float dtype, got int32"), e.getMessage());
        e = assertThrows(JxException.class, () -> JxRun.run("random.dirichlet(random.PRNGKey(0), 1.0)"));
        assertTrue(e.getMessage().contains("ValueError: dirichlet requires alpha.ndim >= 1"), e.getMessage());
        e = assertThrows(JxException.class, () -> JxRun.run("random.multivariate_normal(random.PRNGKey(0), jnp.zeros(2), jnp.eye(3))"));
        assertTrue(e.getMessage().contains("ValueError: multivariate_normal requires cov.shape == (..., n, n) for n=2"), e.getMessage());
        e = assertThrows(JxException.class, () -> JxRun.run("random.gamma(jnp.array([1.0, 2.0]), 1.0)"));
        assertTrue(e.getMessage().contains("TypeError: JAX encountered invalid PRNG key data"), e.getMessage());
    }
}

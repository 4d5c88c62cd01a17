package jx.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * jacfwd along lanes (every basis tangent through one forward program whose primal values stay
 * unbatched) on the random programs of {@link ForwardModePropertyTest}: against the per-column
 * jacfwd, against float64 central finite differences, and hessian (forward over reverse) against
 * the per-column Jacobian of jacrev; some programs also through jit, vmap and jacfwd of jacfwd.
 * The generated programs must need no lane-by-lane fallback.
 */
class JacfwdLanesPropertyTest {
    private static final int PROGRAMS = 60;

    @Test
    void lanesMatchColumnsAndFiniteDifferences() throws Exception {
        StringBuilder src = new StringBuilder();
        src.append("""
                jax.config.update("jax_enable_x64", True)
                from jax._transforms import jacfwd_columns


                def helper(a, scale=1.0):
                \treturn jnp.sin(a) * scale


                def close(name, what, a, b, tol):
                \tif not bool(jnp.allclose(a, b, rtol=tol, atol=tol)):
                \t\tprint(name, what, a, "against", b)


                def check(name, f, x, w):
                \tjf = jax.jacfwd(f)(x)
                \tclose(name, "jacfwd (columns)", jf, jacfwd_columns(f)(x), 1e-9)
                \teps = 1e-6
                \tfd = jnp.stack([(f(x + eps * e) - f(x - eps * e)) / (2 * eps) for e in jnp.eye(3)], axis=-1)
                \tclose(name, "jacfwd (finite differences)", jf, fd, 1e-5)
                \ts = lambda y: jnp.sum(f(y) * w)
                \th = jax.hessian(s)(x)
                \tclose(name, "hessian (columns of jacrev)", h, jacfwd_columns(jax.jacrev(s))(x), 1e-8)
                \tclose(name, "hessian (symmetric)", h, h.T, 1e-7)


                def compose(name, f, x):
                \tjf = jax.jacfwd(f)(x)
                \tclose(name, "jit(jacfwd)", jax.jit(jax.jacfwd(f))(x), jf, 1e-9)
                \tclose(name, "vmap(jacfwd)", jax.vmap(jax.jacfwd(f))(jnp.stack([x, -x])), jnp.stack([jf, jax.jacfwd(f)(-x)]), 1e-9)
                \tclose(name, "jacfwd(jacfwd)", jax.jacfwd(jax.jacfwd(f))(x), jacfwd_columns(jacfwd_columns(f))(x), 1e-8)


                """);
        Random rnd = new Random(20261202L);
        for (int i = 0; i < PROGRAMS; i++) {
            src.append(new ForwardModePropertyTest.Program(rnd).function("p" + i)).append("\n\n");
        }
        for (int i = 0; i < PROGRAMS; i++) {
            src.append(String.format("check(\"p%d\", p%d, %s, %s)%n", i, i, vector(rnd), vector(rnd)));
        }
        src.append("print(\"fallbacks\", _jvp_lanes_fallbacks())\n");
        for (int i = 0; i < PROGRAMS; i += 6) {
            src.append(String.format("compose(\"p%d\", p%d, %s)%n", i, i, vector(rnd)));
        }
        src.append("print(\"checked\", ").append(PROGRAMS).append(")\n");
        Path file = Files.createTempFile("jacfwd_lanes_property", ".jx");
        Files.writeString(file, src.toString());
        Jx.Result r = Jx.run(file.toString());
        assertEquals(0, r.exit(), () -> r + "\n" + src);
        assertEquals("fallbacks []\nchecked " + PROGRAMS + "\n", r.out(), () -> r + "\n" + src);
        Files.delete(file);
    }

    /** What has no lanes form (a custom_jvp rule, lax.scan's body) runs lane by lane: the per-column values, and the log says so. */
    @Test
    void fallbackIsPerColumnAndLogged() throws Exception {
        Path file = Files.createTempFile("jacfwd_lanes_fallback", ".jx");
        Files.writeString(file, """
                from jax._transforms import jacfwd_columns


                @jax.custom_jvp
                def softplus(x):
                	return jnp.log1p(jnp.exp(x))


                @softplus.defjvp
                def softplus_jvp(primals, tangents):
                	x, = primals
                	t, = tangents
                	return softplus(x), t * jax.nn.sigmoid(x)


                def scanned(x):
                	c, ys = jax.lax.scan(lambda c, a: (c * a + jnp.sin(a), c * a), 1.0, x)
                	return ys * c


                x = jnp.array([0.3, -0.7, 1.1])
                for f in [lambda x: softplus(x) * x[0], scanned]:
                	print(bool(jnp.array_equal(jax.jacfwd(f)(x), jacfwd_columns(f)(x))))
                print(len(_jvp_lanes_fallbacks()) >= 2, [r.split(":")[0] for r in _jvp_lanes_fallbacks()][-2:])
                """);
        Jx.Result r = Jx.run(file.toString());
        assertEquals(0, r.exit(), r::toString);
        assertEquals("True\nTrue\nTrue ['softplus', 'scan']\n", r.out(), r::toString);
        Files.delete(file);
    }

    private static String vector(Random rnd) {
        return String.format("jnp.array([%.4f, %.4f, %.4f])", rnd.nextDouble() * 2 - 1, rnd.nextDouble() * 2 - 1, rnd.nextDouble() * 2 - 1);
    }
}

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
 * jax.scipy.optimize.minimize(method="BFGS") against SciPy's minima (tests/oracle/gen_optimize.py: the
 * functions JAX's own tests minimize, and quadratics), in float32 with JAX's tolerance for that
 * comparison and with x64; the result record as JAX prints it; collections.namedtuple, which it is.
 */
class OptimizeTest {
    private static List<String[]> cases() {
        try (InputStream in = OptimizeTest.class.getResourceAsStream("/jx/stdlib/optimize.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank())
                    .map(l -> l.split(" \\| ")).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String program(String prelude, String gtol, String atol) {
        StringBuilder src = new StringBuilder(prelude).append("from jax.scipy.optimize import minimize\nbad = []\n");
        for (String[] c : cases()) {
            src.append("r = minimize(").append(c[1]).append(", jnp.array(").append(c[2]).append("), method='BFGS', options=dict(gtol=")
                    .append(gtol).append("))\n")
                    .append("if not (jnp.allclose(r.x, jnp.array(").append(c[3]).append("), atol=").append(atol)
                    .append(", rtol=").append(atol).append(") and abs(float(r.fun) - ").append(c[4]).append(") < ").append(atol).append("):\n")
                    .append("    bad = bad + ['").append(c[0]).append(" ' + str(r)]\n");
        }
        return src.append("print(bad)\n").toString();
    }

    @Test
    void minimaMatchScipyInFloat32() {
        assertEquals("[]\n", JxRun.run(program("", "1e-6", "2e-4")));
    }

    @Test
    void minimaMatchScipyWithX64() {
        // Near the minimum the zoom can reach its step floor before gtol (status 3, success False): the point is compared.
        String src = program("jax.config.update('jax_enable_x64', True)\n", "1e-7", "1e-5");
        assertEquals("[]\n", JxRun.run(src));
    }

    @Test
    void resultIsJaxsNamedTuple() {
        assertEquals("""
                OptimizeResults(x=Array([1., 1.], dtype=float32), success=Array(True, dtype=bool), \
                status=Array(0, dtype=int32, weak_type=True), fun=Array(0., dtype=float32), jac=Array([0., 0.], dtype=float32), \
                hess_inv=Array([[ 0.75, -0.25],
                       [-0.25,  0.75]], dtype=float32), nfev=Array(3, dtype=int32, weak_type=True), \
                njev=Array(3, dtype=int32, weak_type=True), nit=Array(2, dtype=int32, weak_type=True))
                9 True [3. 3.] [2. 2.] 1
                """, JxRun.run("""
                import jax.scipy.optimize
                r = jax.scipy.optimize.minimize(lambda x: jnp.sum((x - 1.0) ** 2), jnp.zeros(2), method="BFGS")
                print(r)
                x, success, status, fun, jac, hess_inv, nfev, njev, nit = r
                print(len(r), bool(r[1]), jax.scipy.optimize.minimize(lambda x, a: jnp.sum((x - a) ** 2), jnp.zeros(2), (3.0,),
                    method="bfgs").x, jax.jit(lambda x0: jax.scipy.optimize.minimize(lambda x: jnp.sum((x - 2.0) ** 2), x0,
                    method="BFGS").x)(jnp.zeros(2)), int(jax.scipy.optimize.minimize(lambda x: jnp.sum(x ** 2), jnp.ones(2),
                    method="BFGS", options=dict(maxiter=0)).status))
                """));
        JxException e = assertThrows(JxException.class, () -> JxRun.run(
                "jax.scipy.optimize.minimize(lambda x: jnp.sum(x ** 2), jnp.ones(2), method='Nelder-Mead')"));
        assertTrue(e.getMessage().contains("ValueError: Method Nelder-Mead not recognized"), e.getMessage());
        e = assertThrows(JxException.class, () -> JxRun.run("jax.scipy.optimize.minimize(lambda x: jnp.sum(x ** 2), jnp.ones(2))"));
        assertTrue(e.getMessage().contains("TypeError: minimize() missing 1 required keyword-only argument: 'method'"), e.getMessage());
        e = assertThrows(JxException.class, () -> JxRun.run(
                "jax.scipy.optimize.minimize(lambda x, a: jnp.sum(x ** 2), jnp.ones(2), [1.0], method='BFGS')"));
        assertTrue(e.getMessage().contains("TypeError: args argument to jax.scipy.optimize.minimize must be a tuple"), e.getMessage());
    }

    @Test
    void namedTuplesAreTuples() {
        assertEquals("P(x=1, y=2.0) 1 2.0 2 (1, 2.0) P(x=1, y=5) ('x', 'y') {'x': 1, 'y': 2.0}\n", JxRun.run("""
                import collections
                P = collections.namedtuple("P", "x y")
                p = P(1, y=2.0)
                a, b = p
                print(p, p.x, p[1], len(p), (a, b), p._replace(y=5), p._fields, p._asdict())
                """));
    }
}

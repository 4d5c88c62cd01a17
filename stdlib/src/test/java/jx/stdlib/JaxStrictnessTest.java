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

/** Where JAX is stricter or different than NumPy (issue 19): jx follows JAX, with JAX's messages. */
class JaxStrictnessTest {
    private static String run(String... lines) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        Session s = new Session(new Config("cpu", false, List.of(), new PrintStream(buf, true, StandardCharsets.UTF_8)));
        s.runSource(String.join("\n", lines) + "\n", "<test>");
        return buf.toString(StandardCharsets.UTF_8);
    }

    private static String error(String... lines) {
        JxException e = assertThrows(JxException.class, () -> run(lines));
        return e.getMessage() + "\n" + e;
    }

    @Test
    void laxBinaryOperationsRequireEqualDtypes() {
        String e = error("lax.add(1, 1.0)");
        assertTrue(e.contains("TypeError: lax.add requires arguments to have the same dtypes, got int32, float32."), e);
        assertTrue(error("lax.mul(jnp.ones(2), jnp.arange(2))").contains("lax.mul requires arguments to have the same dtypes, got float32, int32"));
        assertEquals("[2. 2.] [-3  3] -3 6.0\n", run("print(lax.add(jnp.ones(2), 1.0), lax.div(jnp.array([-7, 7]), 2), lax.div(7, -2),"
                + " jax.grad(lambda x: lax.mul(x, x))(3.0))"));
    }

    @Test
    void listsAreNotArraysToUfuncsAndReductions() {
        String e = error("jnp.sum([1, 2, 3])");
        assertTrue(e.contains("TypeError: sum requires ndarray or scalar arguments, got <class 'list'> at position 0."), e);
        assertTrue(error("jnp.add(jnp.ones(2), (1.0, 2.0))").contains("add requires ndarray or scalar arguments, got <class 'tuple'> at position 1."));
        assertTrue(error("jnp.mean([1.0])").contains("mean requires ndarray or scalar arguments"));
        // Creation and joining take sequences, as in JAX.
        assertEquals("6 [1 2 1 2]\n", run("print(jnp.sum(jnp.array([1, 2, 3])), jnp.concatenate([jnp.array([1, 2]), jnp.asarray([1, 2])]))"));
    }

    @Test
    void outOfRangeReadsClampAndWritesDrop() {
        assertEquals("9 0 [9 0]\n[0 1 2]\n", run("x = jnp.arange(10)", "print(x[11], x[-12], x[jnp.array([12, -20])])",
                "print(jnp.arange(3).at[5].set(7))"));
    }

    @Test
    void iteratorsAreRejectedWithTheIndexedRewrite() {
        String e = error("xs = [1, 2]", "it = iter(xs)");
        assertTrue(e.contains("name 'iter' is not defined") && e.contains("index instead"), e);
        e = error("import itertools");
        assertTrue(e.contains("No module named 'itertools'") && e.contains("for step in range(num_steps)"), e);
    }

    @Test
    void unimplementedArgumentsRaiseInsteadOfBeingIgnored() {
        for (String call : List.of("jnp.sum(jnp.ones(3), out=jnp.ones(()))", "jnp.sort(jnp.ones(3), order='x')",
                "jnp.median(jnp.ones(3), out=jnp.ones(()))", "jnp.quantile(jnp.ones(3), 0.5, out=jnp.ones(()))")) {
            String e = error(call);
            assertTrue(e.contains("NotImplementedError: The '") && e.contains("is not supported"), call + ": " + e);
        }
        assertTrue(error("jnp.max(jnp.ones(3), where=jnp.ones(3) > 0)").contains("to use a where mask one has to specify 'initial'"));
    }

    @Test
    void dtypeKinds() {
        assertEquals("True False True True float32 float32 True False\n", run(
                "print(jnp.issubdtype(jnp.int32, jnp.integer), jnp.issubdtype(jnp.float32, jnp.integer),"
                        + " jnp.issubdtype(jnp.arange(2).dtype, jnp.signedinteger), jnp.issubdtype(jnp.float32, jnp.floating),"
                        + " jnp.result_type(jnp.arange(2), 1.0), jnp.promote_types(jnp.int32, jnp.float32),"
                        + " jnp.isscalar(1.0), jnp.isscalar(jnp.ones(2)))"));
    }
}

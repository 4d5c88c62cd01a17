package jx.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jax.vmap by batching rules: tests/vmap/conformance.jx (each batched program against the loop
 * over examples, its values, shapes and dtypes), tests/vmap/against_numpy.jx (the same kind of
 * programs against NumPy's loop over examples, written by tests/oracle/gen_vmap.py), tests/vmap/composed.jx (vmap with grad, nested,
 * batched solvers and lax control flow, against closed forms), JAX's errors, the batched program
 * jx.show prints, and the shapes the checker computes without running.
 */
class VmapTest {
    @TempDir
    Path home;

    @Test
    void everyBatchingRuleAgreesWithTheLoopOverExamples() throws Exception {
        Jx.Result r = Jx.run("tests/vmap/conformance.jx");
        assertEquals(0, r.exit(), r::toString);
        assertEquals("130 vmap programs agree with the loop over examples\n", r.out(), r::toString);
    }

    @Test
    void everyBatchedProgramAgreesWithNumpysLoopOverExamples() throws Exception {
        // The expected outputs are NumPy's (tests/oracle/gen_vmap.py), not jx's own loop.
        Jx.Result r = Jx.run("tests/vmap/against_numpy.jx");
        assertEquals(0, r.exit(), r::toString);
        assertEquals("129 vmap programs agree with NumPy's loop over examples\n", r.out(), r::toString);
    }

    @Test
    void composedWithGradNestedAndControlFlow() throws Exception {
        Jx.Result r = Jx.run("tests/vmap/composed.jx");
        assertEquals(0, r.exit(), r::toString);
        assertEquals("all composed vmap programs agree\n", r.out(), r::toString);
    }

    private static void fails(String program, String... messages) throws Exception {
        Jx.Result r = Jx.run("-c", program);
        assertEquals(2, r.exit(), r::toString);
        for (String m : messages) {
            assertTrue(r.err().contains(m), "expected «" + m + "» in\n" + r);
        }
        assertFalse(r.err().contains("at jx.") || r.err().contains("Exception"), r::toString);
    }

    @Test
    void errorsAreWordedAsJaxWordsThem() throws Exception {
        fails("print(jax.vmap(lambda a, b: a + b)(jnp.ones(3), jnp.ones(4)))",
                "ValueError: vmap got inconsistent sizes for array axes to be mapped:",
                "* one axis had size 3: axis 0 of argument a of type float32[3]",
                "* one axis had size 4: axis 0 of argument b of type float32[4]");
        fails("print(jax.vmap(lambda a, b: a + b, in_axes=(0, 0, 0))(jnp.ones(3), jnp.ones(3)))",
                "vmap in_axes must be an int, None, or a tuple of entries corresponding to the positional arguments "
                        + "passed to the function, but got len(in_axes)=3, len(args)=2");
        fails("print(jax.vmap(lambda p: p[0], in_axes=((0, 0),))((jnp.ones(3), jnp.ones(3), jnp.ones(3))))",
                "vmap in_axes specification must be a tree prefix of the corresponding value, got specification (0, 0) "
                        + "for value tree PyTreeDef((*, *, *)).");
        fails("print(jax.vmap(lambda a: a * 2, out_axes=None)(jnp.ones(3)))", "ValueError: vmap has mapped output but out_axes is None");
        fails("def f(x):\n    if x > 0:\n        return x\n    return -x\nprint(jax.vmap(f)(jnp.arange(3.0)))",
                "2:5: error: TracerBoolConversionError: Attempted boolean conversion of traced array with shape bool[].");
        fails("print(jax.vmap(lambda a: a)(1.0))",
                "vmap was requested to map its argument along axis 0, which implies that its rank should be at least 1, but is only 0");
        fails("print(jax.vmap(lambda a: a, in_axes=None)(jnp.ones(2)))", "vmap must have at least one non-None value in in_axes");
        fails("print(jax.vmap(lambda a: a, in_axes='x')(jnp.ones(2)))", "vmap in_axes must be an int, None, or (nested) standard Python container");
        fails("print(jax.vmap(lambda a: float(a))(jnp.ones(2)))", "ConcretizationTypeError");
    }

    @Test
    void aStaticIfOnShapesIsFine() throws Exception {
        Jx.Result r = Jx.run("-c", "def f(x):\n    if x.shape[0] > 2:\n        return x.sum()\n    return x[0]\n"
                + "print(jax.vmap(f)(jnp.arange(6.0).reshape(2, 3)), jax.vmap(f)(jnp.arange(4.0).reshape(2, 2)))");
        assertEquals(0, r.exit(), r::toString);
        assertEquals("[ 3. 12.] [0. 2.]\n", r.out(), r::toString);
    }

    @Test
    void showPrintsTheBatchedProgramAndItsLoops() throws Exception {
        Jx.Result r = Jx.run("-c", "W = jnp.ones((4, 3))\njx.show(jax.vmap(lambda v: W @ v))\n"
                + "jx.show(jax.vmap(lambda k: jax.random.permutation(k, 3)))\n"
                + "jx.show(jax.vmap(lambda k: jax.random.normal(k, (2,))))");
        assertEquals(0, r.exit(), r::toString);
        List<String> lines = r.out().lines().toList();
        assertEquals("def vmap_lambda(v):", lines.get(0), r::toString);
        assertTrue(lines.get(1).contains("_B = _vmap_size((v,), (0,), ('v',), None)"), r::toString);
        // The matrix-vector product is one batched product: no loop in its program.
        String matvec = r.out().substring(0, r.out().indexOf("def vmap_lambda(k)"));
        assertTrue(matvec.contains("jnp.matmul(") && !matvec.contains("_vmap_loop"), r::toString);
        // lax.scan batches its body and scans once: no loop over the examples.
        Jx.Result scan = Jx.run("-c", "jx.show(jax.vmap(lambda a: lax.scan(lambda c, x: (c + x, c), 0.0, a)))");
        assertTrue(scan.out().contains("jax.lax.scan(jax.vmap(") && !scan.out().contains("_vmap_loop"), scan::toString);
        // A row without a rule is a visible loop over the examples.
        String permutation = r.out().substring(r.out().indexOf("def vmap_lambda(k)"), r.out().lastIndexOf("def vmap_lambda(k)"));
        assertTrue(permutation.contains("_vmap_loop(") && permutation.contains("jax.random.permutation"), r::toString);
        // A draw from a batch of keys is one call.
        String normal = r.out().substring(r.out().lastIndexOf("def vmap_lambda(k)"));
        assertTrue(normal.contains("jax.random._vmap_normal(k, ") && !normal.contains("_vmap_loop"), r::toString);
    }

    @Test
    void theCheckerComputesVmappedShapesWithoutRunning() throws Exception {
        Jx.Result bad = Jx.run("check", "tests/vmap/inconsistent.jx");
        assertEquals(2, bad.exit(), bad::toString);
        assertTrue(bad.err().contains("inconsistent.jx:3:") && bad.err().contains("vmap got inconsistent sizes"), bad::toString);
        Assumptions.assumeTrue(Tmux.works(), "tmux is not installed: the REPL test needs it (apt-get install tmux)");
        try (Tmux t = new Tmux(home)) {
            t.waitForPrompt();
            t.run("xs = jnp.ones((7, 3))");
            t.type(":type print('ran') or jax.vmap(lambda v: v @ jnp.ones((3, 4)))(xs)");
            t.waitFor("the vmapped shape", s -> s.contains("\nfloat32[7,4]") && !s.contains("\nran"));
            t.type(":type jax.vmap(jax.grad(lambda w, x: jnp.sum(x * w)), in_axes=(None, 0))(jnp.ones(3), xs)");
            t.waitFor("the per-example gradients' shape", s -> s.contains("\nfloat32[7,3]"));
            t.type(":quit");
            t.waitFor("a clean exit", s -> s.contains("[jx exited 0]"));
        }
    }
}

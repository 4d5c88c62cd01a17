package jx.stdlib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import jx.run.Config;
import jx.diag.JxException;
import jx.run.Session;

/** The allocation budget in an interactive session: "too big" is decided before anything is allocated. */
class BudgetTest {
    private static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    @Test
    void aRefusedAllocationLeavesTheSessionAndItsHeapAsTheyWere() {
        Session s = new Session(new Config("cpu", false, List.of(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
        s.evalInteractive("import jax.numpy as jnp");
        s.evalInteractive("y = jnp.ones(3)");
        long before = usedAfterGc();
        long committedBefore = Runtime.getRuntime().totalMemory();
        // Each needs more than this test JVM's heap (or than any Java array holds).
        for (String huge : List.of("x = jnp.zeros((30000, 30000, 8))", "x = jnp.arange(0, 10**12)",
                "x = jnp.linspace(0, 1, 10**10)", "x = [0] * 10**10", "x = list(range(10**10))")) {
            JxException e = assertThrows(JxException.class, () -> s.evalInteractive(huge), huge);
            assertTrue(e.getMessage().contains("MemoryError"), e::getMessage);
            assertTrue(e.getMessage().contains("<stdin>:1:"), e::getMessage);
        }
        long after = usedAfterGc();
        assertTrue(after - before < 64L << 20, () -> "heap grew by " + (after - before) + " bytes");
        assertTrue(Runtime.getRuntime().totalMemory() - committedBefore < 256L << 20, "the heap was not expanded");
        assertEquals(Optional.of("Array(3., dtype=float32)"), s.evalInteractive("y.sum()"));
        assertThrows(JxException.class, () -> s.evalInteractive("x"), "x stays unbound");
    }
}

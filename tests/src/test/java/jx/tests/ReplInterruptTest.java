package jx.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C in the real REPL (tmux) stops one long CPU kernel in the middle: the kernel sees that
 * the thread that called it was interrupted, so the prompt comes back long before the operation
 * could have finished.
 */
class ReplInterruptTest {
    @TempDir
    Path home;

    @BeforeEach
    void needsTmux() {
        Assumptions.assumeTrue(Tmux.works(), "tmux is not installed (apt-get install tmux)");
    }

    @Test
    void ctrlCStopsALongKernel() throws Exception {
        try (Tmux t = new Tmux(home)) {
            t.waitForPrompt();
            t.type("x = jnp.ones(50_000_000)");
            t.type("1 + 1");
            t.waitFor("x made", s -> s.contains("\n2\n"));
            // One kernel: a double-precision arctan2 over 5e7 elements, many seconds here; a
            // sum of it would print a number.
            t.type("float(jnp.sum(jnp.arctan2(x, x) - jnp.arctan2(x, x)))");
            Thread.sleep(700);
            long sent = System.nanoTime();
            t.keys("C-c");
            t.waitFor("KeyboardInterrupt", s -> s.contains("KeyboardInterrupt"));
            double secs = (System.nanoTime() - sent) / 1e9;
            assertTrue(secs < 3, "the kernel took " + secs + " s to stop");
            t.type("2 + 3");
            String screen = t.waitFor("the session goes on", s -> s.contains("\n5\n"));
            assertTrue(!screen.contains("0.0\n") && !screen.contains("\tat "), screen);
        }
    }
}

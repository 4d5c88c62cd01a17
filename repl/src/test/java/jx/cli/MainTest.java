package jx.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Argument parsing and exit codes that do not need the interpreter. */
class MainTest {
    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, Main.run("--no-such-option"));
        assertEquals(2, Main.run("--device", "tpu"));
        assertEquals(2, Main.run("run"));
        assertEquals(2, Main.run("check"));
        assertEquals(2, Main.run("-c"));
    }

    @Test
    void helpAndVersionExitZero() {
        assertEquals(0, Main.run("--help"));
        assertEquals(0, Main.run("--version"));
        assertEquals(0, Main.run("run", "--help"));
    }

    @Test
    void missingFilesAreUsageErrors() {
        assertEquals(2, Main.run("no/such/file.jx"));
        assertEquals(2, Main.run("run", "no/such/file.jx"));
        assertEquals(2, Main.run("check", "no/such/file.jx"));
    }

    @Test
    void internalErrorsExitOne() {
        assertEquals(1, Runner.report(new IllegalStateException("bug"), false));
        assertEquals(1, Runner.report(new StackOverflowError(), false));
    }

    @Test
    void bigStackThreadSurvivesDeepRecursion() {
        // a million frames need far more than the test JVM's 16 MB stack
        assertEquals(0, Runner.onBigStack(false, () -> depth(1_000_000)));
    }

    private static int depth(int n) {
        return n == 0 ? 0 : 1 + depth(n - 1);
    }

    @Test
    void formatsTimes() {
        assertEquals("1.50 ms", Repl.formatNanos(1_500_000));
        assertEquals("2.000 s", Repl.formatNanos(2_000_000_000L));
    }
}

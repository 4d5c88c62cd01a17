package jx.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as python's: exit(), tracebacks, arguments after -c CODE, -u. */
class CliPythonTest {
    @TempDir
    Path tmp;

    @Test
    void exitEndsAScriptWithItsCode() throws Exception {
        assertEquals(3, Jx.run("-c", "print(1)\nexit(3)\nprint(2)").exit());
        Jx.Result r = Jx.run("-c", "quit('bye')");
        assertEquals(1, r.exit(), r.toString());
        assertEquals("bye\n", r.err());
        assertEquals(0, Jx.run("-c", "exit()").exit());
        Jx.Result checked = Jx.run("-c", "exit(0)\nundefined_name");
        assertEquals(2, checked.exit(), "the checker still reads the whole file: " + checked);
    }

    @Test
    void aScriptsRuntimeErrorHasATraceback() throws Exception {
        Path script = tmp.resolve("tb.jx");
        Files.writeString(script, "def f(x):\n    return x / 0\n\ndef g(x):\n    return f(x) + 1\n\nprint(g(2))\n");
        Jx.Result r = Jx.run(script.toString());
        assertEquals(1, r.exit());
        assertEquals("Traceback (most recent call last):\n"
                + "  File \"" + script + "\", line 7, in <module>\n"
                + "    print(g(2))\n"
                + "  File \"" + script + "\", line 5, in g\n"
                + "    return f(x) + 1\n"
                + script + ":2:14: error: ZeroDivisionError: division by zero\n"
                + "        return x / 0\n"
                + "                 ^\n", r.err());
    }

    @Test
    void deepRecursionFoldsItsRepeatedFrames() throws Exception {
        Jx.Result r = Jx.run("-c", "def down(n):\n    return 1 / 0 if n == 0 else down(n - 1)\n\ndown(50)\n");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("  File \"<string>\", line 2, in down\n    return 1 / 0 if n == 0 else down(n - 1)\n"
                + "  File \"<string>\", line 2, in down\n    return 1 / 0 if n == 0 else down(n - 1)\n"
                + "  File \"<string>\", line 2, in down\n    return 1 / 0 if n == 0 else down(n - 1)\n"
                + "  [Previous line repeated 47 more times]\n"), r.err());
    }

    @Test
    void argumentsAfterCodeBelongToTheProgram() throws Exception {
        Jx.Result r = Jx.run("-c", "print(jx.argv)", "--x64", "-u", "a", "-c", "b");
        assertEquals("['-c', '--x64', '-u', 'a', '-c', 'b']\n", r.out(), r.toString());
        Jx.Result x64 = Jx.run("--x64", "-c", "print(jnp.ones(1).dtype, jx.argv)", "--debug");
        assertEquals("float64 ['-c', '--debug']\n", x64.out(), x64.toString());
    }

    /** -u: a print reaches a pipe at once; without it, only when the buffer fills or the program ends. */
    @Test
    void unbufferedStdout() throws Exception {
        String code = "print('ready')\nwhile True:\n    pass\n";
        assertEquals("ready", firstLineWithin(30, "-u", "-c", code));
        assertEquals(null, firstLineWithin(8, "-c", code), "without -u the line waits in the buffer");
    }

    private static String firstLineWithin(int seconds, String... args) throws Exception {
        Process p = new ProcessBuilder(Jx.command(args)).directory(Jx.ROOT.toFile()).start();
        try {
            CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
                try {
                    InputStream in = p.getInputStream();
                    StringBuilder sb = new StringBuilder();
                    for (int b; (b = in.read()) >= 0 && b != '\n'; ) {
                        sb.append((char) b);
                    }
                    return sb.toString();
                } catch (java.io.IOException e) {
                    return null;
                }
            });
            try {
                String first = line.get(seconds, TimeUnit.SECONDS);
                return first == null || first.isEmpty() ? null : first;
            } catch (TimeoutException e) {
                return null;
            }
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void progressDrawsNothingOffATerminal() throws Exception {
        Jx.Result r = Jx.run("-c", "t = 0\nfor i in jx.progress([1, 2, 3]):\n    t = t + i\nprint(t)\n");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("6\n", r.out());
        assertEquals("", r.err());
    }
}

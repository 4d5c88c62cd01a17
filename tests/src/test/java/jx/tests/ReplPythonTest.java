package jx.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The REPL as a Python or IPython user expects it, typed into a real terminal (tmux): one test per
 * numbered item of issue 17, with that item's own steps.
 */
class ReplPythonTest {
    @TempDir
    Path home;

    @BeforeEach
    void needsTmux() {
        Assumptions.assumeTrue(Tmux.works(), "tmux is not installed: the REPL tests need it (apt-get install tmux)");
    }

    private Tmux repl() throws Exception {
        Tmux t = new Tmux(home);
        t.waitForPrompt();
        return t;
    }

    /** Item 1: `:load FILE` and `:device cpu` on the CPU keep every binding. */
    @Test
    void loadAndDeviceKeepTheSessionsNames() throws Exception {
        Path lib = home.resolve("lib.jx");
        Files.writeString(lib, "def twice(x):\n    return 2 * x\nloaded = 1\n");
        try (Tmux t = repl()) {
            t.run("a = 5");
            t.run(":load " + lib);
            t.run("a + twice(loaded)");
            assertEquals(List.of("7"), Tmux.outputOf(t.screen(), ">>> a + twice(loaded)"));
            t.run(":device cpu");
            assertTrue(String.join("\n", Tmux.outputOf(t.screen(), ">>> :device cpu")).contains("already"), t.screen());
            t.run("a * twice(3)");
            assertEquals(List.of("30"), Tmux.outputOf(t.screen(), ">>> a * twice(3)"));
        }
    }

    /** Item 8: a syntax error says what Python 3.11 says, at the place it says it. */
    @Test
    void syntaxErrorsAreWhatAndWherePythonSays() throws Exception {
        Path unclosed = home.resolve("unclosed.jx");
        Files.writeString(unclosed, "x = (1,\nprint(x)\n");
        Path atEnd = home.resolve("at_end.jx");
        Files.writeString(atEnd, "x = 1\nprint(1");
        try (Tmux t = repl()) {
            t.type("def f(a):");
            t.type("    return a +");
            t.run("");
            assertEquals(List.of("<stdin>:2:15: syntax error: invalid syntax", "        return a +", "                  ^"),
                    Tmux.outputOf(t.screen(), "...").subList(0, 3), t.screen());
            t.run("s = \"abc");
            assertEquals("<stdin>:1:5: syntax error: unterminated string literal (detected at line 1)",
                    Tmux.outputOf(t.screen(), ">>> s = \"abc").get(0), t.screen());
            t.run(":load " + unclosed);
            assertEquals(unclosed + ":1:5: syntax error: '(' was never closed",
                    Tmux.outputOf(t.screen(), ">>> :load " + unclosed).get(0), t.screen());
            t.run(":load " + atEnd);
            assertEquals(atEnd + ":2:6: syntax error: '(' was never closed",
                    Tmux.outputOf(t.screen(), ">>> :load " + atEnd).get(0), t.screen());
        }
    }

    /** Item 2: Ctrl-C stops a Python-level loop; the interrupted input binds nothing. */
    @Test
    void ctrlCInterruptsALoopAndLeavesTheNamesAsTheyWere() throws Exception {
        try (Tmux t = repl()) {
            t.run("i = 0");
            t.type("while True:");
            t.type("    i = i + 1");
            t.type("");
            Thread.sleep(1000);
            t.keys("C-c");
            t.waitFor("KeyboardInterrupt", s -> s.contains("KeyboardInterrupt") && Tmux.lastLine(s).equals(">>>"));
            t.run("i");
            assertEquals(List.of("0"), Tmux.outputOf(t.screen(), ">>> i"));
            t.run("i + 1");
            assertEquals(List.of("1"), Tmux.outputOf(t.screen(), ">>> i + 1"), "the session goes on");
        }
    }

    /** Item 2: Ctrl-C during a big matmul reports KeyboardInterrupt and `b` stays unbound. */
    @Test
    void ctrlCDuringAMatmulBindsNothing() throws Exception {
        try (Tmux t = repl()) {
            t.run("import jax.numpy as jnp");
            t.run("a = jnp.ones((2000, 2000))");
            t.type("b = a @ a");
            Thread.sleep(300);
            t.keys("C-c");
            t.waitFor("KeyboardInterrupt", s -> s.contains("KeyboardInterrupt") && Tmux.lastLine(s).equals(">>>"));
            t.run("b");
            String out = String.join("\n", Tmux.outputOf(t.screen(), ">>> b"));
            assertTrue(out.contains("name 'b' is not defined"), out);
        }
    }

    /**
     * Item 2, promptly: Ctrl-C stops the matmul itself within a second or two. This needs kernels
     * that check the interrupt flag (the CPU kernels' branch); on a branch without them the
     * multiplication runs to its end first.
     */
    @Test
    void ctrlCStopsABigMatmulPromptly() throws Exception {
        try (Tmux t = repl()) {
            t.run("import jax.numpy as jnp");
            t.run("a = jnp.ones((6000, 6000))");
            t.type("b = a @ a");
            Thread.sleep(500);
            long t0 = System.nanoTime();
            t.keys("C-c");
            t.waitFor("KeyboardInterrupt", s -> s.contains("KeyboardInterrupt") && Tmux.lastLine(s).equals(">>>"));
            double secs = (System.nanoTime() - t0) / 1e9;
            assertTrue(secs < 3, "KeyboardInterrupt came " + secs + " s after Ctrl-C");
        }
    }

    /** Item 3: exit() and quit() leave, with their exit code. */
    @Test
    void exitAndQuitLeave() throws Exception {
        try (Tmux t = repl()) {
            t.run("x = 1");
            t.type("exit()");
            t.waitFor("exit code 0", s -> s.contains("[jx exited 0]"));
        }
        try (Tmux t = repl()) {
            t.type("quit(4)");
            t.waitFor("exit code 4", s -> s.contains("[jx exited 4]"));
        }
    }

    /** Item 5: an error inside calls shows the call chain, the innermost last. */
    @Test
    void errorsShowATraceback() throws Exception {
        try (Tmux t = repl()) {
            t.type("def f(x):");
            t.type("    return x / 0");
            t.run("");
            t.type("def g(x):");
            t.type("    return f(x) + 1");
            t.run("");
            t.run("g(2)");
            assertEquals(List.of(
                    "Traceback (most recent call last):",
                    "  File \"<stdin>\", line 1, in <module>",
                    "    g(2)",
                    "  File \"<stdin>\", line 2, in g",
                    "    return f(x) + 1",
                    "<stdin>:2:14: error: ZeroDivisionError: division by zero",
                    "        return x / 0",
                    "                 ^"), Tmux.outputOf(t.screen(), ">>> g(2)"));
        }
    }

    /** Item 6: help, dir, type, x? and a listing of the session's names. */
    @Test
    void introspection() throws Exception {
        try (Tmux t = repl()) {
            t.run("import jax.numpy as jnp");
            t.run("x = jnp.ones((2, 3))");
            t.run("help(jnp.sum)");
            List<String> help = Tmux.outputOf(t.screen(), ">>> help(jnp.sum)");
            assertEquals("Help on built-in function sum in module jax.numpy:", help.get(0), help.toString());
            assertTrue(help.contains("sum(a, axis=None, dtype=None, out=None, keepdims=False, initial=None, where=None)"), help.toString());
            t.run("type(x)");
            assertEquals(List.of("<class 'jaxlib._jax.ArrayImpl'>"), Tmux.outputOf(t.screen(), ">>> type(x)"));
            t.run("type(3)");
            assertEquals(List.of("<class 'int'>"), Tmux.outputOf(t.screen(), ">>> type(3)"));
            t.run("'reshape' in dir(x) and 'shape' in dir(x) and 'sum' in dir(jnp)");
            assertEquals(List.of("True"), Tmux.outputOf(t.screen(), ">>> 'reshape' in dir(x) and 'shape' in dir(x) and 'sum' in dir(jnp)"));
            t.run("x?");
            List<String> q = Tmux.outputOf(t.screen(), ">>> x?");
            assertTrue(q.contains("    shape: (2, 3), dtype: float32"), q.toString());
            t.run(":who");
            List<String> who = Tmux.outputOf(t.screen(), ">>> :who");
            assertEquals(2, who.size(), who.toString());
            assertTrue(who.get(0).matches("jnp\\s+module\\s+<module 'jax.numpy'>"), who.toString());
            assertTrue(who.get(1).matches("x\\s+Array\\s+float32\\[2,3]"), who.toString());
        }
    }

    /** Item 7: `_` is the last value echoed; statements and None leave it alone. */
    @Test
    void underscoreIsTheLastValue() throws Exception {
        try (Tmux t = repl()) {
            t.run("3 * 4");
            t.run("_ + 1");
            assertEquals(List.of("13"), Tmux.outputOf(t.screen(), ">>> _ + 1"));
            t.run("y = 100");
            t.run("print('p')");
            t.run("_ * 2");
            assertEquals(List.of("26"), Tmux.outputOf(t.screen(), ">>> _ * 2"));
        }
    }

    /** Item 4: Python ints are unbounded, as Python's are (values from python3 itself). */
    @Test
    void intsAreUnbounded() throws Exception {
        try (Tmux t = repl()) {
            Map<String, String> cases = new java.util.LinkedHashMap<>();
            cases.put("2**64", "18446744073709551616");
            cases.put("10**20", "100000000000000000000");
            cases.put("2**10000 > 0", "True");
            cases.put("(2**64 + 1) // 3 - 2**63", "-3074457345618258603");
            cases.put("2**53 + 1 > 2.0**53", "True");
            for (Map.Entry<String, String> c : cases.entrySet()) {
                t.run(c.getKey());
                assertEquals(List.of(c.getValue()), Tmux.outputOf(t.screen(), ">>> " + c.getKey()), t.screen());
            }
            t.run("len(\"a\" * 10**10)");
            assertTrue(Tmux.outputOf(t.screen(), ">>> len(\"a\" * 10**10)").get(0).contains("error: MemoryError: "), t.screen());
            t.run("import jax.numpy as jnp");
            t.run("jnp.array(2**64)");
            assertTrue(Tmux.outputOf(t.screen(), ">>> jnp.array(2**64)").get(0)
                    .contains("OverflowError: Python int 18446744073709551616 too large to convert to int32"), t.screen());
        }
    }

    /** Item 9: the hint says the rewrite that fits what was written. */
    @Test
    void hintsFitTheMistake() throws Exception {
        try (Tmux t = repl()) {
            t.run("import jax.numpy as jnp");
            t.run("import numpy as np");
            t.run("x = jnp.zeros(3)");
            t.run("x.at[0] = 1");
            assertTrue(Tmux.outputOf(t.screen(), ">>> x.at[0] = 1").contains(
                    "hint: `.at[...].set(v)` returns the updated copy: `x = x.at[0].set(1)`"), t.screen());
            t.run("d = {\"a\": 1}");
            t.run("d[\"a\"] = 2");
            assertTrue(Tmux.outputOf(t.screen(), ">>> d[\"a\"] = 2").contains(
                    "hint: build a new dict: `d = {**d, \"a\": 2}`"), t.screen());
            t.run("np.random.rand(3)");
            String out = String.join("\n", Tmux.outputOf(t.screen(), ">>> np.random.rand(3)"));
            assertTrue(out.contains("hint: random numbers come from jax.random with explicit keys"), out);
        }
    }

    /** Item 10: completion of a value's members and of :load paths; recalled and pasted blocks run on Enter. */
    @Test
    void lineEditing() throws Exception {
        Files.createDirectories(home.resolve("models"));
        Files.writeString(home.resolve("models/tiny_net.jx"), "width = 7\n");
        try (Tmux t = repl()) {
            t.run("import jax.numpy as jnp");
            t.run("x = jnp.arange(6)");
            t.keys("-l", "x.resh");
            t.keys("Tab");
            t.waitFor("x.reshape completed", s -> Tmux.lastLine(s).equals(">>> x.reshape"));
            t.keys("C-u");
            t.keys("-l", ":load mod");
            t.keys("Tab");
            t.waitFor("the directory completed", s -> Tmux.lastLine(s).equals(">>> :load models/"));
            t.keys("-l", "ti");
            t.keys("Tab");
            t.waitFor("the file completed", s -> Tmux.lastLine(s).startsWith(">>> :load models/tiny_net.jx"));
            t.run("");
            t.run("width * 6");
            assertEquals(List.of("42"), Tmux.outputOf(t.screen(), ">>> width * 6"));

            t.type("def h(v):");
            t.type("    return v + 1");
            t.run("");
            t.run("h(1)");
            t.keys("C-r");
            t.keys("-l", "def h");
            t.keys("Enter");
            t.waitFor("the recalled block ran", s -> Tmux.lastLine(s).equals(">>>")
                    && s.lines().filter(l -> l.equals(">>> def h(v):")).count() == 2);
            t.run("h(41)");
            assertEquals(List.of("42"), Tmux.outputOf(t.screen(), ">>> h(41)"));

            t.paste("def p(v):\n    return v * 3");
            t.keys("Enter");
            t.waitFor("the pasted block ran on one Enter", s -> Tmux.lastLine(s).equals(">>>")
                    && s.contains("...     return v * 3"));
            t.run("p(14)");
            assertEquals(List.of("42"), Tmux.outputOf(t.screen(), ">>> p(14)"));
        }
    }

    /** jx -i FILE: run the script, then stay in the REPL with its names (python -i). */
    @Test
    void interactiveAfterAScript() throws Exception {
        Path script = home.resolve("s.jx");
        Files.writeString(script, "y = 21\nprint('script ran')\n");
        try (Tmux t = new Tmux(home, "-i", script.toString())) {
            t.waitForPrompt();
            t.run("y * 2");
            String screen = t.screen();
            assertTrue(screen.contains("script ran"), screen);
            assertEquals(List.of("42"), Tmux.outputOf(screen, ">>> y * 2"));
        }
    }

    /** jx.progress on a terminal: the count, the rate and the time left on stderr, the loop unchanged. */
    @Test
    void progressOnATerminal() throws Exception {
        try (Tmux t = repl()) {
            t.run("t = 0");
            t.type("for i in jx.progress(range(30000)):");
            t.type("    t = t + i");
            t.run("");
            String screen = t.waitFor("the finished progress line", s -> s.lines().anyMatch(
                    l -> l.strip().matches("30000/30000 \\[100%] \\d+ s, [0-9.]+ it/s")));
            t.run("t");
            assertEquals(List.of("449985000"), Tmux.outputOf(t.screen(), ">>> t"), screen);
        }
    }
}

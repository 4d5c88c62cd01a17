package jx.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line of section 6 of the language contract, driven through the real jar. */
class CliTest {
    @TempDir
    Path tmp;

    static final String IN_PLACE_MODIFY = "x = jnp.array([1, 2, 3])\n"
            + "def in_place_modify(x):\n"
            + "\tx[0] = 123\n"
            + "\treturn None\n";

    private Path write(String name, String text) throws Exception {
        Path p = tmp.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void dashCRunsCode() throws Exception {
        Jx.Result r = Jx.run("-c", "print(1 + 2)");
        assertEquals(0, r.exit(), r::toString);
        assertEquals("3\n", r.out(), r::toString);
    }

    @Test
    void stdinThatIsNotATerminalRunsAsAScript() throws Exception {
        Jx.Result r = Jx.runWithInput("print(2 * 3)\n");
        assertEquals(0, r.exit(), r::toString);
        assertEquals("6\n", r.out(), r::toString);
    }

    @Test
    void syntaxErrorExitsTwoWithACaret() throws Exception {
        Jx.Result r = Jx.run("-c", "x = (");
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().contains("^"), r::toString);
        assertEquals("", r.out(), r::toString);
        assertTrue(!r.err().contains("\tat "), () -> "a Java stack trace leaked:\n" + r);
    }

    @Test
    void runtimeErrorExitsOne() throws Exception {
        Jx.Result r = Jx.run("-c", "print(1)\nprint(1 // 0)");
        assertEquals(1, r.exit(), r::toString);
        assertEquals("1\n", r.out(), r::toString);
        assertTrue(r.err().contains("ZeroDivisionError"), r::toString);
        assertTrue(!r.err().contains("\tat "), () -> "a Java stack trace leaked:\n" + r);
    }

    @Test
    void versionAndHelp() throws Exception {
        Jx.Result v = Jx.run("--version");
        assertEquals(0, v.exit(), v::toString);
        assertEquals("jx 0.1.0\n", v.out(), v::toString);
        Jx.Result h = Jx.run("--help");
        assertEquals(0, h.exit(), h::toString);
        assertTrue(h.out().contains("--device"), h::toString);
        assertTrue(h.out().contains("check"), h::toString);
    }

    @Test
    void badOptionsAreUsageErrors() throws Exception {
        Jx.Result r = Jx.run("--no-such-option");
        assertEquals(2, r.exit(), r::toString);
        assertEquals("", r.out(), r::toString);
        assertTrue(r.err().contains("--no-such-option"), r::toString);
        Jx.Result d = Jx.run("--device", "tpu", "-c", "print(1)");
        assertEquals(2, d.exit(), d::toString);
        Jx.Result missing = Jx.run(tmp.resolve("missing.jx").toString());
        assertEquals(2, missing.exit(), missing::toString);
    }

    @Test
    void scriptArgumentsReachJxArgv() throws Exception {
        Path script = write("args.jx", "print(jx.argv[1:])\n");
        Jx.Result r = Jx.run(script.toString(), "a", "--b");
        assertEquals(0, r.exit(), r::toString);
        assertEquals("['a', '--b']\n", r.out(), r::toString);
    }

    @Test
    void runReportsEachFileAndFailsIfOneFails() throws Exception {
        Path good = write("good.jx", "print(40 + 2)\n");
        Path bad = write("bad.jx", "print(1)\nprint(1 // 0)\n");
        Jx.Result r = Jx.run("run", good.toString(), bad.toString());
        assertEquals(1, r.exit(), r::toString);
        assertEquals("42\n1\n", r.out(), r::toString);
        assertTrue(r.err().matches("(?s).*ok +\\Q" + good + "\\E \\(\\d+\\.\\d+ s\\).*"), r::toString);
        assertTrue(r.err().matches("(?s).*ZeroDivisionError.*FAIL \\Q" + bad + "\\E.*"), r::toString);
    }

    @Test
    void checkRejectsInPlaceModifyWithTheAtHint() throws Exception {
        Path snippet = write("in_place_modify.jx", IN_PLACE_MODIFY);
        Jx.Result r = Jx.run("check", snippet.toString());
        assertEquals(2, r.exit(), r::toString);
        assertEquals("", r.out(), r::toString);
        assertTrue(r.err().contains("x = x.at[0].set(123)"), r::toString);
        assertTrue(r.err().contains("^"), r::toString);
    }

    @Test
    void checkAcceptsTheSeed() throws Exception {
        Jx.Result r = Jx.run("check", Jx.ROOT.resolve("examples/seed.jx").toString());
        assertEquals(0, r.exit(), r::toString);
        assertEquals("", r.out(), r::toString);
    }

    @Test
    void seedLinesWithoutGradPrintExactly() throws Exception {
        // The seed minus the lines that need jax.grad (issue 4): what remains must print its lines
        // of LANGUAGE.md section 8 exactly.
        String seed = Files.readString(Jx.ROOT.resolve("examples/seed.jx"));
        String withoutGrad = seed.lines().filter(l -> !l.contains("grad") && !l.contains("_dx")).reduce("", (a, b) -> a + b + "\n");
        Path script = write("seed_without_grad.jx", withoutGrad);
        String expected;
        try (var in = CliTest.class.getResourceAsStream("/seed.out")) {
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            expected = lines.get(0) + "\n" + lines.get(5) + "\n" + lines.get(6) + "\n";
        }
        Jx.Result r = Jx.run(script.toString());
        assertEquals(0, r.exit(), r::toString);
        assertEquals(expected, r.out(), r::toString);
        assertEquals("", r.err(), r::toString);
    }

    @Test
    void seedPrintsExactlyTheContractsLines() throws Exception {
        String expected;
        try (var in = CliTest.class.getResourceAsStream("/seed.out")) {
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Jx.Result r = Jx.run(Jx.ROOT.resolve("examples/seed.jx").toString());
        assertEquals(0, r.exit(), r::toString);
        assertEquals(expected, r.out(), r::toString);
        assertEquals("", r.err(), r::toString);
    }

    @Test
    void badProgramsGetErrorsInPythonsTermsNeverInternalOnes() throws Exception {
        String[] programs = {
            "x = jnp.ones(3) + jnp.ones(4)", "jnp.reshape(jnp.ones(6), (4,))", "def f(x):\n\treturn x\nf(1, 2)",
            "x = [1, 2]\nx.append(3)", "print(1 / 0)", "jnp.ones((2, 3)) @ jnp.ones((2, 3))", "import nosuchmod",
            "a, b = (1, 2, 3)", "jax.grad(lambda x: x)(jnp.ones(3))", "print(jnp.array([[1, 2], [3]]))", "{}['k']",
            "x = (1, 2, 3)\nx[5]", "for i in 5:\n\tpass", "print(f'{1:q}')", "int('abc')",
            "jnp.zeros((2, 2)).at[0].set(jnp.ones(3))", "jnp.load('/nonexistent.npy')", "x = 1\nx.y = 2",
            "jax.vmap(lambda a: a)(1.0)", "print(max([]))", "print('a' * 'b')", "def r(n):\n\treturn r(n + 1)\nr(0)",
            "print(enumerate(1, 'x'))", "print('abc'.startswith(1))", "jax.grad(lambda x: jnp.sum(x))(jnp.arange(3))",
        };
        String[] args = new String[programs.length + 1];
        args[0] = "run";
        for (int i = 0; i < programs.length; i++) {
            args[i + 1] = write("bad" + i + ".jx", programs[i]).toString();
        }
        Jx.Result r = Jx.run(args);
        assertTrue(r.exit() == 1 || r.exit() == 2, r::toString);
        assertTrue(!r.err().contains("internal error") && !r.err().contains("\tat ") && !r.err().contains("Exception"),
                () -> "a Java failure leaked:\n" + r);
        assertEquals(programs.length, r.err().lines().filter(l -> l.startsWith("FAIL ")).count(), r::toString);
    }
}

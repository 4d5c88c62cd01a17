package jx.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input and huge work through the real jar: each tests/bad/NAME.jx must fail quickly with the
 * exit code, line and message that tests/bad/expected.txt gives (written by gen_cases.py from
 * Python 3.11 and NumPy), with no Java name, stack trace or "internal error".
 */
class BadInputTest {
    /** A Java class or exception name in what users see. */
    static final Pattern JAVA_NAME = Pattern.compile(
            "java\\.|javax\\.|jx\\.[a-z]+\\.[A-Z]|\\b[A-Z][A-Za-z]*Exception\\b|\\tat |internal error|OutOfMemoryError|StackOverflowError");

    @TempDir
    Path tmp;

    /**
     * Two processes for all cases, as CheckTest does (a JVM per case made this the suite's slowest
     * test): `jx check` over every file reports exactly the exit-2 cases (a script exits 2 when its
     * check fails), and `jx run` over the exit-1 files gives each its runtime error (exit 1).
     */
    @TestFactory
    Stream<DynamicTest> eachBadProgramGivesItsPythonError() throws Exception {
        Path dir = Jx.ROOT.resolve("tests/bad");
        List<String[]> rows = Files.readAllLines(dir.resolve("expected.txt")).stream()
                .filter(l -> !l.startsWith("#") && !l.isBlank()).map(l -> l.split("\\|", 4)).toList();
        assertTrue(rows.size() >= 30, "expected.txt lists the cases");
        List<String> all = rows.stream().map(f -> "tests/bad/" + f[0] + ".jx").toList();
        List<String> runtime = rows.stream().filter(f -> f[1].equals("1")).map(f -> "tests/bad/" + f[0] + ".jx").toList();
        long start = System.nanoTime();
        Jx.Result checked = Jx.run(Stream.concat(Stream.of("check"), all.stream()).toArray(String[]::new));
        Jx.Result ran = Jx.run(Stream.concat(Stream.of("run"), runtime.stream()).toArray(String[]::new));
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(2, checked.exit(), checked::toString);
        assertEquals(1, ran.exit(), ran::toString);
        assertTrue(ran.err().contains("0 passed, " + runtime.size() + " failed"), ran::toString);
        assertTrue(seconds < 120, () -> "took " + seconds + " s");
        return rows.stream().map(f -> DynamicTest.dynamicTest(f[0], () -> {
            String file = "tests/bad/" + f[0] + ".jx";
            Jx.Result r = f[1].equals("2") ? checked : ran;
            if (f[1].equals("1")) {
                assertFalse(checked.err().contains(file + ":"), () -> "a runtime error, not a check error:\n" + checked);
            }
            String where = f[2].equals("52") ? "<jax.nn>:52:" : file + ":" + f[2] + ":";
            int at = r.err().indexOf(where);
            assertTrue(at >= 0, () -> "expected the location " + where + "\n" + r);
            String block = r.err().substring(at, Math.min(r.err().length(), at + where.length() + 400));
            assertTrue(block.contains(f[3]), () -> "expected: " + f[3] + "\n" + block);
            assertTrue(block.contains("^"), () -> "no caret under the culprit:\n" + block);
            assertFalse(JAVA_NAME.matcher(r.err()).find(), () -> "a Java name leaked:\n" + r);
        }));
    }

    @Test
    void killedSavesLeaveNoTempFileAfterTheNextSave() throws Exception {
        Path target = tmp.resolve("big.npy");
        String save = "import jax.numpy as jnp\nx = jnp.arange(12_000_000, dtype=jnp.float32)\n"
                + "jnp.save('" + target + "', x)\n";
        Path program = tmp.resolve("save.jx");
        Files.writeString(program, save);
        assertEquals(0, Jx.run("run", program.toString()).exit());
        long complete = Files.size(target);
        for (int i = 0; i < 3; i++) {
            Process p = new ProcessBuilder(Jx.command("run", program.toString())).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            // Kill while the temp file is being written: wait for it to appear.
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (System.nanoTime() < deadline && p.isAlive() && tempFiles().isEmpty()) {
                Thread.sleep(5);
            }
            p.destroyForcibly().waitFor();
            assertEquals(complete, Files.size(target), "the target is old or complete, never partial");
        }
        assertEquals(0, Jx.run("run", program.toString()).exit());
        assertEquals(List.of(), tempFiles(), "the next save removes what killed writers left");
        assertEquals(complete, Files.size(target));
    }

    private List<Path> tempFiles() throws Exception {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".jx-tmp")).toList();
        }
    }
}

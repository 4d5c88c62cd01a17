package jx.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Notes that run: `jx run note.md` and `jx test note.md` on real Markdown notes. */
class NotesTest {
    private static final String EXAMPLE = "examples/gradients-note.md";
    /** The project's seed note, an Obsidian note as its author wrote it (copied from shared/notes). */
    private static final String SEED = "tests/notes/jax-as-accelerated-numpy.md";

    @TempDir
    Path tmp;

    @Test
    void theExampleNotePasses() throws Exception {
        Jx.Result r = Jx.run("test", EXAMPLE);
        assertEquals(0, r.exit(), r.toString());
        assertEquals(List.of(
                EXAMPLE + ":17: passed",
                EXAMPLE + ":33: passed",
                EXAMPLE + ":46: passed",
                EXAMPLE + ":64: passed",
                EXAMPLE + ":76: passed",
                EXAMPLE + ": 5 blocks: 5 passed, 0 output mismatch, 0 errors"), r.err().lines().toList());
        assertEquals("", r.out(), "testing prints the cells' output only where it differs");
    }

    @Test
    void aChangedExpectedLineFailsWithItsLineNumber() throws Exception {
        String note = Files.readString(Jx.ROOT.resolve(EXAMPLE));
        assertTrue(note.contains("\n>>> Array([ 6., 24., 54.], dtype=float32)\n"));
        Path changed = tmp.resolve("changed.md");
        Files.writeString(changed, note.replace("\n>>> Array([ 6., 24., 54.], dtype=float32)\n",
                "\n>>> Array([ 6., 25., 54.], dtype=float32)\n"));
        Jx.Result r = Jx.run("test", changed.toString());
        assertEquals(1, r.exit(), r.toString());
        List<String> err = r.err().lines().toList();
        assertTrue(err.contains(changed + ":76: output mismatch"), r.toString());
        assertTrue(err.contains("    line 83: expected"), r.toString());
        assertTrue(err.contains("        Array([ 6., 24., 54.], dtype=float32)"), r.toString());
        assertTrue(err.contains(changed + ": 5 blocks: 4 passed, 1 output mismatch, 0 errors"), r.toString());
    }

    @Test
    void numbersCompareToFloat32PrecisionAndWhitespaceDoesNotCount() throws Exception {
        Path note = tmp.resolve("loose.md");
        Files.writeString(note, """
                ```python
                print(jnp.float32(1) / 3, jnp.arange(3))
                >>> 0.33333334   [0   1 2]
                ```
                ```py
                print(1 / 3)
                >>> 0.33334
                ```
                """);
        Jx.Result r = Jx.run("test", note.toString());
        assertEquals(List.of(note + ":1: passed", note + ":5: output mismatch"),
                r.err().lines().filter(l -> l.startsWith(note.toString())).limit(2).toList(), r.toString());
    }

    @Test
    void aTracebackAsExpectedOutputMeansTheCellMustRaiseThatError() throws Exception {
        Path note = tmp.resolve("raises.md");
        Files.writeString(note, """
                ```python
                jnp.sum([1, 2, 3])
                >>> Traceback (most recent call last):
                ... TypeError: sum requires ndarray or scalar arguments,
                ...   got <class 'list'> at position 0.
                x = 2
                print(x)
                >>> 2
                ```
                ```python
                jnp.sum([1, 2, 3])
                >>> Traceback (most recent call last):
                ... ValueError: sum requires ndarray
                ```
                ```python
                jnp.sum(jnp.array([1, 2, 3]))
                >>> Traceback (most recent call last):
                ... TypeError
                ```
                """);
        Jx.Result r = Jx.run("test", note.toString());
        assertEquals(1, r.exit(), r.toString());
        List<String> err = r.err().lines().toList();
        assertEquals(List.of(note + ":1: passed", note + ":10: error", note + ":15: output mismatch"),
                err.stream().filter(l -> l.matches(".*:\\d+: (passed|error|output mismatch)")).toList(), r.toString());
        assertTrue(err.contains("    line 13: expected the error"), r.toString());
        assertTrue(err.contains("    line 17: expected an error, but the code ran"), r.toString());
    }

    @Test
    void theSeedNoteReportsEachBlock() throws Exception {
        Jx.Result r = Jx.run("test", SEED);
        assertEquals(1, r.exit(), r.toString());
        List<String> status = r.err().lines().filter(l -> l.startsWith(SEED + ":") && !l.startsWith(SEED + ": ")
                && l.matches(".*:\\d+: (passed|error|output mismatch)")).toList();
        assertEquals(List.of(
                SEED + ":22: passed",          // def sum_of_squares
                SEED + ":27: passed",          // its value and gradient, against >>> lines
                SEED + ":49: passed",          // argnums, with a ... continuation
                SEED + ":69: error",           // pseudo-code: `grads. = ...`
                SEED + ":80: error",           // f and xs are not defined
                SEED + ":98: error",           // the in-place NumPy counter-example, in a callout
                SEED + ":108: passed"), status, r.toString());
        String err = r.err();
        assertTrue(err.contains(SEED + ":73:9: syntax error"), err);
        assertTrue(err.contains(SEED + ":84:20: error: name 'f' is not defined"), err);
        assertTrue(err.contains(SEED + ":103:2: error: arrays are immutable: `x[0] = 123` would modify `x`"), err);
        assertTrue(err.contains("here `x = x.at[0].set(123)`"), err);
        assertTrue(err.contains(SEED + ": 7 blocks: 4 passed, 0 output mismatch, 3 errors"), err);
    }

    @Test
    void runExecutesTheCellsAndGoesOnAfterABadBlock() throws Exception {
        Jx.Result r = Jx.run("run", SEED);
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.out().startsWith("30.0\n[2. 4. 6. 8.]\n[-0.20000005 -0.19999981 -0.19999981 -0.19999981]\n"
                + "(Array([-0.20000005, -0.19999981, -0.19999981, -0.19999981], dtype=float32), "
                + "Array([0.20000005, 0.19999981, 0.19999981, 0.19999981], dtype=float32))\n"), r.toString());
        assertTrue(r.err().contains("FAIL " + SEED), r.toString());
        Jx.Result ok = Jx.run("run", EXAMPLE);
        assertEquals(0, ok.exit(), ok.toString());
        assertTrue(ok.out().endsWith("[0. 7. 0. 2.]\nArray([ 6., 24., 54.], dtype=float32)\n"), ok.toString());
    }
}

package jx.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inputs too big to commit, built here: each fails fast with a clear error, or runs in time. */
class HugeInputTest {
    @TempDir
    Path tmp;

    private Jx.Result timed(int limitSeconds, String... args) throws Exception {
        long start = System.nanoTime();
        Jx.Result r = Jx.run(args);
        double s = (System.nanoTime() - start) / 1e9;
        assertTrue(s < limitSeconds, () -> "took " + s + " s\n" + r);
        assertFalse(BadInputTest.JAVA_NAME.matcher(r.err()).find(), () -> "a Java name leaked:\n" + r);
        return r;
    }

    @Test
    void aTenThousandDeepDictLiteralIsPythonsTooManyNestedParentheses() throws Exception {
        Path p = tmp.resolve("deep.jx");
        Files.writeString(p, "x = 1\ny = " + "{1: ".repeat(10_000) + "1" + "}".repeat(10_000) + "\n");
        Jx.Result r = timed(60, "check", p.toString());
        assertEquals(2, r.exit(), r::toString);
        // CPython's tokenizer stops at 200 open brackets: the 201st, at column 4 + 4 * 200 (1-based 805).
        assertTrue(r.err().contains("deep.jx:2:805: syntax error: too many nested parentheses"), r::toString);
    }

    @Test
    void aTwentyThousandArmElifChainChecksAndRunsInTime() throws Exception {
        StringBuilder s = new StringBuilder("x = 19999\nif x == 0:\n    y = 0\n");
        for (int i = 1; i < 20_000; i++) {
            s.append("elif x == ").append(i).append(":\n    y = ").append(i).append('\n');
        }
        s.append("print(y)\n");
        Path p = tmp.resolve("elif.jx");
        Files.writeString(p, s);
        Jx.Result r = timed(60, p.toString());
        assertEquals(0, r.exit(), r::toString);
        assertEquals("19999\n", r.out(), r::toString);
    }

    @Test
    void aZipBombNpzIsAMemoryErrorWithinSeconds() throws Exception {
        Path bomb = tmp.resolve("bomb.npz");
        // One member claiming 2**30 float32 zeros (4 GiB), deflated to a few MB.
        String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (1073741824,), }";
        int pad = 64 - (10 + header.length() + 1) % 64;
        String h = header + " ".repeat(pad) + "\n";
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(bomb))) {
            zip.putNextEntry(new ZipEntry("x.npy"));
            OutputStream out = zip;
            out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) h.length(), (byte) (h.length() >> 8)});
            out.write(h.getBytes(StandardCharsets.US_ASCII));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 1200; i++) {
                out.write(zeros);
            }
            zip.closeEntry();
        }
        Path p = tmp.resolve("load.jx");
        Files.writeString(p, "import jax.numpy as jnp\nd = jnp.load('" + bomb + "')\nprint(d['x'].shape)\n");
        Jx.Result r = timed(120, p.toString());
        // The checker runs jnp.load too (the shapes it loads are the run's), so the script stops there.
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().contains("load.jx:2:"), r::toString);
        assertTrue(r.err().contains("MemoryError: jnp.load: " + bomb + "[x.npy] needs more than"), r::toString);
    }
}

package jx.stdlib;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jx.diag.JxException;

/**
 * jnp.save/load/savez and loadtxt/genfromtxt against files real NumPy 1.24 wrote
 * (src/test/python/gen_file_fixtures.py): jx reads NumPy's files, and the .npy files jx writes
 * are NumPy's byte for byte.
 */
class FileIOTest {
    private static final Path FIXTURES = fixtures();

    private static Path fixtures() {
        try {
            return Path.of(FileIOTest.class.getResource("/jx/stdlib/files/i32.npy").toURI()).getParent();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String fixture(String name) {
        return FIXTURES.resolve(name).toString();
    }

    private static String expected(String name) throws java.io.IOException {
        return Files.readString(FIXTURES.resolve(name));
    }

    /** The arrays of gen_file_fixtures.py SAME_AS_JX, built in jx. */
    private static final Map<String, String> SAME_AS_JX = Map.of(
            "f32_2x3", "jnp.arange(6, dtype=jnp.float32).reshape(2, 3) / 4",
            "f32_scalar", "jnp.array(2.5, dtype=jnp.float32)",
            "f32_empty", "jnp.zeros((2, 0), dtype=jnp.float32)",
            "i32", "jnp.array([-3, 0, 7], dtype=jnp.int32)",
            "u32", "jnp.array([0, 1, 4294967295], dtype=jnp.uint32)",
            "bool", "jnp.array([[True, False], [False, True]])",
            "f32_long", "jnp.linspace(0, 1, 1000, dtype=jnp.float32).reshape(10, 100)");

    @Test
    void savedNpyIsNumpysByteForByte(@TempDir Path dir) throws Exception {
        StringBuilder program = new StringBuilder();
        SAME_AS_JX.forEach((name, expr) -> program.append("jnp.save(\"").append(dir.resolve(name)).append("\", ")
                .append(expr).append(")\n"));
        JxRun.run(program.toString());
        for (String name : SAME_AS_JX.keySet()) {
            assertArrayEquals(Files.readAllBytes(FIXTURES.resolve(name + ".npy")),
                    Files.readAllBytes(dir.resolve(name + ".npy")), name);
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(SAME_AS_JX.size(), left.count(), "no temporary files stay behind");
        }
    }

    @Test
    void readsWhatNumpyWrote() throws Exception {
        assertEquals(expected("expected_load.txt"), JxRun.run("""
                print(jnp.load("%s"))
                s = jnp.load("%s")
                print(s, s.shape, s.dtype)
                i = jnp.load("%s")
                print(i, i.dtype)
                u = jnp.load("%s")
                print(u, u.dtype)
                print(np.load("%s"))
                f = jnp.load("%s")
                print(f, f.dtype)
                l = jnp.load("%s")
                print(l, l.dtype)
                b = jnp.load("%s")
                print(b, b.dtype)
                print(jnp.load("%s"))
                print(jnp.load("%s"))
                """.formatted(fixture("f32_2x3.npy"), fixture("f32_scalar.npy"), fixture("i32.npy"), fixture("u32.npy"),
                        fixture("bool.npy"), fixture("f64.npy"), fixture("i64.npy"), fixture("u8.npy"),
                        fixture("fortran.npy"), fixture("bigendian.npy"))));
    }

    @Test
    void npzIsADictOfArrays() {
        assertEquals("""
                ['w', 'b']
                [[1. 0.]
                 [0. 1.]]
                [1 2]
                [0 1 2 3]
                """, JxRun.run("""
                d = jnp.load("%s")
                print(sorted(d.keys(), reverse=True))
                print(d["w"])
                print(d["b"])
                print(jnp.load("%s")["arr_0"])
                """.formatted(fixture("pair.npz"), fixture("packed.npz"))));
    }

    @Test
    void savezRoundTripsAndItsMembersAreNumpys(@TempDir Path dir) throws Exception {
        String out = JxRun.run("""
                jnp.savez("%1$s", jnp.array([-3, 0, 7], dtype=jnp.int32), u32=jnp.array([0, 1, 4294967295], dtype=jnp.uint32))
                jnp.savez_compressed("%2$s", f32_2x3=jnp.arange(6, dtype=jnp.float32).reshape(2, 3) / 4)
                d = jnp.load("%1$s.npz")
                print(d["arr_0"], d["u32"])
                print(jnp.load("%2$s.npz")["f32_2x3"][1])
                """.formatted(dir.resolve("ints"), dir.resolve("floats")));
        assertEquals("[-3  0  7] [         0          1 4294967295]\n[0.75 1.   1.25]\n", out);
        try (var zip = new java.util.zip.ZipFile(dir.resolve("ints.npz").toFile())) {
            assertArrayEquals(Files.readAllBytes(FIXTURES.resolve("i32.npy")),
                    zip.getInputStream(zip.getEntry("arr_0.npy")).readAllBytes());
            assertArrayEquals(Files.readAllBytes(FIXTURES.resolve("u32.npy")),
                    zip.getInputStream(zip.getEntry("u32.npy")).readAllBytes());
        }
    }

    @Test
    void badFilesGetAOneLineError(@TempDir Path dir) throws Exception {
        JxException e = assertThrows(JxException.class, () -> JxRun.run("jnp.load(\"" + fixture("truncated.npy") + "\")"));
        assertTrue(e.getMessage().contains("ValueError: jnp.load: " + fixture("truncated.npy")
                + ": truncated file: expected 24 bytes of data, found 8"), e.getMessage());
        Path junk = Files.writeString(dir.resolve("junk.npy"), "hello");
        e = assertThrows(JxException.class, () -> JxRun.run("jnp.load(\"" + junk + "\")"));
        assertTrue(e.getMessage().contains("not a .npy file"), e.getMessage());
        e = assertThrows(JxException.class, () -> JxRun.run("jnp.load(\"" + dir.resolve("missing.npy") + "\")"));
        assertTrue(e.getMessage().contains("FileNotFoundError: [Errno 2] No such file or directory: '"
                + dir.resolve("missing.npy") + "'"), e.getMessage());
    }

    @Test
    void textLoadsAsNumpyLoadsIt() throws Exception {
        String table = fixture("table.csv");
        String gaps = fixture("gaps.csv");
        assertEquals(expected("expected_text.txt"), JxRun.run("""
                print(np.loadtxt("%1$s", delimiter=",", skiprows=1))
                print(np.loadtxt("%1$s", delimiter=",", skiprows=1, usecols=(0, 2)))
                print(np.loadtxt("%1$s", delimiter=",", skiprows=1, usecols=1))
                print(np.loadtxt("%1$s", delimiter=",", skiprows=1, unpack=True)[2])
                print(np.genfromtxt("%2$s", delimiter=","))
                print(np.genfromtxt("%2$s", delimiter=",", filling_values=0))
                """.formatted(table, gaps)));
        JxException e = assertThrows(JxException.class, () -> JxRun.run("np.loadtxt(\"" + table + "\", delimiter=\",\")"));
        assertTrue(e.getMessage().contains("could not convert string 'a' to float at line 1"), e.getMessage());
    }
}

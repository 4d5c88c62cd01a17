package jx.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Matrix products of the real jar through OpenBLAS and through the Java fallback (-Djx.blas=java,
 * as on a machine where the native library cannot load): the same results, NumPy's
 * (tests/oracle/gen_blas_products.py), and nothing on stderr unless --debug asks, once.
 */
class BlasTest {
    private static final String PROGRAM = String.join("\n",
            "x = (jnp.arange(96 * 80) % 7 - 3).astype(jnp.float32).reshape(96, 80)",
            "y = (jnp.arange(80 * 64) % 5 - 2).astype(jnp.float32).reshape(80, 64)",
            "s = (jnp.arange(3 * 96 * 80) % 11 - 5).astype(jnp.float32).reshape(3, 96, 80)",
            "print(jnp.sum(jnp.abs(x @ y)), (x @ y)[3, :4])",
            "print(jnp.sum(jnp.abs(s @ y)), (s @ y)[2, 5, :4])",
            "print(jnp.sum(jnp.abs(s @ jnp.swapaxes(s, 1, 2))))");
    private static final String NUMPY = "44169.0 [ 0. 10. 10.  0.]\n349170.0 [ 22.  14. -19. -22.]\n8849843.0\n";

    private static Jx.Result run(String jvmOption, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(Jx.command(args));
        if (jvmOption != null) {
            cmd.add(1, jvmOption);
        }
        Process p = new ProcessBuilder(cmd).directory(Jx.ROOT.toFile()).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes());
        String err = new String(p.getErrorStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("jx did not finish within 60 s");
        }
        return new Jx.Result(p.exitValue(), out, err);
    }

    @Test
    void openBlasGivesNumpysProductsAndPrintsNothingElse() throws Exception {
        Jx.Result r = run(null, "-c", PROGRAM);
        assertEquals(0, r.exit(), r::toString);
        assertEquals(NUMPY, r.out(), r::toString);
        assertEquals("", r.err(), r::toString);
    }

    @Test
    void theJavaFallbackGivesTheSameAndSaysSoOnceUnderDebug() throws Exception {
        Jx.Result r = run("-Djx.blas=java", "--debug", "-c", PROGRAM);
        assertEquals(0, r.exit(), r::toString);
        assertEquals(NUMPY, r.out(), r::toString);
        assertEquals("jx: OpenBLAS not loaded (-Djx.blas=java); matrix products run on the Java kernel\n", r.err(),
                r::toString);
    }

    @Test
    void theFallbackIsSilentWithoutDebug() throws Exception {
        Jx.Result r = run("-Djx.blas=java", "-c", PROGRAM);
        assertEquals(0, r.exit(), r::toString);
        assertEquals(NUMPY, r.out(), r::toString);
        assertEquals("", r.err(), r::toString);
    }

    /** A native library that really fails to load (JavaCPP told to look for another platform's). */
    @Test
    void aFailedNativeLoadFallsBackWithOneLineUnderDebug() throws Exception {
        Jx.Result r = run("-Dorg.bytedeco.javacpp.platform=linux-arm64", "--debug", "-c", PROGRAM);
        assertEquals(0, r.exit(), r::toString);
        assertEquals(NUMPY, r.out(), r::toString);
        assertTrue(r.err().startsWith("jx: OpenBLAS not loaded (UnsatisfiedLinkError: "), r::toString);
        assertTrue(r.err().endsWith("; matrix products run on the Java kernel\n"), r::toString);
        assertEquals(1, r.err().lines().count(), r::toString);
    }
}

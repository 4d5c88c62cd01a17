package jx.stdlib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import jx.run.Config;
import jx.run.Session;
import org.junit.jupiter.api.Test;

/**
 * jnp.fft's derivatives and batching: fft_derivatives.jx runs in an x64 session and prints each
 * check's relative error (grad, jvp, hessian, jacfwd/jacrev/jvp of grad, vmap and vmap of grad of
 * every transform, Jacobians and vjps of vector-valued ones, complex inputs, batch axes) against
 * central finite differences or the loop over the examples; all must be within 1e-6.
 */
class FftDerivativesTest {
    @Test
    void derivativesAndBatchingMatchFiniteDifferencesAndLoops() throws IOException {
        String source;
        try (InputStream in = FftDerivativesTest.class.getResourceAsStream("fft_derivatives.jx")) {
            source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        new Session(new Config("cpu", true, List.of(), out)).runSource(source, "fft_derivatives.jx");
        List<String> bad = new ArrayList<>();
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        for (String line : lines) {
            String[] f = line.split(" ");
            double err = Double.parseDouble(f[f.length - 1]);
            if (!(err <= 1e-6)) {
                bad.add(line);
            }
        }
        assertTrue(lines.length >= 140, "only " + lines.length + " checks ran");
        assertEquals(List.of(), bad, "checks off by more than 1e-6");
    }
}

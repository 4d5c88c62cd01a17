package jx.stdlib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;

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
        String[] lines = JxRun.run(JxRun.resource("fft_derivatives.jx"), "fft_derivatives.jx", true).split("\n");
        List<String> bad = JxRun.above(lines, 1e-6);
        assertTrue(lines.length >= 140, "only " + lines.length + " checks ran");
        assertEquals(List.of(), bad, "checks off by more than 1e-6");
    }
}

package jx.stdlib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The derivative rules on complex values (real, imag, conj, abs, angle, lax.complex and every
 * holomorphic function) against central finite differences: complex_derivatives.jx runs in an x64
 * session and prints each check's error; grad, jvp and vjp must all be within 1e-6.
 */
class ComplexDerivativesTest {
    @Test
    void gradJvpAndVjpMatchFiniteDifferences() throws IOException {
        String[] lines = JxRun.run(JxRun.resource("complex_derivatives.jx"), "complex_derivatives.jx", true).split("\n");
        List<String> bad = JxRun.above(lines, 1e-6);
        assertTrue(lines.length > 200, "only " + lines.length + " checks ran");
        assertEquals(List.of(), bad, "checks off by more than 1e-6");
    }
}

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
 * The derivative rules on complex values (real, imag, conj, abs, angle, lax.complex and every
 * holomorphic function) against central finite differences: complex_derivatives.jx runs in an x64
 * session and prints each check's error; grad, jvp and vjp must all be within 1e-6.
 */
class ComplexDerivativesTest {
    @Test
    void gradJvpAndVjpMatchFiniteDifferences() throws IOException {
        String source;
        try (InputStream in = ComplexDerivativesTest.class.getResourceAsStream("complex_derivatives.jx")) {
            source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        new Session(new Config("cpu", true, List.of(), out)).runSource(source, "complex_derivatives.jx");
        List<String> bad = new ArrayList<>();
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        for (String line : lines) {
            String[] f = line.split(" ");
            double err = Double.parseDouble(f[f.length - 1]);
            if (!(err <= 1e-6)) {
                bad.add(line);
            }
        }
        assertTrue(lines.length > 200, "only " + lines.length + " checks ran");
        assertEquals(List.of(), bad, "checks off by more than 1e-6");
    }
}

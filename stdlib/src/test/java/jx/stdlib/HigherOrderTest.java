package jx.stdlib;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;


/**
 * Convolutions, pooling, lax.pad and every jnp.pad mode differentiated beyond first order
 * (higher_order_check.jx: nested forward and reverse mode and jax.hessian against each other and
 * against finite differences, in float64). The file's CHECK block runs once per case line.
 */
class HigherOrderTest {
    @Test
    void convolutionsAndPaddingDifferentiateAgain() throws IOException {
        String src = JxRun.resource("/jx/stdlib/higher_order_check.jx");
        int at = src.indexOf("# CHECK:");
        String prelude = src.substring(0, at);
        String block = src.substring(at, src.indexOf("# END CHECK"));
        String marker = "highest order checked.\n";
        List<String> names = new ArrayList<>();
        StringBuilder program = new StringBuilder(prelude);
        for (String line : src.substring(src.indexOf(marker) + marker.length()).split("\n")) {
            if (!line.startsWith("# ")) {
                continue;
            }
            String[] f = line.substring(2).split(" \\| ");
            assertEquals(4, f.length, line);
            names.add(f[0].trim());
            program.append("name = ").append(jx.eval.Printer.quote(f[0].trim())).append("\nloss = ").append(f[1].trim())
                    .append("\nx0 = ").append(f[2].trim()).append("\nthird = ").append(f[3].trim().equals("3") ? "True" : "False")
                    .append('\n').append(block).append('\n');
        }
        String printed = JxRun.run(program.toString(), "<higher_order_check>", true);
        StringBuilder want = new StringBuilder();
        for (String n : names) {
            want.append("ok ").append(n).append('\n');
        }
        assertEquals(want.toString(), printed);
    }
}

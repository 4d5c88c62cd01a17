package jx.stdlib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import jx.diag.JxException;
import jx.run.Config;
import jx.run.Session;

/**
 * Calls of library primitives are resolved when the program is lowered, but mean what Python
 * means: a name the program rebinds, now or in a later REPL input, is whatever it then holds.
 */
class PrimLoweringTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Session session = new Session(new Config("cpu", false, List.of(),
            new PrintStream(out, true, StandardCharsets.UTF_8)));

    private String echo(String input) {
        return session.evalInteractive(input).orElse("");
    }

    @Test
    void aLaterInputThatRebindsJnpChangesWhatEarlierFunctionsCall() {
        echo("def f(x):\n    return jnp.tanh(x)\n");
        assertEquals("Array(0.46211717, dtype=float32, weak_type=True)", echo("f(0.5)"));
        echo("jnp = None");
        JxException e = assertThrows(JxException.class, () -> echo("f(0.5)"));
        assertTrue(e.getMessage().contains("AttributeError: 'NoneType' object has no attribute 'tanh'"), e.getMessage());
    }

    @Test
    void importingTheSameModuleKeepsCallsStaticAndAnotherBindingMakesThemDynamic() {
        session.runSource("""
                import jax.numpy as jnp
                from jax import numpy as np
                print(jnp.tanh(0.5), np.linalg.det(jnp.eye(2) * 2.0), jax.numpy.sum(jnp.arange(3)))
                """, "<a>");
        session.runSource("""
                def jnp():
                    return 0
                print(jnp(), np.tanh(0.5))
                """, "<b>");
        assertEquals("0.46211717 4.0 3\n0 0.46211717\n", out.toString(StandardCharsets.UTF_8));
    }
}

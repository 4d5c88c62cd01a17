package jx.stdlib;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import jx.run.Config;
import jx.run.Session;

/**
 * Two sessions in one JVM, one with x64 and one without, run at the same time and never see each
 * other's settings, rows or derivations: all of it is the session's, none of it the process's.
 */
class SessionIsolationTest {
    private static final int ROUNDS = 40;

    /** A program whose every line depends on the session's x64 setting, its registry and its caches. */
    private static final String PROGRAM = """
            x = jnp.arange(3.0)
            f = lambda v: jnp.sum(jnp.tanh(v) ** 2) + v.trace() if v.ndim == 2 else jnp.sum(jnp.tanh(v) ** 2)
            print(x.dtype, jnp.array(1).dtype, (x * 2).dtype, jax.grad(f)(x).dtype, jnp.cumprod(x + 1.0))
            print(jax.grad(lambda a: jnp.sum(jnp.cumprod(a)))(x + 1.0))
            """;

    private record Run(Session session, ByteArrayOutputStream out) {
        String next() {
            out.reset();
            session.runSource(PROGRAM, "<test>");
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    private static Run session(boolean x64) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        return new Run(new Session(new Config("cpu", x64, List.of(), new PrintStream(out, true, StandardCharsets.UTF_8))), out);
    }

    @Test
    void x64AndDefaultSessionsRunConcurrentlyWithoutInterfering() throws Exception {
        String want64 = "float64 int64 float64 float64 [1. 2. 6.]\n[9. 4. 2.]\n";
        String want32 = "float32 int32 float32 float32 [1. 2. 6.]\n[9. 4. 2.]\n";
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<List<String>> wide = pool.submit(() -> rounds(session(true), together));
            Future<List<String>> narrow = pool.submit(() -> rounds(session(false), together));
            List<String> w = wide.get();
            List<String> n = narrow.get();
            for (int i = 0; i < ROUNDS; i++) {
                assertEquals(want64, w.get(i), "x64 session, round " + i);
                assertEquals(want32, n.get(i), "default session, round " + i);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<String> rounds(Run run, CyclicBarrier together) throws Exception {
        String[] out = new String[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            together.await();
            out[i] = run.next();
        }
        return List.of(out);
    }

    @Test
    void aProgramsConfigUpdateStaysInItsSession() {
        Run switched = session(false);
        Run other = session(false);
        switched.session().runSource("jax.config.update('jax_enable_x64', True)\nprint(jnp.array(1.0).dtype)\n", "<a>");
        other.session().runSource("print(jnp.array(1.0).dtype)\n", "<b>");
        assertEquals("float64\n", switched.out().toString(StandardCharsets.UTF_8));
        assertEquals("float32\n", other.out().toString(StandardCharsets.UTF_8));
    }

    @Test
    void anEarlierInputsImportedFunctionIsDifferentiableInTheNext() {
        // The check of the second input runs on an interpreter of its own: jnp.tanh from the first
        // input's import is the session's function, and jax.grad must still find its rule
        // (it was "jax.grad expects a function defined in jx, got builtin_function_or_method").
        Run run = session(false);
        run.session().runSource("import jax.numpy as jnp\n", "<a>");
        run.session().runSource("print(jax.grad(jnp.tanh)(2.0))\n", "<b>");
        assertEquals("0.07065082\n", run.out().toString(StandardCharsets.UTF_8));
    }
}

package jx.stdlib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import jx.prim.Derivative;
import jx.prim.Prim;
import jx.prim.Tag;
import jx.run.Config;
import jx.run.Session;

/**
 * Every array method the registry declares (rows tagged METHOD) differentiates exactly like its
 * jnp function, to second order: x.trace() as jnp.trace(x), x.std(axis=0) as jnp.std(x, axis=0).
 */
class MethodGradTest {
    /** Arguments after the array, for methods that need some (as both spellings write them). */
    private static final Map<String, String> ARGS = Map.of(
            "reshape", "(9,)", "swapaxes", "0, 1", "take", "jnp.array([2, 0])", "repeat", "2",
            "astype", "jnp.float64", "transpose", "(1, 0)", "clip", "-0.5, 0.5", "dot", "a");

    private static Session session(ByteArrayOutputStream out) {
        return new Session(new Config("cpu", true, List.of(), new PrintStream(out, true, StandardCharsets.UTF_8)));
    }

    @TestFactory
    Stream<DynamicTest> methodsDifferentiateAsTheirFunctions() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Session s = session(out);
        s.runSource("pass", "<load>");
        List<Prim> methods = s.registry().all().stream()
                .filter(r -> r.has(Tag.METHOD) && !(r.derivative() instanceof Derivative.NoneYet) && !r.has(Tag.NONDIFF))
                .toList();
        assertTrue(methods.size() >= 20, "method rows with derivatives: " + methods.size());
        return methods.stream().map(r -> DynamicTest.dynamicTest(r.member(), () -> {
            String m = r.member();
            String extra = ARGS.getOrDefault(m, "");
            String asMethod = "a." + m + "(" + extra + ")";
            String asFunction = r.name() + "(a" + (extra.isEmpty() ? "" : ", " + extra) + ")";
            // Weighted, so that each output element's cotangent differs; then the second derivative too.
            String program = """
                    a0 = jnp.arange(9.0).reshape(3, 3) / 7.0 - 0.4
                    def weigh(v):
                        v = jnp.asarray(v).astype(jnp.float64)
                        return jnp.sum(v * jnp.sin(jnp.arange(v.size).reshape(v.shape) + 1.0))
                    f = lambda a: weigh(%s)
                    g = lambda a: weigh(%s)
                    print(jnp.allclose(jax.grad(f)(a0), jax.grad(g)(a0), rtol=1e-12, atol=1e-12))
                    h = lambda a: jnp.sum(jax.grad(f)(a) ** 2)
                    k = lambda a: jnp.sum(jax.grad(g)(a) ** 2)
                    print(jnp.allclose(jax.grad(h)(a0), jax.grad(k)(a0), rtol=1e-12, atol=1e-12))
                    """.formatted(asMethod, asFunction);
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            session(o).runSource(program, "<" + m + ">");
            assertEquals("True\nTrue\n", o.toString(StandardCharsets.UTF_8), asMethod + " against " + asFunction);
        }));
    }
}

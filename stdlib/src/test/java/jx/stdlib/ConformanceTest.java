package jx.stdlib;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import jx.array.Array;
import jx.array.DType;
import jx.array.HostData;
import jx.eval.Values;
import jx.run.Config;
import jx.diag.JxException;
import jx.run.Session;
import jx.prim.Tag;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The NumPy conformance suite: every case of conformance.txt (written by real NumPy through
 * tests/oracle/gen_conformance.py) evaluated by the real interpreter in one session, its result's
 * dtype (JAX's), shape and values compared with NumPy's, or its error message with the expected one.
 */
class ConformanceTest {
    @org.junit.jupiter.api.BeforeAll
    static void bindCpu() {
        new jx.array.ArrayContext(new jx.array.cpu.CpuBackend(), false).bindToThisThread();
    }

    record Expected(DType dtype, int[] shape, double tol, String values) {}

    record Case(String name, List<String[]> inputs, String expr, List<Expected> outs, String error) {}

    private static final Session SESSION = new Session(new Config("cpu", false, List.of(),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));

    @TestFactory
    Stream<DynamicTest> numpyConformance() throws IOException {
        List<Case> cases = load();
        assertTrue(cases.size() >= 400, "the suite has " + cases.size() + " cases");
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> run(c)));
    }

    /** lax's convolutions, pooling and dynamic slices against tests/oracle/gen_lax.py's NumPy reference. */
    @TestFactory
    Stream<DynamicTest> laxReference() throws IOException {
        List<Case> cases = load("lax.txt");
        assertTrue(cases.size() >= 30, "the suite has " + cases.size() + " cases");
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> run(c)));
    }

    /** jnp.fft against NumPy's np.fft (tests/oracle/gen_fft.py): every transform, n, s, axes, norm; frequencies and shifts. */
    @TestFactory
    Stream<DynamicTest> fftReference() throws IOException {
        List<Case> cases = load("fft.txt");
        assertTrue(cases.size() >= 400, "the suite has " + cases.size() + " cases");
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> run(c)));
    }

    /** jax.scipy.special and jax.scipy.stats against SciPy (tests/oracle/gen_scipy.py), derivatives included. */
    @TestFactory
    Stream<DynamicTest> scipyReference() throws IOException {
        List<Case> cases = load("scipy.txt");
        assertTrue(cases.size() >= 60, "the suite has " + cases.size() + " cases");
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> run(c)));
    }

    /** jax.scipy.linalg, lax.dot_general/reduce/associative_scan, jnp.vectorize/piecewise against tests/oracle/gen_surface_extra.py. */
    @TestFactory
    Stream<DynamicTest> surfaceExtra() throws IOException {
        List<Case> cases = load("surface_extra.txt");
        assertTrue(cases.size() >= 40, "the suite has " + cases.size() + " cases");
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> run(c)));
    }

    /**
     * int8, uint8, int16, uint16, float16 and bfloat16 (tests/oracle/gen_narrow_dtypes.py): NumPy's values
     * of same-dtype arithmetic, wraparound, float16 rounding and casts; JAX's promotion table by hand.
     */
    @TestFactory
    Stream<DynamicTest> narrowDtypes() throws IOException {
        List<Case> cases = load("narrow_dtypes.txt");
        assertTrue(cases.size() >= 90, "the suite has " + cases.size() + " cases");
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> run(c)));
    }

    /**
     * The registry decides what the suite must cover: every ufunc and reduction row of jax.numpy is
     * called by some case, so a function added as a row without a NumPy case fails here.
     */
    @Test
    void everyUfuncAndReductionRowHasACase() throws IOException {
        String exprs = load().stream().map(Case::expr).collect(java.util.stream.Collectors.joining("\n"));
        List<String> missing = SESSION.registry().all().stream()
                .filter(r -> r.name().startsWith("jnp.") && (r.has(Tag.ELEMENTWISE) || r.has(Tag.REDUCTION)))
                .map(r -> r.member())
                .filter(n -> !exprs.contains("np." + n + "("))
                .toList();
        assertEquals(List.of(), missing, "jax.numpy rows with no conformance case (add them to tests/oracle/gen_conformance.py)");
    }

    private static List<Case> load() throws IOException {
        return load("conformance.txt");
    }

    static List<Case> load(String resource) throws IOException {
        String text;
        try (InputStream in = ConformanceTest.class.getResourceAsStream(resource)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Case> cases = new ArrayList<>();
        for (String block : text.split("\n\n")) {
            String name = null;
            String expr = null;
            String error = null;
            List<String[]> inputs = new ArrayList<>();
            List<Expected> outs = new ArrayList<>();
            for (String line : block.split("\n")) {
                int sp = line.indexOf(' ');
                String rest = line.substring(sp + 1);
                switch (line.substring(0, Math.max(sp, 0))) {
                    case "case" -> name = rest;
                    case "in" -> inputs.add(rest.split(" ", -1));
                    case "expr" -> expr = rest;
                    case "error" -> error = rest;
                    case "out" -> {
                        String[] f = rest.split(" ", -1);
                        outs.add(new Expected(DType.byName(f[0]), shape(f[1]), Double.parseDouble(f[2]), f[3]));
                    }
                    default -> { }
                }
            }
            if (name != null) {
                cases.add(new Case(name, inputs, expr, outs, error));
            }
        }
        return cases;
    }

    private static int[] shape(String s) {
        return s.isEmpty() ? new int[0] : Stream.of(s.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    private static double number(String v) {
        return switch (v) {
            case "nan" -> Double.NaN;
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(v);
        };
    }

    private static double[] numbers(String values) {
        return values.isEmpty() ? new double[0] : Stream.of(values.split(",")).mapToDouble(ConformanceTest::number).toArray();
    }

    private static Array input(String[] f) {
        DType d = DType.byName(f[1]);
        double[] v = numbers(f[3]);
        HostData h = d.isFloat() ? new HostData(d, shape(f[2]), false, v, null)
                : new HostData(d, shape(f[2]), false, null, java.util.Arrays.stream(v).mapToLong(x -> (long) x).toArray());
        return Array.fromHost(h);
    }

    private static void run(Case c) {
        for (String[] in : c.inputs()) {
            SESSION.names().put(in[0], input(in));
        }
        Object result;
        try {
            SESSION.evalInteractive("result_ = " + c.expr());
            result = SESSION.names().get("result_");
        } catch (JxException e) {
            if (c.error() == null) {
                fail(c.expr() + " raised " + e.getMessage());
            }
            assertTrue(e.getMessage().contains(c.error()), () -> "expected '" + c.error() + "' in: " + e.getMessage());
            return;
        }
        if (c.error() != null) {
            fail(c.expr() + " should fail with '" + c.error() + "' but gave " + jx.eval.Printer.repr(result));
        }
        List<Object> outs = result instanceof Values.Tuple t ? t.items()
                : result instanceof Values.PyList l ? l.items() : List.of(result);
        assertEquals(c.outs().size(), outs.size(), "number of results");
        for (int i = 0; i < outs.size(); i++) {
            if (!(outs.get(i) instanceof Array a)) {
                fail("result " + i + " is not an array: " + jx.eval.Printer.repr(outs.get(i)));
                return;
            }
            compare(c.expr() + " result " + i + ": ", c.outs().get(i), a.toHost());
        }
    }

    private static void compare(String what, Expected want, HostData got) {
        assertEquals(want.dtype(), got.dtype(), what + "dtype");
        assertArrayEquals(want.shape(), got.shape(), what + "shape");
        double[] w = numbers(want.values());
        double[] g = got.floats() != null ? got.floats() : java.util.Arrays.stream(got.ints()).asDoubleStream().toArray();
        for (int i = 0; i < w.length; i++) {
            boolean same = Double.isNaN(w[i]) ? Double.isNaN(g[i])
                    : w[i] == g[i] || Math.abs(g[i] - w[i]) <= want.tol() * (1 + Math.abs(w[i]));
            if (!same) {
                fail(what + "element " + i + ": want " + w[i] + ", got " + g[i] + " (tolerance " + want.tol() + ")");
            }
        }
    }
}

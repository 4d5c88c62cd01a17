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
import jx.diag.JxException;
import jx.run.Config;
import jx.run.Session;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * jax.numpy on complex arrays against real NumPy: every case of complex_cases.txt (written by
 * tests/oracle/gen_complex_cases.py) evaluated by the interpreter, its dtype, shape and both parts
 * compared; and the operations JAX refuses on complex values, refused with its wording.
 */
class ComplexConformanceTest {
    private record Case(String name, String expr, DType dtype, int[] shape, double tol, double[] re, double[] im) {}

    @org.junit.jupiter.api.BeforeAll
    static void bindCpu() {
        new jx.array.ArrayContext(new jx.array.cpu.CpuBackend(), false).bindToThisThread();
    }

    private static final Session SESSION = new Session(new Config("cpu", false, List.of(),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));

    private static double[] numbers(String s) {
        return s.isEmpty() ? new double[0] : Stream.of(s.split(",")).mapToDouble(v -> switch (v) {
            case "nan" -> Double.NaN;
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(v);
        }).toArray();
    }

    private static int[] shape(String s) {
        return s.isEmpty() ? new int[0] : Stream.of(s.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    private static List<Case> load() throws IOException {
        String text;
        try (InputStream in = ComplexConformanceTest.class.getResourceAsStream("complex_cases.txt")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Case> cases = new ArrayList<>();
        String[] blocks = text.split("\n\n");
        for (String line : blocks[0].split("\n")) {
            String[] f = line.split(" ", -1);
            DType d = DType.byName(f[2]);
            HostData h = d.isComplex() ? new HostData(d, shape(f[3]), false, numbers(f[4]), null, numbers(f[5]))
                    : new HostData(d, shape(f[3]), false, numbers(f[4]), null);
            SESSION.names().put(f[1], Array.fromHost(h));
        }
        for (int b = 1; b < blocks.length; b++) {
            String[] lines = blocks[b].split("\n");
            String name = lines[0].substring("case ".length());
            String expr = lines[1].substring("expr ".length());
            String[] o = lines[2].split(" ", -1);
            cases.add(new Case(name, expr, DType.byName(o[1]), shape(o[2]), Double.parseDouble(o[3]), numbers(o[4]),
                    numbers(o[5])));
        }
        return cases;
    }

    @TestFactory
    Stream<DynamicTest> numpyOnComplex() throws IOException {
        List<Case> cases = load();
        assertTrue(cases.size() >= 80, "the suite has " + cases.size() + " cases");
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> run(c)));
    }

    private static void run(Case c) {
        Object result;
        try {
            SESSION.evalInteractive("result_ = " + c.expr());
            result = SESSION.names().get("result_");
        } catch (JxException e) {
            fail(c.expr() + " raised " + e.getMessage());
            return;
        }
        if (!(result instanceof Array a)) {
            fail(c.expr() + " is not an array: " + jx.eval.Printer.repr(result));
            return;
        }
        HostData got = a.toHostComplex();
        assertEquals(c.dtype(), got.dtype(), c.expr() + " dtype");
        assertArrayEquals(c.shape(), got.shape(), c.expr() + " shape");
        double[] re = got.floats() != null ? got.floats() : java.util.Arrays.stream(got.ints()).asDoubleStream().toArray();
        same(c, "real part", c.re(), re);
        if (got.dtype().isComplex()) {
            same(c, "imaginary part", c.im(), got.imag());
        }
    }

    private static void same(Case c, String what, double[] want, double[] got) {
        assertEquals(want.length, got.length, c.expr() + " " + what + " size");
        for (int i = 0; i < want.length; i++) {
            double w = want[i];
            double g = got[i];
            boolean ok = Double.isNaN(w) ? Double.isNaN(g) : w == g || Math.abs(g - w) <= c.tol() * (1 + Math.abs(w));
            if (!ok) {
                fail(c.expr() + " " + what + " element " + i + ": want " + w + ", got " + g + " (tolerance " + c.tol() + ")");
            }
        }
    }

    /** What JAX refuses on complex values, and the Python scalar semantics around them. */
    @Test
    void refusalsAndPythonComplex() throws IOException {
        load();
        String[][] errors = {
            {"np.floor(a)", "TypeError: floor does not support complex-valued inputs"},
            {"a // b", "TypeError: floor_divide does not support complex-valued inputs"},
            {"np.arctan2(a, b)", "TypeError: arctan2 does not support complex-valued inputs"},
            {"np.max(a)", "NotImplementedError: max of a complex array is not implemented in jx"},
            {"np.sort(a)", "does not support complex arrays (complex64)"},
            {"np.linalg.svd(m)", "NotImplementedError: svd of complex matrices is not implemented in jx"},
            {"a & b", "bitwise_and does not accept dtype complex64"},
            {"1j < 2j", "TypeError: '<' not supported between instances of 'complex' and 'complex'"},
            {"(1 + 2j) // 2", "TypeError: unsupported operand type(s) for //: 'complex' and 'int'"},
            {"0j ** -1", "ZeroDivisionError: 0.0 to a negative or complex power"},
            {"1j / 0", "ZeroDivisionError: complex division by zero"},
            {"float(1j)", "TypeError: float() argument must be a string or a number, not 'complex'"},
            {"format(1 + 2j, '05.1f')", "ValueError: Zero padding is not allowed in complex format specifier"},
            {"format(1 + 2j, '=10')", "ValueError: '=' alignment flag is not allowed in complex format specifier"},
            {"f\"{1j:%}\"", "ValueError: Unknown format code '%' for object of type 'complex'"},
            {"f\"{np.ones(2, np.complex64):.2f}\"", "unsupported format string passed to numpy.ndarray.__format__"},
            {"jax.grad(lambda z: z * z)(s)", "TypeError: grad requires real-valued outputs (output dtype that is a sub-dtype of np.floating), but got complex64. For holomorphic differentiation, pass holomorphic=True."},
            {"jax.grad(lambda z: z * z, holomorphic=True)(x[0])", "TypeError: grad with holomorphic=True requires inputs with complex dtype, but got float32."},
            {"jax.grad(lambda z: jnp.abs(z), holomorphic=True)(s)", "TypeError: grad with holomorphic=True requires outputs with complex dtype, but got float32."},
        };
        for (String[] e : errors) {
            try {
                SESSION.evalInteractive("result_ = " + e[0]);
                fail(e[0] + " should raise " + e[1] + " but gave " + jx.eval.Printer.repr(SESSION.names().get("result_")));
            } catch (JxException err) {
                assertTrue(err.getMessage().contains(e[1]), () -> e[0] + ": expected '" + e[1] + "' in " + err.getMessage());
            }
        }
        String[][] values = {
            {"repr(format(1+2j, '.2f'))", "'1.00+2.00j'"},
            {"repr(format(-1.5-0.25j, '.3f'))", "'-1.500-0.250j'"},
            {"repr(format(2j, '.1f'))", "'0.0+2.0j'"},
            {"repr(format(2j, ''))", "'2j'"},
            {"repr(format(2j, '>8'))", "'      2j'"},
            {"repr(format(1+2j, '>10'))", "'    (1+2j)'"},
            {"repr(format(1+2j, '<12'))", "'(1+2j)      '"},
            {"repr(format(1+2j, '^14.2f'))", "'  1.00+2.00j  '"},
            {"repr(format(1+2j, '+.2f'))", "'+1.00+2.00j'"},
            {"repr(format(0.1+0.2j, '.3g'))", "'0.1+0.2j'"},
            {"repr(format(123456.789-1e-7j, 'e'))", "'1.234568e+05-1.000000e-07j'"},
            {"repr(format(123456.789-1e-7j, '.2E'))", "'1.23E+05-1.00E-07j'"},
            {"repr(format(1+2j, '10'))", "'    (1+2j)'"},
            {"repr(format(-0.0-0j, '.1f'))", "'-0.0+0.0j'"},
            {"repr(format(1e20+1j, ',.1f'))", "'100,000,000,000,000,000,000.0+1.0j'"},
            {"repr(format(complex(float('nan'), float('inf')), '.2f'))", "'nan+infj'"},
            {"repr(format(3.25+1j, '.5'))", "'(3.25+1j)'"},
            {"repr(format(1+2j, '*>12.1f'))", "'****1.0+2.0j'"},
            {"repr(format(1-2j, ' .1f'))", "' 1.0-2.0j'"},
            {"repr(format(1+2j, 'n'))", "'1+2j'"},
            {"repr(f\"{np.asarray(0.1 + 0.2j):.3f}|{np.asarray(1 - 2j):>12}|{1.5j:+.1f}\")", "'0.100+0.200j|      (1-2j)|+0.0+1.5j'"},
            {"repr(1 + 2j)", "(1+2j)"}, {"repr((1 + 2j) / (3 - 1j))", "(0.1+0.7000000000000001j)"},
            {"repr((1 + 2j) ** 3)", "(-11-2j)"}, {"repr(complex(1, 2) * 1j)", "(-2+1j)"},
            {"repr(abs(3 + 4j))", "5.0"}, {"repr((3 - 4j).conjugate())", "(3+4j)"},
            {"repr((1.5 + 2j).real + (1.5 + 2j).imag)", "3.5"}, {"repr(2.5j)", "2.5j"}, {"repr(1e3j)", "1000j"},
            {"repr(1 + 0j == 1)", "True"}, {"repr(isinstance(1j, complex))", "True"}, {"repr(bool(0j))", "False"},
            {"repr(np.asarray(1j) * np.float32(2))", "Array(0.+2.j, dtype=complex64)"},
            {"repr(np.arange(2.0) + 1j)", "Array([0.+1.j, 1.+1.j], dtype=complex64)"},
            {"repr(np.array([1, 2]) * 1j)", "Array([0.+1.j, 0.+2.j], dtype=complex64, weak_type=True)"},
            {"repr((np.iscomplexobj(a), np.isrealobj(x), np.iscomplexobj(1j)))", "(True, True, True)"},
            {"repr((np.result_type(np.float32, np.complex64), np.issubdtype(a.dtype, np.complexfloating)))", "(dtype('complex64'), True)"},
            {"repr(a.at[0].set(5j)[0])", "Array(0.+5.j, dtype=complex64)"},
            {"repr(a.at[1].add(1j)[1] - a[1])", "Array(0.+1.j, dtype=complex64)"},
            {"repr(s.item())", "(-0.05999999865889549-0.6800000071525574j)"},
            {"repr(jax.lax.complex(np.float32(1), 2.0))", "Array(1.+2.j, dtype=complex64)"},
            {"repr(jax.jit(lambda v: v * 1j + 1)(x[:2]))", "Array([1.-5.28j, 1.-1.64j], dtype=complex64)"},
            {"repr(jax.jit(lambda w: w * 2)(s))", "Array(-0.12-1.36j, dtype=complex64)"},
            {"repr(jax.vmap(lambda w: w * np.conj(w))(a[:2]))", "Array([8.7106+0.j, 2.216 +0.j], dtype=complex64)"},
            {"f\"{m[0]} {s} {1.5 - 2j}\"", "[-1.77+0.01j -1.2 +0.1j ] (-0.05999999865889549-0.6800000071525574j) (1.5-2j)"},
        };
        for (String[] v : values) {
            SESSION.evalInteractive("result_ = " + v[0]);
            Object r = SESSION.names().get("result_");
            assertEquals(v[1], r instanceof String str ? str : jx.eval.Printer.repr(r), v[0]);
        }
    }
}

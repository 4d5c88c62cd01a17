package jx.array.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import jx.array.DType;
import jx.array.HostData;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * NumpyFormat's str and JaxRepr's repr of complex arrays, and PyFormat's repr of Python complex
 * numbers, against complex_goldens.txt from real NumPy 1.24 and Python 3.11
 * (tests/oracle/gen_complex_goldens.py, which documents the records).
 */
class ComplexGoldensTest {
    private static List<String[]> records() throws IOException {
        return GoldenRecords.read("/format/complex_goldens.txt");
    }

    private static double[] parts(String field, boolean f32) {
        String[] v = field.isEmpty() ? new String[0] : field.split(" ");
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = f32 ? Float.intBitsToFloat(Integer.parseUnsignedInt(v[i], 16))
                    : Double.longBitsToDouble(Long.parseUnsignedLong(v[i], 16));
        }
        return out;
    }

    private static double f64(String hex) {
        return Double.longBitsToDouble(Long.parseUnsignedLong(hex, 16));
    }

    @TestFactory
    Stream<DynamicTest> goldens() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (String[] f : records()) {
            String id = f[1];
            switch (f[0]) {
                case "C" -> {
                    DType d = DType.byName(f[2]);
                    boolean f32 = d == DType.COMPLEX64;
                    int[] shape = f[4].isEmpty() ? new int[0] : Stream.of(f[4].split(",")).mapToInt(Integer::parseInt).toArray();
                    HostData a = new HostData(d, shape, f[3].equals("1"), parts(f[5], f32), null, parts(f[6], f32));
                    tests.add(DynamicTest.dynamicTest(id + " str", () -> assertEquals(f[7], NumpyFormat.str(a), id + " str")));
                    tests.add(DynamicTest.dynamicTest(id + " repr", () -> assertEquals(f[8], JaxRepr.repr(a), id + " repr")));
                }
                case "P" -> tests.add(DynamicTest.dynamicTest(id, () -> assertEquals(f[4],
                        PyFormat.reprComplex(f64(f[2]), f64(f[3])), id)));
                default -> throw new IllegalStateException("bad golden record " + f[0]);
            }
        }
        assertTrue(tests.size() > 100, "the goldens file lost its records");
        return tests.stream();
    }
}

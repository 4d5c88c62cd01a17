package jx.array.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Checks NumpyFormat, JaxRepr and PyFormat against print_goldens.txt, produced from real NumPy
 * 1.24 and Python 3.11 by tests/oracle/gen_print_goldens.py (see it for the record format).
 */
class PrintGoldensTest {
    @org.junit.jupiter.api.BeforeAll
    static void bindCpu() {
        jx.array.TestContext.bind();
    }

    private static List<String[]> records() throws IOException {
        return GoldenRecords.read("/format/print_goldens.txt");
    }

    private static HostData hostData(String dtypeName, boolean weak, String shapeField, String values) {
        DType dtype = DType.byName(dtypeName);
        int[] shape = shapeField.isEmpty() ? new int[0]
                : Stream.of(shapeField.split(",")).mapToInt(Integer::parseInt).toArray();
        String[] v = values.isEmpty() ? new String[0] : values.split(" ");
        if (dtype.isFloat()) {
            double[] floats = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                floats[i] = dtype == DType.FLOAT32
                        ? Float.intBitsToFloat(Integer.parseUnsignedInt(v[i], 16))
                        : Double.longBitsToDouble(Long.parseUnsignedLong(v[i], 16));
            }
            return new HostData(dtype, shape, weak, floats, null);
        }
        long[] ints = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            ints[i] = Long.parseLong(v[i]);
        }
        return new HostData(dtype, shape, weak, null, ints);
    }

    private static Object pyValue(String kind, String value) {
        return switch (kind) {
            case "int" -> Long.parseLong(value);
            case "float" -> Double.longBitsToDouble(Long.parseUnsignedLong(value, 16));
            case "bool" -> value.equals("1");
            default -> value;
        };
    }

    @TestFactory
    Stream<DynamicTest> goldens() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (String[] f : records()) {
            String id = f[1];
            switch (f[0]) {
                case "A" -> {
                    HostData a = hostData(f[2], f[3].equals("1"), f[4], f[5]);
                    tests.add(DynamicTest.dynamicTest(id + " str",
                            () -> assertEquals(f[6], NumpyFormat.str(a), id + " str")));
                    tests.add(DynamicTest.dynamicTest(id + " repr",
                            () -> assertEquals(f[7], JaxRepr.repr(a), id + " repr")));
                }
                case "R" -> tests.add(DynamicTest.dynamicTest(id, () -> assertEquals(f[3],
                        PyFormat.reprFloat(Double.longBitsToDouble(Long.parseUnsignedLong(f[2], 16))), id)));
                case "F" -> tests.add(DynamicTest.dynamicTest(id + " " + f[2] + " '" + f[4] + "'",
                        () -> assertEquals(f[5], PyFormat.format(pyValue(f[2], f[3]), f[4]),
                                id + " format(" + f[2] + " " + f[3] + ", '" + f[4] + "')")));
                case "E" -> tests.add(DynamicTest.dynamicTest(id + " " + f[2] + " '" + f[4] + "'",
                        () -> assertEquals(f[5], assertThrows(IllegalArgumentException.class,
                                () -> PyFormat.format(pyValue(f[2], f[3]), f[4]), id).getMessage(), id)));
                case "X" -> {
                    HostData a = hostData(f[2], false, "", f[3]);
                    tests.add(DynamicTest.dynamicTest(id, () -> assertEquals(f[5],
                            PyFormat.formatArray(a, f[4]), id + " " + f[2] + " '" + f[4] + "'")));
                }
                default -> throw new IllegalStateException("bad golden record " + f[0]);
            }
        }
        return tests.stream();
    }

    @Test
    void formatOfNonScalarArray() {
        HostData a = new HostData(DType.FLOAT32, new int[] {2}, false, new double[] {0.5, 2}, null);
        assertEquals("[0.5 2. ]", PyFormat.formatArray(a, ""));
        assertThrows(IllegalArgumentException.class, () -> PyFormat.formatArray(a, ".2f"));
    }
}

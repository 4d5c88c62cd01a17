package jx.array.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

import jx.array.Backend.ReduceOp;
import jx.array.Backend.UnaryOp;
import jx.array.DType;

/** The float32 loops against the double-precision functions they stand for, on arrays big enough to be cut into chunks. */
class Float32LoopsTest {
    private static final int N = 300_000;

    private static float[] inputs() {
        float[] x = new float[N];
        for (int i = 0; i < N; i++) {
            x[i] = (float) ((i - N / 2) * 1e-4) * (i % 7 == 0 ? 1e-3f : 1f);
        }
        x[0] = -0.0f;
        x[1] = Float.NaN;
        x[2] = Float.POSITIVE_INFINITY;
        x[3] = Float.NEGATIVE_INFINITY;
        return x;
    }

    @Test
    void tanhAndExpAreWithinOneUlpOfTheCorrectlyRoundedResultEverywhere() {
        float[] x = inputs();
        float[] r = new float[N];
        Float32Loops.unary(UnaryOp.TANH, x, r, Math::tanh);
        int exact = 0;
        for (int i = 0; i < N; i++) {
            float want = (float) Math.tanh(x[i]);
            if (Float.isNaN(want)) {
                assertTrue(Float.isNaN(r[i]), "tanh(" + x[i] + ")");
                continue;
            }
            assertEquals(want, r[i], Math.ulp(want), "tanh(" + x[i] + ")");
            exact += Float.compare(want, r[i]) == 0 ? 1 : 0;
        }
        assertEquals(Float.floatToIntBits(-0.0f), Float.floatToIntBits(r[0]), "tanh(-0.0) keeps its sign");
        assertTrue(exact > N * 0.999, exact + " of " + N + " tanh results are the correctly rounded ones");
        Float32Loops.unary(UnaryOp.EXP, x, r, Math::exp);
        for (int i = 0; i < N; i++) {
            float want = (float) Math.exp(x[i]);
            assertEquals(want, r[i], Float.isNaN(want) ? 0 : Math.ulp(want), "exp(" + x[i] + ")");
        }
    }

    @Test
    void everyChunkIsComputed() {
        float[] x = inputs();
        float[] r = new float[N];
        Float32Loops.unary(UnaryOp.NEG, x, r, v -> -v);
        for (int i = 0; i < N; i++) {
            assertEquals(Float.floatToIntBits(-x[i]), Float.floatToIntBits(r[i]), "at " + i);
        }
        // An operation without a loop of its own goes through the generic function, also in chunks.
        Float32Loops.unary(UnaryOp.SIN, x, r, Math::sin);
        for (int i = 0; i < N; i++) {
            assertEquals(Float.floatToIntBits((float) Math.sin(x[i])), Float.floatToIntBits(r[i]), "at " + i);
        }
    }

    /** Distance in float32 steps; ±0 are one value, NaN is far from everything but NaN. */
    private static long ulps(float a, float b) {
        if (Float.isNaN(a) || Float.isNaN(b)) {
            return Float.isNaN(a) && Float.isNaN(b) ? 0 : Long.MAX_VALUE;
        }
        return Math.abs(ordered(a) - ordered(b));
    }

    private static long ordered(float f) {
        int i = Float.floatToIntBits(f);
        return i < 0 ? 0x80000000L - (i & 0xFFFFFFFFL) : i;
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /**
     * The SIMD-friendly exp, tanh and sigmoid (Transcendentals) against the double-precision functions
     * rounded once to float32 (correctly rounded but for ties far below float32's resolution), on
     * seeded random bit patterns over the whole range and on the ranges where the results are neither
     * 0, ±1 nor infinite: never more than one ulp off, nearly always the same bits, infinities, zeros
     * (with their signs), subnormals and NaN as the oracle has them.
     */
    @Test
    void transcendentalsAreCorrectlyRoundedButForRareTiesOverTheWholeRange() {
        Random rnd = new Random(20261202);
        int n = 1 << 20;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = switch (i % 4) {
                case 0 -> Float.intBitsToFloat(rnd.nextInt());
                case 1 -> (float) (rnd.nextDouble() * 193 - 104);
                case 2 -> (float) (rnd.nextDouble() * 20 - 10);
                default -> Float.intBitsToFloat(rnd.nextInt(1 << 23) | (rnd.nextBoolean() ? 0x80000000 : 0));
            };
        }
        float[] specials = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE,
            -Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE, 88.72283f, 88.72284f, -87.33655f, -103.97208f,
            -103.97209f, -104f, 89f, 9.1f, -9.1f, 1e-30f, -1e-30f};
        System.arraycopy(specials, 0, x, 0, specials.length);
        check(UnaryOp.EXP, x, Math::exp);
        check(UnaryOp.TANH, x, Math::tanh);
        check(UnaryOp.SIGMOID, x, Float32LoopsTest::sigmoid);
    }

    private static void check(UnaryOp op, float[] x, DoubleUnaryOperator oracle) {
        float[] r = new float[x.length];
        Float32Loops.unary(op, x, r, oracle);
        int same = 0;
        for (int i = 0; i < x.length; i++) {
            float want = (float) oracle.applyAsDouble(x[i]);
            long d = ulps(want, r[i]);
            assertTrue(d <= 1, op + "(" + x[i] + ") = " + r[i] + ", want " + want);
            boolean identical = Float.floatToIntBits(want) == Float.floatToIntBits(r[i]);
            if (want == 0 || Float.isInfinite(want)) {
                assertTrue(identical, op + "(" + x[i] + ") = " + r[i] + ", want " + want + " (sign and class)");
            }
            same += identical ? 1 : 0;
        }
        assertTrue(same >= x.length - x.length / 100_000, op + ": " + (x.length - same) + " of " + x.length
                + " results are not the correctly rounded ones");
    }

    /**
     * Against NumPy's float32 exp and tanh and SciPy's expit on 13.5k seeded inputs with the edges
     * (tests/oracle/gen_float32_transcendentals.py): NumPy's SIMD kernels promise a few ulps, so the
     * two agree within 2, and on every infinity, zero and NaN.
     */
    @Test
    void transcendentalsAgreeWithNumpy() throws IOException {
        List<int[]> rows = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                Float32LoopsTest.class.getResourceAsStream("float32_transcendentals.txt"), StandardCharsets.US_ASCII))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] f = line.split(" ");
                int[] row = new int[4];
                for (int c = 0; c < 4; c++) {
                    row[c] = Integer.parseUnsignedInt(f[c], 16);
                }
                rows.add(row);
            }
        }
        assertTrue(rows.size() > 13_000, rows.size() + " rows");
        float[] x = new float[rows.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = Float.intBitsToFloat(rows.get(i)[0]);
        }
        UnaryOp[] ops = {UnaryOp.EXP, UnaryOp.TANH, UnaryOp.SIGMOID};
        for (int c = 0; c < ops.length; c++) {
            float[] r = new float[x.length];
            Float32Loops.unary(ops[c], x, r, v -> Double.NaN);
            for (int i = 0; i < x.length; i++) {
                float want = Float.intBitsToFloat(rows.get(i)[c + 1]);
                if (ops[c] == UnaryOp.SIGMOID && want == 0 && x[i] < -87) {
                    // SciPy's float32 expit underflows to 0 where the result is a subnormal; jx keeps it.
                    assertTrue(r[i] >= 0 && r[i] < Float.MIN_NORMAL, "sigmoid(" + x[i] + ") = " + r[i]);
                    continue;
                }
                assertTrue(ulps(want, r[i]) <= 2, ops[c] + "(" + x[i] + ") = " + r[i] + ", NumPy " + want);
                if (want == 0 || Float.isInfinite(want)) {
                    assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(r[i]), ops[c] + "(" + x[i] + ")");
                }
            }
        }
    }

    /** A long row NumPy builds the same way (tests/oracle/gen_float32_sums.py). */
    private static float[] longRow(int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) ((i * 2654435761L) % 1000003) / 1000003f - 0.5f;
        }
        return x;
    }

    private static float reduceAll(ReduceOp op, float[] v) {
        return ((float[]) ((CpuBuffer) Reductions.reduce(op, new CpuBuffer(DType.FLOAT32, v), 1, v.length, 1,
                DType.FLOAT32)).data)[0];
    }

    /** The long sum's subtrees run on the cores; the tree, and so every bit, stays NumPy's. */
    @Test
    void longSumsOnAllCoresKeepNumpysPairwiseBits() {
        float[] x = longRow(10_000_019);
        assertEquals(0xc0887931, Float.floatToIntBits(reduceAll(ReduceOp.SUM, x)), "NumPy's np.sum");
        assertEquals(0x3effffde, Float.floatToIntBits(reduceAll(ReduceOp.MAX, x)), "NumPy's np.max");
        Random rnd = new Random(7);
        for (int t = 0; t < 12; t++) {
            int n = (1 << 18) - 3 + rnd.nextInt(3 << 20);
            int start = rnd.nextInt(100);
            assertEquals(Float.floatToIntBits(Float32Loops.pairwiseSum(x, start, n)),
                    Float.floatToIntBits(Float32Loops.pairwiseSumParallel(x, start, n)), "n = " + n);
        }
        float[] m = java.util.Arrays.copyOf(x, 10_000_000);
        float[] cols = (float[]) ((CpuBuffer) Reductions.reduce(ReduceOp.SUM, new CpuBuffer(DType.FLOAT32, m), 1, 1000,
                10000, DType.FLOAT32)).data;
        assertEquals(0x405ce0d1, Float.floatToIntBits(cols[0]), "np.sum(m, axis=0)[0]");
        assertEquals(0xbf4045bf, Float.floatToIntBits(cols[1]), "np.sum(m, axis=0)[1]");
        assertEquals(0xbf97183e, Float.floatToIntBits(cols[9999]), "np.sum(m, axis=0)[9999]");
    }

    /** max and min over chunks on the cores: a NaN anywhere wins, +0 over -0 whichever chunk holds it. */
    @Test
    void longExtremaOnAllCoresSeeEveryChunk() {
        float[] x = longRow(3_000_001);
        for (int at : new int[] {0, 1_500_000, 3_000_000}) {
            float[] y = x.clone();
            y[at] = Float.NaN;
            assertTrue(Float.isNaN(reduceAll(ReduceOp.MAX, y)), "NaN at " + at);
            assertTrue(Float.isNaN(reduceAll(ReduceOp.MIN, y)), "NaN at " + at);
            y = x.clone();
            y[at] = 7f;
            assertEquals(7f, reduceAll(ReduceOp.MAX, y), "7 at " + at);
        }
        float[] z = new float[2_000_000];
        java.util.Arrays.fill(z, -0f);
        z[1_999_999] = 0f;
        assertEquals(Float.floatToIntBits(0f), Float.floatToIntBits(reduceAll(ReduceOp.MAX, z)));
        z[1_999_999] = -0f;
        z[3] = 0f;
        assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(reduceAll(ReduceOp.MIN, z)));
    }
}

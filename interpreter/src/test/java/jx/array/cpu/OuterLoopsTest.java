package jx.array.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.Random;
import java.util.function.DoubleBinaryOperator;
import jx.array.Backend.BinaryOp;
import jx.array.DType;
import org.junit.jupiter.api.Test;

/**
 * The batched outer-product loops against the elementwise definition, bit for bit, on seeded
 * random (..., I, J) shapes where one operand is a column (..., I, 1) and the other a row
 * (..., 1, J), either side first, each batched or broadcast over the leading axes; through
 * Elementwise.binary, so the dispatch that picks the fast path is what is tested.
 */
class OuterLoopsTest {
    private static final Random RND = new Random(4242);
    private static final BinaryOp[] OPS = {BinaryOp.ADD, BinaryOp.SUB, BinaryOp.MUL, BinaryOp.DIV, BinaryOp.MAX,
            BinaryOp.MIN};

    private static float value() {
        return switch (RND.nextInt(25)) {
            case 0 -> Float.NaN;
            case 1 -> Float.NEGATIVE_INFINITY;
            case 2 -> -0.0f;
            case 3 -> 0.0f;
            default -> (float) (RND.nextGaussian() * 10);
        };
    }

    private static float[] values(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = value();
        }
        return v;
    }

    /** Strides of a (..., last) contiguous operand over the output shape, broadcast along axis skip and, if asked, the leading axes. */
    private static int[] strides(int[] shape, int skip, boolean leadingBroadcast) {
        int nd = shape.length;
        int[] s = new int[nd];
        int step = 1;
        for (int d = nd - 1; d >= 0; d--) {
            if (d == skip || (d < nd - 2 && leadingBroadcast)) {
                continue;
            }
            s[d] = step;
            step *= shape[d];
        }
        return s;
    }

    private static int size(int[] shape, int[] strides) {
        int n = 1;
        for (int d = 0; d < shape.length; d++) {
            if (strides[d] != 0) {
                n *= shape[d];
            }
        }
        return n;
    }

    private static int at(int[] strides, int[] shape, int flat) {
        int p = 0;
        for (int d = shape.length - 1; d >= 0; d--) {
            p += (flat % shape[d]) * strides[d];
            flat /= shape[d];
        }
        return p;
    }

    private static void check(BinaryOp op, int[] shape, boolean colFirst, boolean colBroadcast, boolean rowBroadcast) {
        int nd = shape.length;
        int[] cs = strides(shape, nd - 1, colBroadcast);
        int[] rs = strides(shape, nd - 2, rowBroadcast);
        float[] col = values(size(shape, cs));
        float[] row = values(size(shape, rs));
        float[] x = colFirst ? col : row;
        float[] y = colFirst ? row : col;
        int[] xs = colFirst ? cs : rs;
        int[] ys = colFirst ? rs : cs;
        String where = op + " " + Arrays.toString(shape) + (colFirst ? " column first" : " row first")
                + (colBroadcast ? ", column broadcast" : "") + (rowBroadcast ? ", row broadcast" : "");
        assertNotNull(OuterLoops.tryRun(op, x, xs, y, ys, shape), where + ": the fast path applies");
        float[] r = (float[]) ((CpuBuffer) Elementwise.binary(op, new CpuBuffer(DType.FLOAT32, x), xs,
                new CpuBuffer(DType.FLOAT32, y), ys, shape, DType.FLOAT32)).data;
        DoubleBinaryOperator f = Elementwise.floatBinary(op, true);
        for (int i = 0; i < r.length; i++) {
            float want = (float) f.applyAsDouble(x[at(xs, shape, i)], y[at(ys, shape, i)]);
            assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(r[i]), where + " at " + i);
        }
    }

    @Test
    void batchedOuterProductsEqualTheElementwiseDefinition() {
        for (int trial = 0; trial < 300; trial++) {
            int lead = RND.nextInt(4);
            int[] shape = new int[lead + 2];
            for (int d = 0; d < lead; d++) {
                shape[d] = 1 + RND.nextInt(5);
            }
            shape[lead] = 2 + RND.nextInt(40);
            shape[lead + 1] = 2 + RND.nextInt(RND.nextInt(4) == 0 ? 300 : 20);
            check(OPS[RND.nextInt(OPS.length)], shape, RND.nextBoolean(), RND.nextInt(4) == 0, RND.nextInt(4) == 0);
        }
    }

    @Test
    void productsBigEnoughToSplitIntoParallelChunks() {
        check(BinaryOp.MUL, new int[] {3, 70, 20_011}, true, false, false);
        check(BinaryOp.SUB, new int[] {2, 41, 60_000}, false, false, true);
    }

    @Test
    void otherLayoutsAreLeftToTheGeneralWalk() {
        int[] shape = {4, 3, 5};
        float[] a = values(60);
        float[] b = values(60);
        // A transposed column, a row that is not contiguous, two full operands, a comparison.
        assertNull(OuterLoops.tryRun(BinaryOp.MUL, a, new int[] {3, 4, 0}, b, new int[] {5, 0, 1}, shape));
        assertNull(OuterLoops.tryRun(BinaryOp.MUL, a, new int[] {3, 1, 0}, b, new int[] {10, 0, 2}, shape));
        assertNull(OuterLoops.tryRun(BinaryOp.MUL, a, new int[] {15, 5, 1}, b, new int[] {15, 5, 1}, shape));
        assertNull(OuterLoops.tryRun(BinaryOp.LT, a, new int[] {3, 1, 0}, b, new int[] {5, 0, 1}, shape));
        // A leading axis neither contiguous nor broadcast: (2, 2, 3, 5) with the column's axes 0 and 1 swapped.
        int[] four = {2, 2, 3, 5};
        assertNull(OuterLoops.tryRun(BinaryOp.MUL, a, new int[] {3, 6, 1, 0}, b, new int[] {10, 5, 0, 1}, four));
    }
}

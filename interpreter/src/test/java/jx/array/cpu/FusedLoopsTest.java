package jx.array.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

import jx.array.Backend.BinaryOp;
import jx.array.Backend.Buffer;
import jx.array.Backend.ReduceOp;
import jx.array.Backend.TernaryOp;
import jx.array.Backend.UnaryOp;
import jx.array.DType;
import jx.array.Fused;

/**
 * Seeded random fusion groups (a DAG of steps over a matrix, a row, a column and scalars, some with
 * row reductions read back along the rows, with or without a trailing reduction) run by FusedLoops against the same group kernel by kernel: every
 * element bit for bit, sums within their rounding.
 */
class FusedLoopsTest {
    private static final UnaryOp[] UNARY = {UnaryOp.NEG, UnaryOp.ABS, UnaryOp.SQUARE, UnaryOp.EXP, UnaryOp.LOG,
        UnaryOp.SQRT, UnaryOp.TANH, UnaryOp.SIGMOID, UnaryOp.SIN, UnaryOp.RECIPROCAL};
    private static final BinaryOp[] BINARY = {BinaryOp.ADD, BinaryOp.SUB, BinaryOp.MUL, BinaryOp.DIV, BinaryOp.MAX,
        BinaryOp.MIN, BinaryOp.POW, BinaryOp.ATAN2};
    private static final ReduceOp[] REDUCE = {ReduceOp.SUM, ReduceOp.MAX, ReduceOp.MIN};
    private static final CpuBackend CPU = new CpuBackend();

    private record Case(Fused group, List<Buffer> inputs) {}

    private static float[] values(Random rnd, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = switch (rnd.nextInt(40)) {
                case 0 -> Float.NaN;
                case 1 -> -0.0f;
                case 2 -> Float.POSITIVE_INFINITY;
                default -> (rnd.nextFloat() - 0.5f) * 6;
            };
        }
        return v;
    }

    private static Case randomCase(Random rnd) {
        boolean big = rnd.nextInt(4) == 0;
        int rows = 1 + rnd.nextInt(big ? 30 : 200);
        int cols = 1 + rnd.nextInt(big ? 4000 : 900);
        int[] shape = {rows, cols};
        List<Buffer> inputs = new ArrayList<>();
        List<int[]> strides = new ArrayList<>();
        inputs.add(new CpuBuffer(DType.FLOAT32, values(rnd, rows * cols)));
        strides.add(new int[] {cols, 1});
        inputs.add(new CpuBuffer(DType.FLOAT32, values(rnd, cols)));
        strides.add(new int[] {0, 1});
        inputs.add(new CpuBuffer(DType.FLOAT32, values(rnd, rows)));
        strides.add(new int[] {1, 0});
        for (int k = 0; k < 3; k++) {
            inputs.add(new CpuBuffer(DType.FLOAT32, new float[] {(float) (Math.round(rnd.nextGaussian() * 100) / 100.0)}));
            strides.add(new int[] {0, 0});
        }
        List<Fused.Step> steps = new ArrayList<>();
        steps.add(new Fused.Load(0, DType.FLOAT32));
        boolean rowwise = rnd.nextInt(3) == 0;
        int ops = 1 + rnd.nextInt(14);
        for (int i = 0; i < ops; i++) {
            int last = steps.size() - 1;
            // Mostly the latest value, sometimes an earlier one, so that registers live across steps.
            int a = rnd.nextInt(3) == 0 ? rnd.nextInt(steps.size()) : last;
            switch (rnd.nextInt(rowwise ? 8 : 7)) {
                case 7 -> steps.add(new Fused.RowReduce(REDUCE[rnd.nextInt(REDUCE.length)], a, DType.FLOAT32));
                case 0 -> steps.add(new Fused.Load(rnd.nextInt(inputs.size()), DType.FLOAT32));
                case 1, 2 -> steps.add(new Fused.Unary(UNARY[rnd.nextInt(UNARY.length)], a, DType.FLOAT32));
                case 3 -> {
                    steps.add(new Fused.Load(3 + rnd.nextInt(3), DType.FLOAT32));
                    int c = steps.size() - 1;
                    steps.add(new Fused.Ternary(TernaryOp.CLIP, a, c, rnd.nextBoolean() ? c : last, DType.FLOAT32));
                }
                default -> {
                    int b = rnd.nextInt(steps.size());
                    boolean flip = rnd.nextBoolean();
                    steps.add(new Fused.Binary(BINARY[rnd.nextInt(BINARY.length)], flip ? b : a, flip ? a : b,
                            DType.FLOAT32));
                }
            }
        }
        if (steps.get(steps.size() - 1) instanceof Fused.Load) {
            steps.add(new Fused.Unary(UnaryOp.NEG, steps.size() - 1, DType.FLOAT32));
        }
        Fused.Reduction red = switch (rnd.nextInt(5)) {
            case 0 -> new Fused.Reduction(ReduceOp.SUM, rows, cols, 1, DType.FLOAT32);
            case 1 -> new Fused.Reduction(ReduceOp.MAX, rows, cols, 1, DType.FLOAT32);
            case 2 -> rowwise ? null : new Fused.Reduction(rnd.nextBoolean() ? ReduceOp.SUM : ReduceOp.MIN, 1, rows * cols, 1,
                    DType.FLOAT32);
            default -> null;
        };
        return new Case(new Fused(shape, strides, steps, red), inputs);
    }

    private static float[] floats(Buffer b) {
        return (float[]) ((CpuBuffer) b).data;
    }

    @Test
    void randomGroupsEqualTheirKernelsElementByElement() {
        Random rnd = new Random(1402);
        int reductions = 0;
        int rowwise = 0;
        for (int t = 0; t < 120; t++) {
            Case c = randomCase(rnd);
            Fused g = c.group();
            assertTrue(FusedLoops.handles(g, c.inputs()));
            rowwise += g.rowwise() ? 1 : 0;
            float[] got = floats(FusedLoops.run(g, c.inputs()));
            float[] want = floats(g.runByKernels(CPU, c.inputs()));
            assertEquals(want.length, got.length);
            String what = "case " + t + ": " + g.steps() + " " + g.reduction() + " over " + java.util.Arrays.toString(g.shape());
            if (g.reduction() == null || g.reduction().op() != ReduceOp.SUM) {
                for (int i = 0; i < want.length; i++) {
                    if (Float.floatToIntBits(want[i]) != Float.floatToIntBits(got[i])) {
                        throw new AssertionError(what + " at " + i + ": " + want[i] + " against " + got[i]);
                    }
                }
                continue;
            }
            reductions++;
            // A sum may round differently: bound it by the sum of magnitudes of what it adds.
            Fused unreduced = new Fused(g.shape(), g.inputStrides(), g.steps(), null);
            float[] terms = floats(unreduced.runByKernels(CPU, c.inputs()));
            int n = g.reduction().n();
            for (int row = 0; row < want.length; row++) {
                double magnitude = 0;
                for (int j = 0; j < n; j++) {
                    magnitude += Math.abs(terms[row * n + j]);
                }
                boolean ok = Float.isNaN(want[row]) || Double.isInfinite(magnitude)
                        ? Float.isNaN(want[row]) == Float.isNaN(got[row])
                        : Math.abs(want[row] - got[row]) <= 1e-5 * magnitude + 1e-30;
                if (!ok) {
                    throw new AssertionError(what + " row " + row + ": " + want[row] + " against " + got[row]);
                }
            }
        }
        assertTrue(reductions > 12, reductions + " sums checked");
        assertTrue(rowwise > 20, rowwise + " row-wise groups checked");
    }
}

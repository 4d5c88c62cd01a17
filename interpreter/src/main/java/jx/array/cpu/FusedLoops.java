package jx.array.cpu;

import java.util.List;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

import jx.array.Backend.Buffer;
import jx.array.Backend.ReduceOp;
import jx.array.DType;
import jx.array.Fused;

/**
 * A float32 fusion group (jax.jit) as one pass over memory: blocks of {@link #BLOCK} elements, small
 * enough that every register of the group stays in the first-level cache, run on all cores by
 * {@link Chunks}; a trailing sum, max or min of whole rows is taken block by block. Every step
 * computes exactly what the kernel of the same operation computes (Float32Loops, BinaryLoops), so a
 * fused result equals the unfused one element by element; only sums may round differently.
 */
final class FusedLoops {
    private FusedLoops() {}

    static final int BLOCK = 1024;

    /** Whether this group runs here: float32 throughout, a trailing reduction of whole rows if any. */
    static boolean handles(Fused g, List<Buffer> inputs) {
        for (Buffer b : inputs) {
            if (b.dtype() != DType.FLOAT32) {
                return false;
            }
        }
        for (Fused.Step s : g.steps()) {
            if (s.out() != DType.FLOAT32 || s instanceof Fused.Cast) {
                return false;
            }
        }
        Fused.Reduction r = g.reduction();
        return r == null || r.inner() == 1 && r.out() == DType.FLOAT32 && r.op() != ReduceOp.PROD;
    }

    static Buffer run(Fused g, List<Buffer> inputs) {
        float[][] in = new float[inputs.size()][];
        for (int i = 0; i < in.length; i++) {
            in[i] = (float[]) ((CpuBuffer) inputs.get(i)).data;
        }
        int n = g.size();
        Fused.Reduction red = g.reduction();
        Plan plan = new Plan(g, in);
        if (red == null) {
            float[] out = new float[n];
            Chunks.forRange(n, (from, to) -> {
                float[][] regs = new float[g.steps().size()][Math.min(BLOCK, to - from)];
                for (int b = from; b < to; b += BLOCK) {
                    int len = Math.min(BLOCK, to - b);
                    float[] r = plan.block(regs, b, len);
                    System.arraycopy(r, 0, out, b, len);
                }
            });
            return new CpuBuffer(DType.FLOAT32, out);
        }
        int rows = red.outer();
        int cols = red.n();
        float[] out = new float[rows];
        if (rows == 1) {
            // One long row: partial results per block, combined pairwise in block order.
            int blocks = (cols + BLOCK - 1) / BLOCK;
            float[] partial = new float[blocks];
            Chunks.forRange(blocks, 16, (from, to) -> {
                float[][] regs = new float[g.steps().size()][BLOCK];
                for (int k = from; k < to; k++) {
                    int len = Math.min(BLOCK, cols - k * BLOCK);
                    partial[k] = reduce(red.op(), plan.block(regs, k * BLOCK, len), len);
                }
            });
            out[0] = reduce(red.op(), partial, blocks);
            return new CpuBuffer(DType.FLOAT32, out);
        }
        Chunks.forRange(rows, Math.max(1, Chunks.PARALLEL_MIN / Math.max(1, cols)), (from, to) -> {
            float[][] regs = new float[g.steps().size()][BLOCK];
            float[] partial = new float[(cols + BLOCK - 1) / BLOCK];
            for (int row = from; row < to; row++) {
                int k = 0;
                for (int c = 0; c < cols; c += BLOCK, k++) {
                    int len = Math.min(BLOCK, cols - c);
                    partial[k] = reduce(red.op(), plan.block(regs, row * cols + c, len), len);
                }
                out[row] = k == 1 ? partial[0] : reduce(red.op(), partial, k);
            }
        });
        return new CpuBuffer(DType.FLOAT32, out);
    }

    private static float reduce(ReduceOp op, float[] v, int len) {
        return switch (op) {
            case SUM -> Float32Loops.pairwiseSum(v, 0, len);
            case MAX -> {
                float m = Float.NEGATIVE_INFINITY;
                for (int i = 0; i < len; i++) {
                    m = Math.max(m, v[i]);
                }
                yield m;
            }
            case MIN -> {
                float m = Float.POSITIVE_INFINITY;
                for (int i = 0; i < len; i++) {
                    m = Math.min(m, v[i]);
                }
                yield m;
            }
            default -> throw new IllegalArgumentException(op + " is not fused");
        };
    }

    /** The group's steps, ready to run on blocks. */
    private static final class Plan {
        final Fused g;
        final float[][] in;
        final int[] shape;
        final int[][] strides;
        final boolean[] contiguous;
        final boolean[] scalar;
        final DoubleUnaryOperator[] unary;
        final DoubleBinaryOperator[] binary;

        Plan(Fused g, float[][] in) {
            this.g = g;
            this.in = in;
            this.shape = g.shape();
            int k = in.length;
            strides = new int[k][];
            contiguous = new boolean[k];
            scalar = new boolean[k];
            for (int i = 0; i < k; i++) {
                strides[i] = g.inputStrides().get(i);
                contiguous[i] = g.contiguous(i);
                scalar[i] = Elementwise.allZero(strides[i]);
            }
            int s = g.steps().size();
            unary = new DoubleUnaryOperator[s];
            binary = new DoubleBinaryOperator[s];
            for (int i = 0; i < s; i++) {
                switch (g.steps().get(i)) {
                    case Fused.Unary u -> unary[i] = Elementwise.floatUnary(u.op());
                    case Fused.Binary b -> binary[i] = Elementwise.floatBinary(b.op(), true);
                    default -> { }
                }
            }
        }

        /** Computes elements [start, start + len) of every step into regs; returns the last step's register. */
        float[] block(float[][] regs, int start, int len) {
            List<Fused.Step> steps = g.steps();
            for (int i = 0; i < steps.size(); i++) {
                float[] r = regs[i];
                switch (steps.get(i)) {
                    case Fused.Load l -> load(l.input(), r, start, len);
                    case Fused.Unary u -> unary(u, regs[u.a()], r, len, unary[i]);
                    case Fused.Binary b -> binary(b, regs[b.a()], regs[b.b()], r, len, binary[i]);
                    case Fused.Ternary t -> {
                        float[] x = regs[t.a()];
                        float[] lo = regs[t.b()];
                        float[] hi = regs[t.c()];
                        for (int j = 0; j < len; j++) {
                            r[j] = Math.min(Math.max(x[j], lo[j]), hi[j]);
                        }
                    }
                    case Fused.Cast c -> throw new IllegalStateException("casts are not fused here");
                }
            }
            return regs[steps.size() - 1];
        }

        private void load(int input, float[] r, int start, int len) {
            float[] x = in[input];
            if (contiguous[input]) {
                System.arraycopy(x, start, r, 0, len);
                return;
            }
            if (scalar[input]) {
                java.util.Arrays.fill(r, 0, len, x[0]);
                return;
            }
            int[] st = strides[input];
            int nd = shape.length;
            int[] coord = new int[nd];
            int rem = start;
            int at = 0;
            for (int d = nd - 1; d >= 0; d--) {
                coord[d] = rem % shape[d];
                rem /= shape[d];
                at += coord[d] * st[d];
            }
            int last = nd - 1;
            int inner = st[last];
            if (inner == 0 || inner == 1) {
                // Whole runs along the last axis: a broadcast value repeated, or a contiguous piece.
                int j = 0;
                while (j < len) {
                    int run = Math.min(len - j, shape[last] - coord[last]);
                    if (inner == 0) {
                        java.util.Arrays.fill(r, j, j + run, x[at]);
                    } else {
                        System.arraycopy(x, at, r, j, run);
                    }
                    j += run;
                    at += inner * run - inner * shape[last];
                    coord[last] = 0;
                    at += advance(coord, st, last);
                }
                return;
            }
            for (int j = 0; j < len; j++) {
                r[j] = x[at];
                if (++coord[last] < shape[last]) {
                    at += inner;
                    continue;
                }
                at -= (shape[last] - 1) * inner;
                coord[last] = 0;
                for (int d = last - 1; d >= 0; d--) {
                    if (++coord[d] < shape[d]) {
                        at += st[d];
                        break;
                    }
                    at -= (shape[d] - 1) * st[d];
                    coord[d] = 0;
                }
            }
        }

        /** Moves coord (its last axis just wrapped to 0) to the next row; returns the change of the flat position. */
        private int advance(int[] coord, int[] st, int last) {
            int delta = 0;
            for (int d = last - 1; d >= 0; d--) {
                if (++coord[d] < shape[d]) {
                    return delta + st[d];
                }
                delta -= (shape[d] - 1) * st[d];
                coord[d] = 0;
            }
            return delta;
        }

        private static void unary(Fused.Unary u, float[] x, float[] r, int len, DoubleUnaryOperator f) {
            switch (u.op()) {
                case NEG -> {
                    for (int j = 0; j < len; j++) {
                        r[j] = -x[j];
                    }
                }
                case ABS -> {
                    for (int j = 0; j < len; j++) {
                        r[j] = Math.abs(x[j]);
                    }
                }
                case SQUARE -> {
                    for (int j = 0; j < len; j++) {
                        r[j] = x[j] * x[j];
                    }
                }
                case EXP -> Transcendentals.exp(x, r, 0, len);
                case LOG -> {
                    for (int j = 0; j < len; j++) {
                        r[j] = (float) Math.log(x[j]);
                    }
                }
                case SQRT -> {
                    for (int j = 0; j < len; j++) {
                        r[j] = (float) Math.sqrt(x[j]);
                    }
                }
                case TANH -> Transcendentals.tanh(x, r, 0, len);
                case SIGMOID -> Transcendentals.sigmoid(x, r, 0, len);
                default -> {
                    for (int j = 0; j < len; j++) {
                        r[j] = (float) f.applyAsDouble(x[j]);
                    }
                }
            }
        }

        private static void binary(Fused.Binary b, float[] x, float[] y, float[] r, int len, DoubleBinaryOperator f) {
            switch (b.op()) {
                case ADD -> {
                    for (int j = 0; j < len; j++) {
                        r[j] = x[j] + y[j];
                    }
                }
                case SUB -> {
                    for (int j = 0; j < len; j++) {
                        r[j] = x[j] - y[j];
                    }
                }
                case MUL -> {
                    for (int j = 0; j < len; j++) {
                        r[j] = x[j] * y[j];
                    }
                }
                case DIV -> {
                    for (int j = 0; j < len; j++) {
                        r[j] = x[j] / y[j];
                    }
                }
                case MAX -> {
                    for (int j = 0; j < len; j++) {
                        r[j] = Math.max(x[j], y[j]);
                    }
                }
                case MIN -> {
                    for (int j = 0; j < len; j++) {
                        r[j] = Math.min(x[j], y[j]);
                    }
                }
                default -> {
                    for (int j = 0; j < len; j++) {
                        r[j] = (float) f.applyAsDouble(x[j], y[j]);
                    }
                }
            }
        }
    }
}

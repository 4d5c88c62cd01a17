package jx.array.cpu;

import jx.array.Backend.BinaryOp;

/**
 * Float32 binary ops shaped like a batched outer product: over (..., I, J), one operand is a
 * (..., I) column broadcast along J and the other a (..., J) row broadcast along I, as in
 * {@code x[:, :, None] * g[:, None, :]} (the per-example gradient of a dense layer under vmap).
 * The general walk builds a start table per operand with a row per (b, i) and dispatches each
 * 64-element row through two calls; here every row is one scalar against one contiguous run, found
 * by arithmetic, so the loop is bound by writing the result.
 */
final class OuterLoops {
    private OuterLoops() {}

    /**
     * Lines per parallel chunk: PARALLEL_MIN elements. The result is written once, memory-bound, and
     * on this 2-core machine shared with other builds a second thread is mostly busy: measured at
     * load 20 on 512x32x64, a helper thread taking pieces beside the caller kept the 10th
     * percentile (0.65 ms) but put the median at 3-4 ms against 0.7 ms on the calling thread alone,
     * whenever the helper was preempted holding a piece. Only products over 4M elements split.
     */
    private static final int PARALLEL_MIN = 1 << 22;

    /** The product's layout: the outer count, I, J, and per operand its step per outer index (0: broadcast). */
    private record Shape(int outer, int rows, int cols, int colStep, int rowStep, boolean colFirst) {}

    /** The result, or null when the operands are not a column and a row of the same batch (then the caller walks). */
    static float[] tryRun(BinaryOp op, float[] x, int[] xStrides, float[] y, int[] yStrides, int[] shape) {
        Shape s = shape(xStrides, yStrides, shape);
        if (s == null || !BinaryLoops.has(op, true) || isComparison(op)) {
            return null;
        }
        float[] col = s.colFirst ? x : y;
        float[] row = s.colFirst ? y : x;
        float[] r = new float[s.outer * s.rows * s.cols];
        int lines = s.outer * s.rows;
        if (r.length <= PARALLEL_MIN && op == BinaryOp.MUL) {
            // Nothing to split: called directly rather than through Chunks' shared lambda call site.
            mul(col, row, r, s, 0, lines);
            Interrupts.check(Thread.currentThread());
            return r;
        }
        Chunks.forRange(lines, Math.max(1, PARALLEL_MIN / s.cols), (from, to) -> {
            if (op == BinaryOp.MUL) {
                mul(col, row, r, s, from, to);
            } else {
                each(op, col, row, r, s, from, to);
            }
        });
        return r;
    }

    private static boolean isComparison(BinaryOp op) {
        return switch (op) {
            case EQ, NE, LT, LE, GT, GE -> true;
            default -> false;
        };
    }

    /** Lines [from, to) of the result, line = outer index * I + i: r[line, :] = col[line] * row[outer, :]. */
    private static void mul(float[] col, float[] row, float[] r, Shape s, int from, int to) {
        int cols = s.cols;
        // The outer index and i advanced by counting: a division per 64-element line costs 5%.
        int b = from / s.rows;
        int i = from - b * s.rows;
        for (int line = from; line < to; line++) {
            float c = col[b * s.colStep + i];
            int ro = b * s.rowStep;
            int o = line * cols;
            for (int j = 0; j < cols; j++) {
                r[o + j] = c * row[ro + j];
            }
            if (++i == s.rows) {
                i = 0;
                b++;
            }
        }
    }

    private static void each(BinaryOp op, float[] col, float[] row, float[] r, Shape s, int from, int to) {
        for (int line = from; line < to; line++) {
            int b = line / s.rows;
            int ci = b * s.colStep + (line - b * s.rows);
            int ro = b * s.rowStep;
            if (s.colFirst) {
                BinaryLoops.run(op, col, ci, 0, row, ro, 1, r, line * s.cols, s.cols);
            } else {
                BinaryLoops.run(op, row, ro, 1, col, ci, 0, r, line * s.cols, s.cols);
            }
        }
    }

    private static Shape shape(int[] xStrides, int[] yStrides, int[] shape) {
        int nd = shape.length;
        if (nd < 2 || shape[nd - 1] < 2 || shape[nd - 2] < 2) {
            return null;
        }
        Shape s = shape(xStrides, yStrides, shape, true);
        return s != null ? s : shape(xStrides, yStrides, shape, false);
    }

    /** The layout with the first operand as the column (colFirst) or as the row, or null. */
    private static Shape shape(int[] xStrides, int[] yStrides, int[] shape, boolean colFirst) {
        int nd = shape.length;
        int[] c = colFirst ? xStrides : yStrides;
        int[] w = colFirst ? yStrides : xStrides;
        int rows = shape[nd - 2];
        int cols = shape[nd - 1];
        if (c[nd - 1] != 0 || c[nd - 2] != 1 || w[nd - 2] != 0 || w[nd - 1] != 1) {
            return null;
        }
        int colStep = outerStep(c, shape, rows);
        int rowStep = outerStep(w, shape, cols);
        if (colStep < 0 || rowStep < 0) {
            return null;
        }
        int outer = 1;
        for (int d = 0; d < nd - 2; d++) {
            outer *= shape[d];
        }
        return new Shape(outer, rows, cols, colStep, rowStep, colFirst);
    }

    /**
     * The operand's step per flat outer index (over the axes before the last two): unit when those
     * axes are contiguous blocks of unit elements, 0 when all broadcast, -1 otherwise.
     */
    private static int outerStep(int[] strides, int[] shape, int unit) {
        int nd = shape.length;
        boolean zero = true;
        int expect = unit;
        boolean contiguous = true;
        for (int d = nd - 3; d >= 0; d--) {
            if (shape[d] == 1) {
                continue;
            }
            zero &= strides[d] == 0;
            contiguous &= strides[d] == expect;
            expect *= shape[d];
        }
        return zero ? 0 : contiguous ? unit : -1;
    }
}

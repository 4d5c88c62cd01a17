package jx.array.cpu;

import java.util.function.DoubleUnaryOperator;

import jx.array.Backend.UnaryOp;

/**
 * The float32 loops that dominate array programs, written out per operation: a loop that calls
 * its operation through a shared functional interface sees every operation at one call site, so
 * the JIT can inline none of them. Big arrays are cut into chunks that run on all cores (Chunks).
 */
final class Float32Loops {
    private Float32Loops() {}

    /** r = op(x) elementwise; generic is the operation's double-precision function, for the rest. */
    static void unary(UnaryOp op, float[] x, float[] r, DoubleUnaryOperator generic) {
        Chunks.forRange(x.length, switch (op) {
            case NEG -> (from, to) -> {
                for (int i = from; i < to; i++) {
                    r[i] = -x[i];
                }
            };
            case ABS -> (from, to) -> {
                for (int i = from; i < to; i++) {
                    r[i] = Math.abs(x[i]);
                }
            };
            case SQUARE -> (from, to) -> {
                for (int i = from; i < to; i++) {
                    r[i] = x[i] * x[i];
                }
            };
            case EXP -> (from, to) -> Transcendentals.exp(x, r, from, to);
            case LOG -> (from, to) -> {
                for (int i = from; i < to; i++) {
                    r[i] = (float) Math.log(x[i]);
                }
            };
            case SQRT -> (from, to) -> {
                for (int i = from; i < to; i++) {
                    r[i] = (float) Math.sqrt(x[i]);
                }
            };
            case TANH -> (from, to) -> Transcendentals.tanh(x, r, from, to);
            case SIGMOID -> (from, to) -> Transcendentals.sigmoid(x, r, from, to);
            default -> (from, to) -> {
                for (int i = from; i < to; i++) {
                    r[i] = (float) generic.applyAsDouble(x[i]);
                }
            };
        });
    }

    /** From this many terms a sum's top halves go to the cores (PARALLEL_DEPTH levels: 8 subtrees). */
    private static final int PARALLEL_SUM_MIN = 1 << 18;
    private static final int PARALLEL_DEPTH = 3;

    /**
     * pairwiseSum of a long row with the subtrees below its top levels summed on all cores: the
     * tree is the same, so are the bits (a long sum is bound by memory bandwidth, which one core
     * does not use up).
     */
    static float pairwiseSumParallel(float[] v, int start, int n) {
        if (n < PARALLEL_SUM_MIN) {
            return pairwiseSum(v, start, n);
        }
        int leaves = 1 << PARALLEL_DEPTH;
        int[] from = new int[leaves];
        int[] count = new int[leaves];
        split(start, n, PARALLEL_DEPTH, 0, from, count);
        float[] part = new float[leaves];
        Chunks.forRange(leaves, 1, (lo, hi) -> {
            for (int c = lo; c < hi; c++) {
                part[c] = pairwiseSum(v, from[c], count[c]);
            }
        });
        return combine(part, 0, leaves);
    }

    /** The subtrees pairwiseSum's recursion reaches after depth halvings, left to right. */
    private static void split(int start, int n, int depth, int at, int[] from, int[] count) {
        if (depth == 0) {
            from[at] = start;
            count[at] = n;
            return;
        }
        int n2 = n / 2;
        n2 -= n2 % 8;
        split(start, n2, depth - 1, 2 * at, from, count);
        split(start + n2, n - n2, depth - 1, 2 * at + 1, from, count);
    }

    private static float combine(float[] part, int lo, int hi) {
        return hi - lo == 1 ? part[lo] : combine(part, lo, (lo + hi) / 2) + combine(part, (lo + hi) / 2, hi);
    }

    /**
     * NumPy's pairwise summation of float32 v[start], v[start + 1], ... (n terms), in float32
     * arithmetic as NumPy does it: blocks of 128 summed with 8 accumulators, halves recursively.
     */
    static float pairwiseSum(float[] v, int start, int n) {
        if (n < 8) {
            float res = 0;
            for (int i = 0; i < n; i++) {
                res += v[start + i];
            }
            return res;
        }
        if (n <= 128) {
            float r0 = v[start], r1 = v[start + 1], r2 = v[start + 2], r3 = v[start + 3];
            float r4 = v[start + 4], r5 = v[start + 5], r6 = v[start + 6], r7 = v[start + 7];
            int i;
            for (i = 8; i < n - (n % 8); i += 8) {
                int p = start + i;
                r0 += v[p];
                r1 += v[p + 1];
                r2 += v[p + 2];
                r3 += v[p + 3];
                r4 += v[p + 4];
                r5 += v[p + 5];
                r6 += v[p + 6];
                r7 += v[p + 7];
            }
            float res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; i < n; i++) {
                res += v[start + i];
            }
            return res;
        }
        int n2 = n / 2;
        n2 -= n2 % 8;
        return pairwiseSum(v, start, n2) + pairwiseSum(v, start + n2, n - n2);
    }
}

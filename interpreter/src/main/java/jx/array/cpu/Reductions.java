package jx.array.cpu;

import static jx.array.cpu.Storage.*;

import jx.array.Backend.Buffer;
import jx.array.Backend.ReduceOp;
import jx.array.Backend.ScanOp;
import jx.array.DType;

/** Reductions and scans along the middle axis of an (outer, n, inner) view. */
final class Reductions {
    private Reductions() {}

    /** Rows per block of NumPy's pairwise float summation (numpy/core/src/umath/loops_utils.h). */
    static final int PW_BLOCKSIZE = 128;

    /** NumPy's pairwise summation of v[start], v[start+stride], ... (n terms), rounding as float32 if asked. */
    static double pairwise(double[] v, int start, int n, int stride, boolean f32) {
        if (n < 8) {
            double res = 0;
            for (int i = 0; i < n; i++) {
                res = round32(res + v[start + i * stride], f32);
            }
            return res;
        }
        if (n <= PW_BLOCKSIZE) {
            double[] r = new double[8];
            for (int j = 0; j < 8; j++) {
                r[j] = v[start + j * stride];
            }
            int i;
            for (i = 8; i < n - (n % 8); i += 8) {
                for (int j = 0; j < 8; j++) {
                    r[j] = round32(r[j] + v[start + (i + j) * stride], f32);
                }
            }
            double res = round32(round32(round32(r[0] + r[1], f32) + round32(r[2] + r[3], f32), f32)
                    + round32(round32(r[4] + r[5], f32) + round32(r[6] + r[7], f32), f32), f32);
            for (; i < n; i++) {
                res = round32(res + v[start + i * stride], f32);
            }
            return res;
        }
        int n2 = n / 2;
        n2 -= n2 % 8;
        return round32(pairwise(v, start, n2, stride, f32) + pairwise(v, start + n2 * stride, n - n2, stride, f32), f32);
    }

    static Buffer reduce(ReduceOp op, Buffer a, int outer, int n, int inner, DType out) {
        Thread caller = Thread.currentThread();
        CpuBuffer b = cpu(a);
        int m = outer * inner;
        boolean f32 = b.dtype == DType.FLOAT32;
        if (op == ReduceOp.ARGMAX || op == ReduceOp.ARGMIN) {
            boolean isMax = op == ReduceOp.ARGMAX;
            boolean fl = b.dtype.isFloat();
            double[] dv = fl ? doubles(b) : null;
            long[] lv = fl ? null : longs(b);
            long[] r = new long[m];
            for (int o = 0; o < outer; o++) {
                for (int in = 0; in < inner; in++) {
                    Interrupts.check(caller);
                    int base = o * n * inner + in;
                    int best = 0;
                    for (int j = 1; j < n; j++) {
                        int p = base + j * inner;
                        int q = base + best * inner;
                        boolean better;
                        if (fl) {
                            // The first NaN wins, as in NumPy and JAX.
                            if (Double.isNaN(dv[q])) {
                                break;
                            }
                            better = Double.isNaN(dv[p]) || (isMax ? dv[p] > dv[q] : dv[p] < dv[q]);
                        } else {
                            better = isMax ? lv[p] > lv[q] : lv[p] < lv[q];
                        }
                        if (better) {
                            best = j;
                        }
                    }
                    r[o * inner + in] = best;
                }
            }
            return ofLongs(r, out);
        }
        if (f32 && out == DType.FLOAT32 && (op == ReduceOp.MAX || op == ReduceOp.MIN) && inner == 1) {
            float[] v = (float[]) b.data;
            float[] r = new float[m];
            for (int o = 0; o < outer; o++) {
                r[o] = extremum(v, o * n, n, op == ReduceOp.MAX);
            }
            return new CpuBuffer(out, r);
        }
        if (f32 && out == DType.FLOAT32 && inner > 1
                && (op == ReduceOp.SUM || op == ReduceOp.PROD || op == ReduceOp.MAX || op == ReduceOp.MIN)) {
            return new CpuBuffer(out, acrossRows(op, (float[]) b.data, outer, n, inner));
        }
        if (op == ReduceOp.SUM && inner == 1 && f32) {
            float[] v = (float[]) b.data;
            float[] r = new float[m];
            for (int o = 0; o < outer; o++) {
                Interrupts.check(caller);
                r[o] = Float32Loops.pairwiseSumParallel(v, o * n, n);
            }
            return out == DType.FLOAT32 ? new CpuBuffer(out, r) : ofDoubles(doubles(new CpuBuffer(DType.FLOAT32, r)), out);
        }
        if (b.dtype.isFloat()) {
            double[] v = doubles(b);
            double[] r = new double[m];
            for (int o = 0; o < outer; o++) {
                for (int in = 0; in < inner; in++) {
                    Interrupts.check(caller);
                    int base = o * n * inner + in;
                    double acc;
                    if (op == ReduceOp.SUM && inner == 1) {
                        acc = pairwise(v, base, n, 1, f32);
                    } else {
                        acc = switch (op) {
                            case SUM, ANY -> 0;
                            case PROD, ALL -> 1;
                            case MAX -> Double.NEGATIVE_INFINITY;
                            default -> Double.POSITIVE_INFINITY;
                        };
                        for (int j = 0; j < n; j++) {
                            double x = v[base + j * inner];
                            acc = switch (op) {
                                case SUM -> round32(acc + x, f32);
                                case PROD -> round32(acc * x, f32);
                                case MAX -> Double.isNaN(acc) || Double.isNaN(x) ? Double.NaN : Math.max(acc, x);
                                case MIN -> Double.isNaN(acc) || Double.isNaN(x) ? Double.NaN : Math.min(acc, x);
                                case ANY -> acc != 0 || x != 0 ? 1 : 0;
                                case ALL -> acc != 0 && x != 0 ? 1 : 0;
                                default -> throw new IllegalStateException();
                            };
                        }
                    }
                    r[o * inner + in] = acc;
                }
            }
            return ofDoubles(r, out);
        }
        long[] v = longs(b);
        long[] r = new long[m];
        for (int o = 0; o < outer; o++) {
            for (int in = 0; in < inner; in++) {
                Interrupts.check(caller);
                int base = o * n * inner + in;
                long acc = switch (op) {
                    case SUM, ANY -> 0;
                    case PROD, ALL -> 1;
                    case MAX -> Long.MIN_VALUE;
                    default -> Long.MAX_VALUE;
                };
                for (int j = 0; j < n; j++) {
                    long x = v[base + j * inner];
                    acc = switch (op) {
                        case SUM -> acc + x;
                        case PROD -> acc * x;
                        case MAX -> Math.max(acc, x);
                        case MIN -> Math.min(acc, x);
                        case ANY -> acc != 0 || x != 0 ? 1 : 0;
                        case ALL -> acc != 0 && x != 0 ? 1 : 0;
                        default -> throw new IllegalStateException();
                    };
                }
                r[o * inner + in] = acc;
            }
        }
        return ofLongs(r, out);
    }

    /**
     * max or min of v[start, start + n) in float32: NaN if any element is NaN, +0 over -0, so the
     * order does not matter and chunks of a long row run on all cores (maxRun, minRun).
     */
    private static float extremum(float[] v, int start, int n, boolean max) {
        int chunks = Math.max(1, (n + Chunks.PARALLEL_MIN - 1) / Chunks.PARALLEL_MIN);
        int step = (n + chunks - 1) / chunks;
        float[] part = new float[chunks];
        Chunks.forRange(chunks, 1, (from, to) -> {
            for (int c = from; c < to; c++) {
                int lo = start + c * step;
                int hi = Math.min(start + n, lo + step);
                part[c] = max ? maxRun(v, lo, hi) : minRun(v, lo, hi);
            }
        });
        float r = max ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY;
        for (float p : part) {
            r = max ? Math.max(r, p) : Math.min(r, p);
        }
        return r;
    }

    // FloatBits where it is available; else one accumulator, not several: C2 compiles this shape
    // best of the float loops tried (four interleaved accumulators ran slower).
    static float maxRun(float[] v, int lo, int hi) {
        if (FloatBits.AVAILABLE) {
            return FloatBits.max(v, lo, hi);
        }
        float a = Float.NEGATIVE_INFINITY;
        for (int i = lo; i < hi; i++) {
            a = Math.max(a, v[i]);
        }
        return a;
    }

    static float minRun(float[] v, int lo, int hi) {
        if (FloatBits.AVAILABLE) {
            return FloatBits.min(v, lo, hi);
        }
        float a = Float.POSITIVE_INFINITY;
        for (int i = lo; i < hi; i++) {
            a = Math.min(a, v[i]);
        }
        return a;
    }

    /**
     * A float32 reduction over the middle axis of (outer, n, inner) with inner > 1: row j of each
     * block folds into a row of accumulators, so every output element sees its inputs in the order
     * j = 0, 1, ... (NumPy's order for a non-last axis) while the loop over the row vectorises.
     * Columns are cut into chunks across the cores.
     */
    private static float[] acrossRows(ReduceOp op, float[] v, int outer, int n, int inner) {
        float[] r = new float[outer * inner];
        float init = switch (op) {
            case SUM -> 0f;
            case PROD -> 1f;
            case MAX -> Float.NEGATIVE_INFINITY;
            default -> Float.POSITIVE_INFINITY;
        };
        java.util.Arrays.fill(r, init);
        for (int o = 0; o < outer; o++) {
            int block = o * n * inner;
            int ro = o * inner;
            int strips = strips(n, inner);
            int width = (inner + strips - 1) / strips;
            Chunks.forRange(strips, 1, (first, last) -> {
                int from = first * width;
                int to = Math.min(inner, last * width);
                int j = 0;
                if (op == ReduceOp.SUM) {
                    j = sumEightRows(v, block, n, inner, r, ro, from, to);
                }
                for (; j < n; j++) {
                    int row = block + j * inner;
                    switch (op) {
                        case SUM -> {
                            for (int c = from; c < to; c++) {
                                r[ro + c] += v[row + c];
                            }
                        }
                        case PROD -> {
                            for (int c = from; c < to; c++) {
                                r[ro + c] *= v[row + c];
                            }
                        }
                        case MAX -> {
                            for (int c = from; c < to; c++) {
                                r[ro + c] = Math.max(r[ro + c], v[row + c]);
                            }
                        }
                        default -> {
                            for (int c = from; c < to; c++) {
                                r[ro + c] = Math.min(r[ro + c], v[row + c]);
                            }
                        }
                    }
                }
            });
        }
        return r;
    }

    /**
     * r[ro + c] += the rows j = 0, 1, ... of the block for columns [from, to), eight rows per pass,
     * in the same order (so the same bits); returns the rows done. C2 does not vectorise a loop that
     * stores into one float[] and reads another at a different offset (they might be the same
     * array), so the scalar loop loads and stores each accumulator once per eight rows, not per
     * row: half the time.
     */
    private static int sumEightRows(float[] v, int block, int n, int inner, float[] r, int ro, int from, int to) {
        int j = 0;
        for (; j + 8 <= n; j += 8) {
            int row = block + j * inner;
            for (int c = from; c < to; c++) {
                int p = row + c;
                r[ro + c] = r[ro + c] + v[p] + v[p + inner] + v[p + 2 * inner] + v[p + 3 * inner]
                        + v[p + 4 * inner] + v[p + 5 * inner] + v[p + 6 * inner] + v[p + 7 * inner];
            }
        }
        return j;
    }

    /** Columns a strip holds at most: its accumulators (16 KB) stay in the L1 cache. */
    private static final int STRIP = 4096;
    /** Elements under one strip at most, so that an interrupted caller stops within milliseconds. */
    private static final int STRIP_WORK = 1 << 22;

    /**
     * How many strips of columns acrossRows cuts: a multiple of the cores (they run one strip each
     * at a time, so uneven counts leave a core idle), each wide enough that a row's part is a long
     * contiguous read (strips of 250 columns read 1 KB pieces 40 KB apart: a 1000x10000 column sum
     * ran 4x NumPy's time).
     */
    private static int strips(int n, int inner) {
        if ((long) n * inner <= Chunks.PARALLEL_MIN) {
            return 1;
        }
        int cores = Runtime.getRuntime().availableProcessors();
        long byWork = ((long) n * inner + STRIP_WORK - 1) / STRIP_WORK;
        int s = (int) Math.max(Math.max(cores, (inner + STRIP - 1) / STRIP), Math.min(byWork, inner / 256 + 1));
        s = (s + cores - 1) / cores * cores;
        return Math.min(s, inner);
    }

    static Buffer scan(ScanOp op, Buffer a, int outer, int n, int inner) {
        Thread caller = Thread.currentThread();
        CpuBuffer b = cpu(a);
        boolean sum = op == ScanOp.CUMSUM;
        if (b.dtype.isFloat()) {
            boolean f32 = b.dtype == DType.FLOAT32;
            double[] v = doubles(b);
            double[] r = new double[v.length];
            for (int o = 0; o < outer; o++) {
                for (int in = 0; in < inner; in++) {
                    Interrupts.check(caller);
                    int base = o * n * inner + in;
                    double acc = sum ? 0 : 1;
                    for (int j = 0; j < n; j++) {
                        int p = base + j * inner;
                        acc = round32(sum ? acc + v[p] : acc * v[p], f32);
                        r[p] = acc;
                    }
                }
            }
            return ofDoubles(r, b.dtype);
        }
        long[] v = longs(b);
        long[] r = new long[v.length];
        for (int o = 0; o < outer; o++) {
            for (int in = 0; in < inner; in++) {
                Interrupts.check(caller);
                int base = o * n * inner + in;
                long acc = sum ? 0 : 1;
                for (int j = 0; j < n; j++) {
                    int p = base + j * inner;
                    acc = sum ? acc + v[p] : acc * v[p];
                    r[p] = acc;
                }
            }
        }
        return ofLongs(r, b.dtype);
    }
}

package jx.array.cpu;

import static jx.array.cpu.Storage.*;

import java.util.stream.IntStream;
import jx.array.Backend.Buffer;
import jx.array.DType;

/** Batched matrix products: OpenBLAS for big float ones when it loads, Java kernels otherwise. */
final class Matmul {
    private Matmul() {}

    private static final long PARALLEL_MATMUL_FLOPS = 1L << 20;
    /**
     * From this many multiply-adds per matrix (32³) a float product goes to OpenBLAS: below it the
     * call and copies cost more than they save, and a script of small products never loads it.
     */
    static final long BLAS_MIN_VOLUME = 1L << 15;

    static Buffer matmul(Buffer a, int aBatchStride, Buffer b, int bBatchStride, int batch, int m, int k, int n) {
        CpuBuffer x = cpu(a);
        CpuBuffer y = cpu(b);
        DType dt = x.dtype;
        if (dt.isFloat() && (long) m * k * n >= BLAS_MIN_VOLUME && OpenBlas.available()) {
            if (dt == DType.FLOAT32) {
                float[] r = new float[batch * m * n];
                OpenBlasGemm.sgemm((float[]) x.data, aBatchStride, (float[]) y.data, bBatchStride, r, batch, m, k, n);
                return new CpuBuffer(dt, r);
            }
            double[] r = new double[batch * m * n];
            OpenBlasGemm.dgemm((double[]) x.data, aBatchStride, (double[]) y.data, bBatchStride, r, batch, m, k, n);
            return new CpuBuffer(dt, r);
        }
        return javaKernel(x, aBatchStride, y, bBatchStride, batch, m, k, n);
    }

    /** The products in Java: every dtype, any size, and the float fallback where OpenBLAS does not load. */
    static Buffer javaKernel(CpuBuffer x, int aBatchStride, CpuBuffer y, int bBatchStride, int batch, int m, int k,
            int n) {
        DType dt = x.dtype;
        Thread caller = Thread.currentThread();
        boolean parallel = (long) batch * m * k * n >= PARALLEL_MATMUL_FLOPS;
        IntStream rows = IntStream.range(0, batch * m);
        if (parallel) {
            rows = rows.parallel();
        }
        if (dt == DType.FLOAT32) {
            float[] r = new float[batch * m * n];
            matmulFloat((float[]) x.data, aBatchStride, (float[]) y.data, bBatchStride, r, batch, m, k, n, parallel);
            return new CpuBuffer(dt, r);
        }
        if (dt.isFloat()) {
            double[] xs = doubles(x);
            double[] ys = doubles(y);
            double[] r = new double[batch * m * n];
            rows.forEach(row -> {
                Interrupts.check(caller);
                int bi = row / m;
                int i = row % m;
                int aBase = bi * aBatchStride + i * k;
                int bBase = bi * bBatchStride;
                int rBase = row * n;
                for (int p = 0; p < k; p++) {
                    double av = xs[aBase + p];
                    int bRow = bBase + p * n;
                    for (int j = 0; j < n; j++) {
                        r[rBase + j] += av * ys[bRow + j];
                    }
                }
            });
            return ofDoubles(r, dt);
        }
        long[] xs = longs(x);
        long[] ys = longs(y);
        long[] r = new long[batch * m * n];
        boolean bool = dt == DType.BOOL;
        rows.forEach(row -> {
            Interrupts.check(caller);
            int bi = row / m;
            int i = row % m;
            int aBase = bi * aBatchStride + i * k;
            int bBase = bi * bBatchStride;
            int rBase = row * n;
            for (int p = 0; p < k; p++) {
                long av = xs[aBase + p];
                int bRow = bBase + p * n;
                for (int j = 0; j < n; j++) {
                    r[rBase + j] = bool ? r[rBase + j] | (av & ys[bRow + j]) : r[rBase + j] + av * ys[bRow + j];
                }
            }
        });
        return ofLongs(r, dt);
    }

    private static final int ROWS_PER_TASK = 64;
    private static final int K_BLOCK = 256;
    private static final int TILE_ROWS = 4;
    private static final int TILE_COLS = 8;

    /**
     * float32 matmul with register tiles: a 4x8 block of the result is accumulated in local
     * variables over a K_BLOCK slice of k, reading a copy of b's 8 columns packed contiguously. Every
     * element still sums over k in ascending order (multiply, then add, never fused), so the result
     * equals the plain i-k-j loop's bit for bit.
     */
    private static void matmulFloat(float[] xs, int aStride, float[] ys, int bStride, float[] r, int batch, int m,
            int k, int n, boolean parallel) {
        int tasksPerBatch = (m + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
        IntStream tasks = IntStream.range(0, batch * tasksPerBatch);
        if (parallel) {
            tasks = tasks.parallel();
        }
        Thread caller = Thread.currentThread();
        tasks.forEach(task -> {
            Interrupts.check(caller);
            int bi = task / tasksPerBatch;
            int i0 = (task % tasksPerBatch) * ROWS_PER_TASK;
            int i1 = Math.min(m, i0 + ROWS_PER_TASK);
            int aBatch = bi * aStride;
            int bBatch = bi * bStride;
            int rBatch = bi * m * n;
            float[] panel = new float[K_BLOCK * TILE_COLS];
            for (int p0 = 0; p0 < k; p0 += K_BLOCK) {
                int kc = Math.min(K_BLOCK, k - p0);
                int j = 0;
                for (; j + TILE_COLS <= n; j += TILE_COLS) {
                    for (int p = 0; p < kc; p++) {
                        System.arraycopy(ys, bBatch + (p0 + p) * n + j, panel, p * TILE_COLS, TILE_COLS);
                    }
                    int i = i0;
                    for (; i + TILE_ROWS <= i1; i += TILE_ROWS) {
                        tile(xs, aBatch + i * k + p0, k, panel, kc, r, rBatch + i * n + j, n);
                    }
                    for (; i < i1; i++) {
                        int a0 = aBatch + i * k + p0;
                        int r0 = rBatch + i * n + j;
                        for (int p = 0; p < kc; p++) {
                            float v = xs[a0 + p];
                            for (int c = 0; c < TILE_COLS; c++) {
                                r[r0 + c] += v * panel[p * TILE_COLS + c];
                            }
                        }
                    }
                }
                for (int i = i0; i < i1 && j < n; i++) {
                    int a0 = aBatch + i * k + p0;
                    int r0 = rBatch + i * n;
                    for (int p = 0; p < kc; p++) {
                        float v = xs[a0 + p];
                        int bRow = bBatch + (p0 + p) * n;
                        for (int c = j; c < n; c++) {
                            r[r0 + c] += v * ys[bRow + c];
                        }
                    }
                }
            }
        });
    }

    /** r[4 rows, 8 columns] += a[4 rows, kc] @ panel[kc, 8], in registers. */
    private static void tile(float[] xs, int a0, int k, float[] panel, int kc, float[] r, int r0, int n) {
        float c00 = r[r0], c01 = r[r0 + 1], c02 = r[r0 + 2], c03 = r[r0 + 3];
        float c04 = r[r0 + 4], c05 = r[r0 + 5], c06 = r[r0 + 6], c07 = r[r0 + 7];
        int q = r0 + n;
        float c10 = r[q], c11 = r[q + 1], c12 = r[q + 2], c13 = r[q + 3];
        float c14 = r[q + 4], c15 = r[q + 5], c16 = r[q + 6], c17 = r[q + 7];
        q += n;
        float c20 = r[q], c21 = r[q + 1], c22 = r[q + 2], c23 = r[q + 3];
        float c24 = r[q + 4], c25 = r[q + 5], c26 = r[q + 6], c27 = r[q + 7];
        q += n;
        float c30 = r[q], c31 = r[q + 1], c32 = r[q + 2], c33 = r[q + 3];
        float c34 = r[q + 4], c35 = r[q + 5], c36 = r[q + 6], c37 = r[q + 7];
        for (int p = 0; p < kc; p++) {
            int b = p * 8;
            float b0 = panel[b], b1 = panel[b + 1], b2 = panel[b + 2], b3 = panel[b + 3];
            float b4 = panel[b + 4], b5 = panel[b + 5], b6 = panel[b + 6], b7 = panel[b + 7];
            float a = xs[a0 + p];
            c00 += a * b0; c01 += a * b1; c02 += a * b2; c03 += a * b3;
            c04 += a * b4; c05 += a * b5; c06 += a * b6; c07 += a * b7;
            a = xs[a0 + k + p];
            c10 += a * b0; c11 += a * b1; c12 += a * b2; c13 += a * b3;
            c14 += a * b4; c15 += a * b5; c16 += a * b6; c17 += a * b7;
            a = xs[a0 + 2 * k + p];
            c20 += a * b0; c21 += a * b1; c22 += a * b2; c23 += a * b3;
            c24 += a * b4; c25 += a * b5; c26 += a * b6; c27 += a * b7;
            a = xs[a0 + 3 * k + p];
            c30 += a * b0; c31 += a * b1; c32 += a * b2; c33 += a * b3;
            c34 += a * b4; c35 += a * b5; c36 += a * b6; c37 += a * b7;
        }
        r[r0] = c00; r[r0 + 1] = c01; r[r0 + 2] = c02; r[r0 + 3] = c03;
        r[r0 + 4] = c04; r[r0 + 5] = c05; r[r0 + 6] = c06; r[r0 + 7] = c07;
        q = r0 + n;
        r[q] = c10; r[q + 1] = c11; r[q + 2] = c12; r[q + 3] = c13;
        r[q + 4] = c14; r[q + 5] = c15; r[q + 6] = c16; r[q + 7] = c17;
        q += n;
        r[q] = c20; r[q + 1] = c21; r[q + 2] = c22; r[q + 3] = c23;
        r[q + 4] = c24; r[q + 5] = c25; r[q + 6] = c26; r[q + 7] = c27;
        q += n;
        r[q] = c30; r[q + 1] = c31; r[q + 2] = c32; r[q + 3] = c33;
        r[q + 4] = c34; r[q + 5] = c35; r[q + 6] = c36; r[q + 7] = c37;
    }
}

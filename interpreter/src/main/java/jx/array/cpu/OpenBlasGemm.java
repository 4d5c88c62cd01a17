package jx.array.cpu;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.blas_set_num_threads;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_dgemm;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;

/**
 * Batched GEMM through OpenBLAS; only called once {@link OpenBlas#available()}. Operands go
 * through off-heap scratch buffers kept per thread (JavaCPP would copy and pin a heap array on
 * every call anyway; a copy costs about 1 ms per 1024² matrix against 20-40 ms for the product).
 * A stack of matrices times one matrix is a single GEMM with the stack's rows.
 *
 * OpenBLAS itself runs on one thread; jx shares a big product out over the cores itself, in row
 * panels (a stack: by matrices), each a single-threaded GEMM called from a Chunks task. OpenBLAS's
 * own worker threads spin for a while after each product, waiting for the next: inside the JVM,
 * where the elementwise loops between products want both cores too, that cost an MLP step 10-30x
 * on a busy machine (bench/RESULTS.md). Panels also copy their rows in and out in parallel.
 * Between panels, and before and after each native call, an interrupted caller stops it.
 */
final class OpenBlasGemm {
    private OpenBlasGemm() {}

    /**
     * Products of this many multiply-adds or more per core are shared out (about 0.1 ms of GEMM:
     * more than a hand-off costs); {@code -Djx.blas.threads=N} caps the panels at N.
     */
    private static final long PARALLEL_VOLUME = 1L << 23;
    private static final int FIXED_THREADS = Integer.getInteger("jx.blas.threads", 0);

    static {
        blas_set_num_threads(1);
    }

    private static int panels(long volume, int rows) {
        int cores = FIXED_THREADS > 0 ? FIXED_THREADS : Runtime.getRuntime().availableProcessors();
        return (int) Math.max(1, Math.min(Math.min(cores, rows), volume / PARALLEL_VOLUME));
    }

    private static final class Scratch {
        FloatPointer fa, fb, fc;
        DoublePointer da, db, dc;

        static FloatPointer grow(FloatPointer p, long n) {
            if (p != null && p.capacity() >= n) {
                return p;
            }
            if (p != null) {
                p.close();
            }
            return new FloatPointer(n);
        }

        static DoublePointer grow(DoublePointer p, long n) {
            if (p != null && p.capacity() >= n) {
                return p;
            }
            if (p != null) {
                p.close();
            }
            return new DoublePointer(n);
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /**
     * Rows of a per native call: all of them, unless the product is so big (over 2^33 multiply-adds)
     * that Ctrl-C would wait for it; then panels of about that size, between which the caller's
     * interrupt is checked (a panel repacks b, a few per cent of its work).
     */
    private static int panelRows(int m, int k, int n) {
        long perRow = Math.max(1L, (long) k * n);
        return (int) Math.max(1, Math.min(m, PANEL_WORK / perRow));
    }

    private static final long PANEL_WORK = 1L << 33;

    static void sgemm(float[] a, int aStride, float[] b, int bStride, float[] r, int batch, int m, int k, int n) {
        if (bStride == 0 && aStride == m * k) {
            m *= batch;
            batch = 1;
        }
        Thread caller = Thread.currentThread();
        int rows = m;
        long volume = (long) batch * m * k * n;
        if (batch == 1) {
            // Row panels share one copy of b, which the caller's scratch holds.
            Scratch own = SCRATCH.get();
            FloatPointer pb = own.fb = Scratch.grow(own.fb, (long) k * n);
            pb.position(0).put(b, 0, k * n);
            int step = Math.ceilDiv(m, panels(volume, m));
            Chunks.forRange(Math.ceilDiv(m, step), 1, (from, to) -> {
                for (int c = from; c < to; c++) {
                    int r0 = c * step;
                    sgemmRows(caller, a, r0 * k, pb, r, r0 * n, Math.min(rows, r0 + step) - r0, k, n);
                }
            });
            return;
        }
        int p = panels(volume, batch);
        Chunks.forRange(batch, (batch + p - 1) / p, (from, to) -> {
            Scratch s = SCRATCH.get();
            FloatPointer pb = s.fb = Scratch.grow(s.fb, (long) k * n);
            for (int bi = from; bi < to; bi++) {
                if (bi == from || bStride != 0) {
                    pb.position(0).put(b, bi * bStride, k * n);
                }
                sgemmRows(caller, a, bi * aStride, pb, r, bi * rows * n, rows, k, n);
            }
        });
    }

    /**
     * r[rOff, + m*n) = a[aOff, + m*k) @ pb (at position 0, never moved here: panels share it), on
     * this thread's scratch, in panels between which an interrupted caller stops it.
     */
    private static void sgemmRows(Thread caller, float[] a, int aOff, FloatPointer pb, float[] r, int rOff, int m, int k,
            int n) {
        Scratch s = SCRATCH.get();
        FloatPointer pa = s.fa = Scratch.grow(s.fa, (long) m * k);
        FloatPointer pc = s.fc = Scratch.grow(s.fc, (long) m * n);
        pa.position(0).put(a, aOff, m * k);
        for (int r0 = 0, rows = panelRows(m, k, n); r0 < m; r0 += rows) {
            Interrupts.check(caller);
            int h = Math.min(rows, m - r0);
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, h, n, k, 1f, pa.position((long) r0 * k), k,
                    pb, n, 0f, pc.position((long) r0 * n), n);
        }
        pc.position(0).get(r, rOff, m * n);
    }

    static void dgemm(double[] a, int aStride, double[] b, int bStride, double[] r, int batch, int m, int k, int n) {
        if (bStride == 0 && aStride == m * k) {
            m *= batch;
            batch = 1;
        }
        Thread caller = Thread.currentThread();
        int rows = m;
        long volume = (long) batch * m * k * n;
        if (batch == 1) {
            Scratch own = SCRATCH.get();
            DoublePointer pb = own.db = Scratch.grow(own.db, (long) k * n);
            pb.position(0).put(b, 0, k * n);
            int step = Math.ceilDiv(m, panels(volume, m));
            Chunks.forRange(Math.ceilDiv(m, step), 1, (from, to) -> {
                for (int c = from; c < to; c++) {
                    int r0 = c * step;
                    dgemmRows(caller, a, r0 * k, pb, r, r0 * n, Math.min(rows, r0 + step) - r0, k, n);
                }
            });
            return;
        }
        int p = panels(volume, batch);
        Chunks.forRange(batch, (batch + p - 1) / p, (from, to) -> {
            Scratch s = SCRATCH.get();
            DoublePointer pb = s.db = Scratch.grow(s.db, (long) k * n);
            for (int bi = from; bi < to; bi++) {
                if (bi == from || bStride != 0) {
                    pb.position(0).put(b, bi * bStride, k * n);
                }
                dgemmRows(caller, a, bi * aStride, pb, r, bi * rows * n, rows, k, n);
            }
        });
    }

    private static void dgemmRows(Thread caller, double[] a, int aOff, DoublePointer pb, double[] r, int rOff, int m,
            int k, int n) {
        Scratch s = SCRATCH.get();
        DoublePointer pa = s.da = Scratch.grow(s.da, (long) m * k);
        DoublePointer pc = s.dc = Scratch.grow(s.dc, (long) m * n);
        pa.position(0).put(a, aOff, m * k);
        for (int r0 = 0, rows = panelRows(m, k, n); r0 < m; r0 += rows) {
            Interrupts.check(caller);
            int h = Math.min(rows, m - r0);
            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, h, n, k, 1.0, pa.position((long) r0 * k), k,
                    pb, n, 0.0, pc.position((long) r0 * n), n);
        }
        pc.position(0).get(r, rOff, m * n);
    }
}

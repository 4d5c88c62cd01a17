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
 * A stack of matrices times one matrix is a single GEMM with the stack's rows. Between the
 * matrices of a batch, and before and after each native call, an interrupted caller stops it.
 */
final class OpenBlasGemm {
    private OpenBlasGemm() {}

    /**
     * Products below 512³ multiply-adds run on one OpenBLAS thread, bigger ones on all cores;
     * {@code -Djx.blas.threads=N} fixes the count. Inside the JVM on a busy 2-core machine,
     * OpenBLAS's threads waiting on each other made 256² take 15-36 ms on two threads against
     * 2-7 ms on one, and a batch of 64 128² products 50-130 ms against 5-8 (bench/RESULTS.md).
     */
    private static final long THREADED_VOLUME = 1L << 27;
    private static final int FIXED_THREADS = Integer.getInteger("jx.blas.threads", 0);
    private static final int CORES = Runtime.getRuntime().availableProcessors();
    private static int threads = -1;

    private static synchronized void threadsFor(long volume) {
        int want = FIXED_THREADS > 0 ? FIXED_THREADS : volume < THREADED_VOLUME ? 1 : CORES;
        if (want != threads) {
            blas_set_num_threads(want);
            threads = want;
        }
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
        Thread caller = Thread.currentThread();
        if (bStride == 0 && aStride == m * k) {
            m *= batch;
            batch = 1;
        }
        threadsFor((long) m * k * n);
        Scratch s = SCRATCH.get();
        FloatPointer pa = s.fa = Scratch.grow(s.fa, (long) m * k);
        FloatPointer pb = s.fb = Scratch.grow(s.fb, (long) k * n);
        FloatPointer pc = s.fc = Scratch.grow(s.fc, (long) m * n);
        for (int bi = 0; bi < batch; bi++) {
            Interrupts.check(caller);
            if (bi == 0 || aStride != 0) {
                pa.position(0).put(a, bi * aStride, m * k);
            }
            if (bi == 0 || bStride != 0) {
                pb.position(0).put(b, bi * bStride, k * n);
            }
            for (int r0 = 0, rows = panelRows(m, k, n); r0 < m; r0 += rows) {
                Interrupts.check(caller);
                int h = Math.min(rows, m - r0);
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, h, n, k, 1f, pa.position((long) r0 * k), k, pb, n,
                        0f, pc.position((long) r0 * n), n);
            }
            pc.position(0).get(r, bi * m * n, m * n);
        }
        Interrupts.check(caller);
    }

    static void dgemm(double[] a, int aStride, double[] b, int bStride, double[] r, int batch, int m, int k, int n) {
        Thread caller = Thread.currentThread();
        if (bStride == 0 && aStride == m * k) {
            m *= batch;
            batch = 1;
        }
        threadsFor((long) m * k * n);
        Scratch s = SCRATCH.get();
        DoublePointer pa = s.da = Scratch.grow(s.da, (long) m * k);
        DoublePointer pb = s.db = Scratch.grow(s.db, (long) k * n);
        DoublePointer pc = s.dc = Scratch.grow(s.dc, (long) m * n);
        for (int bi = 0; bi < batch; bi++) {
            Interrupts.check(caller);
            if (bi == 0 || aStride != 0) {
                pa.position(0).put(a, bi * aStride, m * k);
            }
            if (bi == 0 || bStride != 0) {
                pb.position(0).put(b, bi * bStride, k * n);
            }
            for (int r0 = 0, rows = panelRows(m, k, n); r0 < m; r0 += rows) {
                Interrupts.check(caller);
                int h = Math.min(rows, m - r0);
                cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, h, n, k, 1.0, pa.position((long) r0 * k), k, pb, n,
                        0.0, pc.position((long) r0 * n), n);
            }
            pc.position(0).get(r, bi * m * n, m * n);
        }
        Interrupts.check(caller);
    }
}

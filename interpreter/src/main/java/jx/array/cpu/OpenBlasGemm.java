package jx.array.cpu;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.blas_get_num_threads;
import static org.bytedeco.openblas.global.openblas_nolapack.blas_set_num_threads;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_dgemm;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;

/**
 * Batched GEMM through OpenBLAS; only called once {@link OpenBlas#available()}. Operands go
 * through off-heap scratch buffers kept per thread (JavaCPP would copy and pin a heap array on
 * every call anyway; a copy costs about 0.2 ms per 1024² matrix against 7-14 ms for the product).
 * A stack of matrices times one matrix is a single GEMM with the stack's rows.
 *
 * A big product runs on OpenBLAS's own threads, one per free core ({@link FreeCores}), as NumPy's
 * does; a stack of smaller ones is shared out by matrices over the free cores, each a GEMM on one
 * OpenBLAS thread. Two single-threaded OpenBLAS calls on one big product's row panels slowed each
 * other down: a 1024² product took 27 ms in two panels against 12 ms on one thread and 7.5 ms on
 * OpenBLAS's two (bench/RESULTS.md). OpenBLAS's workers spin for a while after each product,
 * waiting for the next, which takes the cores from the Java loops in between: the launcher sets
 * OPENBLAS_THREAD_TIMEOUT so that they go to sleep at once. Between tiles of a huge product, and
 * before and after each native call, an interrupted caller stops it.
 */
final class OpenBlasGemm {
    private OpenBlasGemm() {}

    /**
     * From this many multiply-adds (about 400³, 0.3 ms on one core) a single product may use more
     * than one thread: below it, OpenBLAS's meetings between threads cost what they save.
     */
    private static final long THREADED_VOLUME = 1L << 26;
    /** A stack is shared out over the cores from this many multiply-adds in all (64 products of 64³). */
    private static final long SHARED_VOLUME = 1L << 24;
    /** {@code -Djx.blas.threads=N} fixes the threads of a big product, or of a stack's sharing, at N. */
    private static final int FIXED_THREADS = Integer.getInteger("jx.blas.threads", 0);

    private static int threads(long volume, long threshold) {
        if (volume < threshold) {
            return 1;
        }
        return FIXED_THREADS > 0 ? FIXED_THREADS : FreeCores.now();
    }

    /**
     * Sets OpenBLAS's threads for a product of batch matrices and returns over how many Java tasks
     * its matrices are shared out: a single product on OpenBLAS's threads, a stack by matrices with
     * OpenBLAS on one thread each.
     */
    private static int share(int batch, long volume) {
        if (batch == 1) {
            openBlasThreads(threads(volume, THREADED_VOLUME));
            return 1;
        }
        openBlasThreads(1);
        return Math.min(batch, threads(volume, SHARED_VOLUME));
    }

    /**
     * OpenBLAS's thread count is one global setting: every product sets the one it wants first
     * (a cheap call once the threads exist).
     */
    private static void openBlasThreads(int n) {
        if (blas_get_num_threads() != n) {
            blas_set_num_threads(n);
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
     * A product so big (over 2^30 multiply-adds) that Ctrl-C would wait for it runs as tiles of the
     * result of about that size (each one GEMM on sub-matrices, about 10 ms on one core), between
     * which the caller's interrupt is checked; a tile packs its own panels of a and b, under 1 per
     * cent of its work when k is big enough to need tiles.
     */
    private static final long TILE_WORK = 1L << 30;

    /** Rows and columns of a tile of an m x n result over k: all of it, or a square-ish piece of about TILE_WORK. */
    private static int[] tile(int m, int k, int n) {
        if ((long) m * k * n <= TILE_WORK) {
            return new int[] {m, n};
        }
        long area = Math.max(1, TILE_WORK / Math.max(1, k));
        int side = (int) Math.max(1, Math.sqrt((double) area));
        int rows = Math.min(m, side);
        int cols = (int) Math.min(n, Math.max(side, area / rows));
        return new int[] {rows, cols};
    }

    /**
     * Copies between heap arrays and scratch in pieces of 4M elements, with the caller's interrupt
     * checked between them: the first copies of a 6000² product touch fresh pages and took seconds
     * on a busy machine. The pointer is left at position 0.
     */
    private static final int COPY_PIECE = 1 << 22;

    private static void put(Thread caller, FloatPointer p, float[] src, int off, int len) {
        for (int i = 0; i < len; i += COPY_PIECE) {
            Interrupts.check(caller);
            p.position(i).put(src, off + i, Math.min(COPY_PIECE, len - i));
        }
        p.position(0);
    }

    private static void get(Thread caller, FloatPointer p, float[] dst, int off, int len) {
        for (int i = 0; i < len; i += COPY_PIECE) {
            Interrupts.check(caller);
            p.position(i).get(dst, off + i, Math.min(COPY_PIECE, len - i));
        }
        p.position(0);
    }

    private static void put(Thread caller, DoublePointer p, double[] src, int off, int len) {
        for (int i = 0; i < len; i += COPY_PIECE) {
            Interrupts.check(caller);
            p.position(i).put(src, off + i, Math.min(COPY_PIECE, len - i));
        }
        p.position(0);
    }

    private static void get(Thread caller, DoublePointer p, double[] dst, int off, int len) {
        for (int i = 0; i < len; i += COPY_PIECE) {
            Interrupts.check(caller);
            p.position(i).get(dst, off + i, Math.min(COPY_PIECE, len - i));
        }
        p.position(0);
    }

    static void sgemm(float[] a, int aStride, float[] b, int bStride, float[] r, int batch, int m, int k, int n) {
        if (bStride == 0 && aStride == m * k) {
            m *= batch;
            batch = 1;
        }
        Thread caller = Thread.currentThread();
        int rows = m;
        long volume = (long) batch * m * k * n;
        int p = share(batch, volume);
        Chunks.forRange(batch, Math.ceilDiv(batch, p), (from, to) -> {
            Scratch s = SCRATCH.get();
            FloatPointer pb = s.fb = Scratch.grow(s.fb, (long) k * n);
            for (int bi = from; bi < to; bi++) {
                if (bi == from || bStride != 0) {
                    put(caller, pb, b, bi * bStride, k * n);
                }
                sgemmRows(caller, a, bi * aStride, pb, r, bi * rows * n, rows, k, n);
            }
        });
    }

    /**
     * r[rOff, + m*n) = a[aOff, + m*k) @ pb (at position 0), on this thread's scratch, in tiles between which an interrupted caller stops it.
     */
    private static void sgemmRows(Thread caller, float[] a, int aOff, FloatPointer pb, float[] r, int rOff, int m, int k,
            int n) {
        Scratch s = SCRATCH.get();
        FloatPointer pa = s.fa = Scratch.grow(s.fa, (long) m * k);
        FloatPointer pc = s.fc = Scratch.grow(s.fc, (long) m * n);
        put(caller, pa, a, aOff, m * k);
        int[] tile = tile(m, k, n);
        for (int r0 = 0; r0 < m; r0 += tile[0]) {
            for (int c0 = 0; c0 < n; c0 += tile[1]) {
                Interrupts.check(caller);
                int h = Math.min(tile[0], m - r0);
                int w = Math.min(tile[1], n - c0);
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, h, w, k, 1f, pa.getPointer((long) r0 * k), k,
                        pb.getPointer(c0), n, 0f, pc.getPointer((long) r0 * n + c0), n);
            }
        }
        get(caller, pc, r, rOff, m * n);
    }

    static void dgemm(double[] a, int aStride, double[] b, int bStride, double[] r, int batch, int m, int k, int n) {
        if (bStride == 0 && aStride == m * k) {
            m *= batch;
            batch = 1;
        }
        Thread caller = Thread.currentThread();
        int rows = m;
        long volume = (long) batch * m * k * n;
        int p = share(batch, volume);
        Chunks.forRange(batch, Math.ceilDiv(batch, p), (from, to) -> {
            Scratch s = SCRATCH.get();
            DoublePointer pb = s.db = Scratch.grow(s.db, (long) k * n);
            for (int bi = from; bi < to; bi++) {
                if (bi == from || bStride != 0) {
                    put(caller, pb, b, bi * bStride, k * n);
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
        put(caller, pa, a, aOff, m * k);
        int[] tile = tile(m, k, n);
        for (int r0 = 0; r0 < m; r0 += tile[0]) {
            for (int c0 = 0; c0 < n; c0 += tile[1]) {
                Interrupts.check(caller);
                int h = Math.min(tile[0], m - r0);
                int w = Math.min(tile[1], n - c0);
                cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, h, w, k, 1.0, pa.getPointer((long) r0 * k), k,
                        pb.getPointer(c0), n, 0.0, pc.getPointer((long) r0 * n + c0), n);
            }
        }
        get(caller, pc, r, rOff, m * n);
    }
}

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
 * Between tiles of a huge product, and before and after each native call, an interrupted caller
 * stops it.
 */
final class OpenBlasGemm {
    private OpenBlasGemm() {}

    /**
     * Products of this many multiply-adds or more per core (512³) are shared out; {@code
     * -Djx.blas.threads=N} caps the panels at N. On a busy 2-core machine smaller ones showed no
     * gain from sharing that the noise let one see (an MLP step's 256x784x512 products), and each
     * shared product waits for its slowest core.
     */
    private static final long PARALLEL_VOLUME = 1L << 27;
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
        if (batch == 1) {
            // Row panels share one copy of b, which the caller's scratch holds.
            Scratch own = SCRATCH.get();
            FloatPointer pb = own.fb = Scratch.grow(own.fb, (long) k * n);
            put(caller, own.fb, b, 0, k * n);
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
                    put(caller, pb, b, bi * bStride, k * n);
                }
                sgemmRows(caller, a, bi * aStride, pb, r, bi * rows * n, rows, k, n);
            }
        });
    }

    /**
     * r[rOff, + m*n) = a[aOff, + m*k) @ pb (at position 0, never moved here: panels share it), on
     * this thread's scratch, in tiles between which an interrupted caller stops it.
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
        if (batch == 1) {
            Scratch own = SCRATCH.get();
            DoublePointer pb = own.db = Scratch.grow(own.db, (long) k * n);
            put(caller, own.db, b, 0, k * n);
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

package jx.array.cpu;

import static org.bytedeco.openblas.global.openblas.LAPACKE_dgesv;
import static org.bytedeco.openblas.global.openblas.LAPACKE_sgesv;
import static org.bytedeco.openblas.global.openblas.LAPACK_ROW_MAJOR;

/** The JavaCPP calls behind {@link Lapack}; only reached once {@link OpenBlas#lapackAvailable()}. */
final class LapackCalls {
    private LapackCalls() {}

    /** Solves in place (fb becomes x); false when LAPACK reports a singular or invalid system. */
    static boolean dgesv(int n, int k, double[] fa, double[] fb) {
        return LAPACKE_dgesv(LAPACK_ROW_MAJOR, n, k, fa, n, new int[n], fb, k) == 0;
    }

    static boolean sgesv(int n, int k, float[] fa, float[] fb) {
        return LAPACKE_sgesv(LAPACK_ROW_MAJOR, n, k, fa, n, new int[n], fb, k) == 0;
    }
}

package jx.array.cpu;

/**
 * LAPACK (OpenBLAS's) for jnp.linalg where it pays: systems of 64 equations or more. The caller
 * keeps its Java algorithm for the rest, and for whatever LAPACK declines (an exactly singular
 * matrix, where JAX gives inf/nan and LAPACK stops).
 */
final class Lapack {
    private Lapack() {}

    static final int MIN_ORDER = 64;

    /**
     * x with a x = b (a n×n, b n×k, rows as arrays), by LU with partial pivoting, in float32 when
     * single (sgesv: what JAX computes, twice as fast) or float64; null where LAPACK is not used.
     */
    static double[][] solve(double[][] a, double[][] b, boolean single) {
        int n = a.length;
        if (n < MIN_ORDER || !OpenBlas.lapackAvailable()) {
            return null;
        }
        int k = b.length == 0 ? 0 : b[0].length;
        Thread caller = Thread.currentThread();
        Interrupts.check(caller);
        double[][] x = single ? solveSingle(a, b, n, k) : solveDouble(a, b, n, k);
        Interrupts.check(caller);
        return x;
    }

    private static double[][] solveDouble(double[][] a, double[][] b, int n, int k) {
        double[] fa = new double[n * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, fa, i * n, n);
        }
        double[] fb = new double[n * k];
        for (int i = 0; i < n; i++) {
            System.arraycopy(b[i], 0, fb, i * k, k);
        }
        if (!LapackCalls.dgesv(n, k, fa, fb)) {
            return null;
        }
        double[][] x = new double[n][k];
        for (int i = 0; i < n; i++) {
            System.arraycopy(fb, i * k, x[i], 0, k);
        }
        return x;
    }

    private static double[][] solveSingle(double[][] a, double[][] b, int n, int k) {
        float[] fa = new float[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                fa[i * n + j] = (float) a[i][j];
            }
        }
        float[] fb = new float[n * k];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                fb[i * k + j] = (float) b[i][j];
            }
        }
        if (!LapackCalls.sgesv(n, k, fa, fb)) {
            return null;
        }
        double[][] x = new double[n][k];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                x[i][j] = fb[i * k + j];
            }
        }
        return x;
    }
}

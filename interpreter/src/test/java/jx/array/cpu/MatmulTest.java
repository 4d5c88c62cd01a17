package jx.array.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import jx.array.DType;
import jx.array.Interrupted;
import org.junit.jupiter.api.Test;

/**
 * Batched products, through OpenBLAS where it loads and through the Java kernel, against a
 * double-precision triple loop, on seeded random shapes on both sides of the BLAS threshold and
 * with broadcast operands (batch stride 0). Each element must be within the standard GEMM error
 * bound, k ulps of the sum of |a||b| along its row and column: a wrong index or stride breaks it by
 * orders of magnitude. The biggest shapes run on OpenBLAS's threads.
 */
class MatmulTest {
    private record Case(DType dtype, int batch, int m, int k, int n, boolean aShared, boolean bShared) {
        int aStride() {
            return aShared ? 0 : m * k;
        }

        int bStride() {
            return bShared ? 0 : k * n;
        }
    }

    private static CpuBuffer random(Random rnd, DType dt, int size) {
        if (dt == DType.FLOAT32) {
            float[] v = new float[size];
            for (int i = 0; i < size; i++) {
                v[i] = (float) rnd.nextGaussian();
            }
            return new CpuBuffer(dt, v);
        }
        double[] v = new double[size];
        for (int i = 0; i < size; i++) {
            v[i] = rnd.nextGaussian();
        }
        return new CpuBuffer(dt, v);
    }

    private static double at(CpuBuffer b, int i) {
        return b.data instanceof float[] f ? f[i] : ((double[]) b.data)[i];
    }

    private static void check(Case c, CpuBuffer a, CpuBuffer b, CpuBuffer r, String path) {
        double eps = c.dtype == DType.FLOAT32 ? 0x1p-24 : 0x1p-53;
        for (int bi = 0; bi < c.batch; bi++) {
            for (int i = 0; i < c.m; i++) {
                for (int j = 0; j < c.n; j++) {
                    double ref = 0;
                    double mag = 0;
                    for (int p = 0; p < c.k; p++) {
                        double x = at(a, bi * c.aStride() + i * c.k + p);
                        double y = at(b, bi * c.bStride() + p * c.n + j);
                        ref += x * y;
                        mag += Math.abs(x * y);
                    }
                    double got = at(r, (bi * c.m + i) * c.n + j);
                    double bound = 2 * (c.k + 2) * eps * mag + Double.MIN_NORMAL;
                    if (Math.abs(got - ref) > bound) {
                        throw new AssertionError(path + " " + c + " at [" + bi + ", " + i + ", " + j + "]: " + got
                                + " but the exact product is " + ref + " (bound " + bound + ")");
                    }
                }
            }
        }
    }

    @Test
    void productsMatchTheExactOneOnBothPathsForRandomShapes() {
        Random rnd = new Random(13);
        int[][] shapes = {{1, 1, 1}, {2, 3, 4}, {7, 1, 5}, {33, 33, 33}, {40, 50, 60}, {1, 1000, 40}, {70, 3, 200},
                {64, 128, 96}, {5, 300, 1}, {257, 130, 141}, {3, 1500, 2000}};
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (int[] s : shapes) {
                for (int batch : new int[] {1, 3}) {
                    Case c = new Case(dt, batch, s[0], s[1], s[2], batch > 1 && rnd.nextInt(3) == 0,
                            batch > 1 && rnd.nextInt(2) == 0);
                    CpuBuffer a = random(rnd, dt, c.aShared ? c.m * c.k : batch * c.m * c.k);
                    CpuBuffer b = random(rnd, dt, c.bShared ? c.k * c.n : batch * c.k * c.n);
                    check(c, a, b, (CpuBuffer) Matmul.matmul(a, c.aStride(), b, c.bStride(), batch, c.m, c.k, c.n),
                            "matmul");
                    check(c, a, b, (CpuBuffer) Matmul.javaKernel(a, c.aStride(), b, c.bStride(), batch, c.m, c.k, c.n),
                            "java kernel");
                }
            }
        }
    }

    /**
     * A product big enough to run in tiles of the result (over 2^30 multiply-adds): every
     * tile's offsets into a, b and the result must be right, checked on sampled elements and on the
     * tile edges, in float32 and float64.
     */
    @Test
    void aHugeProductInTilesMatchesTheExactOne() {
        Random rnd = new Random(5);
        int m = 1500, k = 3000, n = 1500;
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            CpuBuffer a = random(rnd, dt, m * k);
            CpuBuffer b = random(rnd, dt, k * n);
            CpuBuffer r = (CpuBuffer) Matmul.matmul(a, 0, b, 0, 1, m, k, n);
            double eps = dt == DType.FLOAT32 ? 0x1p-24 : 0x1p-53;
            for (int t = 0; t < 3000; t++) {
                int i = t < 1000 ? rnd.nextInt(m) : (t % 2 == 0 ? t % m : m - 1 - t % 40);
                int j = t < 1000 ? rnd.nextInt(n) : (t % 3 == 0 ? n - 1 - t % 40 : rnd.nextInt(n));
                double ref = 0;
                double mag = 0;
                for (int p = 0; p < k; p++) {
                    double x = at(a, i * k + p) * at(b, p * n + j);
                    ref += x;
                    mag += Math.abs(x);
                }
                double got = at(r, i * n + j);
                assertTrue(Math.abs(got - ref) <= 2 * (k + 2) * eps * mag, dt + " at [" + i + ", " + j + "]: " + got
                        + " but the exact product is " + ref);
            }
        }
    }

    /** On the platform whose natives the jar ships, OpenBLAS must load unless it is forbidden. */
    @Test
    void openBlasLoadsOnLinuxX86_64() {
        boolean shipped = System.getProperty("os.name").equals("Linux") && System.getProperty("os.arch").equals("amd64");
        boolean forbidden = "java".equals(System.getProperty(OpenBlas.PROPERTY));
        assertEquals(shipped && !forbidden, OpenBlas.available());
    }

    @Test
    void anInterruptedCallerStopsBothPathsAndKeepsItsFlag() {
        Random rnd = new Random(1);
        CpuBuffer a = random(rnd, DType.FLOAT32, 4 * 256 * 256);
        try {
            Thread.currentThread().interrupt();
            assertThrows(Interrupted.class, () -> Matmul.matmul(a, 256 * 256, a, 256 * 256, 4, 256, 256, 256));
            assertTrue(Thread.currentThread().isInterrupted());
            assertThrows(Interrupted.class, () -> Matmul.javaKernel(a, 256 * 256, a, 256 * 256, 4, 256, 256, 256));
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
    }
}

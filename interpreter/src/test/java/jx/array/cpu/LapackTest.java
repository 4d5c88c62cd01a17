package jx.array.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** LAPACK's solve where it is used: seeded random systems solved to a small residual; what it declines returns null. */
class LapackTest {
    private static double[][] random(Random rnd, int rows, int cols) {
        double[][] m = new double[rows][cols];
        for (double[] row : m) {
            for (int j = 0; j < cols; j++) {
                row[j] = rnd.nextGaussian();
            }
        }
        return m;
    }

    @Test
    void solvesRandomSystemsToASmallResidual() {
        for (boolean single : new boolean[] {false, true}) {
            solvesToASmallResidual(single, single ? 1e-4 : 1e-10);
        }
    }

    /** The residual of float32 systems is measured on their float32 inputs, so only LAPACK's own rounding counts. */
    private static void solvesToASmallResidual(boolean single, double tolerance) {
        boolean native_ = OpenBlas.lapackAvailable();
        Random rnd = new Random(64);
        for (int n : new int[] {64, 100, 257}) {
            for (int k : new int[] {1, 3}) {
                double[][] a = random(rnd, n, n);
                double[][] b = random(rnd, n, k);
                if (single) {
                    roundToFloat(a);
                    roundToFloat(b);
                }
                double[][] x = Lapack.solve(a, b, single);
                if (!native_) {
                    assertNull(x);
                    continue;
                }
                assertNotNull(x);
                double worst = 0;
                double scale = 0;
                for (int i = 0; i < n; i++) {
                    for (int c = 0; c < k; c++) {
                        double s = -b[i][c];
                        for (int j = 0; j < n; j++) {
                            s += a[i][j] * x[j][c];
                            scale = Math.max(scale, Math.abs(a[i][j] * x[j][c]));
                        }
                        worst = Math.max(worst, Math.abs(s));
                    }
                }
                assertTrue(worst < tolerance * scale, "residual " + worst + " for n=" + n + ", k=" + k + ", single " + single);
            }
        }
    }

    private static void roundToFloat(double[][] m) {
        for (double[] row : m) {
            for (int j = 0; j < row.length; j++) {
                row[j] = (float) row[j];
            }
        }
    }

    @Test
    void smallAndSingularSystemsAreLeftToTheCaller() {
        Random rnd = new Random(3);
        assertNull(Lapack.solve(random(rnd, 63, 63), random(rnd, 63, 1), false));
        double[][] singular = random(rnd, 80, 80);
        singular[5] = singular[9].clone();
        java.util.Arrays.fill(singular[7], 0.0);
        assertNull(Lapack.solve(singular, random(rnd, 80, 2), false));
        assertNull(Lapack.solve(singular, random(rnd, 80, 2), true));
    }

    @Test
    void lapackLoadsWhereBlasDoes() {
        assertEquals(OpenBlas.available(), OpenBlas.lapackAvailable());
    }
}

package jx.array.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The bit-pattern max and min against folds of Math.max and Math.min, bit for bit. */
class FloatBitsTest {
    private static final float[] SPECIAL = {0f, -0f, Float.NaN, Float.intBitsToFloat(0xffc00001), Float.POSITIVE_INFINITY,
        Float.NEGATIVE_INFINITY, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE, 1f, -1f};

    @Test
    void theMemorySegmentPathIsTakenOnJdk22AndLater() {
        assertEquals(Runtime.version().feature() >= 22, FloatBits.AVAILABLE);
    }

    @Test
    void maxAndMinAgreeWithMathMaxAndMinOnRandomBitPatternsAndSpecialValues() {
        Random rnd = new Random(13);
        for (int trial = 0; trial < 3000; trial++) {
            int n = rnd.nextInt(trial < 2000 ? 40 : 3000);
            float[] v = new float[n + 5];
            int mode = rnd.nextInt(4);
            for (int i = 0; i < v.length; i++) {
                v[i] = switch (mode) {
                    case 0 -> Float.intBitsToFloat(rnd.nextInt());
                    case 1 -> SPECIAL[rnd.nextInt(SPECIAL.length)];
                    case 2 -> rnd.nextBoolean() ? 0f : -0f;
                    default -> rnd.nextInt(50) == 0 ? SPECIAL[rnd.nextInt(SPECIAL.length)] : (float) rnd.nextGaussian();
                };
            }
            int lo = rnd.nextInt(5);
            int hi = lo + n;
            float max = Float.NEGATIVE_INFINITY;
            float min = Float.POSITIVE_INFINITY;
            for (int i = lo; i < hi; i++) {
                max = Math.max(max, v[i]);
                min = Math.min(min, v[i]);
            }
            assertSame(max, Reductions.maxRun(v, lo, hi), trial);
            assertSame(min, Reductions.minRun(v, lo, hi), trial);
        }
    }

    private static void assertSame(float expected, float actual, int trial) {
        // Every NaN is the same result (a NaN's payload is not promised); otherwise the bits, so -0 and +0 differ.
        assertTrue(Float.isNaN(expected) ? Float.isNaN(actual)
                : Float.floatToRawIntBits(expected) == Float.floatToRawIntBits(actual),
                "trial " + trial + ": expected " + expected + ", got " + actual);
    }
}

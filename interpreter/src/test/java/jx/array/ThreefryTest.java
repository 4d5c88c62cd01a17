package jx.array;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The known-answer vectors of Random123 (kat_vectors, threefry2x32 with 20 rounds), which JAX's
 * own prng_test.py checks too: key first, then the counter, as in JAX's threefry_2x32(keypair, count).
 */
class ThreefryTest {
    private static void kat(int k0, int k1, int x0, int x1, int y0, int y1) {
        long h = Threefry.hash(k0, k1, x0, x1);
        assertEquals(Integer.toHexString(y0), Integer.toHexString((int) (h >>> 32)));
        assertEquals(Integer.toHexString(y1), Integer.toHexString((int) h));
    }

    @Test
    void zeros() {
        kat(0, 0, 0, 0, 0x6b200159, 0x99ba4efe);
    }

    @Test
    void ones() {
        kat(-1, -1, -1, -1, 0x1cb996fc, 0xbb002be7);
    }

    @Test
    void piDigits() {
        kat(0x13198a2e, 0x03707344, 0x243f6a88, 0x85a308d3, 0xc4923a9c, 0x483df7a0);
    }

    @Test
    void lanesAreHashedIndependently() {
        int[][] out = Threefry.hash(0x13198a2e, 0x03707344, new int[] {0, 0x243f6a88}, new int[] {0, 0x85a308d3});
        assertEquals(0xc4923a9c, out[0][1]);
        assertEquals(0x483df7a0, out[1][1]);
        long first = Threefry.hash(0x13198a2e, 0x03707344, 0, 0);
        assertEquals((int) (first >>> 32), out[0][0]);
        assertEquals((int) first, out[1][0]);
    }
}

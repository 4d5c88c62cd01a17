package jx.array;

/**
 * The Threefry-2x32 block cipher with 20 rounds (Salmon et al., "Parallel random numbers: as easy
 * as 1, 2, 3", SC 2011), the hash under JAX's default PRNG. Each lane (x0[i], x1[i]) is hashed
 * independently under one key, so a GPU backend can run the same function as one thread per lane.
 * Values are uint32 bit patterns held in Java ints (addition wraps exactly as uint32 does).
 */
public final class Threefry {
    private Threefry() {}

    private static final int[] ROTATIONS = {13, 15, 26, 6, 17, 29, 16, 24};

    /** Skein's key-schedule parity constant. */
    private static final int PARITY = 0x1BD11BDA;

    /** Hashes one counter pair; the result packs out0 in the high and out1 in the low 32 bits. */
    public static long hash(int k0, int k1, int x0, int x1) {
        int[] ks = {k0, k1, k0 ^ k1 ^ PARITY};
        x0 += ks[0];
        x1 += ks[1];
        // Five groups of four rounds, each followed by a key injection (as JAX's unrolled lowering).
        for (int group = 0; group < 5; group++) {
            for (int r = 0; r < 4; r++) {
                x0 += x1;
                x1 = Integer.rotateLeft(x1, ROTATIONS[(group % 2) * 4 + r]);
                x1 ^= x0;
            }
            x0 += ks[(group + 1) % 3];
            x1 += ks[(group + 2) % 3] + group + 1;
        }
        return ((long) x0 << 32) | (x1 & 0xFFFFFFFFL);
    }

    /** Hashes every lane: returns {out0, out1}, each as long as the inputs. */
    public static int[][] hash(int k0, int k1, int[] x0, int[] x1) {
        int n = x0.length;
        int[] out0 = new int[n];
        int[] out1 = new int[n];
        for (int i = 0; i < n; i++) {
            long h = hash(k0, k1, x0[i], x1[i]);
            out0[i] = (int) (h >>> 32);
            out1[i] = (int) h;
        }
        return new int[][] {out0, out1};
    }
}

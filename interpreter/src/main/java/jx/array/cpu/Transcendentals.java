package jx.array.cpu;

/**
 * float32 exp, tanh and sigmoid as straight-line double arithmetic that C2 compiles to SIMD loops
 * (no calls, no branches, no bit moves between double and long, which it does not vectorise):
 * the JDK's scalar Math.exp costs 8-10 ns an element here, these under 1. The argument is clamped
 * (NaN passes through Math.min/max), divided by 256 so that a Taylor polynomial of degree 12 is
 * exact to double rounding, and the power is rebuilt by squaring eight times: the relative error
 * before the one rounding to float32 stays below 1e-12, so results are the correctly rounded ones
 * but for about one in a million (measured over random bit patterns, Float32LoopsTest). Work goes
 * in blocks through a small double scratch: one loop per block for the polynomial and one for the
 * squarings, since C2 unrolls, and so vectorises, only loops with a small body. x and r may be the
 * same array.
 */
final class Transcendentals {
    private Transcendentals() {}

    private static final int BLOCK = 512;

    /** Below e^-104 a float32 is 0 even as a subnormal; above e^89 it is infinite. */
    private static final double EXP_LO = -104;
    private static final double EXP_HI = 89;
    /** tanh rounds to ±1 in float32 from |x| = 9.1 on. */
    private static final double TANH_BOUND = 10;

    private static final double C2 = 1.0 / 2, C3 = 1.0 / 6, C4 = 1.0 / 24, C5 = 1.0 / 120, C6 = 1.0 / 720,
            C7 = 1.0 / 5040, C8 = 1.0 / 40320, C9 = 1.0 / 362880, C10 = 1.0 / 3628800, C11 = 1.0 / 39916800,
            C12 = 1.0 / 479001600;

    /** e^r - 1 for |r| <= 0.41, without the cancellation of e^r - 1. */
    private static double expm1Small(double r) {
        return r * (1 + r * (C2 + r * (C3 + r * (C4 + r * (C5 + r * (C6 + r * (C7 + r * (C8 + r * (C9
                + r * (C10 + r * (C11 + r * C12)))))))))));
    }

    static void exp(float[] x, float[] r, int from, int to) {
        double[] s = new double[BLOCK];
        for (int b = from; b < to; b += BLOCK) {
            int e = Math.min(to, b + BLOCK);
            for (int i = b; i < e; i++) {
                s[i - b] = expm1Small(Math.min(Math.max(x[i], EXP_LO), EXP_HI) * 0x1p-8);
            }
            for (int i = b; i < e; i++) {
                r[i] = (float) pow256(1 + s[i - b]);
            }
        }
    }

    /** 1 / (1 + e^-x), the exponential computed as in exp (with a wider clamp: e^104 is a finite double). */
    static void sigmoid(float[] x, float[] r, int from, int to) {
        double[] s = new double[BLOCK];
        for (int b = from; b < to; b += BLOCK) {
            int e = Math.min(to, b + BLOCK);
            for (int i = b; i < e; i++) {
                s[i - b] = expm1Small(Math.min(Math.max(-x[i], EXP_LO), -EXP_LO) * 0x1p-8);
            }
            for (int i = b; i < e; i++) {
                r[i] = (float) (1 / (1 + pow256(1 + s[i - b])));
            }
        }
    }

    /**
     * tanh(x) = u / (u + 2) with u = e^2x - 1, carried through the squarings as u(u + 2) so that no
     * step cancels: small |x| keep their relative accuracy, -0.0 stays -0.0.
     */
    static void tanh(float[] x, float[] r, int from, int to) {
        double[] s = new double[BLOCK];
        for (int b = from; b < to; b += BLOCK) {
            int e = Math.min(to, b + BLOCK);
            for (int i = b; i < e; i++) {
                s[i - b] = expm1Small(Math.min(Math.max(x[i], -TANH_BOUND), TANH_BOUND) * 0x1p-7);
            }
            for (int i = b; i < e; i++) {
                double u = s[i - b];
                u = u * (u + 2);
                u = u * (u + 2);
                u = u * (u + 2);
                u = u * (u + 2);
                u = u * (u + 2);
                u = u * (u + 2);
                u = u * (u + 2);
                u = u * (u + 2);
                r[i] = (float) (u / (u + 2));
            }
        }
    }

    private static double pow256(double p) {
        p = p * p;
        p = p * p;
        p = p * p;
        p = p * p;
        p = p * p;
        p = p * p;
        p = p * p;
        return p * p;
    }
}

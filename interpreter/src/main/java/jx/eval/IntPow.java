package jx.eval;

/**
 * {@code x ** y} for Python ints with y >= 0, by repeated squaring (a loop of y multiplications
 * hangs on 2 ** 10**10). jx ints are 64-bit, so a result that does not fit is an OverflowError,
 * never a wrapped number.
 */
final class IntPow {
    private IntPow() {
    }

    static long pow(long x, long y) {
        if (x == 0 || x == 1 || y == 0) {
            return y == 0 ? 1 : x;
        }
        if (x == -1) {
            return (y & 1) == 0 ? 1 : -1;
        }
        long result = 1;
        long base = x;
        long e = y;
        try {
            while (true) {
                if ((e & 1) != 0) {
                    result = Math.multiplyExact(result, base);
                }
                e >>= 1;
                if (e == 0) {
                    return result;
                }
                base = Math.multiplyExact(base, base);
            }
        } catch (ArithmeticException overflow) {
            throw new EvalError("OverflowError: " + x + " ** " + y + " does not fit in a 64-bit int",
                    "jx ints are 64-bit: use a float (" + x + ".0 ** " + y + ") for a huge magnitude");
        }
    }
}

package jx.eval;

/**
 * Python int arithmetic on jx's 64-bit ints. Python's ints are unbounded; where a result leaves the
 * 64-bit range jx raises OverflowError rather than wrap to a wrong number.
 */
final class IntMath {
    private IntMath() {}

    private static final double TWO_63 = 0x1p63;

    static EvalError overflow(String what) {
        return new EvalError("OverflowError: " + what + " does not fit in jx's 64-bit int (Python's ints are unbounded)",
                "jx ints stay within ±9223372036854775807: compute with floats (2.0 ** 64) where the value is that large");
    }

    static long add(long x, long y) {
        long r = x + y;
        if (((x ^ r) & (y ^ r)) < 0) {
            throw overflow("the sum");
        }
        return r;
    }

    static long sub(long x, long y) {
        long r = x - y;
        if (((x ^ y) & (x ^ r)) < 0) {
            throw overflow("the difference");
        }
        return r;
    }

    static long mul(long x, long y) {
        long hi = Math.multiplyHigh(x, y);
        long lo = x * y;
        if ((hi != 0 || lo < 0) && (hi != -1 || lo >= 0)) {
            throw overflow("the product");
        }
        return lo;
    }

    static long neg(long x) {
        if (x == Long.MIN_VALUE) {
            throw overflow("-(" + x + ")");
        }
        return -x;
    }

    static long floorDiv(long x, long y) {
        if (x == Long.MIN_VALUE && y == -1) {
            throw overflow("the quotient");
        }
        return Math.floorDiv(x, y);
    }

    /** x ** y for y >= 0, by squaring (a huge exponent of 0, 1 or -1 returns at once). */
    static long pow(long x, long y) {
        if (x == 0 || x == 1) {
            return y == 0 ? 1 : x;
        }
        if (x == -1) {
            return (y & 1) == 0 ? 1 : -1;
        }
        long result = 1;
        long base = x;
        long e = y;
        while (true) {
            if ((e & 1) != 0) {
                result = mulPow(result, base, x, y);
            }
            e >>= 1;
            if (e == 0) {
                return result;
            }
            base = mulPow(base, base, x, y);
        }
    }

    private static long mulPow(long a, long b, long x, long y) {
        try {
            return mul(a, b);
        } catch (EvalError e) {
            throw overflow(x + " ** " + y);
        }
    }

    static long shiftLeft(long x, long y) {
        if (y < 0) {
            throw new EvalError("ValueError: negative shift count");
        }
        if (x == 0) {
            return 0;
        }
        if (y >= 63 || (x << y) >> y != x) {
            throw overflow(x + " << " + y);
        }
        return x << y;
    }

    static long shiftRight(long x, long y) {
        if (y < 0) {
            throw new EvalError("ValueError: negative shift count");
        }
        return x >> Math.min(y, 63);
    }

    /** int(d) for a finite float: truncation, or OverflowError beyond the 64-bit range. */
    static long fromDouble(double d) {
        if (Double.isNaN(d)) {
            throw new EvalError("ValueError: cannot convert float NaN to integer");
        }
        if (d >= TWO_63 || d < -TWO_63) {
            throw overflow("int(" + Printer.repr(d) + ")");
        }
        return (long) d;
    }
}

package jx.eval;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Python int arithmetic. Python's ints are unbounded: a value that fits 64 bits is a {@code Long}
 * (the fast, common case), one that does not is a {@code BigInteger}, and every result is put back
 * into that canonical form, so code that only meets small ints never sees a BigInteger.
 */
public final class IntMath {
    private IntMath() {}

    /** Python refuses to print an int of more digits than this (sys.get_int_max_str_digits()). */
    static final int MAX_STR_DIGITS = 4300;

    /**
     * Beyond this many bits (about 5 million digits) an int is refused before it is computed:
     * BigInteger's products are Toom-Cook at best and cannot be interrupted, so 10**10000030 (33
     * million bits) took 12 s and a 2**28-bit power minutes, long enough to hang the fuzz tests.
     */
    private static final long MAX_BITS = 1L << 24;

    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    public static boolean isInt(Object v) {
        return v instanceof Long || v instanceof BigInteger;
    }

    public static Object norm(BigInteger b) {
        return b.compareTo(LONG_MIN) >= 0 && b.compareTo(LONG_MAX) <= 0 ? (Object) b.longValue() : b;
    }

    static BigInteger big(Object v) {
        return switch (v) {
            case Long l -> BigInteger.valueOf(l);
            case BigInteger b -> b;
            case Boolean b -> b ? BigInteger.ONE : BigInteger.ZERO;
            default -> throw new IllegalStateException("not an int: " + v);
        };
    }

    static EvalError tooLarge(long bits) {
        return new EvalError("MemoryError: an int of about " + bits + " bits is more than jx computes",
                "an int that large is rarely meant: compute with floats, or work modulo a number (pow(b, e, m))");
    }

    /** JAX's refusal of a Python int that no integer dtype holds. */
    static EvalError tooLargeFor(BigInteger b, jx.array.DType dtype) {
        return new EvalError("OverflowError: Python int " + toString(b) + " too large to convert to " + dtype,
                "pass it as a float (float(n)) if an approximate value will do");
    }

    private static Object checked(BigInteger b) {
        if (b.bitLength() > MAX_BITS) {
            throw tooLarge(b.bitLength());
        }
        return norm(b);
    }

    static Object add(Object x, Object y) {
        if (x instanceof Long a && y instanceof Long b) {
            long r = a + b;
            if (((a ^ r) & (b ^ r)) >= 0) {
                return r;
            }
        }
        return norm(big(x).add(big(y)));
    }

    static Object sub(Object x, Object y) {
        if (x instanceof Long a && y instanceof Long b) {
            long r = a - b;
            if (((a ^ b) & (a ^ r)) >= 0) {
                return r;
            }
        }
        return norm(big(x).subtract(big(y)));
    }

    static Object mul(Object x, Object y) {
        if (x instanceof Long a && y instanceof Long b) {
            long hi = Math.multiplyHigh(a, b);
            long lo = a * b;
            if ((hi == 0 && lo >= 0) || (hi == -1 && lo < 0)) {
                return lo;
            }
        }
        BigInteger a = big(x);
        BigInteger b = big(y);
        if ((long) a.bitLength() + b.bitLength() > MAX_BITS) {
            throw tooLarge((long) a.bitLength() + b.bitLength());
        }
        return norm(a.multiply(b));
    }

    static Object neg(Object x) {
        if (x instanceof Long a && a != Long.MIN_VALUE) {
            return -a;
        }
        return norm(big(x).negate());
    }

    static Object invert(Object x) {
        return x instanceof Long a ? (Object) ~a : norm(big(x).not());
    }

    static Object abs(Object x) {
        return x instanceof Long a && a != Long.MIN_VALUE ? (Object) Math.abs(a) : norm(big(x).abs());
    }

    static int signum(Object x) {
        return x instanceof Long a ? Long.signum(a) : big(x).signum();
    }

    static Object floorDiv(Object x, Object y) {
        if (signum(y) == 0) {
            throw new EvalError("ZeroDivisionError: integer division or modulo by zero");
        }
        if (x instanceof Long a && y instanceof Long b && !(a == Long.MIN_VALUE && b == -1)) {
            return Math.floorDiv(a, b);
        }
        BigInteger[] qr = big(x).divideAndRemainder(big(y));
        BigInteger q = qr[0];
        if (qr[1].signum() != 0 && qr[1].signum() != big(y).signum()) {
            q = q.subtract(BigInteger.ONE);
        }
        return norm(q);
    }

    static Object mod(Object x, Object y) {
        if (signum(y) == 0) {
            throw new EvalError("ZeroDivisionError: integer modulo by zero");
        }
        if (x instanceof Long a && y instanceof Long b) {
            return Math.floorMod(a, b);
        }
        BigInteger m = big(x).mod(big(y).abs());
        return norm(big(y).signum() < 0 && m.signum() != 0 ? m.add(big(y)) : m);
    }

    /** x / y as Python does it: correctly rounded, even when x and y are beyond a double's exact range. */
    static double trueDiv(Object x, Object y) {
        if (signum(y) == 0) {
            throw new EvalError("ZeroDivisionError: division by zero");
        }
        if (x instanceof Long a && y instanceof Long b && Math.abs(a) < (1L << 53) && Math.abs(b) < (1L << 53)) {
            return (double) a / (double) b;
        }
        double q = new BigDecimal(big(x)).divide(new BigDecimal(big(y)), new java.math.MathContext(40)).doubleValue();
        if (Double.isInfinite(q)) {
            throw new EvalError("OverflowError: integer division result too large for a float");
        }
        return q;
    }

    /** x ** y for y >= 0. */
    static Object pow(Object x, Object y) {
        BigInteger base = big(x);
        if (base.equals(BigInteger.ZERO) || base.equals(BigInteger.ONE)) {
            return signum(y) == 0 ? 1L : x;
        }
        if (base.equals(BigInteger.ONE.negate())) {
            return big(y).testBit(0) ? -1L : 1L;
        }
        if (!(y instanceof Long e) || (double) e * base.abs().subtract(BigInteger.ONE).bitLength() > MAX_BITS) {
            throw tooLarge(Math.round(big(y).doubleValue() * Math.max(1, base.abs().subtract(BigInteger.ONE).bitLength())));
        }
        if (x instanceof Long a) {
            try {
                long result = 1;
                long b = a;
                for (long n = e; n != 0; n >>= 1) {
                    if ((n & 1) != 0) {
                        result = Math.multiplyExact(result, b);
                    }
                    if (n > 1) {
                        b = Math.multiplyExact(b, b);
                    }
                }
                return result;
            } catch (ArithmeticException beyond64Bits) {
                // fall through to the exact BigInteger power
            }
        }
        return checked(interruptiblePow(base, e));
    }

    /**
     * base ** e by squaring, one BigInteger product at a time with an interrupt check between them:
     * BigInteger.pow of a 100k-bit base (x ** 255 of a loop's growing x) runs for many seconds in
     * one call that Ctrl-C and time budgets could not stop.
     */
    private static BigInteger interruptiblePow(BigInteger base, long e) {
        BigInteger result = BigInteger.ONE;
        BigInteger b = base;
        for (long n = e; n != 0; n >>= 1) {
            if (Thread.interrupted()) {
                throw new EvalError("KeyboardInterrupt");
            }
            if ((n & 1) != 0) {
                result = result.multiply(b);
            }
            if (n > 1) {
                b = b.multiply(b);
            }
        }
        return result;
    }

    /** pow(x, y, m): modular exponentiation, as Python's three-argument pow. */
    static Object powMod(Object x, Object y, Object m) {
        if (signum(m) == 0) {
            throw new EvalError("ValueError: pow() 3rd argument cannot be 0");
        }
        BigInteger mod = big(m);
        BigInteger r = big(x).modPow(big(y), mod.abs());
        return norm(mod.signum() < 0 && r.signum() != 0 ? r.add(mod) : r);
    }

    static Object shiftLeft(Object x, Object y) {
        if (signum(y) < 0) {
            throw new EvalError("ValueError: negative shift count");
        }
        if (signum(x) == 0) {
            return 0L;
        }
        if (!(y instanceof Long n) || n + big(x).bitLength() > MAX_BITS) {
            throw tooLarge(big(y).longValue());
        }
        if (x instanceof Long a && n < 63 && (a << n) >> n == a) {
            return a << n;
        }
        return norm(big(x).shiftLeft((int) (long) n));
    }

    static Object shiftRight(Object x, Object y) {
        if (signum(y) < 0) {
            throw new EvalError("ValueError: negative shift count");
        }
        if (x instanceof Long a) {
            return y instanceof Long n ? a >> Math.min(n, 63) : (Object) (a < 0 ? -1L : 0L);
        }
        return y instanceof Long n && n < Integer.MAX_VALUE ? norm(big(x).shiftRight((int) (long) n))
                : (Object) (signum(x) < 0 ? -1L : 0L);
    }

    static Object bits(String op, Object x, Object y) {
        if (x instanceof Long a && y instanceof Long b) {
            return switch (op) {
                case "&" -> a & b;
                case "|" -> a | b;
                default -> a ^ b;
            };
        }
        return norm(switch (op) {
            case "&" -> big(x).and(big(y));
            case "|" -> big(x).or(big(y));
            default -> big(x).xor(big(y));
        });
    }

    static int compare(Object x, Object y) {
        if (x instanceof Long a && y instanceof Long b) {
            return Long.compare(a, b);
        }
        return big(x).compareTo(big(y));
    }

    /** An int and a float compared exactly, as Python does (2**53 + 1 > 2.0**53). */
    static int compare(Object x, double y) {
        if (Double.isNaN(y)) {
            throw new IllegalStateException("NaN has no order");
        }
        if (Double.isInfinite(y)) {
            return y > 0 ? -1 : 1;
        }
        if (x instanceof Long a && Math.abs(a) < (1L << 53)) {
            return Double.compare((double) a, y);
        }
        return new BigDecimal(big(x)).compareTo(new BigDecimal(y));
    }

    /** float(x): correctly rounded, OverflowError beyond the largest double. */
    static double toDouble(Object x) {
        if (x instanceof Long a) {
            return a;
        }
        double d = big(x).doubleValue();
        if (Double.isInfinite(d)) {
            throw new EvalError("OverflowError: int too large to convert to float");
        }
        return d;
    }

    /** int(d) for a float: truncation toward zero, exact however large. */
    static Object fromDouble(double d) {
        if (Double.isNaN(d)) {
            throw new EvalError("ValueError: cannot convert float NaN to integer");
        }
        if (Double.isInfinite(d)) {
            throw new EvalError("OverflowError: cannot convert float infinity to integer");
        }
        if (Math.abs(d) < 0x1p63) {
            return (long) d;
        }
        return norm(new BigDecimal(d).toBigInteger());
    }

    /** The decimal digits of a big int, with Python's limit on their number. */
    static String toString(BigInteger b) {
        // log2(10) = 3.32...: more bits than this is surely more digits, and is refused before the slow conversion
        String digits = b.bitLength() > MAX_STR_DIGITS * 3.33 ? null : b.abs().toString();
        if (digits == null || digits.length() > MAX_STR_DIGITS) {
            throw new EvalError("ValueError: Exceeds the limit (" + MAX_STR_DIGITS + " digits) for integer string "
                    + "conversion; use sys.set_int_max_str_digits() to increase the limit");
        }
        return b.signum() < 0 ? "-" + digits : digits;
    }

    /** An int as a 64-bit index, or Python's IndexError for one that cannot be. */
    static long index(Object v) {
        if (v instanceof BigInteger) {
            throw new EvalError("IndexError: cannot fit 'int' into an index-sized integer");
        }
        return (Long) v;
    }
}

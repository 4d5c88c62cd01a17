package jx.array.cpu;

import static jx.array.cpu.Storage.*;

import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.LongBinaryOperator;
import java.util.function.LongUnaryOperator;
import jx.array.Backend.BinaryOp;
import jx.array.Backend.Buffer;
import jx.array.Backend.TernaryOp;
import jx.array.Backend.UnaryOp;
import jx.array.DType;

/** Unary, binary (broadcasting through strides) and ternary elementwise kernels. */
final class Elementwise {
    private Elementwise() {}

    private static final double LN2 = Math.log(2.0);

    static boolean allZero(int[] strides) {
        for (int s : strides) {
            if (s != 0) {
                return false;
            }
        }
        return true;
    }

    /** Reader of operand positions: the contiguous index, a constant for a broadcast scalar, or a table. */
    private record Access(int[] table, boolean scalar) {
        static Access of(int[] strides, int[] shape) {
            if (allZero(strides)) {
                return new Access(null, true);
            }
            return new Access(positions(0, strides, shape), false);
        }

        int at(int i) {
            return scalar ? 0 : table == null ? i : table[i];
        }
    }

    static Buffer unary(UnaryOp op, Buffer a, DType out) {
        CpuBuffer b = cpu(a);
        int n = b.size;
        if (b.dtype == DType.FLOAT32 && out == DType.FLOAT32) {
            float[] r = new float[n];
            Float32Loops.unary(op, (float[]) b.data, r, floatUnary(op));
            return new CpuBuffer(out, r);
        }
        if (b.dtype.isFloat()) {
            DoubleUnaryOperator f = floatUnary(op);
            double[] x = doubles(b);
            double[] r = new double[n];
            Chunks.forRange(n, (from, to) -> {
                for (int i = from; i < to; i++) {
                    r[i] = f.applyAsDouble(x[i]);
                }
            });
            return ofDoubles(r, out);
        }
        LongUnaryOperator f = intUnary(op);
        long[] x = longs(b);
        long[] r = new long[n];
        Chunks.forRange(n, (from, to) -> {
            for (int i = from; i < to; i++) {
                r[i] = f.applyAsLong(x[i]);
            }
        });
        return ofLongs(r, out);
    }

    static Buffer binary(BinaryOp op, Buffer a, int[] aStrides, Buffer b, int[] bStrides, int[] shape, DType out) {
        CpuBuffer x = cpu(a);
        CpuBuffer y = cpu(b);
        int n = sizeOf(shape);
        boolean f32 = x.dtype == DType.FLOAT32;
        if (x.dtype.isFloat() && BinaryLoops.has(op, f32)) {
            float[] outer = f32 && out == DType.FLOAT32
                    ? OuterLoops.tryRun(op, (float[]) x.data, aStrides, (float[]) y.data, bStrides, shape) : null;
            if (outer != null) {
                return new CpuBuffer(out, outer);
            }
            Walk w = Walk.of(shape, aStrides, bStrides);
            int sa = w.steps[0];
            int sb = w.steps[1];
            if (out == DType.BOOL) {
                float[] xs = (float[]) x.data;
                float[] ys = (float[]) y.data;
                boolean[] r = new boolean[n];
                w.each((o, len, ai, bi) -> BinaryLoops.run(op, xs, ai, sa, ys, bi, sb, r, o, len));
                return new CpuBuffer(out, r);
            }
            if (f32) {
                float[] xs = (float[]) x.data;
                float[] ys = (float[]) y.data;
                float[] r = new float[n];
                w.each((o, len, ai, bi) -> BinaryLoops.run(op, xs, ai, sa, ys, bi, sb, r, o, len));
                return new CpuBuffer(out, r);
            }
            double[] xs = (double[]) x.data;
            double[] ys = (double[]) y.data;
            double[] r = new double[n];
            w.each((o, len, ai, bi) -> BinaryLoops.run(op, xs, ai, sa, ys, bi, sb, r, o, len));
            return new CpuBuffer(out, r);
        }
        Access ia = Access.of(aStrides, shape);
        Access ib = Access.of(bStrides, shape);
        if (f32) {
            DoubleBinaryOperator f = floatBinary(op, true);
            float[] xs = (float[]) x.data;
            float[] ys = (float[]) y.data;
            if (out == DType.FLOAT32) {
                float[] r = new float[n];
                Chunks.forRange(n, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        r[i] = (float) f.applyAsDouble(xs[ia.at(i)], ys[ib.at(i)]);
                    }
                });
                return new CpuBuffer(out, r);
            }
            boolean[] r = new boolean[n];
            Chunks.forRange(n, (from, to) -> {
                for (int i = from; i < to; i++) {
                    r[i] = f.applyAsDouble(xs[ia.at(i)], ys[ib.at(i)]) != 0;
                }
            });
            return new CpuBuffer(out, r);
        }
        if (x.dtype.isFloat()) {
            DoubleBinaryOperator f = floatBinary(op, false);
            double[] xs = doubles(x);
            double[] ys = doubles(y);
            double[] r = new double[n];
            Chunks.forRange(n, (from, to) -> {
                for (int i = from; i < to; i++) {
                    r[i] = f.applyAsDouble(xs[ia.at(i)], ys[ib.at(i)]);
                }
            });
            return ofDoubles(r, out);
        }
        LongBinaryOperator f = intBinary(op, x.dtype);
        long[] xs = longs(x);
        long[] ys = longs(y);
        long[] r = new long[n];
        Chunks.forRange(n, (from, to) -> {
            for (int i = from; i < to; i++) {
                r[i] = f.applyAsLong(xs[ia.at(i)], ys[ib.at(i)]);
            }
        });
        return ofLongs(r, out);
    }

    static Buffer ternary(TernaryOp op, Buffer a, int[] aStrides, Buffer b, int[] bStrides, Buffer c, int[] cStrides,
                          int[] shape, DType out) {
        int n = sizeOf(shape);
        Access ia = Access.of(aStrides, shape);
        Access ib = Access.of(bStrides, shape);
        Access ic = Access.of(cStrides, shape);
        CpuBuffer y = cpu(b);
        CpuBuffer z = cpu(c);
        if (op == TernaryOp.SELECT) {
            boolean[] cond = (boolean[]) cpu(a).data;
            if (y.dtype == DType.FLOAT32 || y.dtype == DType.FLOAT64) {
                return select(cond, y, z, Walk.of(shape, aStrides, bStrides, cStrides), n);
            }
            if (y.dtype.isFloat()) {
                double[] ys = doubles(y);
                double[] zs = doubles(z);
                double[] r = new double[n];
                Chunks.forRange(n, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        r[i] = cond[ia.at(i)] ? ys[ib.at(i)] : zs[ic.at(i)];
                    }
                });
                return ofDoubles(r, out);
            }
            long[] ys = longs(y);
            long[] zs = longs(z);
            long[] r = new long[n];
            Chunks.forRange(n, (from, to) -> {
                for (int i = from; i < to; i++) {
                    r[i] = cond[ia.at(i)] ? ys[ib.at(i)] : zs[ic.at(i)];
                }
            });
            return ofLongs(r, out);
        }
        CpuBuffer x = cpu(a);
        if (x.dtype.isFloat()) {
            DoubleBinaryOperator max = floatBinary(BinaryOp.MAX, false);
            DoubleBinaryOperator min = floatBinary(BinaryOp.MIN, false);
            double[] xs = doubles(x);
            double[] ys = doubles(y);
            double[] zs = doubles(z);
            double[] r = new double[n];
            Chunks.forRange(n, (from, to) -> {
                for (int i = from; i < to; i++) {
                    r[i] = min.applyAsDouble(max.applyAsDouble(xs[ia.at(i)], ys[ib.at(i)]), zs[ic.at(i)]);
                }
            });
            return ofDoubles(r, out);
        }
        long[] xs = longs(x);
        long[] ys = longs(y);
        long[] zs = longs(z);
        long[] r = new long[n];
        Chunks.forRange(n, (from, to) -> {
            for (int i = from; i < to; i++) {
                r[i] = Math.min(Math.max(xs[ia.at(i)], ys[ib.at(i)]), zs[ic.at(i)]);
            }
        });
        return ofLongs(r, out);
    }

    /** where(cond, y, z) for float32 and float64, run by run with constant steps. */
    private static Buffer select(boolean[] cond, CpuBuffer y, CpuBuffer z, Walk w, int n) {
        int sc = w.steps[0];
        int sy = w.steps[1];
        int sz = w.steps[2];
        if (y.dtype == DType.FLOAT32) {
            float[] ys = (float[]) y.data;
            float[] zs = (float[]) z.data;
            float[] r = new float[n];
            w.each((o, len, ci, yi, zi) -> {
                for (int i = 0; i < len; i++) {
                    r[o + i] = cond[ci + i * sc] ? ys[yi + i * sy] : zs[zi + i * sz];
                }
            });
            return new CpuBuffer(y.dtype, r);
        }
        double[] ys = (double[]) y.data;
        double[] zs = (double[]) z.data;
        double[] r = new double[n];
        w.each((o, len, ci, yi, zi) -> {
            for (int i = 0; i < len; i++) {
                r[o + i] = cond[ci + i * sc] ? ys[yi + i * sy] : zs[zi + i * sz];
            }
        });
        return new CpuBuffer(y.dtype, r);
    }

    static DoubleBinaryOperator floatBinary(BinaryOp op, boolean f32) {
        return switch (op) {
            case ADD -> (x, y) -> x + y;
            case SUB -> (x, y) -> x - y;
            case MUL -> (x, y) -> x * y;
            case DIV -> (x, y) -> x / y;
            // jnp.floor_divide on floats: CPython's float_divmod, rounding each step as the dtype does.
            case FLOORDIV -> (x, y) -> {
                double mod = x % y;
                double div = round32(round32(x - mod, f32) / y, f32);
                if (mod != 0 && (y < 0) != (mod < 0)) {
                    div = round32(div - 1, f32);
                }
                return Math.rint(div);
            };
            case MOD -> (x, y) -> {
                double t = x % y;
                return t != 0 && (t < 0) != (y < 0) ? round32(t + y, f32) : t;
            };
            case POW -> Math::pow;
            case MAX -> (x, y) -> Double.isNaN(x) || Double.isNaN(y) ? Double.NaN : Math.max(x, y);
            case MIN -> (x, y) -> Double.isNaN(x) || Double.isNaN(y) ? Double.NaN : Math.min(x, y);
            case ATAN2 -> Math::atan2;
            case EQ -> (x, y) -> x == y ? 1 : 0;
            case NE -> (x, y) -> x != y ? 1 : 0;
            case LT -> (x, y) -> x < y ? 1 : 0;
            case LE -> (x, y) -> x <= y ? 1 : 0;
            case GT -> (x, y) -> x > y ? 1 : 0;
            case GE -> (x, y) -> x >= y ? 1 : 0;
            case AND, OR, XOR -> throw new IllegalArgumentException(op + " on floats");
        };
    }

    static long intPow(long base, long exp) {
        if (exp < 0) {
            // Integer powers with negative exponents: only ±1 have integer results.
            return base == 1 ? 1 : base == -1 ? ((exp & 1) == 0 ? 1 : -1) : 0;
        }
        long r = 1;
        while (exp > 0) {
            if ((exp & 1) != 0) {
                r *= base;
            }
            base *= base;
            exp >>= 1;
        }
        return r;
    }

    static LongBinaryOperator intBinary(BinaryOp op, DType dtype) {
        boolean bool = dtype == DType.BOOL;
        return switch (op) {
            case ADD -> bool ? (x, y) -> x | y : (x, y) -> x + y;
            case SUB -> (x, y) -> x - y;
            case MUL -> bool ? (x, y) -> x & y : (x, y) -> x * y;
            // Division by zero gives 0 for integers, as NumPy does.
            case FLOORDIV, DIV -> (x, y) -> y == 0 ? 0 : Math.floorDiv(x, y);
            case MOD -> (x, y) -> y == 0 ? 0 : Math.floorMod(x, y);
            case POW -> Elementwise::intPow;
            case MAX -> Math::max;
            case MIN -> Math::min;
            case ATAN2 -> throw new IllegalArgumentException("atan2 on integers");
            case EQ -> (x, y) -> x == y ? 1 : 0;
            case NE -> (x, y) -> x != y ? 1 : 0;
            case LT -> (x, y) -> x < y ? 1 : 0;
            case LE -> (x, y) -> x <= y ? 1 : 0;
            case GT -> (x, y) -> x > y ? 1 : 0;
            case GE -> (x, y) -> x >= y ? 1 : 0;
            case AND -> (x, y) -> x & y;
            case OR -> (x, y) -> x | y;
            case XOR -> (x, y) -> x ^ y;
        };
    }

    static double log2(double x) {
        if (x > 0 && !Double.isInfinite(x) && (Double.doubleToRawLongBits(x) & 0xFFFFFFFFFFFFFL) == 0
                && Math.getExponent(x) >= Double.MIN_EXPONENT) {
            return Math.getExponent(x);
        }
        return Math.log(x) / LN2;
    }

    static double asinh(double x) {
        double a = Math.abs(x);
        double r = a > 1e8 ? Math.log(a) + LN2 : Math.log1p(a + a * a / (1 + Math.sqrt(1 + a * a)));
        return Math.copySign(r, x);
    }

    static double acosh(double x) {
        return x > 1e8 ? Math.log(x) + LN2 : Math.log(x + Math.sqrt(x * x - 1));
    }

    static double atanh(double x) {
        double a = Math.abs(x);
        return Math.copySign(0.5 * Math.log1p(2 * a / (1 - a)), x);
    }

    static DoubleUnaryOperator floatUnary(UnaryOp op) {
        return switch (op) {
            case NEG -> x -> -x;
            case ABS -> Math::abs;
            case SIGN -> x -> x > 0 ? 1 : x < 0 ? -1 : x;
            case SQUARE -> x -> x * x;
            case RECIPROCAL -> x -> 1 / x;
            case EXP -> Math::exp;
            case EXP2 -> x -> Math.pow(2, x);
            case LOG -> Math::log;
            case LOG2 -> Elementwise::log2;
            case LOG10 -> Math::log10;
            case LOG1P -> Math::log1p;
            case EXPM1 -> Math::expm1;
            case SQRT -> Math::sqrt;
            case RSQRT -> x -> 1 / Math.sqrt(x);
            case SIGMOID -> x -> 1 / (1 + Math.exp(-x));
            case SIN -> Math::sin;
            case COS -> Math::cos;
            case TAN -> Math::tan;
            case ARCSIN -> Math::asin;
            case ARCCOS -> Math::acos;
            case ARCTAN -> Math::atan;
            case SINH -> Math::sinh;
            case COSH -> Math::cosh;
            case TANH -> Math::tanh;
            case ARCSINH -> Elementwise::asinh;
            case ARCCOSH -> Elementwise::acosh;
            case ARCTANH -> Elementwise::atanh;
            case FLOOR -> Math::floor;
            case CEIL -> Math::ceil;
            case ROUND -> Math::rint;
            case TRUNC -> x -> x < 0 ? Math.ceil(x) : Math.floor(x);
            case ISNAN -> x -> Double.isNaN(x) ? 1 : 0;
            case ISINF -> x -> Double.isInfinite(x) ? 1 : 0;
            case ISFINITE -> x -> Double.isFinite(x) ? 1 : 0;
            case LOGICAL_NOT -> x -> x == 0 ? 1 : 0;
            case BIT_NOT -> throw new IllegalArgumentException("bitwise not on floats");
        };
    }

    static LongUnaryOperator intUnary(UnaryOp op) {
        return switch (op) {
            case NEG -> x -> -x;
            case ABS -> Math::abs;
            case SIGN -> Long::signum;
            case SQUARE -> x -> x * x;
            case BIT_NOT -> x -> ~x;
            case LOGICAL_NOT -> x -> x == 0 ? 1 : 0;
            case ISNAN, ISINF -> x -> 0;
            case ISFINITE -> x -> 1;
            case FLOOR, CEIL, ROUND, TRUNC -> x -> x;
            default -> throw new IllegalArgumentException(op + " on integers");
        };
    }
}

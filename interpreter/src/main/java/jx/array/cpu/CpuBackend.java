package jx.array.cpu;

import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.LongBinaryOperator;
import java.util.function.LongUnaryOperator;
import java.util.stream.IntStream;
import jx.array.Backend;
import jx.array.DType;
import jx.array.HostData;

/**
 * The reference backend: plain loops over Java primitive arrays (float[] for float32, double[],
 * int[] for int32 and uint32 bit patterns, long[], boolean[]). Float kernels evaluate in double and
 * round once per operation, which for +, -, *, / and sqrt is exactly float32 arithmetic.
 * Integer kernels evaluate in long (uint32 zero-extended) and wrap on store.
 */
public final class CpuBackend implements Backend {
    private static final double LN2 = Math.log(2.0);
    /** Rows per block of NumPy's pairwise float summation (numpy/core/src/umath/loops_utils.h). */
    private static final int PW_BLOCKSIZE = 128;
    private static final long PARALLEL_MATMUL_FLOPS = 1L << 20;

    /** A flat buffer; {@code data} is one of float[], double[], int[], long[], boolean[]. */
    static final class CpuBuffer implements Buffer {
        final DType dtype;
        final Object data;
        final int size;

        CpuBuffer(DType dtype, Object data) {
            this.dtype = dtype;
            this.data = data;
            this.size = java.lang.reflect.Array.getLength(data);
        }

        @Override
        public DType dtype() {
            return dtype;
        }

        @Override
        public int size() {
            return size;
        }
    }

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public String toString() {
        return "cpu";
    }

    private static CpuBuffer cpu(Buffer b) {
        if (b instanceof CpuBuffer c) {
            return c;
        }
        throw new IllegalArgumentException("buffer of another backend: " + b);
    }

    private static Object allocate(DType d, int n) {
        return switch (d) {
            case FLOAT32 -> new float[n];
            case FLOAT64 -> new double[n];
            case INT32, UINT32 -> new int[n];
            case INT64 -> new long[n];
            case BOOL -> new boolean[n];
        };
    }

    // ---- conversions between storage and the two evaluation domains (double, long) ----

    private static double[] doubles(CpuBuffer b) {
        return switch (b.dtype) {
            case FLOAT64 -> (double[]) b.data;
            case FLOAT32 -> {
                float[] s = (float[]) b.data;
                double[] r = new double[s.length];
                for (int i = 0; i < s.length; i++) {
                    r[i] = s[i];
                }
                yield r;
            }
            default -> {
                long[] s = longs(b);
                double[] r = new double[s.length];
                for (int i = 0; i < s.length; i++) {
                    r[i] = s[i];
                }
                yield r;
            }
        };
    }

    private static long[] longs(CpuBuffer b) {
        return switch (b.dtype) {
            case INT64 -> (long[]) b.data;
            case INT32 -> {
                int[] s = (int[]) b.data;
                long[] r = new long[s.length];
                for (int i = 0; i < s.length; i++) {
                    r[i] = s[i];
                }
                yield r;
            }
            case UINT32 -> {
                int[] s = (int[]) b.data;
                long[] r = new long[s.length];
                for (int i = 0; i < s.length; i++) {
                    r[i] = s[i] & 0xFFFFFFFFL;
                }
                yield r;
            }
            case BOOL -> {
                boolean[] s = (boolean[]) b.data;
                long[] r = new long[s.length];
                for (int i = 0; i < s.length; i++) {
                    r[i] = s[i] ? 1 : 0;
                }
                yield r;
            }
            case FLOAT32, FLOAT64 -> {
                double[] s = doubles(b);
                long[] r = new long[s.length];
                for (int i = 0; i < s.length; i++) {
                    r[i] = (long) s[i];
                }
                yield r;
            }
        };
    }

    private static CpuBuffer ofDoubles(double[] v, DType to) {
        Object out = switch (to) {
            case FLOAT64 -> v;
            case FLOAT32 -> {
                float[] r = new float[v.length];
                for (int i = 0; i < v.length; i++) {
                    r[i] = (float) v[i];
                }
                yield r;
            }
            case INT32 -> {
                int[] r = new int[v.length];
                for (int i = 0; i < v.length; i++) {
                    r[i] = (int) v[i];
                }
                yield r;
            }
            case UINT32 -> {
                int[] r = new int[v.length];
                for (int i = 0; i < v.length; i++) {
                    r[i] = (int) (long) v[i];
                }
                yield r;
            }
            case INT64 -> {
                long[] r = new long[v.length];
                for (int i = 0; i < v.length; i++) {
                    r[i] = (long) v[i];
                }
                yield r;
            }
            case BOOL -> {
                boolean[] r = new boolean[v.length];
                for (int i = 0; i < v.length; i++) {
                    r[i] = v[i] != 0;
                }
                yield r;
            }
        };
        return new CpuBuffer(to, out);
    }

    private static CpuBuffer ofLongs(long[] v, DType to) {
        Object out = switch (to) {
            case INT64 -> v;
            case INT32, UINT32 -> {
                int[] r = new int[v.length];
                for (int i = 0; i < v.length; i++) {
                    r[i] = (int) v[i];
                }
                yield r;
            }
            case BOOL -> {
                boolean[] r = new boolean[v.length];
                for (int i = 0; i < v.length; i++) {
                    r[i] = v[i] != 0;
                }
                yield r;
            }
            case FLOAT32 -> {
                float[] r = new float[v.length];
                for (int i = 0; i < v.length; i++) {
                    r[i] = (float) v[i];
                }
                yield r;
            }
            case FLOAT64 -> {
                double[] r = new double[v.length];
                for (int i = 0; i < v.length; i++) {
                    r[i] = (double) v[i];
                }
                yield r;
            }
        };
        return new CpuBuffer(to, out);
    }

    // ---- host transfer and creation ----

    @Override
    public Buffer fromHost(HostData h) {
        if (h.dtype().isFloat()) {
            return ofDoubles(h.floats().clone(), h.dtype());
        }
        return ofLongs(h.ints().clone(), h.dtype());
    }

    @Override
    public HostData toHost(Buffer buffer, int[] shape, boolean weak) {
        CpuBuffer b = cpu(buffer);
        if (b.dtype.isFloat()) {
            return new HostData(b.dtype, shape.clone(), weak, doubles(b).clone(), null);
        }
        return new HostData(b.dtype, shape.clone(), weak, null, longs(b).clone());
    }

    @Override
    public Buffer fill(DType dtype, int size, double value) {
        double[] v = new double[size];
        Arrays.fill(v, value);
        return ofDoubles(v, dtype);
    }

    @Override
    public Buffer fill(DType dtype, int size, long value) {
        long[] v = new long[size];
        Arrays.fill(v, value);
        return ofLongs(v, dtype);
    }

    @Override
    public Buffer iota(DType dtype, int size) {
        long[] v = new long[size];
        for (int i = 0; i < size; i++) {
            v[i] = i;
        }
        return ofLongs(v, dtype);
    }

    @Override
    public Buffer cast(Buffer a, DType to) {
        CpuBuffer b = cpu(a);
        return b.dtype.isFloat() ? ofDoubles(doubles(b).clone(), to) : ofLongs(longs(b).clone(), to);
    }

    // ---- elementwise ----

    /** Element positions of a strided view in row-major order, or null when the view is the contiguous buffer. */
    static int[] positions(int offset, int[] strides, int[] shape) {
        int n = 1;
        boolean contiguous = offset == 0;
        int expect = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            n *= shape[d];
            if (shape[d] != 1 && strides[d] != expect) {
                contiguous = false;
            }
            expect *= shape[d];
        }
        if (contiguous) {
            return null;
        }
        int[] pos = new int[n];
        if (n == 0) {
            return pos;
        }
        int nd = shape.length;
        if (nd == 0) {
            pos[0] = offset;
            return pos;
        }
        int[] idx = new int[nd];
        int last = shape[nd - 1];
        int lastStride = strides[nd - 1];
        int base = offset;
        for (int i = 0; i < n; i += last) {
            for (int j = 0; j < last; j++) {
                pos[i + j] = base + j * lastStride;
            }
            for (int d = nd - 2; d >= 0; d--) {
                idx[d]++;
                base += strides[d];
                if (idx[d] < shape[d]) {
                    break;
                }
                base -= idx[d] * strides[d];
                idx[d] = 0;
            }
        }
        return pos;
    }

    private static boolean allZero(int[] strides) {
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

    private static int sizeOf(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    @Override
    public Buffer unary(UnaryOp op, Buffer a, DType out) {
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
            for (int i = 0; i < n; i++) {
                r[i] = f.applyAsDouble(x[i]);
            }
            return ofDoubles(r, out);
        }
        LongUnaryOperator f = intUnary(op);
        long[] x = longs(b);
        long[] r = new long[n];
        for (int i = 0; i < n; i++) {
            r[i] = f.applyAsLong(x[i]);
        }
        return ofLongs(r, out);
    }

    @Override
    public Buffer binary(BinaryOp op, Buffer a, int[] aStrides, Buffer b, int[] bStrides, int[] shape, DType out) {
        CpuBuffer x = cpu(a);
        CpuBuffer y = cpu(b);
        int n = sizeOf(shape);
        Access ia = Access.of(aStrides, shape);
        Access ib = Access.of(bStrides, shape);
        if (x.dtype == DType.FLOAT32) {
            DoubleBinaryOperator f = floatBinary(op, true);
            float[] xs = (float[]) x.data;
            float[] ys = (float[]) y.data;
            if (out == DType.FLOAT32) {
                float[] r = new float[n];
                if (ia.table == null && !ia.scalar && ib.table == null && !ib.scalar) {
                    for (int i = 0; i < n; i++) {
                        r[i] = (float) f.applyAsDouble(xs[i], ys[i]);
                    }
                } else if (ia.table == null && !ia.scalar && ib.scalar) {
                    double c = ys[0];
                    for (int i = 0; i < n; i++) {
                        r[i] = (float) f.applyAsDouble(xs[i], c);
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        r[i] = (float) f.applyAsDouble(xs[ia.at(i)], ys[ib.at(i)]);
                    }
                }
                return new CpuBuffer(out, r);
            }
            boolean[] r = new boolean[n];
            for (int i = 0; i < n; i++) {
                r[i] = f.applyAsDouble(xs[ia.at(i)], ys[ib.at(i)]) != 0;
            }
            return new CpuBuffer(out, r);
        }
        if (x.dtype.isFloat()) {
            DoubleBinaryOperator f = floatBinary(op, false);
            double[] xs = doubles(x);
            double[] ys = doubles(y);
            double[] r = new double[n];
            for (int i = 0; i < n; i++) {
                r[i] = f.applyAsDouble(xs[ia.at(i)], ys[ib.at(i)]);
            }
            return ofDoubles(r, out);
        }
        LongBinaryOperator f = intBinary(op, x.dtype);
        long[] xs = longs(x);
        long[] ys = longs(y);
        long[] r = new long[n];
        for (int i = 0; i < n; i++) {
            r[i] = f.applyAsLong(xs[ia.at(i)], ys[ib.at(i)]);
        }
        return ofLongs(r, out);
    }

    @Override
    public Buffer ternary(TernaryOp op, Buffer a, int[] aStrides, Buffer b, int[] bStrides, Buffer c, int[] cStrides,
                          int[] shape, DType out) {
        int n = sizeOf(shape);
        Access ia = Access.of(aStrides, shape);
        Access ib = Access.of(bStrides, shape);
        Access ic = Access.of(cStrides, shape);
        CpuBuffer y = cpu(b);
        CpuBuffer z = cpu(c);
        if (op == TernaryOp.SELECT) {
            boolean[] cond = (boolean[]) cpu(a).data;
            if (y.dtype.isFloat()) {
                double[] ys = doubles(y);
                double[] zs = doubles(z);
                double[] r = new double[n];
                for (int i = 0; i < n; i++) {
                    r[i] = cond[ia.at(i)] ? ys[ib.at(i)] : zs[ic.at(i)];
                }
                return ofDoubles(r, out);
            }
            long[] ys = longs(y);
            long[] zs = longs(z);
            long[] r = new long[n];
            for (int i = 0; i < n; i++) {
                r[i] = cond[ia.at(i)] ? ys[ib.at(i)] : zs[ic.at(i)];
            }
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
            for (int i = 0; i < n; i++) {
                r[i] = min.applyAsDouble(max.applyAsDouble(xs[ia.at(i)], ys[ib.at(i)]), zs[ic.at(i)]);
            }
            return ofDoubles(r, out);
        }
        long[] xs = longs(x);
        long[] ys = longs(y);
        long[] zs = longs(z);
        long[] r = new long[n];
        for (int i = 0; i < n; i++) {
            r[i] = Math.min(Math.max(xs[ia.at(i)], ys[ib.at(i)]), zs[ic.at(i)]);
        }
        return ofLongs(r, out);
    }

    private static double round32(double v, boolean f32) {
        return f32 ? (float) v : v;
    }

    private static DoubleBinaryOperator floatBinary(BinaryOp op, boolean f32) {
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

    private static long intPow(long base, long exp) {
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

    private static LongBinaryOperator intBinary(BinaryOp op, DType dtype) {
        boolean bool = dtype == DType.BOOL;
        return switch (op) {
            case ADD -> bool ? (x, y) -> x | y : (x, y) -> x + y;
            case SUB -> (x, y) -> x - y;
            case MUL -> bool ? (x, y) -> x & y : (x, y) -> x * y;
            // Division by zero gives 0 for integers, as NumPy does.
            case FLOORDIV, DIV -> (x, y) -> y == 0 ? 0 : Math.floorDiv(x, y);
            case MOD -> (x, y) -> y == 0 ? 0 : Math.floorMod(x, y);
            case POW -> CpuBackend::intPow;
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

    private static double log2(double x) {
        if (x > 0 && !Double.isInfinite(x) && (Double.doubleToRawLongBits(x) & 0xFFFFFFFFFFFFFL) == 0
                && Math.getExponent(x) >= Double.MIN_EXPONENT) {
            return Math.getExponent(x);
        }
        return Math.log(x) / LN2;
    }

    private static double asinh(double x) {
        double a = Math.abs(x);
        double r = a > 1e8 ? Math.log(a) + LN2 : Math.log1p(a + a * a / (1 + Math.sqrt(1 + a * a)));
        return Math.copySign(r, x);
    }

    private static double acosh(double x) {
        return x > 1e8 ? Math.log(x) + LN2 : Math.log(x + Math.sqrt(x * x - 1));
    }

    private static double atanh(double x) {
        double a = Math.abs(x);
        return Math.copySign(0.5 * Math.log1p(2 * a / (1 - a)), x);
    }

    private static DoubleUnaryOperator floatUnary(UnaryOp op) {
        return switch (op) {
            case NEG -> x -> -x;
            case ABS -> Math::abs;
            case SIGN -> x -> x > 0 ? 1 : x < 0 ? -1 : x;
            case SQUARE -> x -> x * x;
            case RECIPROCAL -> x -> 1 / x;
            case EXP -> Math::exp;
            case EXP2 -> x -> Math.pow(2, x);
            case LOG -> Math::log;
            case LOG2 -> CpuBackend::log2;
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
            case ARCSINH -> CpuBackend::asinh;
            case ARCCOSH -> CpuBackend::acosh;
            case ARCTANH -> CpuBackend::atanh;
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

    private static LongUnaryOperator intUnary(UnaryOp op) {
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

    // ---- reductions and scans ----

    /** NumPy's pairwise summation of v[start], v[start+stride], ... (n terms), rounding as float32 if asked. */
    private static double pairwise(double[] v, int start, int n, int stride, boolean f32) {
        if (n < 8) {
            double res = 0;
            for (int i = 0; i < n; i++) {
                res = round32(res + v[start + i * stride], f32);
            }
            return res;
        }
        if (n <= PW_BLOCKSIZE) {
            double[] r = new double[8];
            for (int j = 0; j < 8; j++) {
                r[j] = v[start + j * stride];
            }
            int i;
            for (i = 8; i < n - (n % 8); i += 8) {
                for (int j = 0; j < 8; j++) {
                    r[j] = round32(r[j] + v[start + (i + j) * stride], f32);
                }
            }
            double res = round32(round32(round32(r[0] + r[1], f32) + round32(r[2] + r[3], f32), f32)
                    + round32(round32(r[4] + r[5], f32) + round32(r[6] + r[7], f32), f32), f32);
            for (; i < n; i++) {
                res = round32(res + v[start + i * stride], f32);
            }
            return res;
        }
        int n2 = n / 2;
        n2 -= n2 % 8;
        return round32(pairwise(v, start, n2, stride, f32) + pairwise(v, start + n2 * stride, n - n2, stride, f32), f32);
    }

    @Override
    public Buffer reduce(ReduceOp op, Buffer a, int outer, int n, int inner, DType out) {
        CpuBuffer b = cpu(a);
        int m = outer * inner;
        boolean f32 = b.dtype == DType.FLOAT32;
        if (op == ReduceOp.ARGMAX || op == ReduceOp.ARGMIN) {
            boolean isMax = op == ReduceOp.ARGMAX;
            boolean fl = b.dtype.isFloat();
            double[] dv = fl ? doubles(b) : null;
            long[] lv = fl ? null : longs(b);
            long[] r = new long[m];
            for (int o = 0; o < outer; o++) {
                for (int in = 0; in < inner; in++) {
                    int base = o * n * inner + in;
                    int best = 0;
                    for (int j = 1; j < n; j++) {
                        int p = base + j * inner;
                        int q = base + best * inner;
                        boolean better;
                        if (fl) {
                            // The first NaN wins, as in NumPy and JAX.
                            if (Double.isNaN(dv[q])) {
                                break;
                            }
                            better = Double.isNaN(dv[p]) || (isMax ? dv[p] > dv[q] : dv[p] < dv[q]);
                        } else {
                            better = isMax ? lv[p] > lv[q] : lv[p] < lv[q];
                        }
                        if (better) {
                            best = j;
                        }
                    }
                    r[o * inner + in] = best;
                }
            }
            return ofLongs(r, out);
        }
        if (op == ReduceOp.SUM && inner == 1 && f32) {
            float[] v = (float[]) b.data;
            float[] r = new float[m];
            for (int o = 0; o < outer; o++) {
                r[o] = Float32Loops.pairwiseSum(v, o * n, n);
            }
            return out == DType.FLOAT32 ? new CpuBuffer(out, r) : ofDoubles(doubles(new CpuBuffer(DType.FLOAT32, r)), out);
        }
        if (b.dtype.isFloat()) {
            double[] v = doubles(b);
            double[] r = new double[m];
            for (int o = 0; o < outer; o++) {
                for (int in = 0; in < inner; in++) {
                    int base = o * n * inner + in;
                    double acc;
                    if (op == ReduceOp.SUM && inner == 1) {
                        acc = pairwise(v, base, n, 1, f32);
                    } else {
                        acc = switch (op) {
                            case SUM, ANY -> 0;
                            case PROD, ALL -> 1;
                            case MAX -> Double.NEGATIVE_INFINITY;
                            default -> Double.POSITIVE_INFINITY;
                        };
                        for (int j = 0; j < n; j++) {
                            double x = v[base + j * inner];
                            acc = switch (op) {
                                case SUM -> round32(acc + x, f32);
                                case PROD -> round32(acc * x, f32);
                                case MAX -> Double.isNaN(acc) || Double.isNaN(x) ? Double.NaN : Math.max(acc, x);
                                case MIN -> Double.isNaN(acc) || Double.isNaN(x) ? Double.NaN : Math.min(acc, x);
                                case ANY -> acc != 0 || x != 0 ? 1 : 0;
                                case ALL -> acc != 0 && x != 0 ? 1 : 0;
                                default -> throw new IllegalStateException();
                            };
                        }
                    }
                    r[o * inner + in] = acc;
                }
            }
            return ofDoubles(r, out);
        }
        long[] v = longs(b);
        long[] r = new long[m];
        for (int o = 0; o < outer; o++) {
            for (int in = 0; in < inner; in++) {
                int base = o * n * inner + in;
                long acc = switch (op) {
                    case SUM, ANY -> 0;
                    case PROD, ALL -> 1;
                    case MAX -> Long.MIN_VALUE;
                    default -> Long.MAX_VALUE;
                };
                for (int j = 0; j < n; j++) {
                    long x = v[base + j * inner];
                    acc = switch (op) {
                        case SUM -> acc + x;
                        case PROD -> acc * x;
                        case MAX -> Math.max(acc, x);
                        case MIN -> Math.min(acc, x);
                        case ANY -> acc != 0 || x != 0 ? 1 : 0;
                        case ALL -> acc != 0 && x != 0 ? 1 : 0;
                        default -> throw new IllegalStateException();
                    };
                }
                r[o * inner + in] = acc;
            }
        }
        return ofLongs(r, out);
    }

    @Override
    public Buffer scan(ScanOp op, Buffer a, int outer, int n, int inner) {
        CpuBuffer b = cpu(a);
        boolean sum = op == ScanOp.CUMSUM;
        if (b.dtype.isFloat()) {
            boolean f32 = b.dtype == DType.FLOAT32;
            double[] v = doubles(b);
            double[] r = new double[v.length];
            for (int o = 0; o < outer; o++) {
                for (int in = 0; in < inner; in++) {
                    int base = o * n * inner + in;
                    double acc = sum ? 0 : 1;
                    for (int j = 0; j < n; j++) {
                        int p = base + j * inner;
                        acc = round32(sum ? acc + v[p] : acc * v[p], f32);
                        r[p] = acc;
                    }
                }
            }
            return ofDoubles(r, b.dtype);
        }
        long[] v = longs(b);
        long[] r = new long[v.length];
        for (int o = 0; o < outer; o++) {
            for (int in = 0; in < inner; in++) {
                int base = o * n * inner + in;
                long acc = sum ? 0 : 1;
                for (int j = 0; j < n; j++) {
                    int p = base + j * inner;
                    acc = sum ? acc + v[p] : acc * v[p];
                    r[p] = acc;
                }
            }
        }
        return ofLongs(r, b.dtype);
    }

    // ---- matmul ----

    @Override
    public Buffer matmul(Buffer a, int aBatchStride, Buffer b, int bBatchStride, int batch, int m, int k, int n) {
        CpuBuffer x = cpu(a);
        CpuBuffer y = cpu(b);
        DType dt = x.dtype;
        boolean parallel = (long) batch * m * k * n >= PARALLEL_MATMUL_FLOPS;
        IntStream rows = IntStream.range(0, batch * m);
        if (parallel) {
            rows = rows.parallel();
        }
        if (dt == DType.FLOAT32) {
            float[] r = new float[batch * m * n];
            matmulFloat((float[]) x.data, aBatchStride, (float[]) y.data, bBatchStride, r, batch, m, k, n, parallel);
            return new CpuBuffer(dt, r);
        }
        if (dt.isFloat()) {
            double[] xs = doubles(x);
            double[] ys = doubles(y);
            double[] r = new double[batch * m * n];
            rows.forEach(row -> {
                int bi = row / m;
                int i = row % m;
                int aBase = bi * aBatchStride + i * k;
                int bBase = bi * bBatchStride;
                int rBase = row * n;
                for (int p = 0; p < k; p++) {
                    double av = xs[aBase + p];
                    int bRow = bBase + p * n;
                    for (int j = 0; j < n; j++) {
                        r[rBase + j] += av * ys[bRow + j];
                    }
                }
            });
            return ofDoubles(r, dt);
        }
        long[] xs = longs(x);
        long[] ys = longs(y);
        long[] r = new long[batch * m * n];
        boolean bool = dt == DType.BOOL;
        rows.forEach(row -> {
            int bi = row / m;
            int i = row % m;
            int aBase = bi * aBatchStride + i * k;
            int bBase = bi * bBatchStride;
            int rBase = row * n;
            for (int p = 0; p < k; p++) {
                long av = xs[aBase + p];
                int bRow = bBase + p * n;
                for (int j = 0; j < n; j++) {
                    r[rBase + j] = bool ? r[rBase + j] | (av & ys[bRow + j]) : r[rBase + j] + av * ys[bRow + j];
                }
            }
        });
        return ofLongs(r, dt);
    }

    private static final int ROWS_PER_TASK = 64;
    private static final int K_BLOCK = 256;
    private static final int TILE_ROWS = 4;
    private static final int TILE_COLS = 8;

    /**
     * float32 matmul with register tiles: a 4x8 block of the result is accumulated in local
     * variables over a K_BLOCK slice of k, reading a copy of b's 8 columns packed contiguously. Every
     * element still sums over k in ascending order (multiply, then add, never fused), so the result
     * equals the plain i-k-j loop's bit for bit.
     */
    private static void matmulFloat(float[] xs, int aStride, float[] ys, int bStride, float[] r, int batch, int m,
            int k, int n, boolean parallel) {
        int tasksPerBatch = (m + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
        IntStream tasks = IntStream.range(0, batch * tasksPerBatch);
        if (parallel) {
            tasks = tasks.parallel();
        }
        tasks.forEach(task -> {
            int bi = task / tasksPerBatch;
            int i0 = (task % tasksPerBatch) * ROWS_PER_TASK;
            int i1 = Math.min(m, i0 + ROWS_PER_TASK);
            int aBatch = bi * aStride;
            int bBatch = bi * bStride;
            int rBatch = bi * m * n;
            float[] panel = new float[K_BLOCK * TILE_COLS];
            for (int p0 = 0; p0 < k; p0 += K_BLOCK) {
                int kc = Math.min(K_BLOCK, k - p0);
                int j = 0;
                for (; j + TILE_COLS <= n; j += TILE_COLS) {
                    for (int p = 0; p < kc; p++) {
                        System.arraycopy(ys, bBatch + (p0 + p) * n + j, panel, p * TILE_COLS, TILE_COLS);
                    }
                    int i = i0;
                    for (; i + TILE_ROWS <= i1; i += TILE_ROWS) {
                        tile(xs, aBatch + i * k + p0, k, panel, kc, r, rBatch + i * n + j, n);
                    }
                    for (; i < i1; i++) {
                        int a0 = aBatch + i * k + p0;
                        int r0 = rBatch + i * n + j;
                        for (int p = 0; p < kc; p++) {
                            float v = xs[a0 + p];
                            for (int c = 0; c < TILE_COLS; c++) {
                                r[r0 + c] += v * panel[p * TILE_COLS + c];
                            }
                        }
                    }
                }
                for (int i = i0; i < i1 && j < n; i++) {
                    int a0 = aBatch + i * k + p0;
                    int r0 = rBatch + i * n;
                    for (int p = 0; p < kc; p++) {
                        float v = xs[a0 + p];
                        int bRow = bBatch + (p0 + p) * n;
                        for (int c = j; c < n; c++) {
                            r[r0 + c] += v * ys[bRow + c];
                        }
                    }
                }
            }
        });
    }

    /** r[4 rows, 8 columns] += a[4 rows, kc] @ panel[kc, 8], in registers. */
    private static void tile(float[] xs, int a0, int k, float[] panel, int kc, float[] r, int r0, int n) {
        float c00 = r[r0], c01 = r[r0 + 1], c02 = r[r0 + 2], c03 = r[r0 + 3];
        float c04 = r[r0 + 4], c05 = r[r0 + 5], c06 = r[r0 + 6], c07 = r[r0 + 7];
        int q = r0 + n;
        float c10 = r[q], c11 = r[q + 1], c12 = r[q + 2], c13 = r[q + 3];
        float c14 = r[q + 4], c15 = r[q + 5], c16 = r[q + 6], c17 = r[q + 7];
        q += n;
        float c20 = r[q], c21 = r[q + 1], c22 = r[q + 2], c23 = r[q + 3];
        float c24 = r[q + 4], c25 = r[q + 5], c26 = r[q + 6], c27 = r[q + 7];
        q += n;
        float c30 = r[q], c31 = r[q + 1], c32 = r[q + 2], c33 = r[q + 3];
        float c34 = r[q + 4], c35 = r[q + 5], c36 = r[q + 6], c37 = r[q + 7];
        for (int p = 0; p < kc; p++) {
            int b = p * 8;
            float b0 = panel[b], b1 = panel[b + 1], b2 = panel[b + 2], b3 = panel[b + 3];
            float b4 = panel[b + 4], b5 = panel[b + 5], b6 = panel[b + 6], b7 = panel[b + 7];
            float a = xs[a0 + p];
            c00 += a * b0; c01 += a * b1; c02 += a * b2; c03 += a * b3;
            c04 += a * b4; c05 += a * b5; c06 += a * b6; c07 += a * b7;
            a = xs[a0 + k + p];
            c10 += a * b0; c11 += a * b1; c12 += a * b2; c13 += a * b3;
            c14 += a * b4; c15 += a * b5; c16 += a * b6; c17 += a * b7;
            a = xs[a0 + 2 * k + p];
            c20 += a * b0; c21 += a * b1; c22 += a * b2; c23 += a * b3;
            c24 += a * b4; c25 += a * b5; c26 += a * b6; c27 += a * b7;
            a = xs[a0 + 3 * k + p];
            c30 += a * b0; c31 += a * b1; c32 += a * b2; c33 += a * b3;
            c34 += a * b4; c35 += a * b5; c36 += a * b6; c37 += a * b7;
        }
        r[r0] = c00; r[r0 + 1] = c01; r[r0 + 2] = c02; r[r0 + 3] = c03;
        r[r0 + 4] = c04; r[r0 + 5] = c05; r[r0 + 6] = c06; r[r0 + 7] = c07;
        q = r0 + n;
        r[q] = c10; r[q + 1] = c11; r[q + 2] = c12; r[q + 3] = c13;
        r[q + 4] = c14; r[q + 5] = c15; r[q + 6] = c16; r[q + 7] = c17;
        q += n;
        r[q] = c20; r[q + 1] = c21; r[q + 2] = c22; r[q + 3] = c23;
        r[q + 4] = c24; r[q + 5] = c25; r[q + 6] = c26; r[q + 7] = c27;
        q += n;
        r[q] = c30; r[q + 1] = c31; r[q + 2] = c32; r[q + 3] = c33;
        r[q + 4] = c34; r[q + 5] = c35; r[q + 6] = c36; r[q + 7] = c37;
    }

    // ---- data movement ----

    private static Object take(Object src, int[] pos) {
        int n = pos.length;
        return switch (src) {
            case float[] s -> {
                float[] r = new float[n];
                for (int i = 0; i < n; i++) {
                    r[i] = s[pos[i]];
                }
                yield r;
            }
            case double[] s -> {
                double[] r = new double[n];
                for (int i = 0; i < n; i++) {
                    r[i] = s[pos[i]];
                }
                yield r;
            }
            case int[] s -> {
                int[] r = new int[n];
                for (int i = 0; i < n; i++) {
                    r[i] = s[pos[i]];
                }
                yield r;
            }
            case long[] s -> {
                long[] r = new long[n];
                for (int i = 0; i < n; i++) {
                    r[i] = s[pos[i]];
                }
                yield r;
            }
            case boolean[] s -> {
                boolean[] r = new boolean[n];
                for (int i = 0; i < n; i++) {
                    r[i] = s[pos[i]];
                }
                yield r;
            }
            default -> throw new IllegalStateException("unknown storage " + src.getClass());
        };
    }

    @Override
    public Buffer copy(Buffer a, int offset, int[] strides, int[] shape) {
        CpuBuffer b = cpu(a);
        int[] pos = positions(offset, strides, shape);
        if (pos == null) {
            Object r = allocate(b.dtype, sizeOf(shape));
            System.arraycopy(b.data, 0, r, 0, sizeOf(shape));
            return new CpuBuffer(b.dtype, r);
        }
        return new CpuBuffer(b.dtype, take(b.data, pos));
    }

    @Override
    public Buffer gather(Buffer a, Buffer index) {
        CpuBuffer b = cpu(a);
        return new CpuBuffer(b.dtype, take(b.data, (int[]) cpu(index).data));
    }

    @Override
    public Buffer scatter(ScatterOp op, Buffer a, Buffer index, Buffer updates) {
        CpuBuffer b = cpu(a);
        int[] idx = (int[]) cpu(index).data;
        int size = b.size;
        if (b.dtype.isFloat()) {
            boolean f32 = b.dtype == DType.FLOAT32;
            double[] v = doubles(b).clone();
            double[] u = doubles(cpu(updates));
            for (int i = 0; i < idx.length; i++) {
                int p = idx[i];
                if (p < 0 || p >= size) {
                    continue;
                }
                v[p] = switch (op) {
                    case SET -> u[i];
                    case ADD -> round32(v[p] + u[i], f32);
                    case MUL -> round32(v[p] * u[i], f32);
                    case MIN -> Double.isNaN(v[p]) || Double.isNaN(u[i]) ? Double.NaN : Math.min(v[p], u[i]);
                    case MAX -> Double.isNaN(v[p]) || Double.isNaN(u[i]) ? Double.NaN : Math.max(v[p], u[i]);
                };
            }
            return ofDoubles(v, b.dtype);
        }
        long[] v = longs(b).clone();
        long[] u = longs(cpu(updates));
        boolean bool = b.dtype == DType.BOOL;
        for (int i = 0; i < idx.length; i++) {
            int p = idx[i];
            if (p < 0 || p >= size) {
                continue;
            }
            v[p] = switch (op) {
                case SET -> u[i];
                case ADD -> bool ? v[p] | u[i] : v[p] + u[i];
                case MUL -> v[p] * u[i];
                case MIN -> Math.min(v[p], u[i]);
                case MAX -> Math.max(v[p], u[i]);
            };
        }
        return ofLongs(v, b.dtype);
    }

    @Override
    public Buffer concat(List<Buffer> parts, int outer, int[] chunks) {
        DType dt = parts.get(0).dtype();
        int row = 0;
        for (int c : chunks) {
            row += c;
        }
        Object r = allocate(dt, outer * row);
        int pos = 0;
        for (int o = 0; o < outer; o++) {
            for (int p = 0; p < chunks.length; p++) {
                System.arraycopy(cpu(parts.get(p)).data, o * chunks[p], r, pos, chunks[p]);
                pos += chunks[p];
            }
        }
        return new CpuBuffer(dt, r);
    }
}

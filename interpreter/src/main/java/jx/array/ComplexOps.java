package jx.array;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import jx.array.Backend.BinaryOp;
import jx.array.Backend.ReduceOp;
import jx.array.Backend.UnaryOp;

/**
 * Complex arrays, composed from real operations on their two parts ({@link ComplexBuffer}), so
 * every backend runs them with the kernels it has. Arithmetic is done in the parts' dtype as NumPy
 * does (complex64: float32 products and sums, Smith's division); complex64's transcendental
 * functions are evaluated on float64 parts and rounded once, which keeps them within an ulp or two
 * of NumPy's. Operations with no complex meaning raise JAX's error rather than reading the parts.
 */
final class ComplexOps {
    private ComplexOps() {}

    private record Z(Array re, Array im) {}

    private static Z parts(Array a) {
        return new Z(a.realPart(), a.imagPart());
    }

    private static Array of(Z z, boolean weak) {
        return Array.complex(z.re, z.im, weak);
    }

    static ArrayException unsupported(String name) {
        return new ArrayException("TypeError: " + name + " does not support complex-valued inputs");
    }

    // ---- conversion ----

    static Array cast(Array a, DType to, boolean weak) {
        if (a.dtype().isComplex() && to.isComplex()) {
            Z z = parts(a);
            return of(new Z(z.re.castTo(to.partType(), false), z.im.castTo(to.partType(), false)), weak);
        }
        if (to.isComplex()) {
            Array re = a.castTo(to.partType(), false);
            Array im = Ops.zeros(a.shapeRef(), to.partType()).castTo(to.partType(), false);
            return of(new Z(re, Ops.broadcastTo(onBackendOf(re, im), a.shapeRef())), weak);
        }
        Z z = parts(a);
        if (to == DType.BOOL) {
            return Ops.logicalOr(Ops.ne(z.re, zero(z.re)), Ops.ne(z.im, zero(z.im))).withWeak(weak);
        }
        // As NumPy and JAX: a complex value cast to a real dtype keeps its real part.
        return z.re.castTo(to, weak);
    }

    private static Array onBackendOf(Array like, Array x) {
        return x.backend() == like.backend() ? x : Ops.make(like.backend(), x.bufferOn(like.backend()), x.shapeRef(), x.weak());
    }

    /** A complex array of shape filled with value + 0j. */
    static Array fill(Backend be, int[] shape, DType d, double value) {
        DType part = d.partType();
        int n = Ops.sizeOf(shape);
        return Ops.make(be, new ComplexBuffer(be.fill(part, n, value), be.fill(part, n, 0.0)), shape.clone(), false);
    }

    private static Array zero(Array like) {
        return Ops.scalar(like.backend(), like.dtype(), 0.0);
    }

    private static Array num(Array like, double v) {
        return Ops.scalar(like.backend(), like.dtype(), v);
    }

    // ---- arithmetic ----

    /** A binary op whose operands promote to the complex dtype {@code d}. */
    static Array binary(BinaryOp op, Array a, Array b, DType d, boolean weak) {
        Z x = parts(a.castTo(d, false));
        Z y = parts(b.castTo(d, false));
        return switch (op) {
            case ADD -> of(new Z(Ops.add(x.re, y.re), Ops.add(x.im, y.im)), weak);
            case SUB -> of(new Z(Ops.sub(x.re, y.re), Ops.sub(x.im, y.im)), weak);
            case MUL -> of(mul(x, y), weak);
            case DIV -> of(div(x, y), weak);
            case POW -> of(b.dtype().isInteger() || b.dtype().isBool() ? integerPow(x, b, d) : pow(x, y, d), weak);
            case EQ -> Ops.logicalAnd(Ops.eq(x.re, y.re), Ops.eq(x.im, y.im));
            case NE -> Ops.logicalOr(Ops.ne(x.re, y.re), Ops.ne(x.im, y.im));
            // jnp orders complex numbers lexicographically, by real part, then imaginary part.
            case LT, LE, GT, GE -> Ops.where(Ops.eq(x.re, y.re), realCompare(op, x.im, y.im), realCompare(op, x.re, y.re));
            case MAX, MIN -> {
                BinaryOp keepFirst = op == BinaryOp.MAX ? BinaryOp.GE : BinaryOp.LE;
                Array first = Ops.where(Ops.eq(x.re, y.re), realCompare(keepFirst, x.im, y.im), realCompare(keepFirst, x.re, y.re));
                yield of(new Z(Ops.where(first, x.re, y.re), Ops.where(first, x.im, y.im)), weak);
            }
            case FLOORDIV -> throw unsupported("floor_divide");
            case MOD -> throw unsupported("remainder");
            case ATAN2 -> throw unsupported("arctan2");
            case AND, OR, XOR -> throw new ArrayException("bitwise_" + op.name().toLowerCase() + " does not accept dtype "
                    + d + ". It accepts dtype(s) bool, uint32, int32, int64.");
        };
    }

    private static Array realCompare(BinaryOp op, Array a, Array b) {
        return switch (op) {
            case LT -> Ops.lt(a, b);
            case LE -> Ops.le(a, b);
            case GT -> Ops.gt(a, b);
            default -> Ops.ge(a, b);
        };
    }

    private static Z mul(Z x, Z y) {
        return new Z(Ops.sub(Ops.mul(x.re, y.re), Ops.mul(x.im, y.im)), Ops.add(Ops.mul(x.re, y.im), Ops.mul(x.im, y.re)));
    }

    /** Smith's algorithm, as NumPy divides: scaled by the larger part of the divisor so it neither overflows nor underflows early. */
    private static Z div(Z x, Z y) {
        Array bigRe = Ops.ge(Ops.unary(UnaryOp.ABS, y.re), Ops.unary(UnaryOp.ABS, y.im));
        // Branch 1 (|c| >= |d|): r = d/c, den = c + d r, ((a + b r)/den, (b - a r)/den).
        Array safeRe = Ops.where(Ops.eq(y.re, zero(y.re)), num(y.re, 1.0), y.re);
        Array r1 = Ops.div(y.im, safeRe);
        Array den1 = Ops.add(y.re, Ops.mul(y.im, r1));
        Array re1 = Ops.div(Ops.add(x.re, Ops.mul(x.im, r1)), den1);
        Array im1 = Ops.div(Ops.sub(x.im, Ops.mul(x.re, r1)), den1);
        // Branch 2: r = c/d, den = c r + d, ((a r + b)/den, (b r - a)/den).
        Array safeIm = Ops.where(Ops.eq(y.im, zero(y.im)), num(y.im, 1.0), y.im);
        Array r2 = Ops.div(y.re, safeIm);
        Array den2 = Ops.add(Ops.mul(y.re, r2), y.im);
        Array re2 = Ops.div(Ops.add(Ops.mul(x.re, r2), x.im), den2);
        Array im2 = Ops.div(Ops.sub(Ops.mul(x.im, r2), x.re), den2);
        // Division by 0+0j: NumPy's (a/0, b/0) (inf or nan parts).
        Array zeroDen = Ops.logicalAnd(Ops.eq(y.re, zero(y.re)), Ops.eq(y.im, zero(y.im)));
        Array re = Ops.where(zeroDen, Ops.div(x.re, y.re), Ops.where(bigRe, re1, re2));
        Array im = Ops.where(zeroDen, Ops.div(x.im, y.re), Ops.where(bigRe, im1, im2));
        return new Z(re, im);
    }

    /**
     * x ** n for integer n by repeated squaring, each product rounded to the parts' precision (JAX's
     * lax.integer_pow, NumPy's exact small powers): (1+1j) ** 2 is exactly 2j. A negative n is 1 / x ** |n|.
     */
    private static Z integerPow(Z x, Array n, DType d) {
        int[] shape = Ops.broadcastShapes(x.re.shape(), n.shape());
        boolean f32 = d.partType() == DType.FLOAT32;
        double[] re = Ops.broadcastTo(x.re, shape).toHost().floats();
        double[] im = Ops.broadcastTo(x.im, shape).toHost().floats();
        long[] ns = Ops.broadcastTo(n.castTo(DType.INT64, false), shape).toHost().ints();
        double[] outRe = new double[re.length];
        double[] outIm = new double[re.length];
        for (int i = 0; i < re.length; i++) {
            double pr = 1;
            double pi = 0;
            double br = re[i];
            double bi = im[i];
            for (long k = Math.abs(ns[i]); k > 0; k >>>= 1) {
                if ((k & 1) == 1) {
                    double t = round(round(pr * br, f32) - round(pi * bi, f32), f32);
                    pi = round(round(pr * bi, f32) + round(pi * br, f32), f32);
                    pr = t;
                }
                if (k > 1) {
                    double t = round(round(br * br, f32) - round(bi * bi, f32), f32);
                    bi = round(round(br * bi, f32) + round(bi * br, f32), f32);
                    br = t;
                }
            }
            if (ns[i] < 0) {
                // 1 / (pr + i pi) by Smith's algorithm, as div above.
                if (Math.abs(pr) >= Math.abs(pi)) {
                    double r = pi / pr;
                    double den = pr + pi * r;
                    pr = round(1 / den, f32);
                    pi = round(-r / den, f32);
                } else {
                    double r = pr / pi;
                    double den = pr * r + pi;
                    pr = round(r / den, f32);
                    pi = round(-1 / den, f32);
                }
            }
            outRe[i] = pr;
            outIm[i] = pi;
        }
        DType part = d.partType();
        return new Z(Array.fromHost(new HostData(part, shape, false, outRe, null)), Array.fromHost(new HostData(part, shape, false, outIm, null)));
    }

    private static double round(double v, boolean f32) {
        return f32 ? (float) v : v;
    }

    /** x ** y as exp(y log x) (JAX's lax.pow), with 0 ** y = 0 for Re y > 0 and x ** 0 = 1. */
    private static Z pow(Z x, Z y, DType d) {
        return narrow(inFloat64(() -> widePow(widen(x), widen(y))), d.partType());
    }

    private static Z widePow(Z w, Z e) {
        Z p = exp(mul(e, log(w)));
        Array xZero = Ops.logicalAnd(Ops.eq(w.re, zero(w.re)), Ops.eq(w.im, zero(w.im)));
        Array yZero = Ops.logicalAnd(Ops.eq(e.re, zero(e.re)), Ops.eq(e.im, zero(e.im)));
        Array re = Ops.where(yZero, num(w.re, 1.0), Ops.where(Ops.logicalAnd(xZero, Ops.gt(e.re, zero(e.re))), zero(w.re), p.re));
        Array im = Ops.where(Ops.logicalOr(yZero, Ops.logicalAnd(xZero, Ops.gt(e.re, zero(e.re)))), zero(w.im), p.im);
        return new Z(re, im);
    }

    // ---- elementwise functions ----

    /** The parts in float64 (complex64's are widened exactly; complex128's are already). */
    private static Z widen(Z z) {
        return new Z(z.re.castTo(DType.FLOAT64, false), z.im.castTo(DType.FLOAT64, false));
    }

    private static Z narrow(Z z, DType part) {
        return new Z(z.re.castTo(part, false), z.im.castTo(part, false));
    }

    private static Array u(UnaryOp op, Array a) {
        return Ops.unary(op, a);
    }

    /** |z| without overflow or underflow: the larger part times sqrt(1 + (smaller/larger)^2). */
    private static Array hypot(Z z) {
        Array ax = u(UnaryOp.ABS, z.re);
        Array ay = u(UnaryOp.ABS, z.im);
        Array big = Ops.maximum(ax, ay);
        Array small = Ops.minimum(ax, ay);
        Array safe = Ops.where(Ops.eq(big, zero(big)), num(big, 1.0), big);
        Array q = Ops.div(small, safe);
        Array h = Ops.mul(big, u(UnaryOp.SQRT, Ops.add(num(q, 1.0), Ops.mul(q, q))));
        // An infinite part makes |z| infinite even when the other is nan (C99's hypot).
        return Ops.where(Ops.logicalOr(u(UnaryOp.ISINF, ax), u(UnaryOp.ISINF, ay)), num(h, Double.POSITIVE_INFINITY), h);
    }

    private static Z exp(Z z) {
        Array m = u(UnaryOp.EXP, z.re);
        // exp(x + 0j) is exactly exp(x) + 0j, also where exp(x) overflows (inf * sin(0) would be nan).
        Array im = Ops.where(Ops.eq(z.im, zero(z.im)), z.im, Ops.mul(m, u(UnaryOp.SIN, z.im)));
        return new Z(Ops.mul(m, u(UnaryOp.COS, z.im)), im);
    }

    private static Z log(Z z) {
        return new Z(u(UnaryOp.LOG, hypot(z)), Ops.arctan2(z.im, z.re));
    }

    /** The principal square root, by the cancellation-free formula of Kahan's branch cuts paper. */
    private static Z sqrt(Z z) {
        Array t = u(UnaryOp.SQRT, Ops.mul(Ops.add(u(UnaryOp.ABS, z.re), hypot(z)), num(z.re, 0.5)));
        Array safeT = Ops.where(Ops.eq(t, zero(t)), num(t, 1.0), t);
        Array other = Ops.div(z.im, Ops.mul(safeT, num(t, 2.0)));
        Array nonneg = Ops.ge(z.re, zero(z.re));
        Array re = Ops.where(nonneg, t, u(UnaryOp.ABS, other));
        Array im = Ops.where(nonneg, other, Ops.where(signNegative(z.im), u(UnaryOp.NEG, t), t));
        Array isZero = Ops.eq(t, zero(t));
        return new Z(Ops.where(isZero, zero(t), re), Ops.where(isZero, z.im, im));
    }

    private static Z sin(Z z) {
        return new Z(Ops.mul(u(UnaryOp.SIN, z.re), u(UnaryOp.COSH, z.im)), Ops.mul(u(UnaryOp.COS, z.re), u(UnaryOp.SINH, z.im)));
    }

    private static Z cos(Z z) {
        return new Z(Ops.mul(u(UnaryOp.COS, z.re), u(UnaryOp.COSH, z.im)),
                u(UnaryOp.NEG, Ops.mul(u(UnaryOp.SIN, z.re), u(UnaryOp.SINH, z.im))));
    }

    private static Z sinh(Z z) {
        return new Z(Ops.mul(u(UnaryOp.SINH, z.re), u(UnaryOp.COS, z.im)), Ops.mul(u(UnaryOp.COSH, z.re), u(UnaryOp.SIN, z.im)));
    }

    private static Z cosh(Z z) {
        return new Z(Ops.mul(u(UnaryOp.COSH, z.re), u(UnaryOp.COS, z.im)), Ops.mul(u(UnaryOp.SINH, z.re), u(UnaryOp.SIN, z.im)));
    }

    /** x < 0 or x is -0.0: C99's signbit, which puts sqrt(-3 - 0j) = -1.73j on the lower side of the cut. */
    private static Array signNegative(Array x) {
        return Ops.logicalOr(Ops.lt(x, zero(x)), Ops.logicalAnd(Ops.eq(x, zero(x)), Ops.lt(Ops.div(num(x, 1.0), x), zero(x))));
    }

    /** i z with its signed zeros: (-y, x). The inverse functions' branch cuts follow C99 through them. */
    private static Z timesI(Z z) {
        return new Z(u(UnaryOp.NEG, z.im), z.re);
    }

    /** -i z: (y, -x). */
    private static Z timesMinusI(Z z) {
        return new Z(z.im, u(UnaryOp.NEG, z.re));
    }

    private static Z negate(Z z) {
        return new Z(u(UnaryOp.NEG, z.re), u(UnaryOp.NEG, z.im));
    }

    private static Z select(Array c, Z x, Z y) {
        return new Z(Ops.where(c, x.re, y.re), Ops.where(c, x.im, y.im));
    }

    /**
     * asinh(z) = log(z + sqrt(z^2 + 1)) on Re z >= 0 and by oddness on the other half (so the sum
     * never cancels); z - z^3/6 near 0, where the logarithm of 1 + z would lose digits, and
     * log(2z) where z^2 would overflow.
     */
    private static Z asinh(Z z) {
        Array flip = Ops.lt(z.re, zero(z.re));
        Z w = select(flip, negate(z), z);
        Z ww = mul(w, w);
        Z s = sqrt(new Z(Ops.add(ww.re, num(ww.re, 1.0)), ww.im));
        Z main = log(new Z(Ops.add(w.re, s.re), Ops.add(w.im, s.im)));
        Z cube = mul(ww, w);
        Z series = new Z(Ops.sub(w.re, Ops.div(cube.re, num(cube.re, 6.0))), Ops.sub(w.im, Ops.div(cube.im, num(cube.im, 6.0))));
        Array m = hypot(w);
        Z r = select(Ops.gt(m, num(m, 1e150)), log(scale(w, 2.0)), select(Ops.lt(m, num(m, 1e-5)), series, main));
        return select(flip, negate(r), r);
    }

    /** atanh(z) = (log(1 + z) - log(1 - z)) / 2, with 1 - z's signed zero (-y) so the cut matches C99; z + z^3/3 near 0. */
    private static Z atanh(Z z) {
        Z up = log(new Z(Ops.add(num(z.re, 1.0), z.re), z.im));
        Z down = log(new Z(Ops.sub(num(z.re, 1.0), z.re), u(UnaryOp.NEG, z.im)));
        Z main = scale(new Z(Ops.sub(up.re, down.re), Ops.sub(up.im, down.im)), 0.5);
        Z cube = mul(mul(z, z), z);
        Z series = new Z(Ops.add(z.re, Ops.div(cube.re, num(cube.re, 3.0))), Ops.add(z.im, Ops.div(cube.im, num(cube.im, 3.0))));
        return select(Ops.lt(hypot(z), num(z.re, 1e-5)), series, main);
    }

    private static Z scale(Z z, double s) {
        return new Z(Ops.mul(z.re, num(z.re, s)), Ops.mul(z.im, num(z.im, s)));
    }

    private static Z one(Z like) {
        return new Z(Ops.broadcastTo(num(like.re, 1.0), like.re.shapeRef()), Ops.broadcastTo(zero(like.im), like.im.shapeRef()));
    }

    /** An elementwise function of a complex array, by its kernel op. */
    static Array unary(UnaryOp op, Array a) {
        Z z = parts(a);
        DType part = z.re.dtype();
        boolean weak = a.weak();
        return switch (op) {
            case NEG -> of(new Z(u(UnaryOp.NEG, z.re), u(UnaryOp.NEG, z.im)), weak);
            case ABS -> inFloat64(() -> hypot(widen(z))).castTo(part, weak);
            case SQUARE -> of(mul(z, z), weak);
            case SIGN -> wide(z, w -> {
                Array h = hypot(w);
                Array isZero = Ops.eq(h, zero(h));
                Array safe = Ops.where(isZero, num(h, 1.0), h);
                return new Z(Ops.where(isZero, zero(h), Ops.div(w.re, safe)), Ops.where(isZero, zero(h), Ops.div(w.im, safe)));
            }, weak);
            case RECIPROCAL -> of(div(one(z), z), weak);
            case ISNAN -> Ops.logicalOr(u(UnaryOp.ISNAN, z.re), u(UnaryOp.ISNAN, z.im));
            case ISINF -> Ops.logicalOr(u(UnaryOp.ISINF, z.re), u(UnaryOp.ISINF, z.im));
            case ISFINITE -> Ops.logicalAnd(u(UnaryOp.ISFINITE, z.re), u(UnaryOp.ISFINITE, z.im));
            case ROUND -> of(new Z(u(UnaryOp.ROUND, z.re), u(UnaryOp.ROUND, z.im)), weak);
            case EXP -> wide(z, ComplexOps::exp, weak);
            case EXP2 -> wide(z, w -> exp(scale(w, Math.log(2))), weak);
            case LOG -> wide(z, ComplexOps::log, weak);
            case LOG2 -> wide(z, w -> scale(log(w), 1 / Math.log(2)), weak);
            case LOG10 -> wide(z, w -> scale(log(w), 1 / Math.log(10)), weak);
            case LOG1P -> wide(z, w -> {
                // log(1 + z) with the real part as log1p(2x + x^2 + y^2) / 2, exact for small z.
                Array s = Ops.add(Ops.mul(w.re, num(w.re, 2.0)), Ops.add(Ops.mul(w.re, w.re), Ops.mul(w.im, w.im)));
                return new Z(Ops.mul(u(UnaryOp.LOG1P, s), num(s, 0.5)), Ops.arctan2(w.im, Ops.add(w.re, num(w.re, 1.0))));
            }, weak);
            case EXPM1 -> wide(z, w -> {
                // exp(x) cos(y) - 1 = expm1(x) cos(y) - 2 sin(y/2)^2, exact for small z.
                Array h = u(UnaryOp.SIN, Ops.mul(w.im, num(w.im, 0.5)));
                Array re = Ops.sub(Ops.mul(u(UnaryOp.EXPM1, w.re), u(UnaryOp.COS, w.im)), Ops.mul(num(h, 2.0), Ops.mul(h, h)));
                return new Z(re, exp(w).im);
            }, weak);
            case SQRT -> wide(z, ComplexOps::sqrt, weak);
            case RSQRT -> wide(z, w -> div(one(w), sqrt(w)), weak);
            case SIN -> wide(z, ComplexOps::sin, weak);
            case COS -> wide(z, ComplexOps::cos, weak);
            case TAN -> wide(z, w -> div(sin(w), cos(w)), weak);
            case SINH -> wide(z, ComplexOps::sinh, weak);
            case COSH -> wide(z, ComplexOps::cosh, weak);
            case TANH -> wide(z, w -> div(sinh(w), cosh(w)), weak);
            case SIGMOID -> wide(z, w -> {
                Z e = exp(new Z(u(UnaryOp.NEG, w.re), u(UnaryOp.NEG, w.im)));
                return div(one(w), new Z(Ops.add(e.re, num(e.re, 1.0)), e.im));
            }, weak);
            case BIT_NOT, LOGICAL_NOT -> throw new ArrayException("bitwise_not does not accept dtype " + a.dtype()
                    + ". It accepts dtype(s) bool, uint32, int32, int64.");
            case FLOOR -> throw unsupported("floor");
            case CEIL -> throw unsupported("ceil");
            case TRUNC -> throw unsupported("trunc");
            case ARCSINH -> wide(z, ComplexOps::asinh, weak);
            case ARCSIN -> wide(z, w -> timesMinusI(asinh(timesI(w))), weak);
            case ARCCOS -> wide(z, w -> {
                Z s = timesMinusI(asinh(timesI(w)));
                return new Z(Ops.sub(num(s.re, Math.PI / 2), s.re), u(UnaryOp.NEG, s.im));
            }, weak);
            case ARCTANH -> wide(z, ComplexOps::atanh, weak);
            case ARCTAN -> wide(z, w -> timesMinusI(atanh(timesI(w))), weak);
            case ARCCOSH -> wide(z, w -> {
                Z p = sqrt(new Z(Ops.add(w.re, num(w.re, 1.0)), w.im));
                Z m = sqrt(new Z(Ops.sub(w.re, num(w.re, 1.0)), w.im));
                Z pm = mul(p, m);
                return log(new Z(Ops.add(w.re, pm.re), Ops.add(w.im, pm.im)));
            }, weak);
        };
    }

    private static Array wide(Z z, UnaryOperator<Z> f, boolean weak) {
        return of(narrow(inFloat64(() -> f.apply(widen(z))), z.re.dtype()), weak);
    }

    /**
     * Runs body with 64-bit types on, so that float64 parts stay float64 through promotion; the
     * session's setting is untouched (a context of its own on the same backend).
     */
    private static <T> T inFloat64(java.util.function.Supplier<T> body) {
        ArrayContext ctx = ArrayContext.current();
        return ctx.x64() ? body.get() : new ArrayContext(ctx.backend(), true).call(body);
    }

    static Array conj(Array a) {
        Z z = parts(a);
        return of(new Z(z.re, u(UnaryOp.NEG, z.im)), a.weak());
    }

    static Array angle(Array a) {
        Z z = parts(a);
        return inFloat64(() -> Ops.arctan2(z.im.castTo(DType.FLOAT64, false), z.re.castTo(DType.FLOAT64, false)))
                .castTo(z.re.dtype(), a.weak());
    }

    // ---- reductions and products ----

    /** sum, prod of a complex array over normalized axes. */
    static Array reduce(ReduceOp op, Array a, int[] axes, boolean keepdims) {
        Z z = parts(a);
        return switch (op) {
            case SUM -> of(new Z(Ops.sum(z.re, axes, keepdims), Ops.sum(z.im, axes, keepdims)), a.weak());
            case PROD -> prod(a, axes, keepdims);
            case ANY -> Ops.any(a.castTo(DType.BOOL, false), axes, keepdims);
            case ALL -> Ops.all(a.castTo(DType.BOOL, false), axes, keepdims);
            case MAX, MIN, ARGMAX, ARGMIN -> throw new ArrayException("NotImplementedError: "
                    + op.name().toLowerCase() + " of a complex array is not implemented in jx");
        };
    }

    /** The product in order along the reduced axes: each slice multiplied into the running product. */
    private static Array prod(Array a, int[] axes, boolean keepdims) {
        int[] shape = a.shapeRef();
        int nd = shape.length;
        int[] perm = new int[nd];
        int p = 0;
        for (int d = 0; d < nd; d++) {
            if (java.util.Arrays.binarySearch(axes, d) < 0) {
                perm[p++] = d;
            }
        }
        int kept = p;
        for (int ax : axes) {
            perm[p++] = ax;
        }
        Array t = Ops.transpose(a, perm);
        int[] keptShape = java.util.Arrays.copyOf(t.shapeRef(), kept);
        int n = Ops.sizeOf(t.shapeRef()) / Math.max(1, Ops.sizeOf(keptShape));
        if (Ops.sizeOf(keptShape) == 0) {
            n = 1;
            for (int ax : axes) {
                n *= shape[ax];
            }
        }
        int[] flatShape = java.util.Arrays.copyOf(keptShape, kept + 1);
        flatShape[kept] = n;
        Array flat = Ops.reshape(t, flatShape);
        Z acc = one(parts(fill(a.backend(), keptShape, a.dtype(), 0.0).castTo(a.dtype(), false)));
        Z f = parts(flat);
        for (int i = 0; i < n; i++) {
            acc = mul(acc, new Z(lastIndex(f.re, i), lastIndex(f.im, i)));
        }
        Array r = of(acc, a.weak());
        return Ops.reshape(r, Ops.reduceShape(shape, axes, keepdims));
    }

    private static Array lastIndex(Array x, int i) {
        int[] s = x.shapeRef();
        int[] strides = Ops.contiguousStrides(s);
        return Ops.strided(x, i, java.util.Arrays.copyOf(strides, s.length - 1), java.util.Arrays.copyOf(s, s.length - 1));
    }

    static Array cumsum(Array a, Integer axis) {
        Z z = parts(a);
        return of(new Z(Ops.scan(Backend.ScanOp.CUMSUM, z.re, axis), Ops.scan(Backend.ScanOp.CUMSUM, z.im, axis)), a.weak());
    }

    /** (A + Bi)(C + Di) = (AC - BD) + (AD + BC)i in four real products. */
    static Array matmul(Array a, Array b, DType d, boolean weak) {
        Z x = parts(a.castTo(d, false));
        Z y = parts(b.castTo(d, false));
        Array re = Ops.sub(Ops.matmul(x.re, y.re), Ops.matmul(x.im, y.im));
        Array im = Ops.add(Ops.matmul(x.re, y.im), Ops.matmul(x.im, y.re));
        return of(new Z(re, im), weak);
    }

    // ---- movement ----

    /** A movement of a complex array: the same real movement of each part. */
    static Array each(Array a, UnaryOperator<Array> move) {
        Z z = parts(a);
        return of(new Z(move.apply(z.re), move.apply(z.im)), a.weak());
    }

    static Array select(Array cond, Array x, Array y, DType d, boolean weak) {
        Z a = parts(x.castTo(d, false));
        Z b = parts(y.castTo(d, false));
        return of(new Z(Ops.where(cond, a.re, b.re), Ops.where(cond, a.im, b.im)), weak);
    }

    static Array concatenate(List<Array> arrays, int axis, DType d, boolean weak) {
        List<Array> re = new ArrayList<>();
        List<Array> im = new ArrayList<>();
        for (Array x : arrays) {
            Z z = parts(x.castTo(d, false));
            re.add(z.re);
            im.add(z.im);
        }
        return of(new Z(Ops.concatenate(re, axis), Ops.concatenate(im, axis)), weak);
    }
}

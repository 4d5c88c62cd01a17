package jx.stdlib;

import static jx.stdlib.NumpyModule.arr;
import static jx.stdlib.NumpyModule.arrayLike;
import static jx.stdlib.NumpyModule.inexact;
import static jx.stdlib.NumpyModule.dtype;
import static jx.stdlib.NumpyModule.flag;
import static jx.stdlib.NumpyModule.none;

import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

import jx.array.Array;
import jx.array.Backend.UnaryOp;
import jx.array.Complex;
import jx.array.DType;
import jx.array.Ops;
import jx.array.Promotion;
import jx.eval.Builtins;
import jx.eval.EvalError;
import jx.prim.Tag;

/** jax.numpy's elementwise functions (ufuncs): a row each, most of them one kernel op. */
final class NumpyUfuncs {
    private NumpyUfuncs() {}

    /** A ufunc of one array; its derivative is tested on "-1.0, 1.0" unless the row says otherwise. */
    private static Table.Row unary(Table t, String name, UnaryOperator<Array> op) {
        return t.fn(name + "(x)", (in, a) -> op.apply(arrayLike(in, a[0], name, 0))).tags(Tag.ELEMENTWISE, Tag.ARRAY).domain("-1.0, 1.0");
    }

    /** A ufunc that is one kernel op. */
    private static Table.Row unary(Table t, String name, UnaryOp op) {
        return unary(t, name, x -> Ops.unary(op, x));
    }

    /** A ufunc of two broadcast arrays. */
    private static Table.Row binary(Table t, String name, BinaryOperator<Array> op) {
        return t.fn(name + "(x1, x2)", (in, a) -> op.apply(arrayLike(in, a[0], name, 0), arrayLike(in, a[1], name, 1)))
                .tags(Tag.ELEMENTWISE, Tag.ARRAY).domain("-1.0, 1.0");
    }

    private static Array nextafter(Array x, Array y) {
        DType dt = Promotion.result(Ops.typeOf(inexact(x)), Ops.typeOf(inexact(y))).dtype();
        if (dt.isComplex()) {
            throw new EvalError("TypeError: nextafter does not accept dtype " + dt + ". It accepts dtype(s) floating.");
        }
        int[] shape = Ops.broadcastShapes(x.shape(), y.shape());
        double[] a = Ops.broadcastTo(x.astype(dt), shape).toHost().floats();
        double[] b = Ops.broadcastTo(y.astype(dt), shape).toHost().floats();
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = dt == DType.FLOAT64 ? Math.nextAfter(a[i], b[i]) : Math.nextAfter((float) a[i], b[i]);
        }
        return Array.fromHost(new jx.array.HostData(dt, shape, false, out, null));
    }

    static void register(Table t) {
        unary(t, "negative", Ops::neg)
                .vjp("-g");
        unary(t, "positive", Ops::pos)
                .vjp("g");
        // JAX's rules: for real x the slope is +1 where x >= 0 (so 1 at 0, not sign's 0); for complex z
        // the cotangent of |z| is g * conj(z) / |z|, 0 at 0. Not conj(sign(z)): sign's derivative is zero
        // (as JAX's), which is wrong for the direction z / |z| of a complex z, so second derivatives were.
        unary(t, "abs", UnaryOp.ABS).alsoIn("jax.lax")
                .vjp("g * jnp.conj(x) / jnp.where(x == 0, 1, jnp.abs(x)) if jnp.iscomplexobj(x) else jnp.where(x >= 0, g, -g)")
                .jvp("jnp.real(jnp.conj(x) * t / jnp.where(x == 0, 1, jnp.abs(x))) if jnp.iscomplexobj(x) else jnp.where(x >= 0, t, -t)");
        unary(t, "absolute", UnaryOp.ABS)
                .like(t.row("abs"));
        unary(t, "sign", UnaryOp.SIGN).alsoIn("jax.lax")
                .vjp((String) null);
        unary(t, "square", UnaryOp.SQUARE).alsoIn("jax.lax")
                .vjp("g * (2.0 * x)");
        unary(t, "reciprocal", UnaryOp.RECIPROCAL)
                .vjp("-(g * (y * y))").domain("0.5, 2.0");
        unary(t, "exp", UnaryOp.EXP).alsoIn("jax.lax")
                .vjp("g * y");
        unary(t, "exp2", UnaryOp.EXP2)
                .vjp("g * (y * 0.6931471805599453)");
        unary(t, "log", UnaryOp.LOG).alsoIn("jax.lax")
                .vjp("g / x").domain("0.5, 2.0");
        unary(t, "log2", UnaryOp.LOG2)
                .vjp("g / (x * 0.6931471805599453)").domain("0.5, 2.0");
        unary(t, "log10", UnaryOp.LOG10)
                .vjp("g / (x * 2.302585092994046)").domain("0.5, 2.0");
        unary(t, "log1p", UnaryOp.LOG1P).alsoIn("jax.lax")
                .vjp("g / (1.0 + x)").domain("0.5, 2.0");
        unary(t, "expm1", UnaryOp.EXPM1).alsoIn("jax.lax")
                .vjp("g * (y + 1.0)");
        unary(t, "sqrt", UnaryOp.SQRT).alsoIn("jax.lax")
                .vjp("g / (2.0 * y)").domain("0.5, 2.0");
        unary(t, "sin", UnaryOp.SIN).alsoIn("jax.lax")
                .vjp("g * jnp.cos(x)");
        unary(t, "cos", UnaryOp.COS).alsoIn("jax.lax")
                .vjp("-(g * jnp.sin(x))");
        unary(t, "tan", UnaryOp.TAN)
                .vjp("g * (1.0 + y * y)");
        unary(t, "arcsin", UnaryOp.ARCSIN)
                .vjp("g / jnp.sqrt(1.0 - x * x)").domain("-0.8, 0.8");
        unary(t, "arccos", UnaryOp.ARCCOS)
                .vjp("-(g / jnp.sqrt(1.0 - x * x))").domain("-0.8, 0.8");
        unary(t, "arctan", UnaryOp.ARCTAN)
                .vjp("g / (1.0 + x * x)");
        unary(t, "sinh", UnaryOp.SINH)
                .vjp("g * jnp.cosh(x)");
        unary(t, "cosh", UnaryOp.COSH)
                .vjp("g * jnp.sinh(x)");
        unary(t, "tanh", UnaryOp.TANH).alsoIn("jax.lax")
                // JAX's rule, (g + g y)(1 - y): 1 - y * y loses digits to cancellation near |y| = 1.
                .vjp("(g + g * y) * (1.0 - y)");
        unary(t, "arcsinh", UnaryOp.ARCSINH)
                .vjp("g / jnp.sqrt(x * x + 1.0)");
        unary(t, "arccosh", UnaryOp.ARCCOSH)
                // sqrt(x - 1) sqrt(x + 1), not sqrt(x * x - 1): they differ in sign for complex x off the real axis.
                .vjp("g / (jnp.sqrt(x - 1.0) * jnp.sqrt(x + 1.0))").domain("1.5, 3.0");
        unary(t, "arctanh", UnaryOp.ARCTANH)
                .vjp("g / (1.0 - x * x)").domain("-0.8, 0.8");
        unary(t, "floor", UnaryOp.FLOOR).alsoIn("jax.lax")
                .vjp((String) null);
        unary(t, "ceil", UnaryOp.CEIL).alsoIn("jax.lax")
                .vjp((String) null);
        unary(t, "trunc", UnaryOp.TRUNC)
                .vjp((String) null);
        unary(t, "rint", UnaryOp.ROUND)
                .vjp((String) null);
        unary(t, "isnan", UnaryOp.ISNAN).tags(Tag.NONDIFF);
        unary(t, "isinf", UnaryOp.ISINF).tags(Tag.NONDIFF);
        unary(t, "isfinite", UnaryOp.ISFINITE).tags(Tag.NONDIFF);
        unary(t, "logical_not", Ops::logicalNot);
        unary(t, "invert", Ops::bitNot);
        unary(t, "fabs", x -> Ops.unary(UnaryOp.ABS, inexact(x)));
        unary(t, "fix", UnaryOp.TRUNC)
                .vjp((String) null);
        unary(t, "cbrt", x -> {
            Array f = inexact(x);
            return Ops.mul(Ops.unary(UnaryOp.SIGN, f), Ops.pow(Ops.unary(UnaryOp.ABS, f), Array.weak(1.0 / 3.0)));
        }).vjp("g / (3.0 * (y * y))").domain("0.5, 2.0");
        unary(t, "deg2rad", x -> Ops.mul(inexact(x), Array.weak(Math.PI / 180)))
                .vjp("g * 0.017453292519943295");
        unary(t, "radians", x -> Ops.mul(inexact(x), Array.weak(Math.PI / 180)))
                .like(t.row("deg2rad"));
        unary(t, "rad2deg", x -> Ops.mul(inexact(x), Array.weak(180 / Math.PI)))
                .vjp("g * 57.29577951308232");
        unary(t, "degrees", x -> Ops.mul(inexact(x), Array.weak(180 / Math.PI)))
                .like(t.row("rad2deg"));
        unary(t, "sinc", x -> {
            Array px = Ops.mul(inexact(x), Array.weak(Math.PI));
            Array zero = Ops.eq(px, Array.weak(0.0));
            return Ops.where(zero, Array.weak(1.0), Ops.div(Ops.unary(UnaryOp.SIN, px), Ops.where(zero, Array.weak(1.0), px)));
        });
        unary(t, "signbit", NumpyUfuncs::signbit);
        unary(t, "isposinf", x -> Ops.logicalAnd(Ops.unary(UnaryOp.ISINF, x), Ops.gt(x, Array.weak(0L))));
        unary(t, "isneginf", x -> Ops.logicalAnd(Ops.unary(UnaryOp.ISINF, x), Ops.lt(x, Array.weak(0L))));
        unary(t, "isreal", x -> Ops.eq(Complex.imag(x), Array.weak(0L))).tags(Tag.NONDIFF);
        unary(t, "iscomplex", x -> Ops.ne(Complex.imag(x), Array.weak(0L))).tags(Tag.NONDIFF);
        t.fn("iscomplexobj(x)", (in, a) -> a[0] instanceof jx.syntax.PyComplex || a[0] instanceof Array x && Complex.isComplex(x))
                .tags(Tag.NONDIFF);
        t.fn("isrealobj(x)", (in, a) -> !(a[0] instanceof jx.syntax.PyComplex || a[0] instanceof Array x && Complex.isComplex(x)))
                .tags(Tag.NONDIFF);
        // Cotangents follow JAX (no conjugation): real's is g + 0j, imag's -1j * g (real parts of
        // them for a real input), so grad of a real function f(z) is df/dx - i df/dy.
        unary(t, "real", Complex::real).alsoIn("jax.lax")
                .vjp("_materialize(g, x)").jvp("jnp.real(t)");
        unary(t, "imag", Complex::imag).alsoIn("jax.lax")
                .vjp("_materialize(g * -1j, x)").jvp("jnp.imag(t)");
        unary(t, "conj", Complex::conj).alsoIn("jax.lax")
                .vjp("jnp.conj(g)").jvp("jnp.conj(t)").tags(Tag.METHOD);
        unary(t, "conjugate", Complex::conj)
                .like(t.row("conj")).tags(Tag.METHOD);
        unary(t, "angle", Complex::angle)
                .vjp("_materialize(g * -1j * jnp.conj(x) / (jnp.abs(x) * jnp.abs(x)), x)")
                .jvp("jnp.imag(jnp.conj(x) * t) / (jnp.abs(x) * jnp.abs(x))").domain("0.5, 2.0");
        t.fn("nan_to_num(x, copy=True, nan=0.0, posinf=None, neginf=None)", (in, a) -> {
            Array x = arr(in, a[0]);
            if (!x.dtype().isFloat()) {
                return x;
            }
            double big = x.dtype() == DType.FLOAT32 ? Float.MAX_VALUE : Double.MAX_VALUE;
            Array pos = none(a[3]) ? Array.weak(big) : arr(in, a[3]);
            Array neg = none(a[4]) ? Array.weak(-big) : arr(in, a[4]);
            Array y = Ops.where(Ops.unary(UnaryOp.ISNAN, x), arr(in, a[2]), x);
            y = Ops.where(Ops.logicalAnd(Ops.unary(UnaryOp.ISINF, x), Ops.gt(x, Array.weak(0L))), pos, y);
            return Ops.where(Ops.logicalAnd(Ops.unary(UnaryOp.ISINF, x), Ops.lt(x, Array.weak(0L))), neg, y).astype(x.dtype());
        });
        t.fn("round(a, decimals=0)", (in, a) -> {
            long d = Builtins.asIndex(a[1], null);
            Array x = arr(in, a[0]);
            if (!x.dtype().isInexact()) {
                // Integers stay integers (NumPy and JAX); negative decimals round to tens, hundreds, ...
                return d >= 0 ? x : Ops.mul(Ops.unary(UnaryOp.ROUND, Ops.div(x, Array.weak(Math.pow(10, -d)))),
                        Array.weak(Math.pow(10, -d))).astype(x.dtype());
            }
            if (d == 0) {
                return Ops.unary(UnaryOp.ROUND, x);
            }
            Array scale = Array.weak(Math.pow(10, d));
            return Ops.div(Ops.unary(UnaryOp.ROUND, Ops.mul(x, scale)), scale);
        }).vjp(null, null).tags(Tag.METHOD);
        binary(t, "add", Ops::add)
                .vjp("_unbroadcast(g, x1)", "_unbroadcast(g, x2)");
        binary(t, "subtract", Ops::sub)
                .vjp("_unbroadcast(g, x1)", "_unbroadcast(-g, x2)");
        binary(t, "multiply", Ops::mul)
                .vjp("_unbroadcast(g * x2, x1)", "_unbroadcast(g * x1, x2)");
        binary(t, "divide", Ops::div)
                .vjp("_unbroadcast(g / x2, x1)", "_unbroadcast(-(g * y) / x2, x2)").domain("0.5, 2.0");
        binary(t, "true_divide", Ops::div)
                .like(t.row("divide")).domain("0.5, 2.0");
        binary(t, "floor_divide", Ops::floordiv);
        binary(t, "mod", Ops::mod)
                .vjp("_unbroadcast(g, x1)", "_unbroadcast(-g * jnp.floor(x1 / x2), x2)");
        binary(t, "remainder", Ops::mod)
                .like(t.row("mod"));
        binary(t, "power", Ops::pow)
                .vjp("_unbroadcast(g * (x2 * 1.0 * x1 ** (x2 - 1)), x1)", "_unbroadcast(g * (y * _log_or_zero(x1)), x2)").domain("0.5, 2.0");
        binary(t, "maximum", Ops::maximum)
                .vjp("_unbroadcast(g * jnp.where(x1 > x2, 1.0, jnp.where(x1 == x2, 0.5, 0.0)), x1)", "_unbroadcast(g * jnp.where(x2 > x1, 1.0, jnp.where(x1 == x2, 0.5, 0.0)), x2)");
        binary(t, "minimum", Ops::minimum)
                .vjp("_unbroadcast(g * jnp.where(x1 < x2, 1.0, jnp.where(x1 == x2, 0.5, 0.0)), x1)", "_unbroadcast(g * jnp.where(x2 < x1, 1.0, jnp.where(x1 == x2, 0.5, 0.0)), x2)");
        binary(t, "arctan2", Ops::arctan2)
                .vjp("_unbroadcast(g * x2 / (x1 * x1 + x2 * x2), x1)", "_unbroadcast(-(g * x1) / (x1 * x1 + x2 * x2), x2)");
        binary(t, "equal", Ops::eq).tags(Tag.NONDIFF);
        binary(t, "not_equal", Ops::ne).tags(Tag.NONDIFF);
        binary(t, "less", Ops::lt).tags(Tag.NONDIFF);
        binary(t, "less_equal", Ops::le).tags(Tag.NONDIFF);
        binary(t, "greater", Ops::gt).tags(Tag.NONDIFF);
        binary(t, "greater_equal", Ops::ge).tags(Tag.NONDIFF);
        binary(t, "logical_and", Ops::logicalAnd);
        binary(t, "logical_or", Ops::logicalOr);
        binary(t, "bitwise_and", Ops::bitAnd);
        binary(t, "bitwise_or", Ops::bitOr);
        binary(t, "bitwise_xor", Ops::bitXor);
        binary(t, "left_shift", jx.array.Shifts::left);
        binary(t, "right_shift", jx.array.Shifts::right);
        binary(t, "bitwise_left_shift", jx.array.Shifts::left);
        binary(t, "bitwise_right_shift", jx.array.Shifts::right);
        // Not a ufunc: its result's shape is not its operands' broadcast (a vector @ a vector is a scalar).
        t.fn("matmul(x1, x2)", (in, a) -> Ops.matmul(arr(in, a[0]), arr(in, a[1])))
                .vjp(jx.ad.Rules.MATMUL_X1, jx.ad.Rules.MATMUL_X2).jvp("jnp.matmul(t, x2)", "jnp.matmul(x1, t)").tags(Tag.ARRAY);
        binary(t, "float_power", (x, y) -> Ops.pow(inexact(x), inexact(y)))
                .like(t.row("power")).domain("0.5, 2.0");
        binary(t, "hypot", (x, y) -> Ops.unary(UnaryOp.SQRT, Ops.add(Ops.unary(UnaryOp.SQUARE, inexact(x)), Ops.unary(UnaryOp.SQUARE, inexact(y)))))
                .vjp("_unbroadcast(g * x1 / y, x1)", "_unbroadcast(g * x2 / y, x2)");
        binary(t, "logaddexp", (x, y) -> logaddexp(x, y, false))
                .vjp("_unbroadcast(g * jnp.exp(x1 - y), x1)", "_unbroadcast(g * jnp.exp(x2 - y), x2)");
        binary(t, "logaddexp2", (x, y) -> logaddexp(x, y, true))
                .vjp("_unbroadcast(g * jnp.exp2(x1 - y), x1)", "_unbroadcast(g * jnp.exp2(x2 - y), x2)");
        binary(t, "logical_xor", (x, y) -> Ops.ne(Ops.ne(x, Array.weak(0L)), Ops.ne(y, Array.weak(0L))));
        binary(t, "heaviside", (x, y) -> {
            Array zero = Ops.full(new int[0], Promotion.result(Ops.typeOf(x), Ops.typeOf(y)).dtype(), 0L);
            Array step = Ops.where(Ops.lt(x, Array.weak(0L)), zero, Ops.where(Ops.gt(x, Array.weak(0L)),
                    Ops.add(zero, Array.weak(1L)), Ops.add(zero, y)));
            return Ops.where(Ops.unary(UnaryOp.ISNAN, x), Ops.add(zero, x), step);
        });
        binary(t, "copysign", (x, y) -> {
            Array mag = Ops.unary(UnaryOp.ABS, inexact(x));
            return Ops.where(signbit(y), Ops.neg(mag), mag);
        });
        // The next representable value after x1 towards x2, in their promoted float dtype (no derivative, as lax.nextafter).
        binary(t, "nextafter", NumpyUfuncs::nextafter).alsoIn("jax.lax");
        binary(t, "fmax", (x, y) -> nanIgnoring(x, y, Ops.maximum(x, y)))
                .like(t.row("maximum"));
        binary(t, "fmin", (x, y) -> nanIgnoring(x, y, Ops.minimum(x, y)))
                .like(t.row("minimum"));
        binary(t, "fmod", (x, y) -> {
            // C's fmod takes the dividend's sign; Python's mod (Ops.mod) the divisor's.
            Array m = Ops.mod(x, y);
            Array fix = Ops.logicalAnd(Ops.ne(m, Array.weak(0L)), Ops.ne(Ops.lt(x, Array.weak(0L)), Ops.lt(y, Array.weak(0L))));
            return Ops.where(fix, Ops.sub(m, y), m);
        }).vjp("_unbroadcast(g, x1)", "_unbroadcast(-g * jnp.trunc(x1 / x2), x2)");
        t.fn("array_equal(a1, a2, equal_nan=False)", (in, a) -> {
            Array x = arr(in, a[0]);
            Array y = arr(in, a[1]);
            if (!java.util.Arrays.equals(x.shape(), y.shape())) {
                return Array.scalar(0L, DType.BOOL);
            }
            Array same = Ops.eq(x, y);
            if (flag(a[2])) {
                same = Ops.logicalOr(same, Ops.logicalAnd(Ops.unary(UnaryOp.ISNAN, x), Ops.unary(UnaryOp.ISNAN, y)));
            }
            return Ops.all(same, null, false);
        });
        t.fn("dot(a, b)", (in, a) -> {
            Array x = arr(in, a[0]);
            Array y = arr(in, a[1]);
            if (x.ndim() == 0 || y.ndim() == 0) {
                return Ops.mul(x, y);
            }
            // N-d: a sum over a's last axis and b's second-to-last (NumPy's dot, not matmul's batching).
            return y.ndim() <= 2 ? Ops.matmul(x, y)
                    : jx.array.Contraction.tensordot(x, y, new int[] {x.ndim() - 1}, new int[] {y.ndim() - 2});
        }).vjpAs(List.of("x1", "x2"), dotVjp("x2", jx.ad.Rules.MATMUL_X1, "x1"), dotVjp("x1", jx.ad.Rules.MATMUL_X2, "x2"))
                .jvp("jnp.dot(t, x2)", "jnp.dot(x1, t)").tags(Tag.ARRAY, Tag.METHOD);
        t.fn("vdot(a, b)", (in, a) -> Ops.sum(Ops.mul(Complex.conj(Ops.reshape(arr(in, a[0]), new int[] {-1})),
                Ops.reshape(arr(in, a[1]), new int[] {-1})), null, false)).definedInJx();
        t.fn("inner(a, b)", (in, a) -> {
            Array x = arr(in, a[0]);
            Array y = arr(in, a[1]);
            return x.ndim() == 0 || y.ndim() == 0 ? Ops.mul(x, y)
                    : jx.array.Contraction.tensordot(x, y, new int[] {-1}, new int[] {-1});
        }).definedInJx();
        t.fn("outer(a, b)", (in, a) -> Ops.mul(Ops.reshape(arr(in, a[0]), new int[] {-1, 1}),
                Ops.reshape(arr(in, a[1]), new int[] {1, -1}))).definedInJx().tags(Tag.ARRAY);
        t.fn("where(condition, x=None, y=None)", (in, a) -> {
            if (none(a[1]) && none(a[2])) {
                return NumpyShapes.tuple(jx.array.Sorting.nonzero(arr(in, a[0])));
            }
            if (none(a[1]) || none(a[2])) {
                throw new EvalError("ValueError: Either both or neither of the x and y arguments should be provided to jax.numpy.where, got "
                        + (none(a[1]) ? "None" : "an array") + " and " + (none(a[2]) ? "None" : "an array") + ".");
            }
            return Ops.where(arr(in, a[0]), arr(in, a[1]), arr(in, a[2]));
        }).vjpAs(List.of("condition", "a", "b"), null, "_unbroadcast(jnp.where(condition, g, 0.0), a)", "_unbroadcast(jnp.where(condition, 0.0, g), b)").jvp(null, "_bcast_like(jnp.where(condition, t, 0.0), y)", "_bcast_like(jnp.where(condition, 0.0, t), y)").tags(Tag.ARRAY);
        t.fn("clip(a, a_min=None, a_max=None)", (in, a) ->
                Ops.clip(arr(in, a[0]), none(a[1]) ? null : arr(in, a[1]), none(a[2]) ? null : arr(in, a[2]))).definedInJx().tags(Tag.ARRAY, Tag.METHOD);
        t.fn("allclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False)", (in, a) ->
                Ops.all(isclose(arr(in, a[0]), arr(in, a[1]), arr(in, a[2]), arr(in, a[3]), flag(a[4])), null, false)).tags(Tag.NONDIFF);
        t.fn("isclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False)", (in, a) ->
                isclose(arr(in, a[0]), arr(in, a[1]), arr(in, a[2]), arr(in, a[3]), flag(a[4]))).tags(Tag.NONDIFF);
    }

    /** |a - b| <= atol + rtol |b|, equal infinities close (NumPy's isclose), NaNs close only with equal_nan. */
    private static Array isclose(Array x, Array y, Array rtol, Array atol, boolean equalNan) {
        Array tol = Ops.add(atol, Ops.mul(rtol, Ops.unary(UnaryOp.ABS, y)));
        Array close = Ops.logicalOr(Ops.le(Ops.unary(UnaryOp.ABS, Ops.sub(x, y)), tol), Ops.eq(x, y));
        return equalNan ? Ops.logicalOr(close, Ops.logicalAnd(Ops.unary(UnaryOp.ISNAN, x), Ops.unary(UnaryOp.ISNAN, y))) : close;
    }

    /** fmax/fmin: where one operand is NaN the other is the answer (NaN only where both are). */
    private static Array nanIgnoring(Array x, Array y, Array both) {
        Array nx = Ops.unary(UnaryOp.ISNAN, x);
        Array ny = Ops.unary(UnaryOp.ISNAN, y);
        // where broadcasts and promotes its branches; both x and y NaN leaves both's NaN.
        return Ops.where(ny, x, Ops.where(nx, y, both));
    }

    private static Array signbit(Array x) {
        if (!x.dtype().isFloat()) {
            return Ops.lt(x, Array.weak(0L));
        }
        // -0.0 has its sign bit set: its reciprocal is -inf.
        Array zero = Ops.eq(x, Array.weak(0.0));
        return Ops.logicalOr(Ops.lt(x, Array.weak(0.0)), Ops.logicalAnd(zero, Ops.lt(Ops.unary(UnaryOp.RECIPROCAL, x), Array.weak(0.0))));
    }

    private static Array logaddexp(Array x, Array y, boolean base2) {
        Array m = Ops.maximum(inexact(x), inexact(y));
        Array d = Ops.sub(inexact(x), inexact(y));
        Array tail = base2 ? Ops.div(Ops.unary(UnaryOp.LOG1P, Ops.unary(UnaryOp.EXP2, Ops.neg(Ops.unary(UnaryOp.ABS, d)))), Array.weak(Math.log(2)))
                : Ops.unary(UnaryOp.LOG1P, Ops.unary(UnaryOp.EXP, Ops.neg(Ops.unary(UnaryOp.ABS, d))));
        // Equal infinities give a NaN difference; JAX returns their sum (inf + inf, -inf + -inf).
        return Ops.where(Ops.unary(UnaryOp.ISNAN, d), Ops.add(inexact(x), inexact(y)), Ops.add(m, tail));
    }

    /**
     * jnp.dot's cotangent for one operand: a product with a scalar, matmul's rule up to 2-D right
     * operands (a template, so vmap batches it as one product), and a loud error for the N-d
     * contraction, which has no rule yet.
     */
    private static String dotVjp(String other, String matmulRule, String self) {
        return "_unbroadcast(g * " + other + ", " + self + ") if jnp.ndim(x1) == 0 or jnp.ndim(x2) == 0 else ((" + matmulRule
                + ") if jnp.ndim(x2) <= 2 else _raise('NotImplementedError: the derivative of jnp.dot with a right operand of"
                + " more than 2 dimensions is not implemented yet; use jnp.tensordot or jnp.einsum'))";
    }
}

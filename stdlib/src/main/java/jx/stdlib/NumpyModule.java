package jx.stdlib;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

import jx.array.Array;
import jx.array.Backend.ScanOp;
import jx.array.Backend.UnaryOp;
import jx.array.DType;
import jx.array.Ops;
import jx.array.Promotion;
import jx.eval.Builtins;
import jx.eval.Convert;
import jx.eval.EvalError;
import jx.eval.Interp;
import jx.eval.Values;
import jx.prim.Tag;

/** jax.numpy (also bound as np): names bound to array primitives, with NumPy's signatures. */
final class NumpyModule {
    private NumpyModule() {}

    static Array arr(Interp in, Object v) {
        return Convert.toArray(in, v, null);
    }

    static boolean none(Object v) {
        return v instanceof Values.None;
    }

    static int[] axes(Interp in, Object v) {
        return none(v) ? null : Builtins.shape(in, v);
    }

    static Integer axis(Object v) {
        return none(v) ? null : (int) Builtins.asIndex(v, "axis must be an integer");
    }

    static boolean flag(Object v) {
        return jx.eval.PyOps.truthy(v);
    }

    /** A string option such as mode= or method=; anything else is Python's TypeError. */
    static String text(Object v, String param) {
        if (v instanceof String s) {
            return s;
        }
        throw new EvalError("TypeError: " + param + " must be a string, got " + jx.eval.PyOps.typeName(v));
    }

    static DType dtype(Object v) {
        return Builtins.dtype(v);
    }

    static List<Array> arrays(Interp in, Object seq) {
        List<Array> out = new ArrayList<>();
        for (Object o : in.iterate(seq)) {
            out.add(arr(in, o));
        }
        return out;
    }

    /** jax.numpy, its rows declared in the registry as jnp.NAME. */
    static Values.Module create(String name, jx.prim.Registry registry) {
        Table t = new Table();
        creation(t);
        elementwise(t);
        reductions(t);
        FileIO.register(t);
        t.value("float32", DType.FLOAT32).value("float64", DType.FLOAT64).value("int32", DType.INT32)
                .value("int64", DType.INT64).value("uint32", DType.UINT32).value("bool_", DType.BOOL)
                .value("pi", Math.PI).value("e", Math.E).value("inf", Double.POSITIVE_INFINITY)
                .value("nan", Double.NaN).value("newaxis", Values.None.NONE)
                .value("ndarray", new Values.Builtin("ndarray", (in, a, kw) -> {
                    throw new EvalError("TypeError: use jnp.array(...) to make arrays");
                }));
        NumpyShapes.register(t);
        NumpyLinalg.register(t);
        t.value("linalg", NumpyLinalg.module(name + ".linalg", registry));
        t.members.put("around", t.members.get("round"));
        t.declare(registry, "jnp");
        return t.module(name);
    }

    private static void creation(Table t) {
        t.fn("array(object, dtype=None, copy=True)", (in, a) -> Convert.toArray(in, a[0], dtype(a[1])))
                .vjp("g", null, null).tags(Tag.ARRAY);
        t.fn("asarray(a, dtype=None)", (in, a) -> Convert.toArray(in, a[0], dtype(a[1])))
                .vjp("g", null).tags(Tag.ARRAY);
        t.fn("astype(x, dtype)", (in, a) -> arr(in, a[0]).astype(dtype(a[1])))
                .vjp("_materialize(g, x)", null).tags(Tag.METHOD);
        t.fn("zeros(shape, dtype=None)", (in, a) -> Ops.zeros(Builtins.shape(in, a[0]), orFloat(a[1]))).tags(Tag.ARRAY, Tag.NONDIFF);
        t.fn("ones(shape, dtype=None)", (in, a) -> Ops.ones(Builtins.shape(in, a[0]), orFloat(a[1]))).tags(Tag.ARRAY, Tag.NONDIFF);
        t.fn("full(shape, fill_value, dtype=None)", (in, a) -> {
            Array v = arr(in, a[1]);
            DType dt = a[2] instanceof Values.None ? (v.weak() ? defaultFor(a[1]) : v.dtype()) : dtype(a[2]);
            return Ops.full(Builtins.shape(in, a[0]), v, dt);
        }).tags(Tag.ARRAY);
        t.fn("zeros_like(a, dtype=None)", (in, a) -> {
            Array x = arr(in, a[0]);
            return Ops.zeros(x.shape(), none(a[1]) ? x.dtype() : dtype(a[1]));
        }).vjp(null, null).tags(Tag.ARRAY);
        t.fn("ones_like(a, dtype=None)", (in, a) -> {
            Array x = arr(in, a[0]);
            return Ops.ones(x.shape(), none(a[1]) ? x.dtype() : dtype(a[1]));
        }).vjp(null, null).tags(Tag.ARRAY);
        t.fn("full_like(a, fill_value, dtype=None)", (in, a) -> {
            Array x = arr(in, a[0]);
            return Ops.full(x.shape(), arr(in, a[1]), none(a[2]) ? x.dtype() : dtype(a[2]));
        }).vjp(null, "jnp.sum(g)", null).tags(Tag.ARRAY);
        t.fn("arange(start, stop=None, step=None, dtype=None)", (in, a) -> {
            Object start = none(a[1]) ? 0L : a[0];
            Object stop = none(a[1]) ? a[0] : a[1];
            Object step = none(a[2]) ? 1L : a[2];
            boolean floats = start instanceof Double || stop instanceof Double || step instanceof Double;
            DType dt = none(a[3]) ? (floats ? Convert.defaultFloat() : Convert.defaultInt()) : dtype(a[3]);
            return Ops.arange(num(start), num(stop), num(step), dt);
        }).tags(Tag.ARRAY, Tag.NONDIFF);
        t.fn("linspace(start, stop, num=50, endpoint=True, dtype=None)", (in, a) ->
                Ops.linspace(num(a[0]), num(a[1]), (int) Builtins.asIndex(a[2], null), flag(a[3]), orFloat(a[4]))).tags(Tag.ARRAY);
        t.fn("eye(N, M=None, k=0, dtype=None)", (in, a) -> Ops.eye((int) Builtins.asIndex(a[0], null),
                none(a[1]) ? null : (int) Builtins.asIndex(a[1], null), (int) Builtins.asIndex(a[2], null), orFloat(a[3]))).tags(Tag.ARRAY, Tag.NONDIFF);
        t.fn("identity(n, dtype=None)", (in, a) -> Ops.eye((int) Builtins.asIndex(a[0], null), null, 0, orFloat(a[1]))).tags(Tag.ARRAY, Tag.NONDIFF);
    }

    private static DType defaultFor(Object scalar) {
        return switch (scalar) {
            case Boolean b -> DType.BOOL;
            case Long l -> Convert.defaultInt();
            default -> Convert.defaultFloat();
        };
    }

    private static DType orFloat(Object v) {
        return none(v) ? Convert.defaultFloat() : dtype(v);
    }

    private static double num(Object v) {
        return switch (v) {
            case Long l -> l;
            case Double d -> d;
            case Boolean b -> b ? 1 : 0;
            case Array x -> ((Number) Convert.item(x)).doubleValue();
            default -> throw new EvalError("TypeError: expected a number, got " + jx.eval.PyOps.typeName(v));
        };
    }

    /** A ufunc of one array; its derivative is tested on "-1.0, 1.0" unless the row says otherwise. */
    private static Table.Row unary(Table t, String name, UnaryOperator<Array> op) {
        return t.fn(name + "(x)", (in, a) -> op.apply(arr(in, a[0]))).tags(Tag.ELEMENTWISE, Tag.ARRAY).domain("-1.0, 1.0");
    }

    /** A ufunc that is one kernel op. */
    private static Table.Row unary(Table t, String name, UnaryOp op) {
        return unary(t, name, x -> Ops.unary(op, x));
    }

    /** A ufunc of two broadcast arrays. */
    private static Table.Row binary(Table t, String name, BinaryOperator<Array> op) {
        return t.fn(name + "(x1, x2)", (in, a) -> op.apply(arr(in, a[0]), arr(in, a[1])))
                .tags(Tag.ELEMENTWISE, Tag.ARRAY).domain("-1.0, 1.0");
    }

    private static void elementwise(Table t) {
        unary(t, "negative", Ops::neg)
                .vjp("-g");
        unary(t, "positive", Ops::pos)
                .vjp("g");
        unary(t, "abs", UnaryOp.ABS).alsoIn("jax.lax")
                .vjp("g * jnp.sign(x)");
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
                .vjp("g * (1.0 - y * y)");
        unary(t, "arcsinh", UnaryOp.ARCSINH)
                .vjp("g / jnp.sqrt(x * x + 1.0)");
        unary(t, "arccosh", UnaryOp.ARCCOSH)
                .vjp("g / jnp.sqrt(x * x - 1.0)").domain("1.5, 3.0");
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
        unary(t, "signbit", NumpyModule::signbit);
        unary(t, "isposinf", x -> Ops.logicalAnd(Ops.unary(UnaryOp.ISINF, x), Ops.gt(x, Array.weak(0L))));
        unary(t, "isneginf", x -> Ops.logicalAnd(Ops.unary(UnaryOp.ISINF, x), Ops.lt(x, Array.weak(0L))));
        unary(t, "isreal", x -> Ops.full(x.shape(), DType.BOOL, 1L));
        unary(t, "real", x -> x)
                .vjp("g");
        unary(t, "conj", x -> x)
                .like(t.row("real")).tags(Tag.METHOD);
        unary(t, "conjugate", x -> x).tags(Tag.METHOD);
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
        binary(t, "matmul", Ops::matmul)
                .vjp(jx.ad.Rules.MATMUL_X1, jx.ad.Rules.MATMUL_X2);
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
        binary(t, "fmax", (x, y) -> Ops.where(Ops.unary(UnaryOp.ISNAN, y), Ops.add(x, Ops.mul(y, Array.weak(0L))),
                Ops.where(Ops.unary(UnaryOp.ISNAN, x), Ops.add(y, Ops.mul(x, Array.weak(0L))), Ops.maximum(x, y))))
                .like(t.row("maximum"));
        binary(t, "fmin", (x, y) -> Ops.where(Ops.unary(UnaryOp.ISNAN, y), Ops.add(x, Ops.mul(y, Array.weak(0L))),
                Ops.where(Ops.unary(UnaryOp.ISNAN, x), Ops.add(y, Ops.mul(x, Array.weak(0L))), Ops.minimum(x, y))))
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
            return x.ndim() == 0 || y.ndim() == 0 ? Ops.mul(x, y) : Ops.matmul(x, y);
        }).vjpAs(List.of("x1", "x2"), jx.ad.Rules.MATMUL_X1, jx.ad.Rules.MATMUL_X2).tags(Tag.ARRAY, Tag.METHOD);
        t.fn("vdot(a, b)", (in, a) -> Ops.sum(Ops.mul(Ops.reshape(arr(in, a[0]), new int[] {-1}),
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
        }).vjpAs(List.of("condition", "a", "b"), null, "_unbroadcast(jnp.where(condition, g, 0.0), a)", "_unbroadcast(jnp.where(condition, 0.0, g), b)").tags(Tag.ARRAY);
        t.fn("clip(a, a_min=None, a_max=None)", (in, a) ->
                Ops.clip(arr(in, a[0]), none(a[1]) ? null : arr(in, a[1]), none(a[2]) ? null : arr(in, a[2]))).definedInJx().tags(Tag.ARRAY, Tag.METHOD);
        t.fn("allclose(a, b, rtol=1e-05, atol=1e-08)", (in, a) -> {
            Array x = arr(in, a[0]);
            Array y = arr(in, a[1]);
            Array tol = Ops.add(arr(in, a[3]), Ops.mul(arr(in, a[2]), Ops.unary(UnaryOp.ABS, y)));
            return Ops.all(Ops.le(Ops.unary(UnaryOp.ABS, Ops.sub(x, y)), tol), null, false);
        });
        t.fn("isclose(a, b, rtol=1e-05, atol=1e-08)", (in, a) -> {
            Array x = arr(in, a[0]);
            Array y = arr(in, a[1]);
            Array tol = Ops.add(arr(in, a[3]), Ops.mul(arr(in, a[2]), Ops.unary(UnaryOp.ABS, y)));
            return Ops.le(Ops.unary(UnaryOp.ABS, Ops.sub(x, y)), tol);
        });
    }

    /** Integers and bools promoted to the default float, as JAX's promote_args_inexact (weak types stay weak). */
    static Array inexact(Array x) {
        return Ops.toInexact(x);
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

    interface Reduction {
        Array apply(Array a, int[] axes, boolean keepdims);
    }

    private static Table.Row reduction(Table t, String name, Reduction r) {
        return t.fn(name + "(a, axis=None, dtype=None, keepdims=False)", (in, a) -> {
            Array x = arr(in, a[0]);
            if (!none(a[2])) {
                x = x.astype(dtype(a[2]));
            }
            return r.apply(x, axes(in, a[1]), flag(a[3]));
        }).tags(Tag.REDUCTION, Tag.ARRAY);
    }

    static Array cast(Array x, Object dtype) {
        return none(dtype) ? x : x.astype(dtype(dtype));
    }

    private static Table.Row nanReduction(Table t, String name, double identity, Reduction r) {
        return t.fn(name + "(a, axis=None, dtype=None, keepdims=False)", (in, a) -> {
            Array x = cast(arr(in, a[0]), a[2]);
            Array clean = x.dtype().isFloat() ? Ops.where(Ops.unary(UnaryOp.ISNAN, x), Array.weak(identity), x) : x;
            return r.apply(clean, axes(in, a[1]), flag(a[3]));
        }).tags(Tag.REDUCTION, Tag.ARRAY);
    }

    private static void reductions(Table t) {
        reduction(t, "sum", Ops::sum).tags(Tag.METHOD)
                .vjp("_sum_transpose(g, a, axis, keepdims)", null, null, null).tags(Tag.ARRAY);
        reduction(t, "prod", Ops::prod).tags(Tag.METHOD)
                .vjp("_sum_transpose(g, a, axis, keepdims) * (_keep(y, a, axis, keepdims) / a)", null, null, null);
        reduction(t, "max", Ops::max).tags(Tag.METHOD)
                .vjp("_extremum_vjp(g, a, y, axis, keepdims)", null, null, null);
        reduction(t, "min", Ops::min).tags(Tag.METHOD)
                .vjp("_extremum_vjp(g, a, y, axis, keepdims)", null, null, null);
        reduction(t, "amax", Ops::max)
                .like(t.row("max"));
        reduction(t, "amin", Ops::min)
                .like(t.row("min"));
        reduction(t, "mean", Ops::mean).tags(Tag.METHOD)
                .vjp("_mean_transpose(g, a, axis, keepdims)", null, null, null).tags(Tag.ARRAY);
        reduction(t, "any", Ops::any).tags(Tag.METHOD);
        reduction(t, "all", Ops::all).tags(Tag.METHOD);
        t.fn("var(a, axis=None, dtype=None, ddof=0, keepdims=False)", (in, a) ->
                Ops.var(arr(in, a[0]), axes(in, a[1]), (int) Builtins.asIndex(a[3], null), flag(a[4]))).definedInJx().tags(Tag.ARRAY, Tag.METHOD);
        t.fn("std(a, axis=None, dtype=None, ddof=0, keepdims=False)", (in, a) ->
                Ops.std(arr(in, a[0]), axes(in, a[1]), (int) Builtins.asIndex(a[3], null), flag(a[4]))).definedInJx().tags(Tag.ARRAY, Tag.METHOD);
        t.fn("argmax(a, axis=None, keepdims=False)", (in, a) -> Ops.argmax(arr(in, a[0]), axis(a[1]), flag(a[2]))).tags(Tag.ARRAY, Tag.NONDIFF, Tag.METHOD);
        t.fn("argmin(a, axis=None, keepdims=False)", (in, a) -> Ops.argmin(arr(in, a[0]), axis(a[1]), flag(a[2]))).tags(Tag.ARRAY, Tag.NONDIFF, Tag.METHOD);
        t.fn("cumsum(a, axis=None, dtype=None)", (in, a) -> Ops.scan(ScanOp.CUMSUM, cast(arr(in, a[0]), a[2]), axis(a[1])))
                .vjp("_reshape_like(jnp.flip(jnp.cumsum(jnp.flip(_materialize(g, y), axis), axis), axis), a)", null, null).tags(Tag.ARRAY, Tag.METHOD);
        t.fn("cumprod(a, axis=None, dtype=None)", (in, a) -> Ops.scan(ScanOp.CUMPROD, cast(arr(in, a[0]), a[2]), axis(a[1]))).tags(Tag.ARRAY, Tag.METHOD).definedInJx();
        t.fn("count_nonzero(a, axis=None, keepdims=False)", (in, a) -> {
            Array x = arr(in, a[0]);
            return Ops.sum(Ops.ne(x, Array.weak(0L)), axes(in, a[1]), flag(a[2]));
        }).tags(Tag.NONDIFF);
        t.fn("ptp(a, axis=None, keepdims=False)", (in, a) -> {
            Array x = arr(in, a[0]);
            return Ops.sub(Ops.max(x, axes(in, a[1]), flag(a[2])), Ops.min(x, axes(in, a[1]), flag(a[2])));
        }).definedInJx().tags(Tag.METHOD);
        t.fn("average(a, axis=None, weights=None, keepdims=False)", (in, a) -> {
            Array x = arr(in, a[0]);
            if (none(a[2])) {
                return Ops.mean(x, axes(in, a[1]), flag(a[3]));
            }
            Array w = arr(in, a[2]);
            return Ops.div(Ops.sum(Ops.mul(x, w), axes(in, a[1]), flag(a[3])), Ops.sum(Ops.broadcastTo(w, x.shape()),
                    axes(in, a[1]), flag(a[3])));
        }).definedInJx();
        // The nan* reductions replace NaNs by the reduction's identity first.
        nanReduction(t, "nansum", 0.0, Ops::sum).definedInJx();
        nanReduction(t, "nanprod", 1.0, Ops::prod);
        nanReduction(t, "nanmax", Double.NEGATIVE_INFINITY, Ops::max);
        nanReduction(t, "nanmin", Double.POSITIVE_INFINITY, Ops::min);
        t.fn("nanmean(a, axis=None, dtype=None, keepdims=False)", (in, a) -> {
            Array x = arr(in, a[0]);
            Array ok = Ops.logicalNot(Ops.unary(UnaryOp.ISNAN, x));
            Array s = Ops.sum(Ops.where(ok, x, Array.weak(0L)), axes(in, a[1]), flag(a[3]));
            return Ops.div(s, Ops.sum(ok, axes(in, a[1]), flag(a[3])));
        }).definedInJx();
    }
}

package jx.stdlib;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

import jx.array.Array;
import jx.array.Budget;
import jx.array.DType;
import jx.array.Ops;
import jx.array.Promotion;
import jx.eval.Builtins;
import jx.eval.Convert;
import jx.eval.EvalError;
import jx.eval.Interp;
import jx.eval.Values;

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

    static Values.Module create(String name) {
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
        t.value("linalg", NumpyLinalg.module(name + ".linalg"));
        return t.module(name);
    }

    private static void creation(Table t) {
        t.fn("array(object, dtype=None, copy=True)", (in, a) -> Convert.toArray(in, a[0], dtype(a[1])));
        t.fn("asarray(a, dtype=None)", (in, a) -> Convert.toArray(in, a[0], dtype(a[1])));
        t.fn("astype(x, dtype)", (in, a) -> arr(in, a[0]).astype(dtype(a[1])));
        t.fn("zeros(shape, dtype=None)", (in, a) -> Ops.zeros(Builtins.shape(in, a[0]), orFloat(a[1])));
        t.fn("ones(shape, dtype=None)", (in, a) -> Ops.ones(Builtins.shape(in, a[0]), orFloat(a[1])));
        t.fn("full(shape, fill_value, dtype=None)", (in, a) -> {
            Array v = arr(in, a[1]);
            DType dt = a[2] instanceof Values.None ? (v.weak() ? defaultFor(a[1]) : v.dtype()) : dtype(a[2]);
            return Ops.full(Builtins.shape(in, a[0]), v, dt);
        });
        t.fn("zeros_like(a, dtype=None)", (in, a) -> {
            Array x = arr(in, a[0]);
            return Ops.zeros(x.shape(), none(a[1]) ? x.dtype() : dtype(a[1]));
        });
        t.fn("ones_like(a, dtype=None)", (in, a) -> {
            Array x = arr(in, a[0]);
            return Ops.ones(x.shape(), none(a[1]) ? x.dtype() : dtype(a[1]));
        });
        t.fn("full_like(a, fill_value, dtype=None)", (in, a) -> {
            Array x = arr(in, a[0]);
            return Ops.full(x.shape(), arr(in, a[1]), none(a[2]) ? x.dtype() : dtype(a[2]));
        });
        t.fn("arange(start, stop=None, step=None, dtype=None)", (in, a) -> {
            Object start = none(a[1]) ? 0L : a[0];
            Object stop = none(a[1]) ? a[0] : a[1];
            Object step = none(a[2]) ? 1L : a[2];
            boolean floats = start instanceof Double || stop instanceof Double || step instanceof Double;
            DType dt = none(a[3]) ? (floats ? Convert.defaultFloat() : Convert.defaultInt()) : dtype(a[3]);
            return Ops.arange(num(start), num(stop), num(step), dt);
        });
        t.fn("linspace(start, stop, num=50, endpoint=True, dtype=None)", (in, a) ->
                Ops.linspace(num(a[0]), num(a[1]), Budget.dim(Builtins.asIndex(a[2], null)), flag(a[3]), orFloat(a[4])));
        t.fn("eye(N, M=None, k=0, dtype=None)", (in, a) -> Ops.eye(Budget.dim(Builtins.asIndex(a[0], null)),
                none(a[1]) ? null : (int) Builtins.asIndex(a[1], null), (int) Builtins.asIndex(a[2], null), orFloat(a[3])));
        t.fn("identity(n, dtype=None)", (in, a) -> Ops.eye(Budget.dim(Builtins.asIndex(a[0], null)), null, 0, orFloat(a[1])));
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

    private static void unary(Table t, String name, UnaryOperator<Array> op) {
        t.fn(name + "(x)", (in, a) -> op.apply(arr(in, a[0])));
    }

    private static void binary(Table t, String name, BinaryOperator<Array> op) {
        t.fn(name + "(x1, x2)", (in, a) -> op.apply(arr(in, a[0]), arr(in, a[1])));
    }

    private static void elementwise(Table t) {
        unary(t, "negative", Ops::neg);
        unary(t, "positive", Ops::pos);
        unary(t, "abs", Ops::abs);
        unary(t, "absolute", Ops::abs);
        unary(t, "sign", Ops::sign);
        unary(t, "square", Ops::square);
        unary(t, "reciprocal", Ops::reciprocal);
        unary(t, "exp", Ops::exp);
        unary(t, "exp2", Ops::exp2);
        unary(t, "log", Ops::log);
        unary(t, "log2", Ops::log2);
        unary(t, "log10", Ops::log10);
        unary(t, "log1p", Ops::log1p);
        unary(t, "expm1", Ops::expm1);
        unary(t, "sqrt", Ops::sqrt);
        unary(t, "sin", Ops::sin);
        unary(t, "cos", Ops::cos);
        unary(t, "tan", Ops::tan);
        unary(t, "arcsin", Ops::arcsin);
        unary(t, "arccos", Ops::arccos);
        unary(t, "arctan", Ops::arctan);
        unary(t, "sinh", Ops::sinh);
        unary(t, "cosh", Ops::cosh);
        unary(t, "tanh", Ops::tanh);
        unary(t, "arcsinh", Ops::arcsinh);
        unary(t, "arccosh", Ops::arccosh);
        unary(t, "arctanh", Ops::arctanh);
        unary(t, "floor", Ops::floor);
        unary(t, "ceil", Ops::ceil);
        unary(t, "trunc", Ops::trunc);
        unary(t, "rint", Ops::round);
        unary(t, "isnan", Ops::isnan);
        unary(t, "isinf", Ops::isinf);
        unary(t, "isfinite", Ops::isfinite);
        unary(t, "logical_not", Ops::logicalNot);
        unary(t, "invert", Ops::bitNot);
        unary(t, "fabs", x -> Ops.abs(inexact(x)));
        unary(t, "fix", Ops::trunc);
        unary(t, "cbrt", x -> {
            Array f = inexact(x);
            return Ops.mul(Ops.sign(f), Ops.pow(Ops.abs(f), Array.weak(1.0 / 3.0)));
        });
        unary(t, "deg2rad", x -> Ops.mul(inexact(x), Array.weak(Math.PI / 180)));
        unary(t, "radians", x -> Ops.mul(inexact(x), Array.weak(Math.PI / 180)));
        unary(t, "rad2deg", x -> Ops.mul(inexact(x), Array.weak(180 / Math.PI)));
        unary(t, "degrees", x -> Ops.mul(inexact(x), Array.weak(180 / Math.PI)));
        unary(t, "sinc", x -> {
            Array px = Ops.mul(inexact(x), Array.weak(Math.PI));
            Array zero = Ops.eq(px, Array.weak(0.0));
            return Ops.where(zero, Array.weak(1.0), Ops.div(Ops.sin(px), Ops.where(zero, Array.weak(1.0), px)));
        });
        unary(t, "signbit", NumpyModule::signbit);
        unary(t, "isposinf", x -> Ops.logicalAnd(Ops.isinf(x), Ops.gt(x, Array.weak(0L))));
        unary(t, "isneginf", x -> Ops.logicalAnd(Ops.isinf(x), Ops.lt(x, Array.weak(0L))));
        unary(t, "isreal", x -> Ops.full(x.shape(), DType.BOOL, 1L));
        unary(t, "real", x -> x);
        unary(t, "conj", x -> x);
        unary(t, "conjugate", x -> x);
        t.fn("nan_to_num(x, copy=True, nan=0.0, posinf=None, neginf=None)", (in, a) -> {
            Array x = arr(in, a[0]);
            if (!x.dtype().isFloat()) {
                return x;
            }
            double big = x.dtype() == DType.FLOAT32 ? Float.MAX_VALUE : Double.MAX_VALUE;
            Array pos = none(a[3]) ? Array.weak(big) : arr(in, a[3]);
            Array neg = none(a[4]) ? Array.weak(-big) : arr(in, a[4]);
            Array y = Ops.where(Ops.isnan(x), arr(in, a[2]), x);
            y = Ops.where(Ops.logicalAnd(Ops.isinf(x), Ops.gt(x, Array.weak(0L))), pos, y);
            return Ops.where(Ops.logicalAnd(Ops.isinf(x), Ops.lt(x, Array.weak(0L))), neg, y).astype(x.dtype());
        });
        t.fn("round(a, decimals=0)", (in, a) -> {
            long d = Builtins.asIndex(a[1], null);
            Array x = arr(in, a[0]);
            if (d == 0) {
                return Ops.round(x);
            }
            Array scale = Array.weak(Math.pow(10, d));
            return Ops.div(Ops.round(Ops.mul(x, scale)), scale);
        });
        t.members.put("around", t.members.get("round"));
        binary(t, "add", Ops::add);
        binary(t, "subtract", Ops::sub);
        binary(t, "multiply", Ops::mul);
        binary(t, "divide", Ops::div);
        binary(t, "true_divide", Ops::div);
        binary(t, "floor_divide", Ops::floordiv);
        binary(t, "mod", Ops::mod);
        binary(t, "remainder", Ops::mod);
        binary(t, "power", Ops::pow);
        binary(t, "maximum", Ops::maximum);
        binary(t, "minimum", Ops::minimum);
        binary(t, "arctan2", Ops::arctan2);
        binary(t, "equal", Ops::eq);
        binary(t, "not_equal", Ops::ne);
        binary(t, "less", Ops::lt);
        binary(t, "less_equal", Ops::le);
        binary(t, "greater", Ops::gt);
        binary(t, "greater_equal", Ops::ge);
        binary(t, "logical_and", Ops::logicalAnd);
        binary(t, "logical_or", Ops::logicalOr);
        binary(t, "bitwise_and", Ops::bitAnd);
        binary(t, "bitwise_or", Ops::bitOr);
        binary(t, "bitwise_xor", Ops::bitXor);
        binary(t, "matmul", Ops::matmul);
        binary(t, "float_power", (x, y) -> Ops.pow(inexact(x), inexact(y)));
        binary(t, "hypot", (x, y) -> Ops.sqrt(Ops.add(Ops.square(inexact(x)), Ops.square(inexact(y)))));
        binary(t, "logaddexp", (x, y) -> logaddexp(x, y, false));
        binary(t, "logaddexp2", (x, y) -> logaddexp(x, y, true));
        binary(t, "logical_xor", (x, y) -> Ops.ne(Ops.ne(x, Array.weak(0L)), Ops.ne(y, Array.weak(0L))));
        binary(t, "heaviside", (x, y) -> {
            Array zero = Ops.full(new int[0], Promotion.result(Ops.typeOf(x), Ops.typeOf(y)).dtype(), 0L);
            Array step = Ops.where(Ops.lt(x, Array.weak(0L)), zero, Ops.where(Ops.gt(x, Array.weak(0L)),
                    Ops.add(zero, Array.weak(1L)), Ops.add(zero, y)));
            return Ops.where(Ops.isnan(x), Ops.add(zero, x), step);
        });
        binary(t, "copysign", (x, y) -> {
            Array mag = Ops.abs(inexact(x));
            return Ops.where(signbit(y), Ops.neg(mag), mag);
        });
        binary(t, "fmax", (x, y) -> Ops.where(Ops.isnan(y), Ops.add(x, Ops.mul(y, Array.weak(0L))),
                Ops.where(Ops.isnan(x), Ops.add(y, Ops.mul(x, Array.weak(0L))), Ops.maximum(x, y))));
        binary(t, "fmin", (x, y) -> Ops.where(Ops.isnan(y), Ops.add(x, Ops.mul(y, Array.weak(0L))),
                Ops.where(Ops.isnan(x), Ops.add(y, Ops.mul(x, Array.weak(0L))), Ops.minimum(x, y))));
        binary(t, "fmod", (x, y) -> {
            // C's fmod takes the dividend's sign; Python's mod (Ops.mod) the divisor's.
            Array m = Ops.mod(x, y);
            Array fix = Ops.logicalAnd(Ops.ne(m, Array.weak(0L)), Ops.ne(Ops.lt(x, Array.weak(0L)), Ops.lt(y, Array.weak(0L))));
            return Ops.where(fix, Ops.sub(m, y), m);
        });
        t.fn("array_equal(a1, a2, equal_nan=False)", (in, a) -> {
            Array x = arr(in, a[0]);
            Array y = arr(in, a[1]);
            if (!java.util.Arrays.equals(x.shape(), y.shape())) {
                return Array.scalar(0L, DType.BOOL);
            }
            Array same = Ops.eq(x, y);
            if (flag(a[2])) {
                same = Ops.logicalOr(same, Ops.logicalAnd(Ops.isnan(x), Ops.isnan(y)));
            }
            return Ops.all(same, null, false);
        });
        t.fn("dot(a, b)", (in, a) -> {
            Array x = arr(in, a[0]);
            Array y = arr(in, a[1]);
            return x.ndim() == 0 || y.ndim() == 0 ? Ops.mul(x, y) : Ops.matmul(x, y);
        });
        t.fn("vdot(a, b)", (in, a) -> Ops.sum(Ops.mul(Ops.reshape(arr(in, a[0]), new int[] {-1}),
                Ops.reshape(arr(in, a[1]), new int[] {-1})), null, false));
        t.fn("inner(a, b)", (in, a) -> {
            Array x = arr(in, a[0]);
            Array y = arr(in, a[1]);
            return x.ndim() == 0 || y.ndim() == 0 ? Ops.mul(x, y)
                    : jx.array.Contraction.tensordot(x, y, new int[] {-1}, new int[] {-1});
        });
        t.fn("outer(a, b)", (in, a) -> Ops.mul(Ops.reshape(arr(in, a[0]), new int[] {-1, 1}),
                Ops.reshape(arr(in, a[1]), new int[] {1, -1})));
        t.fn("where(condition, x=None, y=None)", (in, a) -> {
            if (none(a[1]) && none(a[2])) {
                return NumpyShapes.tuple(jx.array.Sorting.nonzero(arr(in, a[0])));
            }
            if (none(a[1]) || none(a[2])) {
                throw new EvalError("ValueError: Either both or neither of the x and y arguments should be provided to jax.numpy.where, got "
                        + (none(a[1]) ? "None" : "an array") + " and " + (none(a[2]) ? "None" : "an array") + ".");
            }
            return Ops.where(arr(in, a[0]), arr(in, a[1]), arr(in, a[2]));
        });
        t.fn("clip(a, a_min=None, a_max=None)", (in, a) ->
                Ops.clip(arr(in, a[0]), none(a[1]) ? null : arr(in, a[1]), none(a[2]) ? null : arr(in, a[2])));
        t.fn("allclose(a, b, rtol=1e-05, atol=1e-08)", (in, a) -> {
            Array x = arr(in, a[0]);
            Array y = arr(in, a[1]);
            Array tol = Ops.add(arr(in, a[3]), Ops.mul(arr(in, a[2]), Ops.abs(y)));
            return Ops.all(Ops.le(Ops.abs(Ops.sub(x, y)), tol), null, false);
        });
        t.fn("isclose(a, b, rtol=1e-05, atol=1e-08)", (in, a) -> {
            Array x = arr(in, a[0]);
            Array y = arr(in, a[1]);
            Array tol = Ops.add(arr(in, a[3]), Ops.mul(arr(in, a[2]), Ops.abs(y)));
            return Ops.le(Ops.abs(Ops.sub(x, y)), tol);
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
        return Ops.logicalOr(Ops.lt(x, Array.weak(0.0)), Ops.logicalAnd(zero, Ops.lt(Ops.reciprocal(x), Array.weak(0.0))));
    }

    private static Array logaddexp(Array x, Array y, boolean base2) {
        Array m = Ops.maximum(inexact(x), inexact(y));
        Array d = Ops.sub(inexact(x), inexact(y));
        Array tail = base2 ? Ops.div(Ops.log1p(Ops.exp2(Ops.neg(Ops.abs(d)))), Array.weak(Math.log(2)))
                : Ops.log1p(Ops.exp(Ops.neg(Ops.abs(d))));
        // Equal infinities give a NaN difference; JAX returns their sum (inf + inf, -inf + -inf).
        return Ops.where(Ops.isnan(d), Ops.add(inexact(x), inexact(y)), Ops.add(m, tail));
    }

    interface Reduction {
        Array apply(Array a, int[] axes, boolean keepdims);
    }

    private static void reduction(Table t, String name, Reduction r) {
        t.fn(name + "(a, axis=None, dtype=None, keepdims=False)", (in, a) -> {
            Array x = arr(in, a[0]);
            if (!none(a[2])) {
                x = x.astype(dtype(a[2]));
            }
            return r.apply(x, axes(in, a[1]), flag(a[3]));
        });
    }

    static Array cast(Array x, Object dtype) {
        return none(dtype) ? x : x.astype(dtype(dtype));
    }

    private static void nanReduction(Table t, String name, double identity, Reduction r) {
        t.fn(name + "(a, axis=None, dtype=None, keepdims=False)", (in, a) -> {
            Array x = cast(arr(in, a[0]), a[2]);
            Array clean = x.dtype().isFloat() ? Ops.where(Ops.isnan(x), Array.weak(identity), x) : x;
            return r.apply(clean, axes(in, a[1]), flag(a[3]));
        });
    }

    private static void reductions(Table t) {
        reduction(t, "sum", Ops::sum);
        reduction(t, "prod", Ops::prod);
        reduction(t, "max", Ops::max);
        reduction(t, "min", Ops::min);
        reduction(t, "amax", Ops::max);
        reduction(t, "amin", Ops::min);
        reduction(t, "mean", Ops::mean);
        reduction(t, "any", Ops::any);
        reduction(t, "all", Ops::all);
        t.fn("var(a, axis=None, dtype=None, ddof=0, keepdims=False)", (in, a) ->
                Ops.var(arr(in, a[0]), axes(in, a[1]), (int) Builtins.asIndex(a[3], null), flag(a[4])));
        t.fn("std(a, axis=None, dtype=None, ddof=0, keepdims=False)", (in, a) ->
                Ops.std(arr(in, a[0]), axes(in, a[1]), (int) Builtins.asIndex(a[3], null), flag(a[4])));
        t.fn("argmax(a, axis=None, keepdims=False)", (in, a) -> Ops.argmax(arr(in, a[0]), axis(a[1]), flag(a[2])));
        t.fn("argmin(a, axis=None, keepdims=False)", (in, a) -> Ops.argmin(arr(in, a[0]), axis(a[1]), flag(a[2])));
        t.fn("cumsum(a, axis=None, dtype=None)", (in, a) -> Ops.cumsum(cast(arr(in, a[0]), a[2]), axis(a[1])));
        t.fn("cumprod(a, axis=None, dtype=None)", (in, a) -> Ops.cumprod(cast(arr(in, a[0]), a[2]), axis(a[1])));
        t.fn("count_nonzero(a, axis=None, keepdims=False)", (in, a) -> {
            Array x = arr(in, a[0]);
            return Ops.sum(Ops.ne(x, Array.weak(0L)), axes(in, a[1]), flag(a[2]));
        });
        t.fn("ptp(a, axis=None, keepdims=False)", (in, a) -> {
            Array x = arr(in, a[0]);
            return Ops.sub(Ops.max(x, axes(in, a[1]), flag(a[2])), Ops.min(x, axes(in, a[1]), flag(a[2])));
        });
        t.fn("average(a, axis=None, weights=None, keepdims=False)", (in, a) -> {
            Array x = arr(in, a[0]);
            if (none(a[2])) {
                return Ops.mean(x, axes(in, a[1]), flag(a[3]));
            }
            Array w = arr(in, a[2]);
            return Ops.div(Ops.sum(Ops.mul(x, w), axes(in, a[1]), flag(a[3])), Ops.sum(Ops.broadcastTo(w, x.shape()),
                    axes(in, a[1]), flag(a[3])));
        });
        // The nan* reductions replace NaNs by the reduction's identity first.
        nanReduction(t, "nansum", 0.0, Ops::sum);
        nanReduction(t, "nanprod", 1.0, Ops::prod);
        nanReduction(t, "nanmax", Double.NEGATIVE_INFINITY, Ops::max);
        nanReduction(t, "nanmin", Double.POSITIVE_INFINITY, Ops::min);
        t.fn("nanmean(a, axis=None, dtype=None, keepdims=False)", (in, a) -> {
            Array x = arr(in, a[0]);
            Array ok = Ops.logicalNot(Ops.isnan(x));
            Array s = Ops.sum(Ops.where(ok, x, Array.weak(0L)), axes(in, a[1]), flag(a[3]));
            return Ops.div(s, Ops.sum(ok, axes(in, a[1]), flag(a[3])));
        });
    }
}

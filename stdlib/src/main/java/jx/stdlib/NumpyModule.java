package jx.stdlib;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

import jx.array.Array;
import jx.array.DType;
import jx.array.Ops;
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

    static DType dtype(Object v) {
        return Builtins.dtype(v);
    }

    private static List<Array> arrays(Interp in, Object seq) {
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
        shapes(t);
        FileIO.register(t);
        t.value("float32", DType.FLOAT32).value("float64", DType.FLOAT64).value("int32", DType.INT32)
                .value("int64", DType.INT64).value("uint32", DType.UINT32).value("bool_", DType.BOOL)
                .value("pi", Math.PI).value("e", Math.E).value("inf", Double.POSITIVE_INFINITY)
                .value("nan", Double.NaN).value("newaxis", Values.None.NONE)
                .value("ndarray", new Values.Builtin("ndarray", (in, a, kw) -> {
                    throw new EvalError("TypeError: use jnp.array(...) to make arrays");
                }));
        Table linalg = new Table();
        linalg.fn("norm(x, ord=None, axis=None, keepdims=False)", (in, a) -> {
            if (!none(a[1])) {
                throw new EvalError("NotImplementedError: jnp.linalg.norm supports only the default 2-norm here");
            }
            Array x = arr(in, a[0]);
            return Ops.sqrt(Ops.sum(Ops.mul(x, x), axes(in, a[2]), flag(a[3])));
        });
        t.value("linalg", linalg.module(name + ".linalg"));
        return t.module(name);
    }

    private static void creation(Table t) {
        t.fn("array(object, dtype=None, copy=True)", (in, a) -> Convert.toArray(in, a[0], dtype(a[1])));
        t.fn("asarray(a, dtype=None)", (in, a) -> Convert.toArray(in, a[0], dtype(a[1])));
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
                Ops.linspace(num(a[0]), num(a[1]), (int) Builtins.asIndex(a[2], null), flag(a[3]), orFloat(a[4])));
        t.fn("eye(N, M=None, k=0, dtype=None)", (in, a) -> Ops.eye((int) Builtins.asIndex(a[0], null),
                none(a[1]) ? null : (int) Builtins.asIndex(a[1], null), (int) Builtins.asIndex(a[2], null), orFloat(a[3])));
        t.fn("identity(n, dtype=None)", (in, a) -> Ops.eye((int) Builtins.asIndex(a[0], null), null, 0, orFloat(a[1])));
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
        t.fn("dot(a, b)", (in, a) -> {
            Array x = arr(in, a[0]);
            Array y = arr(in, a[1]);
            return x.ndim() == 0 || y.ndim() == 0 ? Ops.mul(x, y) : Ops.matmul(x, y);
        });
        t.fn("vdot(a, b)", (in, a) -> Ops.sum(Ops.mul(Ops.reshape(arr(in, a[0]), new int[] {-1}),
                Ops.reshape(arr(in, a[1]), new int[] {-1})), null, false));
        t.fn("inner(a, b)", (in, a) -> Ops.sum(Ops.mul(arr(in, a[0]), arr(in, a[1])), new int[] {-1}, false));
        t.fn("outer(a, b)", (in, a) -> Ops.mul(Ops.reshape(arr(in, a[0]), new int[] {-1, 1}),
                Ops.reshape(arr(in, a[1]), new int[] {1, -1})));
        t.fn("where(condition, x=None, y=None)", (in, a) -> {
            if (none(a[1]) || none(a[2])) {
                throw new EvalError("NotImplementedError: jnp.where with one argument is not supported",
                        "use jnp.where(condition, x, y)");
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
        t.fn("cumsum(a, axis=None, dtype=None)", (in, a) -> Ops.cumsum(arr(in, a[0]), axis(a[1])));
        t.fn("cumprod(a, axis=None, dtype=None)", (in, a) -> Ops.cumprod(arr(in, a[0]), axis(a[1])));
    }

    private static void shapes(Table t) {
        t.fn("reshape(a, newshape=None, shape=None)", (in, a) ->
                Ops.reshape(arr(in, a[0]), Builtins.shape(in, none(a[2]) ? a[1] : a[2])));
        t.fn("transpose(a, axes=None)", (in, a) -> Ops.transpose(arr(in, a[0]), axes(in, a[1])));
        t.fn("swapaxes(a, axis1, axis2)", (in, a) -> Ops.swapaxes(arr(in, a[0]), axis(a[1]), axis(a[2])));
        t.fn("moveaxis(a, source, destination)", (in, a) -> {
            Array x = arr(in, a[0]);
            int n = x.ndim();
            int src = Math.floorMod(axis(a[1]), n);
            int dst = Math.floorMod(axis(a[2]), n);
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (i != src) {
                    order.add(i);
                }
            }
            order.add(dst, src);
            return Ops.transpose(x, order.stream().mapToInt(Integer::intValue).toArray());
        });
        t.fn("expand_dims(a, axis)", (in, a) -> Ops.expandDims(arr(in, a[0]), axis(a[1])));
        t.fn("squeeze(a, axis=None)", (in, a) -> Ops.squeeze(arr(in, a[0]), axes(in, a[1])));
        t.fn("ravel(a)", (in, a) -> Ops.reshape(arr(in, a[0]), new int[] {-1}));
        t.fn("broadcast_to(array, shape)", (in, a) -> Ops.broadcastTo(arr(in, a[0]), Builtins.shape(in, a[1])));
        t.fn("concatenate(arrays, axis=0)", (in, a) -> {
            List<Array> xs = arrays(in, a[0]);
            if (none(a[1])) {
                xs = xs.stream().map(x -> Ops.reshape(x, new int[] {-1})).toList();
                return Ops.concatenate(xs, 0);
            }
            return Ops.concatenate(xs, axis(a[1]));
        });
        t.fn("stack(arrays, axis=0)", (in, a) -> Ops.stack(arrays(in, a[0]), axis(a[1])));
        t.fn("hstack(tup)", (in, a) -> {
            List<Array> xs = arrays(in, a[0]);
            return Ops.concatenate(xs, xs.get(0).ndim() <= 1 ? 0 : 1);
        });
        t.fn("vstack(tup)", (in, a) -> Ops.concatenate(arrays(in, a[0]).stream()
                .map(x -> x.ndim() < 2 ? Ops.reshape(x, new int[] {1, -1}) : x).toList(), 0));
        t.fn("flip(m, axis=None)", (in, a) -> Ops.flip(arr(in, a[0]), axes(in, a[1])));
        t.fn("shape(a)", (in, a) -> {
            List<Object> dims = new ArrayList<>();
            for (int d : arr(in, a[0]).shape()) {
                dims.add((long) d);
            }
            return new Values.Tuple(dims);
        });
        t.fn("ndim(a)", (in, a) -> (long) arr(in, a[0]).ndim());
        t.fn("size(a)", (in, a) -> (long) arr(in, a[0]).size());
    }
}

package jx.stdlib;

import java.util.ArrayList;
import java.util.List;

import jx.array.Array;
import jx.array.Budget;
import jx.array.DType;
import jx.array.Ops;
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

    /**
     * An array argument of a function that, as JAX's, takes arrays and scalars but not Python lists
     * or tuples (jnp.sum([1, 2]) is a TypeError in JAX: the list would be a pytree, not an array).
     */
    static Array arrayLike(Interp in, Object v, String fn, int position) {
        if (v instanceof Values.PyList || v instanceof Values.Tuple) {
            throw new EvalError("TypeError: " + fn + " requires ndarray or scalar arguments, got <class '"
                    + jx.eval.PyOps.typeName(v) + "'> at position " + position + ".", "wrap the list in an array: jnp." + fn + "(jnp.array([1, 2, 3]))");
        }
        return arr(in, v);
    }

    /** An argument jx does not implement: accepted only at its default (None), never ignored. */
    static void unsupported(Object v, String fn, String param) {
        if (!none(v)) {
            throw new EvalError("NotImplementedError: The '" + param + "' argument to jnp." + fn + " is not supported.");
        }
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

    /** Integers and bools promoted to the default float, as JAX's promote_args_inexact (weak types stay weak). */
    static Array inexact(Array x) {
        return Ops.toInexact(x);
    }

    static Array cast(Array x, Object dtype) {
        return none(dtype) ? x : x.astype(dtype(dtype));
    }

    /** jax.numpy, its rows declared in the registry as jnp.NAME. */
    static Values.Module create(String name, jx.prim.Registry registry) {
        Table t = new Table();
        creation(t);
        NumpyUfuncs.register(t);
        NumpyReductions.register(t);
        FileIO.register(t);
        t.value("float32", DType.FLOAT32).value("float64", DType.FLOAT64).value("int32", DType.INT32)
                .value("int64", DType.INT64).value("uint32", DType.UINT32).value("bool_", DType.BOOL).value("bool", DType.BOOL)
                .value("int8", DType.INT8).value("uint8", DType.UINT8).value("int16", DType.INT16)
                .value("uint16", DType.UINT16).value("uint64", DType.UINT64).value("float16", DType.FLOAT16)
                .value("bfloat16", DType.BFLOAT16)
                .value("complex64", DType.COMPLEX64).value("complex128", DType.COMPLEX128)
                .value("pi", Math.PI).value("e", Math.E).value("inf", Double.POSITIVE_INFINITY)
                .value("nan", Double.NaN).value("newaxis", Values.None.NONE)
                .value("ndarray", new Values.Builtin("ndarray", (in, a, kw) -> {
                    throw new EvalError("TypeError: use jnp.array(...) to make arrays");
                }));
        NumpyShapes.register(t);
        NumpyLinalg.register(t);
        NumpyDTypes.register(t);
        t.value("linalg", NumpyLinalg.module(name + ".linalg", registry));
        t.value("fft", NumpyFft.module(name + ".fft", registry));
        t.members.put("around", t.members.get("round"));
        BatchRules.numpy(t);
        t.declare(registry, "jnp");
        return t.module(name);
    }

    /** jnp.array's ndmin: leading axes of length 1 up to that many dimensions. Only order 'K' (JAX's rule). */
    private static Array withNdmin(Array x, Object order, Object ndminArg) {
        if (!(order instanceof Values.None) && !"K".equals(order)) {
            throw new EvalError("NotImplementedError: jnp.array with order=" + jx.eval.Printer.repr(order) + " (JAX implements only order='K')");
        }
        int ndmin = (int) Builtins.asIndex(ndminArg, "ndmin must be an integer");
        if (ndmin <= x.ndim()) {
            return x;
        }
        int[] shape = new int[ndmin];
        java.util.Arrays.fill(shape, 1);
        System.arraycopy(x.shape(), 0, shape, ndmin - x.ndim(), x.ndim());
        return Ops.reshape(x, shape);
    }

    private static void creation(Table t) {
        t.fn("array(object, dtype=None, copy=True, order='K', ndmin=0)", (in, a) -> withNdmin(Convert.toArray(in, a[0], dtype(a[1])),
                a[3], a[4]))
                // ndmin's leading axes dropped again, with no conditional expression (forward over reverse mode loses tangents there).
                .vjp("_array_to_tree(jnp.reshape(_materialize(g, y), jnp.shape(y)[jnp.ndim(y) - jnp.ndim(object):]), object)",
                        null, null, null, null)
                .jvp("jnp.reshape(jnp.asarray(t), jnp.shape(y))", null, null, null, null).tags(Tag.ARRAY);
        t.fn("asarray(a, dtype=None)", (in, a) -> Convert.toArray(in, a[0], dtype(a[1])))
                .vjp("_array_to_tree(_materialize(g, y), a)", null).jvp("jnp.asarray(t)", null).tags(Tag.ARRAY);
        t.fn("astype(x, dtype)", (in, a) -> arr(in, a[0]).astype(dtype(a[1])))
                .vjp("_materialize(g, x)", null).jvp("_tastype(t, y)", null).tags(Tag.METHOD);
        t.fn("zeros(shape, dtype=None)", (in, a) -> Ops.zeros(Builtins.shape(in, a[0]), orFloat(a[1]))).tags(Tag.ARRAY, Tag.NONDIFF);
        t.fn("ones(shape, dtype=None)", (in, a) -> Ops.ones(Builtins.shape(in, a[0]), orFloat(a[1]))).tags(Tag.ARRAY, Tag.NONDIFF);
        t.fn("full(shape, fill_value, dtype=None)", (in, a) -> {
            Array v = arr(in, a[1]);
            DType dt = a[2] instanceof Values.None ? (v.weak() ? defaultFor(a[1]) : v.dtype()) : dtype(a[2]);
            return Ops.full(Builtins.shape(in, a[0]), v, dt);
        }).definedInJx().tags(Tag.ARRAY);
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
        }).vjp(null, "jnp.sum(g)", null).jvp(null, "jnp.zeros_like(y) + t", null).tags(Tag.ARRAY);
        t.fn("arange(start, stop=None, step=None, dtype=None)", (in, a) -> {
            Object start = none(a[1]) ? 0L : a[0];
            Object stop = none(a[1]) ? a[0] : a[1];
            Object step = none(a[2]) ? 1L : a[2];
            boolean floats = start instanceof Double || stop instanceof Double || step instanceof Double;
            DType dt = none(a[3]) ? (floats ? Convert.defaultFloat() : Convert.defaultInt()) : dtype(a[3]);
            return Ops.arange(num(start), num(stop), num(step), dt);
        }).tags(Tag.ARRAY, Tag.NONDIFF);
        t.fn("linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0)", (in, a) -> {
            if (Builtins.asIndex(a[6], "axis must be an integer") != 0) {
                throw new EvalError("NotImplementedError: jnp.linspace with axis=" + a[6] + " is not supported yet");
            }
            int n = Budget.dim(Builtins.asIndex(a[2], null));
            Array out = Ops.linspace(num(a[0]), num(a[1]), n, flag(a[3]), orFloat(a[5]));
            if (!flag(a[4])) {
                return out;
            }
            int div = flag(a[3]) ? n - 1 : n;
            double step = div > 0 ? (num(a[1]) - num(a[0])) / div : Double.NaN;
            return new Values.Tuple(List.of(out, Array.scalar(step, orFloat(a[5]).isFloat() ? orFloat(a[5]) : Convert.defaultFloat())));
        }).tags(Tag.ARRAY);
        t.fn("eye(N, M=None, k=0, dtype=None)", (in, a) -> Ops.eye(Budget.dim(Builtins.asIndex(a[0], null)),
                none(a[1]) ? null : (int) Builtins.asIndex(a[1], null), (int) Builtins.asIndex(a[2], null), orFloat(a[3]))).tags(Tag.ARRAY, Tag.NONDIFF);
        t.fn("identity(n, dtype=None)", (in, a) -> Ops.eye(Budget.dim(Builtins.asIndex(a[0], null)), null, 0, orFloat(a[1]))).tags(Tag.ARRAY, Tag.NONDIFF);
    }

    private static DType defaultFor(Object scalar) {
        return switch (scalar) {
            case Boolean b -> DType.BOOL;
            case Long l -> Convert.defaultInt();
            case jx.syntax.PyComplex z -> jx.array.Promotion.defaultComplex();
            // A weak array (jnp.asarray(1j)) has its kind's default dtype already.
            case Array x -> x.dtype();
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

}

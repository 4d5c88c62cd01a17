package jx.stdlib;

import static jx.stdlib.NumpyModule.arr;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jx.array.Array;
import jx.array.DType;
import jx.array.Ops;
import jx.array.Promotion;
import jx.eval.Builtins;
import jx.eval.EvalError;
import jx.eval.Values;
import jx.prim.Tag;

/**
 * NumPy's abstract scalar kinds ({@code jnp.integer jnp.floating jnp.number ...}) and the functions
 * that ask about dtypes: {@code issubdtype result_type promote_types isscalar}.
 */
final class NumpyDTypes {
    private NumpyDTypes() {}

    /** Each abstract kind and the concrete dtypes under it. */
    private static final List<Object[]> KINDS = List.of(
            new Object[] {"generic", Set.of(DType.values())},
            new Object[] {"number", Set.of(DType.INT32, DType.INT64, DType.UINT32, DType.FLOAT32, DType.FLOAT64,
                    DType.COMPLEX64, DType.COMPLEX128)},
            new Object[] {"integer", Set.of(DType.INT32, DType.INT64, DType.UINT32)},
            new Object[] {"signedinteger", Set.of(DType.INT32, DType.INT64)},
            new Object[] {"unsignedinteger", Set.of(DType.UINT32)},
            new Object[] {"inexact", Set.of(DType.FLOAT32, DType.FLOAT64, DType.COMPLEX64, DType.COMPLEX128)},
            new Object[] {"floating", Set.of(DType.FLOAT32, DType.FLOAT64)},
            new Object[] {"complexfloating", Set.of(DType.COMPLEX64, DType.COMPLEX128)});

    static void register(Table t) {
        for (Object[] k : KINDS) {
            String name = (String) k[0];
            t.value(name, new Values.Builtin(name, (in, a, kw) -> {
                throw new EvalError("TypeError: jnp." + name + " is an abstract dtype kind: use it in jnp.issubdtype(dtype, jnp."
                        + name + "), or make arrays with a concrete dtype such as jnp.float32");
            }));
        }
        t.fn("issubdtype(arg1, arg2)", (in, a) -> {
            DType d = Builtins.dtype(a[0]);
            if (a[1] instanceof Values.Builtin b && kind(b.name()) != null) {
                return kind(b.name()).contains(d);
            }
            return d == Builtins.dtype(a[1]);
        }).tags(Tag.NONDIFF);
        t.fn("promote_types(a, b)", (in, a) -> Promotion.result(new Promotion.Typed(Builtins.dtype(a[0]), false),
                new Promotion.Typed(Builtins.dtype(a[1]), false)).dtype()).tags(Tag.NONDIFF);
        t.raw("result_type", (in, a, kw) -> {
            if (!kw.isEmpty() || a.isEmpty()) {
                throw new EvalError("TypeError: result_type() takes one or more arrays or dtypes as positional arguments");
            }
            List<Promotion.Typed> ts = new ArrayList<>();
            for (Object o : a) {
                ts.add(o instanceof DType || o instanceof String || o instanceof Values.Builtin
                        ? new Promotion.Typed(Builtins.dtype(o), false) : Ops.typeOf(arr(in, o)));
            }
            return Promotion.canonicalize(Promotion.result(ts).dtype());
        }).tags(Tag.NONDIFF);
        t.fn("finfo(dtype)", (in, a) -> {
            DType d = a[0] instanceof Array x ? x.dtype() : Builtins.dtype(a[0]);
            if (!d.isFloat()) {
                throw new EvalError("ValueError: data type " + d + " not inexact");
            }
            boolean f64 = d == DType.FLOAT64;
            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("dtype", d);
            m.put("bits", f64 ? 64L : 32L);
            m.put("eps", Array.scalar(f64 ? Math.ulp(1.0) : Math.ulp(1.0f), d));
            m.put("max", Array.scalar(f64 ? Double.MAX_VALUE : Float.MAX_VALUE, d));
            m.put("min", Array.scalar(f64 ? -Double.MAX_VALUE : -Float.MAX_VALUE, d));
            m.put("tiny", Array.scalar(f64 ? Double.MIN_NORMAL : Float.MIN_NORMAL, d));
            m.put("smallest_normal", m.get("tiny"));
            m.put("resolution", Array.scalar(f64 ? 1e-15 : 1e-6, d));
            return new Values.Module("finfo(dtype=" + d + ")", m);
        }).tags(Tag.NONDIFF);
        t.fn("iinfo(int_type)", (in, a) -> {
            DType d = a[0] instanceof Array x ? x.dtype() : Builtins.dtype(a[0]);
            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
            switch (d) {
                case INT32 -> { m.put("min", (long) Integer.MIN_VALUE); m.put("max", (long) Integer.MAX_VALUE); m.put("bits", 32L); }
                case INT64 -> { m.put("min", Long.MIN_VALUE); m.put("max", Long.MAX_VALUE); m.put("bits", 64L); }
                case UINT32 -> { m.put("min", 0L); m.put("max", 4294967295L); m.put("bits", 32L); }
                default -> throw new EvalError("ValueError: Invalid integer data type '" + d + "'.");
            }
            m.put("dtype", d);
            return new Values.Module("iinfo(dtype=" + d + ")", m);
        }).tags(Tag.NONDIFF);
        t.fn("isscalar(element)", (in, a) -> a[0] instanceof Long || a[0] instanceof Double || a[0] instanceof Boolean
                || a[0] instanceof Array x && x.ndim() == 0).tags(Tag.NONDIFF);
    }

    @SuppressWarnings("unchecked")
    private static Set<DType> kind(String name) {
        for (Object[] k : KINDS) {
            if (k[0].equals(name)) {
                return (Set<DType>) k[1];
            }
        }
        return null;
    }
}

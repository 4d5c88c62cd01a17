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
            new Object[] {"number", of(d -> !d.isBool())},
            new Object[] {"integer", of(DType::isInteger)},
            new Object[] {"signedinteger", of(d -> d.isInteger() && !d.isUnsigned())},
            new Object[] {"unsignedinteger", of(DType::isUnsigned)},
            new Object[] {"inexact", of(DType::isInexact)},
            new Object[] {"floating", of(DType::isFloat)},
            new Object[] {"complexfloating", Set.of(DType.COMPLEX64, DType.COMPLEX128)});

    private static Set<DType> of(java.util.function.Predicate<DType> p) {
        return java.util.EnumSet.copyOf(java.util.Arrays.stream(DType.values()).filter(p).toList());
    }

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
            // Per dtype: bits, eps, max, tiny (the smallest normal), resolution (10^-precision), as NumPy and ml_dtypes give them.
            double[] f = switch (d) {
                case FLOAT16 -> new double[] {16, 0x1p-10, 65504.0, 0x1p-14, 1e-3};
                case BFLOAT16 -> new double[] {16, 0x1p-7, 0x1.FEp127, 0x1p-126, 1e-2};
                case FLOAT32 -> new double[] {32, Math.ulp(1.0f), Float.MAX_VALUE, Float.MIN_NORMAL, 1e-6};
                default -> new double[] {64, Math.ulp(1.0), Double.MAX_VALUE, Double.MIN_NORMAL, 1e-15};
            };
            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("dtype", d);
            m.put("bits", (long) f[0]);
            m.put("eps", Array.scalar(f[1], d));
            m.put("max", Array.scalar(f[2], d));
            m.put("min", Array.scalar(-f[2], d));
            m.put("tiny", Array.scalar(f[3], d));
            m.put("smallest_normal", m.get("tiny"));
            m.put("resolution", Array.scalar(f[4], d));
            return new Values.Module("finfo(dtype=" + d + ")", m);
        }).tags(Tag.NONDIFF);
        t.fn("iinfo(int_type)", (in, a) -> {
            DType d = a[0] instanceof Array x ? x.dtype() : Builtins.dtype(a[0]);
            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
            if (!d.isInteger() || d == DType.UINT64) {
                throw new EvalError("ValueError: Invalid integer data type '" + d + "'.");
            }
            m.put("min", jx.array.Narrow.min(d));
            m.put("max", jx.array.Narrow.max(d));
            m.put("bits", (long) d.bits());
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

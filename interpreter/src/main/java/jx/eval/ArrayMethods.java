package jx.eval;

import java.util.ArrayList;
import java.util.List;

import jx.array.Array;
import jx.array.DType;
import jx.array.Ops;

/**
 * Methods of arrays. Those that are plain jax.numpy functions with the array first (x.sum(axis=0) is
 * jnp.sum(x, axis=0)) come from the library; the ones below are about the array value itself.
 */
public final class ArrayMethods {
    private ArrayMethods() {}

    /** The methods below that return an array (what the checker knows about their results). */
    public static final java.util.Set<String> RETURNS_ARRAY = java.util.Set.of("astype", "copy", "block_until_ready",
            "reshape", "transpose", "flatten", "ravel");

    static Values.Builtin get(Interp interp, String name) {
        return switch (name) {
            case "item" -> new Values.Builtin(name, (in, args, kw) -> Convert.item((Array) args.get(0)));
            case "tolist" -> new Values.Builtin(name, (in, args, kw) -> Convert.toList((Array) args.get(0)));
            case "astype" -> new Values.Builtin(name, (in, args, kw) -> {
                Object d = args.size() > 1 ? args.get(1) : kw.get("dtype");
                return ((Array) args.get(0)).astype(Builtins.dtype(d));
            });
            case "copy", "block_until_ready" -> new Values.Builtin(name, (in, args, kw) -> args.get(0));
            case "reshape" -> new Values.Builtin(name, (in, args, kw) -> {
                Array a = (Array) args.get(0);
                List<Object> rest = args.subList(1, args.size());
                Object shape = rest.size() == 1 ? rest.get(0) : new Values.Tuple(new ArrayList<>(rest));
                if (rest.isEmpty()) {
                    shape = kw.get("shape");
                }
                return jx.array.Shaping.reshape(a, Builtins.shape(in, shape), order(kw, null), "reshape");
            });
            case "transpose" -> new Values.Builtin(name, (in, args, kw) -> {
                Array a = (Array) args.get(0);
                List<Object> rest = args.subList(1, args.size());
                if (rest.isEmpty() || rest.get(0) instanceof Values.None) {
                    return Ops.transpose(a, null);
                }
                Object axes = rest.size() == 1 ? rest.get(0) : new Values.Tuple(new ArrayList<>(rest));
                return Ops.transpose(a, Builtins.shape(in, axes));
            });
            case "flatten", "ravel" -> new Values.Builtin(name, (in, args, kw) -> jx.array.Shaping.reshape((Array) args.get(0),
                    new int[] {-1}, order(kw, args.size() > 1 ? args.get(1) : null), name));
            default -> {
                jx.prim.Prim row = interp.registry().method(name);
                yield row == null ? null : (Values.Builtin) row.function();
            }
        };
    }

    /** The order= of reshape, ravel and flatten ("C" when not given). */
    private static String order(java.util.Map<String, Object> kw, Object positional) {
        Object o = positional != null ? positional : kw.getOrDefault("order", "C");
        if (!(o instanceof String s)) {
            throw new EvalError("TypeError: order must be a string such as 'C' or 'F', got " + PyOps.typeName(o));
        }
        for (String k : kw.keySet()) {
            if (!k.equals("order") && !k.equals("shape")) {
                throw new EvalError("TypeError: got an unexpected keyword argument '" + k + "'");
            }
        }
        return s;
    }

    static DType dtypeOf(Object v) {
        return v instanceof Array a ? a.dtype() : null;
    }
}

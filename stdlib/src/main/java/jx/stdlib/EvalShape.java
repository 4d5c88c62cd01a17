package jx.stdlib;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jx.array.Array;
import jx.array.ArrayContext;
import jx.array.DType;
import jx.array.Ops;
import jx.eval.EvalError;
import jx.eval.Interp;
import jx.eval.ShapeDtypeStruct;
import jx.eval.Unknown;
import jx.eval.Values;

/**
 * jax.eval_shape(fun, *args, **kwargs): fun runs over arrays that have shapes and dtypes but no
 * elements (the checker's backend, jx.check.ShapeCheck), so no kernel runs; every array leaf of
 * the arguments may be an array or a jax.ShapeDtypeStruct, and every array leaf of the result
 * comes back as a ShapeDtypeStruct (Python numbers too, as the weakly typed values they are).
 */
final class EvalShape {
    private EvalShape() {}

    static Object evalShape(Interp in, List<Object> a, Map<String, Object> kw) {
        if (a.isEmpty()) {
            throw new EvalError("TypeError: eval_shape() missing 1 required positional argument: 'fun'");
        }
        Object fun = a.get(0);
        ArrayContext shapes = jx.check.ShapeCheck.overShapes(ArrayContext.current().x64());
        try {
            return shapes.call(() -> {
                List<Object> args = new ArrayList<>();
                for (Object x : a.subList(1, a.size())) {
                    args.add(map(in, x, true));
                }
                Map<String, Object> kwargs = new LinkedHashMap<>();
                kw.forEach((k, v) -> kwargs.put(k, map(in, v, true)));
                return map(in, in.call(fun, args, kwargs), false);
            });
        } catch (Unknown u) {
            throw new EvalError("ConcretizationTypeError: Abstract tracer value encountered where concrete value is expected"
                    + " (in jax.eval_shape, the function's arrays have shapes and dtypes but no values)",
                    "branch with jnp.where or lax.cond, and read no element of an array inside the function");
        }
    }

    /** Each leaf of tree as an abstract array (inputs) or as a ShapeDtypeStruct (the result). */
    private static Object map(Interp in, Object tree, boolean toArrays) {
        List<Object> leaves = new ArrayList<>();
        TreeUtil.Node structure = TreeUtil.flatten(in, tree, leaves, null);
        List<Object> mapped = new ArrayList<>();
        for (Object leaf : leaves) {
            mapped.add(toArrays ? abstractArray(leaf) : struct(leaf));
        }
        return TreeUtil.unflatten(structure, mapped.iterator());
    }

    private static Object abstractArray(Object leaf) {
        return switch (leaf) {
            case ShapeDtypeStruct s -> Ops.zeros(s.dims(), s.dtype()).withWeak(s.weak());
            case Array x -> Ops.zeros(x.shape(), x.dtype()).withWeak(x.weak());
            default -> leaf;
        };
    }

    private static Object struct(Object leaf) {
        return switch (leaf) {
            case Array x -> new ShapeDtypeStruct(dims(x.shape()), x.dtype(), x.weak());
            case Boolean b -> new ShapeDtypeStruct(List.of(), DType.BOOL, false);
            case Long l -> new ShapeDtypeStruct(List.of(), jx.array.Promotion.defaultInt(), true);
            case Double d -> new ShapeDtypeStruct(List.of(), jx.array.Promotion.defaultFloat(), true);
            case jx.syntax.PyComplex z -> new ShapeDtypeStruct(List.of(), jx.array.Promotion.defaultComplex(), true);
            default -> leaf;
        };
    }

    private static List<Integer> dims(int[] shape) {
        List<Integer> out = new ArrayList<>();
        for (int d : shape) {
            out.add(d);
        }
        return out;
    }

    /** jax.ShapeDtypeStruct(shape, dtype, weak_type=False), the dtype canonicalized as JAX does. */
    static ShapeDtypeStruct make(Interp in, Object shape, Object dtype, Object weak) {
        DType d = jx.eval.Builtins.dtype(dtype);
        if (d == null) {
            throw new EvalError("TypeError: ShapeDtypeStruct() needs a dtype, got None");
        }
        return new ShapeDtypeStruct(dims(jx.eval.Builtins.shape(in, shape)), jx.array.Promotion.canonicalize(d),
                jx.eval.PyOps.truthy(weak));
    }
}

package jx.check;

import java.util.List;
import java.util.Set;

import jx.core.Core;

/**
 * The kind of container a value certainly is, where the program text says so (displays,
 * comprehensions, list()/dict(), jnp constructors, array methods) — null where it does not. Only
 * values of a known kind have their mutating methods rejected statically, so an object of a library
 * (optax's `optimizer.update(...)`) is never mistaken for a dict.
 */
final class Kinds {
    enum Kind {
        LIST("list"), DICT("dict"), TUPLE("tuple"), ARRAY("jaxlib.xla_extension.ArrayImpl");

        /** The type's name as the run time's messages spell it. */
        final String typeName;

        Kind(String typeName) {
            this.typeName = typeName;
        }
    }

    private static final int DEPTH = 16;

    /** jnp functions that certainly return one array. */
    private static final Set<String> ARRAY_FUNCTIONS = Set.of("array", "asarray", "zeros", "ones", "full", "empty",
            "zeros_like", "ones_like", "full_like", "empty_like", "arange", "linspace", "eye", "identity",
            "reshape", "transpose", "concatenate", "stack", "where", "dot", "matmul", "outer", "exp", "log", "sqrt",
            "tanh", "sin", "cos", "abs", "maximum", "minimum", "sum", "mean", "cumsum", "sort", "clip", "tile",
            "repeat", "broadcast_to", "expand_dims", "squeeze", "flip", "roll", "einsum");

    /** Array methods and properties that certainly return an array. */
    private static final Set<String> ARRAY_METHODS = Set.of("reshape", "astype", "sum", "mean", "max", "min",
            "transpose", "squeeze", "flatten", "ravel", "T", "prod", "cumsum", "argmax", "argmin");

    private static final Set<String> AT_UPDATES = Set.of("set", "add", "multiply", "divide", "power", "min", "max",
            "apply", "get");

    private Kinds() {}

    static Kind of(Core e, Bindings b) {
        return of(e, b, 0);
    }

    private static Kind of(Core e, Bindings b, int depth) {
        if (depth > DEPTH) {
            return null;
        }
        return switch (e) {
            case Core.MakeList x -> Kind.LIST;
            case Core.MakeDict x -> Kind.DICT;
            case Core.MakeTuple x -> Kind.TUPLE;
            case Core.Comprehension x -> x.value() == null ? Kind.LIST : Kind.DICT;
            case Core.Local x -> ofName(x, b, depth);
            case Core.Captured x -> ofName(x, b, depth);
            case Core.Global x -> ofName(x, b, depth);
            case Core.IfExp x -> {
                Kind k = of(x.body(), b, depth + 1);
                yield k == of(x.orElse(), b, depth + 1) ? k : null;
            }
            case Core.Binary x -> {
                Kind l = of(x.left(), b, depth + 1);
                Kind r = of(x.right(), b, depth + 1);
                if (l == Kind.ARRAY || r == Kind.ARRAY) {
                    yield Kind.ARRAY;
                }
                yield x.op().equals("+") && l == r && l != Kind.DICT ? l : null;
            }
            case Core.Attr x -> x.name().equals("T") && of(x.obj(), b, depth + 1) == Kind.ARRAY ? Kind.ARRAY : null;
            case Core.Call x -> ofCall(x, b, depth);
            default -> null;
        };
    }

    private static Kind ofName(Core ref, Bindings b, int depth) {
        List<Object> values = b.valuesOf(ref);
        if (values.isEmpty()) {
            return null;
        }
        Bindings owner = b.owner(ref);
        Kind kind = null;
        for (Object v : values) {
            Kind k = v instanceof Core c ? of(c, owner, depth + 1) : null;
            if (k == null || (kind != null && k != kind)) {
                return null;
            }
            kind = k;
        }
        return kind;
    }

    private static Kind ofCall(Core.Call c, Bindings b, int depth) {
        if (c.fn() instanceof Core.Global g && b.valuesOf(g).isEmpty()) {
            return switch (g.name()) {
                case "list", "sorted" -> Kind.LIST;
                case "dict" -> Kind.DICT;
                case "tuple" -> Kind.TUPLE;
                default -> null;
            };
        }
        if (!(c.fn() instanceof Core.Attr a)) {
            return null;
        }
        if (isArrayModule(a.obj(), b) && ARRAY_FUNCTIONS.contains(a.name())) {
            return Kind.ARRAY;
        }
        if (ARRAY_METHODS.contains(a.name()) && of(a.obj(), b, depth + 1) == Kind.ARRAY) {
            return Kind.ARRAY;
        }
        // x.at[i].set(v) and friends
        if (AT_UPDATES.contains(a.name()) && a.obj() instanceof Core.Index ix && ix.obj() instanceof Core.Attr at
                && at.name().equals("at") && of(at.obj(), b, depth + 1) == Kind.ARRAY) {
            return Kind.ARRAY;
        }
        return null;
    }

    /** jnp or np, pre-bound or imported as jax.numpy or numpy. */
    private static boolean isArrayModule(Core e, Bindings b) {
        if (!(e instanceof Core.Global g)) {
            return false;
        }
        List<Object> values = b.valuesOf(g);
        if (values.isEmpty()) {
            return g.name().equals("jnp") || g.name().equals("np");
        }
        return values.size() == 1 && values.get(0) instanceof Core.Import im
                && (im.member() == null && (im.module().equals("jax.numpy") || im.module().equals("numpy"))
                    || im.module().equals("jax") && ".numpy".equals(im.member()));
    }
}

package jx.check;

import java.util.List;
import java.util.Set;

import jx.core.Core;
import jx.prim.Prim;
import jx.prim.Registry;
import jx.prim.Tag;

/**
 * The kind of container a value certainly is, where the program text says so (displays,
 * comprehensions, list()/dict(), jnp constructors, array methods) — null where it does not. Only
 * values of a known kind have their mutating methods rejected statically, so an object of a library
 * (optax's `optimizer.update(...)`) is never mistaken for a dict.
 */
final class Kinds {
    enum Kind {
        LIST("list"), DICT("dict"), TUPLE("tuple"), ARRAY("jaxlib._jax.ArrayImpl");

        /** The type's name as the run time's messages spell it. */
        final String typeName;

        Kind(String typeName) {
            this.typeName = typeName;
        }
    }

    private static final int DEPTH = 16;

    private static final Set<String> AT_UPDATES = Set.of("set", "add", "multiply", "divide", "power", "min", "max",
            "apply", "get");

    private final Registry registry;

    Kinds(Registry registry) {
        this.registry = registry;
    }

    Kind of(Core e, Bindings b) {
        return of(e, b, 0);
    }

    private Kind of(Core e, Bindings b, int depth) {
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
            case Core.Prim x -> ((Prim) x.primitive()).has(Tag.ARRAY) ? Kind.ARRAY : null;
            default -> null;
        };
    }

    private Kind ofName(Core ref, Bindings b, int depth) {
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

    private Kind ofCall(Core.Call c, Bindings b, int depth) {
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
        if (returnsArray(a.name()) && of(a.obj(), b, depth + 1) == Kind.ARRAY) {
            return Kind.ARRAY;
        }
        // x.at[i].set(v) and friends
        if (AT_UPDATES.contains(a.name()) && a.obj() instanceof Core.Index ix && ix.obj() instanceof Core.Attr at
                && at.name().equals("at") && of(at.obj(), b, depth + 1) == Kind.ARRAY) {
            return Kind.ARRAY;
        }
        return null;
    }

    /** Array methods that certainly return an array: the primitives' tagged ones and the array's own. */
    private boolean returnsArray(String method) {
        Prim row = registry.method(method);
        return row != null ? row.has(Tag.ARRAY) : jx.eval.ArrayMethods.RETURNS_ARRAY.contains(method);
    }
}

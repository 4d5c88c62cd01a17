package jx.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jx.array.Array;
import jx.array.DType;
import jx.array.Ops;

/** obj.name for every kind of value; mutating container methods are refused with the pure rewrite. */
final class Attributes {
    private Attributes() {}

    private static final Set<String> MUTATORS = Immutable.MUTATORS;

    /** NumPy's global random state is hidden mutation; JAX passes keys. */
    private static final String RANDOM_HINT = "random numbers come from jax.random with explicit keys: "
            + "`key = jax.random.PRNGKey(0)`, then `jax.random.uniform(key, (3,))`; split the key for more draws";

    static Object get(Interp interp, Object obj, String name) {
        switch (obj) {
            case Values.Module m -> {
                Object v = m.members().get(name);
                if (v == null) {
                    throw new EvalError("AttributeError: module '" + m.name() + "' has no attribute '" + name + "'",
                            m.name().endsWith("numpy") && name.equals("random") ? RANDOM_HINT : null);
                }
                return v;
            }
            case Array a -> {
                return array(interp, a, name);
            }
            case Values.AtIndexed at -> {
                return AtUpdate.method(at, name);
            }
            case ShapeDtypeStruct s -> {
                switch (name) {
                    case "shape" -> {
                        return s.shapeTuple();
                    }
                    case "dtype" -> {
                        return s.dtype();
                    }
                    case "ndim" -> {
                        return (long) s.shape().size();
                    }
                    case "size" -> {
                        return s.size();
                    }
                    case "weak_type" -> {
                        return s.weak();
                    }
                    default -> { }
                }
            }
            case Values.PyDict d -> {
                return dictMethod(d, name);
            }
            case jx.syntax.PyComplex z -> {
                switch (name) {
                    case "real" -> {
                        return z.re();
                    }
                    case "imag" -> {
                        return z.im();
                    }
                    case "conjugate" -> {
                        return new Values.Builtin("conjugate", (in, args, kw) -> new jx.syntax.PyComplex(z.re(), -z.im()));
                    }
                    default -> { }
                }
            }
            case DType d -> {
                if (name.equals("name")) {
                    return d.toString();
                }
                if (name.equals("itemsize")) {
                    return (long) d.itemSize();
                }
            }
            case Introspect.PyType t -> {
                // type(x).__name__ is the class's own name; its module is what the dotted name leaves.
                int dot = t.name().lastIndexOf('.');
                switch (name) {
                    case "__name__", "__qualname__" -> {
                        return t.name().substring(dot + 1);
                    }
                    case "__module__" -> {
                        return dot < 0 ? "builtins" : t.name().substring(0, dot);
                    }
                    default -> { }
                }
            }
            case Values.Closure c -> {
                if (name.equals("__name__")) {
                    return c.name();
                }
            }
            case Values.CustomRule c -> {
                Object m = CustomRules.method(c, name);
                if (m != null) {
                    return m;
                }
            }
            case Values.Tuple t when t.fields() != null -> {
                Object m = namedTupleAttribute(t, name);
                if (m != null) {
                    return m;
                }
            }
            case String s -> {
                Object m = StringMethods.get(s, name);
                if (m != null) {
                    return m;
                }
            }
            default -> { }
        }
        if (MUTATORS.contains(name) && (obj instanceof Values.PyList || obj instanceof Values.PyDict
                || obj instanceof Values.Tuple || obj instanceof Array)) {
            throw immutable(obj, name);
        }
        if ((obj instanceof Values.PyList || obj instanceof Values.Tuple) && (name.equals("index") || name.equals("count"))) {
            List<Object> items = obj instanceof Values.PyList l ? l.items() : ((Values.Tuple) obj).items();
            return new Values.Builtin(name, (in, args, kw) -> {
                Object x = args.get(0);
                long count = 0;
                for (int i = 0; i < items.size(); i++) {
                    if (PyOps.pyEquals(items.get(i), x)) {
                        if (name.equals("index")) {
                            return (long) i;
                        }
                        count++;
                    }
                }
                if (name.equals("index")) {
                    throw new EvalError("ValueError: " + Printer.repr(x) + " is not in " + PyOps.typeName(obj));
                }
                return count;
            });
        }
        throw new EvalError("AttributeError: '" + PyOps.typeName(obj) + "' object has no attribute '" + name + "'");
    }

    /** A named tuple's field, or its _replace (a copy with fields changed), _asdict or _fields; null if none. */
    private static Object namedTupleAttribute(Values.Tuple t, String name) {
        List<String> names = t.fields().names();
        int i = names.indexOf(name);
        if (i >= 0) {
            return t.items().get(i);
        }
        return switch (name) {
            case "_fields" -> new Values.Tuple(new ArrayList<>(names));
            case "_asdict" -> new Values.Builtin("_asdict", (in, args, kw) -> {
                Map<Object, Object> m = new java.util.LinkedHashMap<>();
                for (int k = 0; k < names.size(); k++) {
                    m.put(names.get(k), t.items().get(k));
                }
                return new Values.PyDict(m);
            });
            case "_replace" -> new Values.Builtin("_replace", (in, args, kw) -> {
                if (!args.isEmpty()) {
                    throw new EvalError("TypeError: _replace() takes keyword arguments only");
                }
                List<Object> items = new ArrayList<>(t.items());
                for (Map.Entry<String, Object> e : kw.entrySet()) {
                    int k = names.indexOf(e.getKey());
                    if (k < 0) {
                        throw new EvalError("ValueError: Got unexpected field names: ['" + e.getKey() + "']");
                    }
                    items.set(k, e.getValue());
                }
                return new Values.Tuple(items, t.fields());
            });
            default -> null;
        };
    }

    static EvalError immutable(Object obj, String name) {
        return Immutable.error(PyOps.typeName(obj), name);
    }

    private static Object array(Interp interp, Array a, String name) {
        switch (name) {
            case "shape": {
                List<Object> dims = new ArrayList<>();
                for (int d : a.shape()) {
                    dims.add((long) d);
                }
                return new Values.Tuple(dims);
            }
            case "ndim":
                return (long) a.ndim();
            case "size":
                return (long) a.size();
            case "dtype":
                return a.dtype();
            case "T":
                return Ops.transpose(a, null);
            case "real":
                return jx.array.Complex.real(a);
            case "imag":
                return jx.array.Complex.imag(a);
            case "at":
                return new Values.AtProxy(a);
            case "weak_type":
                return a.weak();
            case "itemsize":
                return (long) a.dtype().itemSize();
            case "nbytes":
                return (long) a.dtype().itemSize() * a.size();
            default:
                break;
        }
        Values.Builtin method = ArrayMethods.get(interp, name);
        if (method != null) {
            return new Values.BoundMethod(a, method);
        }
        if (MUTATORS.contains(name)) {
            throw immutable(a, name);
        }
        throw new EvalError("AttributeError: 'jaxlib._jax.ArrayImpl' object has no attribute '" + name + "'");
    }

    private static Object dictMethod(Values.PyDict d, String name) {
        Map<Object, Object> m = d.map();
        return switch (name) {
            case "keys" -> new Values.Builtin("keys", (in, args, kw) -> new Values.PyList(new ArrayList<>(m.keySet())));
            case "values" -> new Values.Builtin("values", (in, args, kw) -> new Values.PyList(new ArrayList<>(m.values())));
            case "items" -> new Values.Builtin("items", (in, args, kw) -> {
                List<Object> out = new ArrayList<>();
                m.forEach((k, v) -> out.add(Values.Tuple.of(k, v)));
                return new Values.PyList(out);
            });
            case "get" -> new Values.Builtin("get", (in, args, kw) -> {
                Object v = m.get(PyOps.key(args.get(0)));
                return v != null ? v : args.size() > 1 ? args.get(1) : Values.None.NONE;
            });
            case "copy" -> new Values.Builtin("copy", (in, args, kw) -> d);
            default -> {
                if (MUTATORS.contains(name)) {
                    throw immutable(d, name);
                }
                throw new EvalError("AttributeError: 'dict' object has no attribute '" + name + "'");
            }
        };
    }
}

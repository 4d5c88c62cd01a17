package jx.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jx.array.Array;
import jx.array.Backend.UnaryOp;
import jx.array.DType;
import jx.array.Ops;

/** Python's builtin functions, as far as the pure subset uses them (LANGUAGE.md section 1). */
public final class Builtins {
    private Builtins() {}

    static void install(Interp interp, Map<String, Object> into) {
        def(into, "print", Builtins::print);
        def(into, "range", (in, a, kw) -> range(a));
        def(into, "len", (in, a, kw) -> len(one("len", a)));
        // slice(stop), slice(start, stop[, step]): the object x[a:b:c] indexes with (JAX code builds index tuples of them).
        def(into, "slice", (in, a, kw) -> {
            if (a.isEmpty() || a.size() > 3 || !kw.isEmpty()) {
                throw new EvalError("TypeError: slice expected 1 to 3 positional arguments, got " + a.size(), "write slice(stop) or slice(start, stop, step)");
            }
            return a.size() == 1 ? new Values.SliceValue(Values.None.NONE, a.get(0), Values.None.NONE)
                    : new Values.SliceValue(a.get(0), a.get(1), a.size() > 2 ? a.get(2) : Values.None.NONE);
        });
        def(into, "zip", (in, a, kw) -> zip(in, a));
        def(into, "enumerate", (in, a, kw) -> {
            long start = a.size() > 1 ? (Long) a.get(1) : kw.containsKey("start") ? (Long) kw.get("start") : 0L;
            List<Object> out = new ArrayList<>();
            for (Object o : in.iterate(a.get(0))) {
                out.add(Values.Tuple.of(start++, o));
            }
            return new Values.PyList(out);
        });
        def(into, "min", (in, a, kw) -> extreme(in, a, kw, false));
        def(into, "max", (in, a, kw) -> extreme(in, a, kw, true));
        def(into, "abs", (in, a, kw) -> {
            Object v = one("abs", a);
            return switch (v) {
                case Array x -> Ops.unary(UnaryOp.ABS, x);
                case Long l -> IntMath.abs(l);
                case java.math.BigInteger b -> IntMath.abs(b);
                case Double d -> Math.abs(d);
                case jx.syntax.PyComplex z -> z.abs();
                case Boolean b -> b ? 1L : 0L;
                default -> throw new EvalError("TypeError: bad operand type for abs(): '" + PyOps.typeName(v) + "'");
            };
        });
        def(into, "sum", (in, a, kw) -> {
            Object acc = a.size() > 1 ? a.get(1) : kw.getOrDefault("start", 0L);
            for (Object o : in.iterate(a.get(0))) {
                acc = PyOps.binary("+", acc, o);
            }
            return acc;
        });
        def(into, "round", (in, a, kw) -> round(a));
        def(into, "int", (in, a, kw) -> toInt(a.isEmpty() ? 0L : a.get(0)));
        def(into, "float", (in, a, kw) -> toFloat(a.isEmpty() ? 0.0 : a.get(0)));
        def(into, "format", (in, a, kw) -> {
            if (a.isEmpty() || a.size() > 2 || !kw.isEmpty()) {
                throw new EvalError("TypeError: format() takes a value and an optional format spec", "write format(x, '.3f')");
            }
            if (a.size() > 1 && !(a.get(1) instanceof String)) {
                throw new EvalError("TypeError: format() argument 2 must be str, not " + PyOps.typeName(a.get(1)));
            }
            return Interp.formatValue(a.get(0), a.size() > 1 ? (String) a.get(1) : "");
        });
        def(into, "complex", (in, a, kw) -> toComplex(a.isEmpty() ? 0L : a.get(0), a.size() > 1 ? a.get(1) : 0L));
        def(into, "bool", (in, a, kw) -> !a.isEmpty() && PyOps.truthy(a.get(0)));
        def(into, "str", (in, a, kw) -> a.isEmpty() ? "" : Printer.str(a.get(0)));
        def(into, "repr", (in, a, kw) -> Printer.repr(one("repr", a)));
        def(into, "list", (in, a, kw) -> new Values.PyList(a.isEmpty() ? List.of() : in.list(a.get(0))));
        def(into, "tuple", (in, a, kw) -> new Values.Tuple(a.isEmpty() ? List.of() : in.list(a.get(0))));
        def(into, "dict", Builtins::dict);
        def(into, "sorted", (in, a, kw) -> {
            List<Object> items = new ArrayList<>(in.list(one("sorted", a)));
            sort(in, items, kw.get("key"));
            if (PyOps.truthy(kw.getOrDefault("reverse", false))) {
                java.util.Collections.reverse(items);
            }
            return new Values.PyList(items);
        });
        def(into, "reversed", (in, a, kw) -> {
            List<Object> items = new ArrayList<>(in.list(one("reversed", a)));
            java.util.Collections.reverse(items);
            return new Values.PyList(items);
        });
        def(into, "isinstance", (in, a, kw) -> isinstance(a.get(0), a.get(1)));
        def(into, "callable", (in, a, kw) -> callable(one("callable", a)));
        def(into, "any", (in, a, kw) -> {
            for (Object o : in.iterate(one("any", a))) {
                if (PyOps.truthy(o)) {
                    return true;
                }
            }
            return false;
        });
        def(into, "all", (in, a, kw) -> {
            for (Object o : in.iterate(one("all", a))) {
                if (!PyOps.truthy(o)) {
                    return false;
                }
            }
            return true;
        });
        def(into, "map", (in, a, kw) -> {
            List<Object> out = new ArrayList<>();
            Values.PyList rows = zip(in, a.subList(1, a.size()));
            for (Object row : rows.items()) {
                out.add(in.call(a.get(0), ((Values.Tuple) row).items()));
            }
            return new Values.PyList(out);
        });
        def(into, "filter", (in, a, kw) -> {
            List<Object> out = new ArrayList<>();
            for (Object o : in.iterate(a.get(1))) {
                boolean keep = a.get(0) instanceof Values.None ? PyOps.truthy(o) : PyOps.truthy(in.call(a.get(0), List.of(o)));
                if (keep) {
                    out.add(o);
                }
            }
            return new Values.PyList(out);
        });
        def(into, "divmod", (in, a, kw) -> Values.Tuple.of(PyOps.binary("//", a.get(0), a.get(1)),
                PyOps.binary("%", a.get(0), a.get(1))));
        def(into, "pow", (in, a, kw) -> a.size() == 3 ? powMod(a) : PyOps.binary("**", a.get(0), a.get(1)));
        into.put("None", Values.None.NONE);
        Introspect.install(into);
    }

    private static void def(Map<String, Object> into, String name, Values.Builtin.Impl impl) {
        into.put(name, new Values.Builtin(name, impl));
    }

    private static Object one(String name, List<Object> args) {
        if (args.size() != 1) {
            throw new EvalError("TypeError: " + name + "() takes exactly one argument (" + args.size() + " given)");
        }
        return args.get(0);
    }

    private static Object print(Interp in, List<Object> args, Map<String, Object> kw) {
        String sep = kw.containsKey("sep") ? Printer.str(kw.get("sep")) : " ";
        String end = kw.containsKey("end") ? Printer.str(kw.get("end")) : "\n";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < args.size(); i++) {
            if (i > 0) {
                sb.append(sep);
            }
            sb.append(Printer.str(args.get(i)));
        }
        sb.append(end);
        in.out().print(sb);
        if (PyOps.truthy(kw.getOrDefault("flush", false))) {
            in.out().flush();
        }
        return Values.None.NONE;
    }

    private static Object powMod(List<Object> a) {
        for (Object o : a) {
            if (!(IntMath.isInt(o) || o instanceof Boolean)) {
                throw new EvalError("TypeError: pow() 3rd argument not allowed unless all arguments are integers");
            }
        }
        if (IntMath.signum(toInt(a.get(1))) < 0) {
            throw new EvalError("ValueError: base is not invertible for the given modulus",
                    "a negative exponent with a modulus needs a modular inverse, which jx does not compute");
        }
        return IntMath.powMod(toInt(a.get(0)), toInt(a.get(1)), toInt(a.get(2)));
    }

    /** Python's callable(v): functions, builtins, bound methods and transformed functions (jax.grad(f)). */
    public static boolean callable(Object v) {
        return v instanceof Values.Closure || v instanceof Values.Builtin || v instanceof Values.BoundMethod
                || v instanceof Values.Transformed || v instanceof Values.CustomRule;
    }

    public static long asIndex(Object v, String what) {
        return switch (v) {
            case Long l -> l;
            case java.math.BigInteger b -> IntMath.index(b);
            case Boolean b -> b ? 1 : 0;
            case Array a when !a.dtype().isFloat() && a.ndim() == 0 -> ((Number) Convert.item(a)).longValue();
            default -> throw new EvalError("TypeError: '" + PyOps.typeName(v) + "' object cannot be interpreted as an integer",
                    what == null ? null : what);
        };
    }

    private static Object range(List<Object> a) {
        if (a.isEmpty() || a.size() > 3) {
            throw new EvalError("TypeError: range expected 1 to 3 arguments, got " + a.size());
        }
        long start = a.size() == 1 ? 0 : asIndex(a.get(0), null);
        long stop = asIndex(a.get(a.size() == 1 ? 0 : 1), null);
        long step = a.size() == 3 ? asIndex(a.get(2), null) : 1;
        if (step == 0) {
            throw new EvalError("ValueError: range() arg 3 must not be zero");
        }
        return new Values.Range(start, stop, step);
    }

    public static long len(Object v) {
        return switch (v) {
            case String s -> s.length();
            case Values.Tuple t -> t.items().size();
            case Values.PyList l -> l.items().size();
            case Values.PyDict d -> d.map().size();
            case Values.Range r -> r.length();
            case Array a -> {
                if (a.ndim() == 0) {
                    throw new EvalError("TypeError: len() of unsized object");
                }
                yield a.shape()[0];
            }
            default -> throw new EvalError("TypeError: object of type '" + PyOps.typeName(v) + "' has no len()");
        };
    }

    private static Values.PyList zip(Interp in, List<Object> iterables) {
        List<List<Object>> lists = new ArrayList<>();
        int n = Integer.MAX_VALUE;
        for (Object it : iterables) {
            List<Object> l = in.list(it);
            lists.add(l);
            n = Math.min(n, l.size());
        }
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < (lists.isEmpty() ? 0 : n); i++) {
            List<Object> row = new ArrayList<>();
            for (List<Object> l : lists) {
                row.add(l.get(i));
            }
            out.add(new Values.Tuple(row));
        }
        return new Values.PyList(out);
    }

    private static Object extreme(Interp in, List<Object> a, Map<String, Object> kw, boolean max) {
        String name = max ? "max" : "min";
        List<Object> items = a.size() == 1 ? in.list(a.get(0)) : a;
        if (items.isEmpty()) {
            if (kw.containsKey("default")) {
                return kw.get("default");
            }
            throw new EvalError("ValueError: " + name + "() arg is an empty sequence");
        }
        Object key = kw.get("key");
        Object best = items.get(0);
        Object bestKey = key == null ? best : in.call(key, List.of(best));
        for (int i = 1; i < items.size(); i++) {
            Object o = items.get(i);
            Object k = key == null ? o : in.call(key, List.of(o));
            if (PyOps.truthy(PyOps.compare(max ? ">" : "<", k, bestKey))) {
                best = o;
                bestKey = k;
            }
        }
        return best;
    }

    private static void sort(Interp in, List<Object> items, Object key) {
        List<Object> keys = new ArrayList<>();
        for (Object o : items) {
            keys.add(key == null || key instanceof Values.None ? o : in.call(key, List.of(o)));
        }
        Integer[] order = new Integer[items.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Comparator<Integer> cmp = (x, y) -> PyOps.truthy(PyOps.compare("<", keys.get(x), keys.get(y))) ? -1
                : PyOps.truthy(PyOps.compare("<", keys.get(y), keys.get(x))) ? 1 : 0;
        java.util.Arrays.sort(order, cmp);
        List<Object> sorted = new ArrayList<>();
        for (Integer i : order) {
            sorted.add(items.get(i));
        }
        items.clear();
        items.addAll(sorted);
    }

    private static Object round(List<Object> a) {
        Object v = a.get(0);
        Object nd = a.size() > 1 ? a.get(1) : Values.None.NONE;
        if (v instanceof Array arr) {
            throw new EvalError("TypeError: round() of an array is not supported", "use jnp.round(x)");
        }
        if (v instanceof Long || v instanceof Boolean || v instanceof java.math.BigInteger) {
            return toInt(v);
        }
        double d = (Double) v;
        if (nd instanceof Values.None) {
            return IntMath.fromDouble(Math.rint(d));
        }
        long digits = asIndex(nd, null);
        return new java.math.BigDecimal(d).setScale((int) digits, java.math.RoundingMode.HALF_EVEN).doubleValue();
    }

    private static Object toInt(Object v) {
        return switch (v) {
            case Long l -> l;
            case java.math.BigInteger b -> b;
            case Boolean b -> b ? 1L : 0L;
            case Double d -> {
                if (d.isNaN() || d.isInfinite()) {
                    throw new EvalError("ValueError: cannot convert float " + Printer.repr(d) + " to integer");
                }
                yield IntMath.fromDouble(d);
            }
            case String s -> {
                String digits = s.strip();
                try {
                    if (digits.startsWith("_") || digits.endsWith("_") || digits.contains("__")) {
                        throw new NumberFormatException();
                    }
                    yield IntMath.norm(new java.math.BigInteger(digits.replace("_", "")));
                } catch (NumberFormatException e) {
                    throw new EvalError("ValueError: invalid literal for int() with base 10: " + Printer.quote(s));
                }
            }
            case Array a -> toInt(Convert.item(a));
            default -> throw new EvalError("TypeError: int() argument must be a string or a number, not '" + PyOps.typeName(v) + "'");
        };
    }

    /** complex(real, imag): either part a number (a complex one too, as Python allows) or a 1-element array. */
    private static Object toComplex(Object re, Object im) {
        jx.syntax.PyComplex r = complexPart(re);
        jx.syntax.PyComplex i = complexPart(im);
        // CPython adds the other part only when that argument is complex: complex(-4, -0.0) keeps its -0.0.
        double real = im instanceof jx.syntax.PyComplex ? r.re() - i.im() : r.re();
        double imag = re instanceof jx.syntax.PyComplex ? r.im() + i.re() : i.re();
        return new jx.syntax.PyComplex(real, imag);
    }

    private static jx.syntax.PyComplex complexPart(Object v) {
        return switch (v) {
            case jx.syntax.PyComplex z -> z;
            case Array a -> complexPart(Convert.item(a));
            case Long l -> new jx.syntax.PyComplex(l, 0);
            case Boolean b -> new jx.syntax.PyComplex(b ? 1 : 0, 0);
            case Double d -> new jx.syntax.PyComplex(d, 0);
            case java.math.BigInteger b -> new jx.syntax.PyComplex(IntMath.toDouble(b), 0);
            default -> throw new EvalError("TypeError: complex() argument must be a string or a number, not '"
                    + PyOps.typeName(v) + "'");
        };
    }

    private static Object toFloat(Object v) {
        return switch (v) {
            case Long l -> (double) l;
            case java.math.BigInteger b -> IntMath.toDouble(b);
            case Boolean b -> b ? 1.0 : 0.0;
            case Double d -> d;
            case String s -> {
                String t = s.strip().toLowerCase();
                if (t.equals("nan") || t.equals("inf") || t.equals("-inf") || t.equals("+inf")) {
                    yield t.equals("nan") ? Double.NaN : t.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
                }
                try {
                    yield Double.parseDouble(t);
                } catch (NumberFormatException e) {
                    throw new EvalError("ValueError: could not convert string to float: " + Printer.quote(s));
                }
            }
            case Array a -> toFloat(Convert.item(a));
            default -> throw new EvalError("TypeError: float() argument must be a string or a number, not '" + PyOps.typeName(v) + "'");
        };
    }

    private static Object dict(Interp in, List<Object> a, Map<String, Object> kw) {
        Map<Object, Object> m = new LinkedHashMap<>();
        if (!a.isEmpty()) {
            Object src = a.get(0);
            if (src instanceof Values.PyDict d) {
                m.putAll(d.map());
            } else {
                for (Object pair : in.iterate(src)) {
                    List<Object> kv = in.list(pair);
                    m.put(PyOps.key(kv.get(0)), kv.get(1));
                }
            }
        }
        m.putAll(kw);
        return new Values.PyDict(m);
    }

    private static boolean isinstance(Object v, Object type) {
        if (type instanceof Values.Tuple t) {
            for (Object o : t.items()) {
                if (isinstance(v, o)) {
                    return true;
                }
            }
            return false;
        }
        String name = type instanceof Values.Builtin b ? b.name() : "?";
        return switch (name) {
            case "int" -> IntMath.isInt(v) || v instanceof Boolean;
            case "float" -> v instanceof Double;
            case "complex" -> v instanceof jx.syntax.PyComplex;
            case "bool" -> v instanceof Boolean;
            case "str" -> v instanceof String;
            case "list" -> v instanceof Values.PyList;
            case "tuple" -> v instanceof Values.Tuple;
            case "dict" -> v instanceof Values.PyDict;
            case "Array", "ndarray" -> v instanceof Array;
            default -> throw new EvalError("TypeError: isinstance() arg 2 must be a type or tuple of types");
        };
    }

    // ---- argument helpers shared with the library ----

    /** A dtype argument: a DType, its name, or a Python type (float → float32, int → int32). */
    public static DType dtype(Object v) {
        return switch (v) {
            case null -> null;
            case Values.None n -> null;
            case DType d -> d;
            case String s -> {
                DType d = DType.byName(s);
                if (d == null) {
                    throw new EvalError("TypeError: data type '" + s + "' not understood");
                }
                yield d;
            }
            case Values.Builtin b when b.name().equals("float") -> Convert.defaultFloat();
            case Values.Builtin b when b.name().equals("complex") -> jx.array.Promotion.defaultComplex();
            case Values.Builtin b when b.name().equals("int") -> Convert.defaultInt();
            case Values.Builtin b when b.name().equals("bool") -> DType.BOOL;
            default -> throw new EvalError("TypeError: data type " + Printer.repr(v) + " not understood");
        };
    }

    /** A shape or axes argument: an int or a sequence of ints. */
    public static int[] shape(Interp in, Object v) {
        if (v instanceof Long || v instanceof Boolean || v instanceof Array a && a.ndim() == 0) {
            return new int[] {jx.array.Budget.dim(asIndex(v, null))};
        }
        List<Object> items = in.list(v);
        int[] out = new int[items.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = jx.array.Budget.dim(asIndex(items.get(i), "shapes and axes are made of integers"));
        }
        return out;
    }
}

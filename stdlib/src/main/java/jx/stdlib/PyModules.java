package jx.stdlib;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

import jx.eval.EvalError;
import jx.eval.PyOps;
import jx.eval.Values;

/** The Python modules jx programs import: math, functools, types and collections. */
final class PyModules {
    private PyModules() {}

    private static double num(Object v) {
        return switch (v) {
            case Long l -> l;
            case Double d -> d;
            case Boolean b -> b ? 1 : 0;
            case jx.array.Array a when a.size() == 1 -> ((Number) jx.eval.Convert.item(a)).doubleValue();
            default -> throw new EvalError("TypeError: must be real number, not " + PyOps.typeName(v));
        };
    }

    private static void unary(Table t, String name, DoubleUnaryOperator f) {
        t.fn(name + "(x)", (in, a) -> {
            double r = f.applyAsDouble(num(a[0]));
            if (Double.isNaN(r) && !Double.isNaN(num(a[0]))) {
                throw new EvalError("ValueError: math domain error");
            }
            return r;
        });
    }

    static Values.Module math() {
        Table t = new Table();
        unary(t, "sqrt", Math::sqrt);
        unary(t, "exp", Math::exp);
        unary(t, "log", Math::log);
        unary(t, "log2", x -> Math.log(x) / Math.log(2));
        unary(t, "log10", Math::log10);
        unary(t, "sin", Math::sin);
        unary(t, "cos", Math::cos);
        unary(t, "tan", Math::tan);
        unary(t, "tanh", Math::tanh);
        unary(t, "fabs", Math::abs);
        t.fn("floor(x)", (in, a) -> (long) Math.floor(num(a[0])));
        t.fn("ceil(x)", (in, a) -> (long) Math.ceil(num(a[0])));
        t.fn("isnan(x)", (in, a) -> Double.isNaN(num(a[0])));
        t.fn("isinf(x)", (in, a) -> Double.isInfinite(num(a[0])));
        t.fn("pow(x, y)", (in, a) -> Math.pow(num(a[0]), num(a[1])));
        t.fn("prod(iterable)", (in, a) -> {
            Object acc = 1L;
            for (Object o : in.iterate(a[0])) {
                acc = PyOps.binary("*", acc, o);
            }
            return acc;
        });
        t.value("pi", Math.PI).value("e", Math.E).value("inf", Double.POSITIVE_INFINITY).value("nan", Double.NaN);
        return t.module("math");
    }

    static Values.Module functools() {
        Table t = new Table();
        t.raw("partial", (in, a, kw) -> {
            Object fn = a.get(0);
            List<Object> bound = new ArrayList<>(a.subList(1, a.size()));
            Map<String, Object> boundKw = new LinkedHashMap<>(kw);
            Values.Closure derivable = Partials.of(fn, bound, boundKw);
            if (derivable != null) {
                return derivable;
            }
            return new Values.Builtin("partial", (in2, a2, kw2) -> {
                List<Object> all = new ArrayList<>(bound);
                all.addAll(a2);
                Map<String, Object> allKw = new LinkedHashMap<>(boundKw);
                allKw.putAll(kw2);
                return in2.call(fn, all, allKw);
            });
        });
        t.raw("reduce", (in, a, kw) -> {
            List<Object> items = in.list(a.get(1));
            int start = 0;
            Object acc;
            if (a.size() > 2) {
                acc = a.get(2);
            } else {
                if (items.isEmpty()) {
                    throw new EvalError("TypeError: reduce() of empty iterable with no initial value");
                }
                acc = items.get(0);
                start = 1;
            }
            for (int i = start; i < items.size(); i++) {
                acc = in.call(a.get(0), List.of(acc, items.get(i)));
            }
            return acc;
        });
        return t.module("functools");
    }

    /** types.SimpleNamespace: a value whose attributes are its keyword arguments (optax's optimizers). */
    static Values.Module types() {
        Table t = new Table();
        t.raw("SimpleNamespace", (in, a, kw) -> {
            if (!a.isEmpty()) {
                throw new EvalError("TypeError: SimpleNamespace() takes keyword arguments only");
            }
            return new Values.Module("namespace", new LinkedHashMap<>(kw));
        });
        return t.module("types");
    }

    /** collections.namedtuple: a constructor of tuples whose items are also attributes (JAX's result records). */
    static Values.Module collections() {
        Table t = new Table();
        t.fn("namedtuple(typename, field_names)", (in, a) -> namedTuple(String.valueOf(a[0]), a[1]));
        return t.module("collections");
    }

    static Values.Builtin namedTuple(String type, Object fieldNames) {
        List<String> names = new ArrayList<>();
        if (fieldNames instanceof String s) {
            for (String n : s.replace(',', ' ').trim().split("\\s+")) {
                names.add(n);
            }
        } else {
            List<Object> items = fieldNames instanceof Values.Tuple tu ? tu.items() : fieldNames instanceof Values.PyList l ? l.items() : null;
            if (items == null) {
                throw new EvalError("TypeError: namedtuple field_names must be a string or a sequence of strings");
            }
            for (Object n : items) {
                names.add(String.valueOf(n));
            }
        }
        Values.Tuple.Fields fields = new Values.Tuple.Fields(type, List.copyOf(names));
        return new Values.Builtin(type, (in, args, kw) -> {
            if (args.size() > names.size()) {
                throw new EvalError("TypeError: " + type + "() takes " + (names.size() + 1) + " positional arguments but "
                        + (args.size() + 1) + " were given");
            }
            Object[] items = new Object[names.size()];
            for (int i = 0; i < args.size(); i++) {
                items[i] = args.get(i);
            }
            for (Map.Entry<String, Object> e : kw.entrySet()) {
                int i = names.indexOf(e.getKey());
                if (i < 0 || items[i] != null) {
                    throw new EvalError(i < 0 ? "TypeError: " + type + "() got an unexpected keyword argument '" + e.getKey() + "'"
                            : "TypeError: " + type + "() got multiple values for argument '" + e.getKey() + "'");
                }
                items[i] = e.getValue();
            }
            for (int i = 0; i < items.length; i++) {
                if (items[i] == null) {
                    throw new EvalError("TypeError: " + type + "() missing 1 required positional argument: '" + names.get(i) + "'");
                }
            }
            return new Values.Tuple(java.util.Arrays.asList(items), fields);
        });
    }
}

package jx.stdlib;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

import jx.eval.EvalError;
import jx.eval.PyOps;
import jx.eval.Values;

/** The two Python modules jx programs import: math and functools. */
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
}

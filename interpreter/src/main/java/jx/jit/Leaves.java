package jx.jit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import jx.eval.Values;

/** Pytrees as jit sees them: tuples, lists and dicts are structure, everything else is a leaf. */
final class Leaves {
    private Leaves() {}

    /** The leaves of v in order; the structure (with dict keys) goes to shape. */
    static void flatten(Object v, List<Object> leaves, List<Object> shape) {
        switch (v) {
            case Values.Tuple t -> {
                shape.add("(" + t.items().size());
                t.items().forEach(x -> flatten(x, leaves, shape));
            }
            case Values.PyList l -> {
                shape.add("[" + l.items().size());
                l.items().forEach(x -> flatten(x, leaves, shape));
            }
            case Values.PyDict d -> {
                shape.add("{" + d.map().size());
                for (Map.Entry<Object, Object> e : d.map().entrySet()) {
                    shape.add(e.getKey());
                    flatten(e.getValue(), leaves, shape);
                }
            }
            default -> leaves.add(v);
        }
    }

    /** v with every leaf replaced by f(leaf), in flatten's order. */
    static Object map(Object v, UnaryOperator<Object> f) {
        return switch (v) {
            case Values.Tuple t -> new Values.Tuple(mapAll(t.items(), f), t.fields());
            case Values.PyList l -> new Values.PyList(mapAll(l.items(), f));
            case Values.PyDict d -> {
                Map<Object, Object> m = new LinkedHashMap<>();
                d.map().forEach((k, x) -> m.put(k, map(x, f)));
                yield new Values.PyDict(m);
            }
            default -> f.apply(v);
        };
    }

    private static List<Object> mapAll(List<Object> items, UnaryOperator<Object> f) {
        List<Object> out = new ArrayList<>(items.size());
        for (Object x : items) {
            out.add(map(x, f));
        }
        return out;
    }
}

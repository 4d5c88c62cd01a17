package jx.stdlib;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jx.eval.EvalError;
import jx.eval.Interp;
import jx.eval.Values;

/** jax.tree_util over tuples, lists and dicts: the pytree nodes of jx; None is an empty subtree. */
final class TreeUtil {
    private TreeUtil() {}

    static Values.Module create() {
        Table t = new Table();
        t.raw("tree_map", (in, a, kw) -> map(in, a.get(0), a.subList(1, a.size())));
        t.fn("tree_leaves(tree)", (in, a) -> {
            List<Object> out = new ArrayList<>();
            leaves(a[0], out);
            return new Values.PyList(out);
        });
        return t.module("jax.tree_util");
    }

    static void leaves(Object tree, List<Object> out) {
        switch (tree) {
            case Values.Tuple t -> t.items().forEach(x -> leaves(x, out));
            case Values.PyList l -> l.items().forEach(x -> leaves(x, out));
            case Values.PyDict d -> d.map().keySet().stream().sorted(TreeUtil::keyOrder)
                    .forEach(k -> leaves(d.map().get(k), out));
            case Values.None n -> { }
            default -> out.add(tree);
        }
    }

    private static int keyOrder(Object a, Object b) {
        return String.valueOf(a).compareTo(String.valueOf(b));
    }

    private static Object map(Interp in, Object fn, List<Object> trees) {
        Object first = trees.get(0);
        switch (first) {
            case Values.Tuple t -> {
                return new Values.Tuple(children(in, fn, trees, t.items().size(), i -> item(trees, i)));
            }
            case Values.PyList l -> {
                return new Values.PyList(children(in, fn, trees, l.items().size(), i -> item(trees, i)));
            }
            case Values.PyDict d -> {
                Map<Object, Object> out = new LinkedHashMap<>();
                for (Object k : d.map().keySet()) {
                    List<Object> sub = new ArrayList<>();
                    for (Object tr : trees) {
                        if (!(tr instanceof Values.PyDict other) || !other.map().containsKey(k)) {
                            throw new EvalError("ValueError: tree_map: trees have different structures");
                        }
                        sub.add(other.map().get(k));
                    }
                    out.put(k, map(in, fn, sub));
                }
                return new Values.PyDict(out);
            }
            case Values.None n -> {
                return n;
            }
            default -> {
                return in.call(fn, trees);
            }
        }
    }

    private static List<Object> item(List<Object> trees, int i) {
        List<Object> sub = new ArrayList<>();
        for (Object tr : trees) {
            List<Object> items = tr instanceof Values.Tuple t ? t.items() : tr instanceof Values.PyList l ? l.items() : null;
            if (items == null || items.size() <= i) {
                throw new EvalError("ValueError: tree_map: trees have different structures");
            }
            sub.add(items.get(i));
        }
        return sub;
    }

    private static List<Object> children(Interp in, Object fn, List<Object> trees, int n,
            java.util.function.IntFunction<List<Object>> sub) {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(map(in, fn, sub.apply(i)));
        }
        return out;
    }
}

package jx.batch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import jx.array.Array;
import jx.array.ArrayIndexing;
import jx.array.Index;
import jx.array.Ops;
import jx.eval.EvalError;
import jx.eval.PyOps;
import jx.eval.Values;

/**
 * Values in the batched layout: a batched value is a pytree whose array leaves carry the batch
 * axis first (0.0, the zero cotangent of every structure, stands for zeros in any layout). These
 * take an example out of such a value, stack examples back and broadcast an unbatched value.
 */
final class Lanes {
    private Lanes() {}

    static Object mapLeaves(Object v, Function<Object, Object> leaf) {
        return switch (v) {
            case Values.Tuple t -> new Values.Tuple(t.items().stream().map(x -> mapLeaves(x, leaf)).toList(), t.fields());
            case Values.PyList l -> new Values.PyList(new ArrayList<>(l.items().stream().map(x -> mapLeaves(x, leaf)).toList()));
            case Values.PyDict d -> {
                Map<Object, Object> m = new LinkedHashMap<>();
                d.map().forEach((k, x) -> m.put(k, mapLeaves(x, leaf)));
                yield new Values.PyDict(m);
            }
            default -> leaf.apply(v);
        };
    }

    static boolean numeric(Object v) {
        return v instanceof Array || v instanceof Double || v instanceof Long || v instanceof Boolean
                || v instanceof jx.syntax.PyComplex;
    }

    static boolean symbolicZero(Object v) {
        return v instanceof Double d && d == 0.0;
    }

    /** Example i of a batched value. */
    static Object example(Object v, int i) {
        return mapLeaves(v, leaf -> switch (leaf) {
            case Array a -> ArrayIndexing.index(a, List.of(new Index.At(i)));
            case Values.Transformed t when Closures.batched(t) != null -> Closures.example(t, i);
            case Values.Builtin b when LaneFunctions.lane(b, i) != null -> LaneFunctions.lane(b, i);
            default -> leaf;
        });
    }

    /** The batch size of a batched value: its first array leaf's leading length, or -1 where it has none. */
    static int size(Object v) {
        int[] n = {-1};
        mapLeaves(v, leaf -> {
            if (n[0] < 0 && leaf instanceof Array a && a.ndim() > 0) {
                n[0] = a.shape()[0];
            }
            return leaf;
        });
        return n[0];
    }

    /** Inserts an axis of length n at position at of every numeric leaf. */
    static Object broadcast(Object v, int n, int at) {
        return mapLeaves(v, leaf -> {
            if (!numeric(leaf)) {
                return leaf;
            }
            Array a = PyOps.toArray(leaf);
            if (at > a.ndim()) {
                throw new EvalError("ValueError: cannot broadcast a value of shape " + Ops.shapeString(a.shape())
                        + " over a batch axis at position " + at);
            }
            int[] shape = new int[a.ndim() + 1];
            for (int d = 0, s = 0; d < shape.length; d++) {
                shape[d] = d == at ? n : a.shape()[s++];
            }
            return Ops.broadcastTo(Ops.expandDims(a, at), shape);
        });
    }

    /** Stacks the examples' results along a new leading axis (the structure is the first's). */
    static Object stack(List<Object> outs) {
        if (outs.isEmpty()) {
            throw new EvalError("ValueError: vmap of a batch of size 0 is not supported yet");
        }
        Object first = outs.get(0);
        return switch (first) {
            case Values.Tuple t -> new Values.Tuple(stackItems(outs, t.items().size(), x -> ((Values.Tuple) x).items()), t.fields());
            case Values.PyList l -> new Values.PyList(stackItems(outs, l.items().size(), x -> ((Values.PyList) x).items()));
            case Values.PyDict d -> {
                Map<Object, Object> m = new LinkedHashMap<>();
                for (Object k : d.map().keySet()) {
                    List<Object> col = new ArrayList<>();
                    for (Object o : outs) {
                        col.add(((Values.PyDict) o).map().get(k));
                    }
                    m.put(k, stack(col));
                }
                yield new Values.PyDict(m);
            }
            default -> {
                if (!numeric(first)) {
                    // A value that is not an array (a string, None, a function) stacks only where every example
                    // has it, or, for functions, as the batch's functions called lane by lane.
                    for (Object o : outs) {
                        if (!java.util.Objects.equals(o, first)) {
                            if (LaneFunctions.all(outs)) {
                                yield LaneFunctions.of(outs);
                            }
                            throw new EvalError("ValueError: vmap: the examples' results differ in a value that is not an array ("
                                    + PyOps.typeName(first) + ")", "return arrays from the mapped function");
                        }
                    }
                    yield first;
                }
                List<Array> arrays = new ArrayList<>();
                for (Object o : outs) {
                    arrays.add(PyOps.toArray(o));
                }
                yield Ops.stack(arrays, 0);
            }
        };
    }

    private static List<Object> stackItems(List<Object> outs, int n, Function<Object, List<Object>> items) {
        List<Object> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            List<Object> col = new ArrayList<>();
            for (Object o : outs) {
                List<Object> its = items.apply(o);
                if (its.size() != n) {
                    throw new EvalError("ValueError: vmap: the examples' results differ in structure");
                }
                col.add(its.get(k));
            }
            out.add(stack(col));
        }
        return out;
    }

    /** Moves axis from to position to of an array. */
    static Array moveAxis(Array a, int from, int to) {
        int n = a.ndim();
        int f = Math.floorMod(from, Math.max(n, 1));
        int t = Math.floorMod(to, Math.max(n, 1));
        if (f == t) {
            return a;
        }
        List<Integer> order = new ArrayList<>();
        for (int d = 0; d < n; d++) {
            if (d != f) {
                order.add(d);
            }
        }
        order.add(t, f);
        return Ops.transpose(a, order.stream().mapToInt(Integer::intValue).toArray());
    }

    static String typeOf(Array a) {
        return a.dtype() + Arrays.toString(a.shape()).replace(" ", "");
    }
}

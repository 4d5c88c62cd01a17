package jx.batch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jx.array.Array;
import jx.array.Ops;
import jx.eval.Builtins;
import jx.eval.EvalError;
import jx.eval.Interp;
import jx.eval.Printer;
import jx.eval.PyOps;
import jx.eval.Values;

/** vmap's entry and exit: the batch size the in_axes imply, moving mapped axes to the front and back. */
final class Sizes {
    private Sizes() {}

    private record Mapped(int size, String where) {}

    /** The batch size, with JAX's errors for inconsistent sizes, ranks too small and nothing mapped. */
    static int size(Interp in, Object args, Object axes, Object names, Object axisSize) {
        List<Object> as = ((Values.Tuple) args).items();
        List<Object> specs = ((Values.Tuple) axes).items();
        List<Object> ns = ((Values.Tuple) names).items();
        List<Mapped> mapped = new ArrayList<>();
        for (int i = 0; i < as.size(); i++) {
            collect(as.get(i), specs.get(i), "argument " + ns.get(i), mapped);
        }
        if (!(axisSize instanceof Values.None)) {
            mapped.add(0, new Mapped((int) Builtins.asIndex(axisSize, null), "axis_size"));
        }
        if (mapped.isEmpty()) {
            throw new EvalError("ValueError: vmap must have at least one non-None value in in_axes",
                    "map one argument (in_axes=0), or give axis_size");
        }
        int n = mapped.get(0).size();
        if (mapped.stream().anyMatch(m -> m.size() != n)) {
            StringBuilder sb = new StringBuilder("ValueError: vmap got inconsistent sizes for array axes to be mapped:");
            for (Mapped m : mapped) {
                sb.append("\n  * one axis had size ").append(m.size()).append(": ").append(m.where());
            }
            throw new EvalError(sb.toString(), "every mapped axis must have the same length");
        }
        return n;
    }

    private static void collect(Object v, Object spec, String where, List<Mapped> out) {
        if (spec instanceof Values.None) {
            return;
        }
        if (spec instanceof Long || spec instanceof Integer) {
            int axis = (int) Builtins.asIndex(spec, null);
            leaves(v, leaf -> {
                Array a = leaf instanceof Array x ? x : PyOps.toArray(leaf);
                if (axis >= a.ndim() || axis < -a.ndim()) {
                    throw new EvalError("ValueError: vmap was requested to map its argument along axis " + axis
                            + ", which implies that its rank should be at least " + (axis < 0 ? -axis : axis + 1)
                            + ", but is only " + a.ndim() + " (its shape is " + Ops.shapeString(a.shape()) + ")");
                }
                int ax = Math.floorMod(axis, a.ndim());
                out.add(new Mapped(a.shape()[ax], "axis " + ax + " of " + where + " of type " + Lanes.typeOf(a)));
            });
            return;
        }
        forSpec(v, spec, (leaf, s, w) -> collect(leaf, s, where + w, out));
    }

    @FunctionalInterface
    private interface Pair {
        void apply(Object value, Object spec, String where);
    }

    /** Walks value and a pytree spec together (the spec a prefix of the value's structure). */
    private static void forSpec(Object v, Object spec, Pair each) {
        switch (spec) {
            case Values.Tuple t when v instanceof Values.Tuple u && u.items().size() == t.items().size() -> {
                for (int i = 0; i < t.items().size(); i++) {
                    each.apply(u.items().get(i), t.items().get(i), "[" + i + "]");
                }
            }
            case Values.PyList t when v instanceof Values.PyList u && u.items().size() == t.items().size() -> {
                for (int i = 0; i < t.items().size(); i++) {
                    each.apply(u.items().get(i), t.items().get(i), "[" + i + "]");
                }
            }
            case Values.PyDict t when v instanceof Values.PyDict u && u.map().keySet().equals(t.map().keySet()) -> {
                for (Object k : t.map().keySet()) {
                    each.apply(u.map().get(k), t.map().get(k), "[" + Printer.repr(k) + "]");
                }
            }
            default -> throw new EvalError("ValueError: vmap in_axes specification must be a tree prefix of the "
                    + "corresponding value, got specification " + Printer.repr(spec) + " for value tree PyTreeDef("
                    + structure(v) + ").",
                    "give in_axes one entry per positional argument, each an int, None, or the argument's structure");
        }
    }

    /** A value's tree structure as JAX prints it: PyTreeDef((*, {'a': *})). */
    private static String structure(Object v) {
        return switch (v) {
            case Values.Tuple t -> "(" + String.join(", ", t.items().stream().map(Sizes::structure).toList())
                    + (t.items().size() == 1 ? ",)" : ")");
            case Values.PyList l -> "[" + String.join(", ", l.items().stream().map(Sizes::structure).toList()) + "]";
            case Values.PyDict d -> "{" + String.join(", ", d.map().entrySet().stream()
                    .map(e -> Printer.repr(e.getKey()) + ": " + structure(e.getValue())).toList()) + "}";
            default -> "*";
        };
    }

    private static void leaves(Object v, java.util.function.Consumer<Object> leaf) {
        Lanes.mapLeaves(v, l -> {
            if (!(l instanceof Values.None)) { // None is an empty pytree, as in JAX
                leaf.accept(l);
            }
            return l;
        });
    }

    /** An argument in the batched layout: mapped axes first, unmapped leaves broadcast to n. */
    static Object in(Interp in, Object v, Object spec, int n) {
        if (spec instanceof Values.None) {
            return Lanes.broadcast(v, n, 0);
        }
        if (spec instanceof Long || spec instanceof Integer) {
            int axis = (int) Builtins.asIndex(spec, null);
            return Lanes.mapLeaves(v, leaf -> leaf instanceof Values.None ? leaf : Lanes.moveAxis(PyOps.toArray(leaf), axis, 0));
        }
        return rebuild(v, spec, (leaf, s) -> in(in, leaf, s, n));
    }

    /** The cotangent of {@link #in}: mapped axes back in place, broadcast leaves summed. */
    static Object inTranspose(Interp in, Object g, Object spec) {
        if (Lanes.symbolicZero(g)) {
            return g;
        }
        if (spec instanceof Values.None) {
            return Lanes.mapLeaves(g, leaf -> leaf instanceof Array a ? Ops.sum(a, new int[] {0}, false) : leaf);
        }
        if (spec instanceof Long || spec instanceof Integer) {
            int axis = (int) Builtins.asIndex(spec, null);
            return Lanes.mapLeaves(g, leaf -> leaf instanceof Array a ? Lanes.moveAxis(a, 0, axis) : leaf);
        }
        return rebuild(g, spec, (leaf, s) -> inTranspose(in, leaf, s));
    }

    /** A batched result with its batch axis moved to out_axes. */
    static Object out(Interp in, Object y, Object spec) {
        if (spec instanceof Long || spec instanceof Integer) {
            int axis = (int) Builtins.asIndex(spec, null);
            return Lanes.mapLeaves(y, leaf -> {
                if (Lanes.symbolicZero(leaf)) {
                    throw new EvalError("NotImplementedError: vmap of a function whose result is a symbolic zero "
                            + "(a gradient that does not depend on its argument) is not supported yet");
                }
                return Lanes.moveAxis(PyOps.toArray(leaf), 0, axis);
            });
        }
        if (spec instanceof Values.None) {
            throw new EvalError("ValueError: vmap has mapped output but out_axes is None",
                    "out_axes=None is for results that do not depend on the mapped arguments");
        }
        return rebuild(y, spec, (leaf, s) -> out(in, leaf, s));
    }

    static Object outTranspose(Interp in, Object g, Object spec) {
        if (Lanes.symbolicZero(g)) {
            return g;
        }
        if (spec instanceof Long || spec instanceof Integer) {
            int axis = (int) Builtins.asIndex(spec, null);
            return Lanes.mapLeaves(g, leaf -> leaf instanceof Array a ? Lanes.moveAxis(a, axis, 0) : leaf);
        }
        return rebuild(g, spec, (leaf, s) -> outTranspose(in, leaf, s));
    }

    private static Object rebuild(Object v, Object spec, java.util.function.BiFunction<Object, Object, Object> f) {
        switch (spec) {
            case Values.Tuple t -> {
                List<Object> out = new ArrayList<>();
                forSpec(v, spec, (leaf, s, w) -> out.add(f.apply(leaf, s)));
                return new Values.Tuple(out);
            }
            case Values.PyList t -> {
                List<Object> out = new ArrayList<>();
                forSpec(v, spec, (leaf, s, w) -> out.add(f.apply(leaf, s)));
                return new Values.PyList(out);
            }
            case Values.PyDict t -> {
                Map<Object, Object> out = new LinkedHashMap<>();
                List<Object> keys = new ArrayList<>(t.map().keySet());
                int[] k = {0};
                forSpec(v, spec, (leaf, s, w) -> out.put(keys.get(k[0]++), f.apply(leaf, s)));
                return new Values.PyDict(out);
            }
            default -> throw new EvalError("ValueError: vmap in_axes and out_axes entries must be an int, None, or a "
                    + "tuple, list or dict of them, got " + Printer.repr(spec));
        }
    }
}

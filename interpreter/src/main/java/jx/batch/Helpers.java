package jx.batch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jx.array.Array;
import jx.array.Ops;
import jx.eval.Builtins;
import jx.eval.EvalError;
import jx.eval.Interp;
import jx.eval.PyOps;
import jx.eval.Values;
import jx.prim.Batching;
import jx.prim.Derivative;
import jx.prim.Prim;
import jx.prim.Registry;
import jx.prim.Tag;

/**
 * The functions batched programs call, each a registry row (with a derivative where grad of a
 * vmapped function passes through it, and a batching rule where a nested vmap does).
 */
final class Helpers {
    private Helpers() {}

    static final String BCAST = "_vmap_bcast";
    static final String ALIGN = "_vmap_align";
    static final String FULLKEY = "_vmap_fullkey";
    static final String CONCRETE = "_vmap_concrete";
    static final String CONCRETE_VALUE = "_vmap_concrete_value";
    static final String SIZE = "_vmap_size";
    static final String LANES_OF = "_vmap_b";
    static final String IN = "_vmap_in";
    static final String OUT = "_vmap_out";
    static final String AXES = "_vmap_axes";
    static final String LANES = "_vmap_lanes";
    static final String ITER = "_vmap_iter";
    static final String LEN = "_vmap_len";
    static final String CALLEE = "_vmap_callee";
    static final String LOOP = "_vmap_loop";
    static final String CLOSURE = "_vmap_closure";
    static final String STAR_FLAGS = "_vmap_star_flags";

    static void install(Registry r, Map<String, Object> builtins) {
        Set<Tag> nondiff = Set.of(Tag.NONDIFF);
        add(r, builtins, BCAST, List.of("x", "n", "at"), (in, a, kw) ->
                Lanes.broadcast(a.get(0), (int) Builtins.asIndex(a.get(1), null), (int) Builtins.asIndex(a.get(2), null)),
                rule(List.of("x", "n", "at"), "_vmap_unbcast(g, n, at)", null, null), Set.of(),
                templates(true, "x", "_vmap_bcast(x, n, at + 1)"));
        add(r, builtins, "_vmap_unbcast", List.of("a", "n", "at"), (in, a, kw) -> Lanes.mapLeaves(a.get(0), leaf ->
                leaf instanceof Array x ? Ops.sum(x, new int[] {(int) Builtins.asIndex(a.get(2), null)}, false) : leaf),
                rule(List.of("a", "n", "at"), "_vmap_bcast(g, n, at)", null, null), Set.of(),
                templates(true, "a", "_vmap_unbcast(a, n, at + 1)"));
        add(r, builtins, ALIGN, List.of("x", "r", "at"), (in, a, kw) -> align(a.get(0),
                (int) Builtins.asIndex(a.get(1), null), (int) Builtins.asIndex(a.get(2), null)),
                rule(List.of("x", "r", "at"), "_reshape_like(g, x)", null, null), Set.of(),
                templates(true, "x", "_vmap_align(x, r, at + 1)"));
        add(r, builtins, FULLKEY, List.of("x", "key"), (in, a, kw) -> fullKey(a.get(0), a.get(1)),
                Derivative.NONE_YET, nondiff, templates(false, "x", "_vmap_fullkey(x, key)"));
        add(r, builtins, CONCRETE, List.of("x"), (in, a, kw) -> {
            throw concretization(a.get(0));
        }, Derivative.NONE_YET, nondiff, null);
        add(r, builtins, CONCRETE_VALUE, List.of("x", "function"), (in, a, kw) -> {
            throw new EvalError("ConcretizationTypeError: Abstract tracer value encountered where concrete value is expected: "
                    + "traced array with shape " + exampleType(a.get(0)) + ".\nThe problem arose with the `" + a.get(1)
                    + "` function: the value is batched by jax.vmap, one per example",
                    "keep it an array (x.astype(jnp.float32)), or return it from the mapped function");
        }, Derivative.NONE_YET, nondiff, null);
        add(r, builtins, SIZE, List.of("args", "axes", "names", "axis_size"), (in, a, kw) -> (long) Sizes.size(in, a.get(0),
                a.get(1), a.get(2), a.get(3)), Derivative.NONE_YET, nondiff, null);
        add(r, builtins, LANES_OF, List.of("values"), (in, a, kw) -> {
            for (Object v : ((Values.Tuple) a.get(0)).items()) {
                int n = v instanceof Values.Transformed t && Closures.batched(t) != null ? Closures.size(Closures.batched(t)) : Lanes.size(v);
                if (n >= 0) {
                    return (long) n;
                }
            }
            throw new EvalError("ValueError: vmap: a batched call has no batched array to take its size from");
        }, Derivative.NONE_YET, nondiff, null);
        add(r, builtins, IN, List.of("x", "spec", "n"), (in, a, kw) -> Sizes.in(in, a.get(0), a.get(1), (int) Builtins.asIndex(a.get(2), null)),
                rule(List.of("x", "spec", "n"), "_vmap_in_t(g, spec, n)", null, null), Set.of(), null);
        add(r, builtins, "_vmap_in_t", List.of("a", "spec", "n"), (in, a, kw) -> Sizes.inTranspose(in, a.get(0), a.get(1)),
                rule(List.of("a", "spec", "n"), "_vmap_in(g, spec, n)", null, null), Set.of(), null);
        add(r, builtins, OUT, List.of("y", "spec"), (in, a, kw) -> Sizes.out(in, a.get(0), a.get(1)),
                rule(List.of("y", "spec"), "_vmap_out_t(g, spec)", null), Set.of(), null);
        add(r, builtins, "_vmap_out_t", List.of("a", "spec"), (in, a, kw) -> Sizes.outTranspose(in, a.get(0), a.get(1)),
                rule(List.of("a", "spec"), "_vmap_out(g, spec)", null), Set.of(), null);
        add(r, builtins, AXES, List.of("axis", "ndim", "flatten"), (in, a, kw) -> axes(in, a.get(0),
                (int) Builtins.asIndex(a.get(1), null), PyOps.truthy(a.get(2))), Derivative.NONE_YET, nondiff, null);
        add(r, builtins, LANES, List.of("i"), (in, a, kw) -> {
            Array i = PyOps.toArray(a.get(0));
            int n = i.shape()[0];
            int[] shape = new int[i.ndim()];
            Arrays.fill(shape, 1);
            shape[0] = n;
            return Ops.reshape(Ops.arange(0, n, 1, jx.array.DType.INT32), shape);
        }, Derivative.NONE_YET, nondiff, null);
        add(r, builtins, ITER, List.of("x"), (in, a, kw) -> {
            if (a.get(0) instanceof Array x) {
                if (x.ndim() < 2) {
                    throw new EvalError("TypeError: iteration over a 0-d array");
                }
                List<Object> rows = new ArrayList<>();
                Array moved = Lanes.moveAxis(x, 1, 0);
                for (int i = 0; i < x.shape()[1]; i++) {
                    rows.add(Lanes.example(moved, i));
                }
                return new Values.PyList(rows);
            }
            return a.get(0);
        }, Derivative.NONE_YET, Set.of(), null);
        add(r, builtins, LEN, List.of("x"), (in, a, kw) -> {
            if (a.get(0) instanceof Array x) {
                if (x.ndim() < 2) {
                    throw new EvalError("TypeError: len() of unsized object");
                }
                return (long) x.shape()[1];
            }
            return Builtins.len(a.get(0));
        }, Derivative.NONE_YET, nondiff, null);
        add(r, builtins, CALLEE, List.of("fn", "flags", "kwflags"), (in, a, kw) -> Vmap.callee(in, a.get(0), a.get(1), a.get(2), false),
                Derivative.NONE_YET, nondiff, null);
        add(r, builtins, LOOP, List.of("fn", "flags", "kwflags"), (in, a, kw) -> Vmap.callee(in, a.get(0), a.get(1), a.get(2), true),
                Derivative.NONE_YET, nondiff, null);
        add(r, builtins, "_vmap_unbroadcast", List.of("a", "like", "batched"), (in, a, kw) ->
                jx.ad.Runtime.realLike(unbroadcast(a.get(0), a.get(1), PyOps.truthy(a.get(2))), a.get(1)), Derivative.NONE_YET, Set.of(), null);
        add(r, builtins, "_vmap_check_output", List.of("out", "holomorphic"), (in, a, kw) -> {
            Object out = a.get(0);
            Object example = out instanceof Array x && x.ndim() > 0 ? Lanes.example(x, 0) : out;
            return in.call(in.builtins().get("_check_output"), List.of(example, a.get(1)));
        }, Derivative.NONE_YET, Set.of(), null);
        add(r, builtins, "_vmap_seed", List.of("out"), (in, a, kw) -> {
            Object out = a.get(0);
            if (!(out instanceof Array x) || x.ndim() != 1 || !x.dtype().isFloat()) {
                Object example = out instanceof Array x && x.ndim() > 0 ? Lanes.example(x, 0) : out;
                return in.call(in.builtins().get("_ones_like_output"), List.of(example));
            }
            return Ops.ones(x.shape(), x.dtype());
        }, Derivative.NONE_YET, Set.of(), null);
        add(r, builtins, "_vmap_index_vjp", List.of("g", "x", "key"), (in, a, kw) -> {
            Object g = a.get(0);
            if (a.get(1) instanceof Array x && !Lanes.symbolicZero(g)) {
                Array ga = PyOps.toArray(g);
                int[] shape = new int[x.ndim() + 1];
                shape[0] = ga.shape()[0];
                System.arraycopy(x.shape(), 0, shape, 1, x.ndim());
                Array zeros = Ops.zeros(shape, x.dtype());
                return jx.array.ArrayIndexing.atAdd(zeros, jx.eval.Indexing.arrayIndex(in, fullKey(zeros, a.get(2))), ga);
            }
            return in.call(in.builtins().get("_index_vjp"), List.of(g, a.get(1), a.get(2)));
        }, Derivative.NONE_YET, Set.of(), null);
        add(r, builtins, "_vmap_tuple", List.of("shape"), (in, a, kw) -> a.get(0) instanceof Values.Tuple t ? t
                : a.get(0) instanceof Values.PyList l ? new Values.Tuple(l.items()) : Values.Tuple.of(a.get(0)),
                Derivative.NONE_YET, nondiff, null);
        add(r, builtins, "_vmap_perm", List.of("axes", "ndim"), (in, a, kw) -> {
            int n = (int) Builtins.asIndex(a.get(1), null) - 1;
            List<Object> perm = new ArrayList<>(List.of(0L));
            if (a.get(0) instanceof Values.None) {
                for (int d = n; d >= 1; d--) {
                    perm.add((long) d);
                }
            } else {
                for (Object ax : in.list(a.get(0))) {
                    perm.add((long) Math.floorMod(Builtins.asIndex(ax, null), n) + 1);
                }
            }
            return new Values.Tuple(perm);
        }, Derivative.NONE_YET, nondiff, null);
        add(r, builtins, "_vmap_units", List.of("a"), (in, a, kw) -> {
            Array x = PyOps.toArray(a.get(0));
            List<Object> axes = new ArrayList<>();
            for (int d = 1; d < x.ndim(); d++) {
                if (x.shape()[d] == 1) {
                    axes.add((long) d);
                }
            }
            return new Values.Tuple(axes);
        }, Derivative.NONE_YET, nondiff, null);
        add(r, builtins, "_vmap_depth", List.of("object"), (in, a, kw) -> {
            long depth = 0;
            Object v = a.get(0);
            while (v instanceof Values.Tuple || v instanceof Values.PyList) {
                List<Object> items = in.list(v);
                depth++;
                if (items.isEmpty()) {
                    break;
                }
                v = items.get(0);
            }
            return depth;
        }, Derivative.NONE_YET, nondiff, null);
        // The batched flags of the arguments a *args operand spreads into: one per item, each the
        // operand's (a batched sequence has every item batched).
        add(r, builtins, STAR_FLAGS, List.of("items", "batched"), (in, a, kw) ->
                new Values.Tuple(java.util.Collections.nCopies(in.list(a.get(0)).size(), (Object) PyOps.truthy(a.get(1)))),
                Derivative.NONE_YET, nondiff, null);
        add(r, builtins, CLOSURE, List.of("fn", "flags"), (in, a, kw) -> Closures.wrap((Values.Closure) a.get(0),
                ((Values.Tuple) a.get(1)).items().stream().map(PyOps::truthy).toList()), Derivative.NONE_YET, Set.of(), null);
    }

    private static Derivative rule(List<String> names, String... templates) {
        return new Derivative.Rule(names, java.util.Collections.unmodifiableList(Arrays.asList(templates)));
    }

    private static Batching templates(boolean batched, String... setsAndTemplates) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < setsAndTemplates.length; i += 2) {
            m.put(setsAndTemplates[i], setsAndTemplates[i + 1]);
        }
        return new Batching.Templates(m, batched);
    }

    private static void add(Registry r, Map<String, Object> builtins, String name, List<String> params, Values.Builtin.Impl impl,
            Derivative d, Set<Tag> tags, Batching batch) {
        Values.Builtin fn = new Values.Builtin(name, impl);
        builtins.put(name, fn);
        r.add(new Prim(name, params, Map.of(), fn, d, tags, null, batch));
    }

    /** Unit axes inserted at position at so that the example (the axes from at on) has rank r. */
    static Object align(Object x, int r, int at) {
        if (x instanceof Values.Tuple || x instanceof Values.PyList) {
            // An operand of + or * that is a sequence concatenates or repeats: its items never broadcast.
            return x;
        }
        return Lanes.mapLeaves(x, leaf -> {
            if (!(leaf instanceof Array a)) {
                return leaf;
            }
            int missing = r - (a.ndim() - at);
            Array out = a;
            for (int k = 0; k < missing; k++) {
                out = Ops.expandDims(out, at);
            }
            return out;
        });
    }

    /**
     * _unbroadcast per example: a (batched) summed down to like's example shape (like batched) or
     * shape (not).
     */
    static Object unbroadcast(Object av, Object like, boolean likeBatched) {
        if (Lanes.symbolicZero(av)) {
            return av;
        }
        Array a = PyOps.toArray(av);
        int[] target;
        if (like instanceof Array l) {
            target = likeBatched ? Arrays.copyOfRange(l.shape(), 1, l.ndim()) : l.shape();
        } else if (Lanes.numeric(like)) {
            target = new int[0];
        } else {
            throw Batcher.unsupported("the derivative of + on batched tuples or lists");
        }
        int extra = a.ndim() - 1 - target.length;
        List<Integer> axes = new ArrayList<>();
        for (int i = 1; i < a.ndim(); i++) {
            if (i <= extra || (target[i - 1 - extra] == 1 && a.shape()[i] != 1)) {
                axes.add(i);
            }
        }
        int[] shape = new int[target.length + 1];
        shape[0] = a.shape()[0];
        System.arraycopy(target, 0, shape, 1, target.length);
        if (axes.isEmpty() && extra == 0) {
            return Ops.broadcastTo(a, shape);
        }
        Array summed = Ops.sum(a, axes.stream().mapToInt(Integer::intValue).toArray(), true);
        return Ops.broadcastTo(Ops.reshape(summed, shape), shape);
    }

    /** The key that indexes every example of a batched array as key indexes one: key behind a full slice. */
    static Object fullKey(Object x, Object key) {
        if (!(x instanceof Array)) {
            return key;
        }
        List<Object> items = new ArrayList<>();
        items.add(new Values.SliceValue(Values.None.NONE, Values.None.NONE, Values.None.NONE));
        if (key instanceof Values.Tuple t) {
            items.addAll(t.items());
        } else {
            items.add(key);
        }
        return new Values.Tuple(items);
    }

    /** An example's type as JAX prints an abstract value: float32[3,2]. */
    static String exampleType(Object x) {
        if (!(x instanceof Array a)) {
            return PyOps.typeName(x);
        }
        StringBuilder sb = new StringBuilder(a.dtype().toString()).append('[');
        for (int d = 1; d < a.ndim(); d++) {
            sb.append(d > 1 ? "," : "").append(a.shape()[d]);
        }
        return sb.append(']').toString();
    }

    static EvalError concretization(Object x) {
        String shape = exampleType(x);
        return new EvalError("TracerBoolConversionError: Attempted boolean conversion of traced array with shape " + shape
                + ".\nThis value is batched by jax.vmap: Python control flow (if, while, and, or, not, bool()) cannot "
                + "branch on it per example",
                "use jnp.where(cond, a, b), jax.lax.select or jax.lax.cond, which batch");
    }

    /** An axis argument of an example, as axes of the batched array (ndim: the batched array's rank). */
    static Object axes(Interp in, Object axis, int ndim, boolean flatten) {
        int n = ndim - 1;
        if (axis instanceof Values.None) {
            if (flatten) {
                return 1L;
            }
            List<Object> all = new ArrayList<>();
            for (int d = 1; d <= n; d++) {
                all.add((long) d);
            }
            return new Values.Tuple(all);
        }
        if (axis instanceof Values.Tuple || axis instanceof Values.PyList) {
            List<Object> out = new ArrayList<>();
            for (Object a : in.list(axis)) {
                out.add(shift(a, n));
            }
            return new Values.Tuple(out);
        }
        return shift(axis, n);
    }

    private static Object shift(Object axis, int n) {
        long a = Builtins.asIndex(axis, null);
        if (a < -n - 1 || a > n) {
            throw new EvalError("AxisError: axis " + a + " is out of bounds for array of dimension " + n);
        }
        // An axis one past the end is expand_dims's (and stack's): it stays past the end.
        return a < 0 ? a : a + 1;
    }
}

package jx.batch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jx.array.Array;
import jx.array.Ops;
import jx.core.Core;
import jx.diag.Pos;
import jx.eval.Builtins;
import jx.eval.Convert;
import jx.eval.EvalError;
import jx.eval.Interp;
import jx.eval.PyOps;
import jx.eval.Values;
import jx.ad.JvpRuntime;
import jx.prim.Prim;
import jx.prim.Registry;
import jx.prim.Tag;

/**
 * Forward mode along many tangents at once, as JAX's jacfwd (vmap of jvp over the basis): one
 * forward program ({@code jx.ad.Jvp}) whose tangents carry a leading axis of lanes while its primal
 * values stay unbatched, so that the primal computation, and every Python test on a primal value,
 * runs once. The lanes program is the forward program batched by {@link Batcher} with only its two
 * tangent captures batched; a call inside it is {@code _jvp_lanes} again, which gives back the
 * callee's (output, batched tangent).
 *
 * <p>Where that cannot be done (a rule or helper without a tangent-lanes form, a primal value that
 * would become batched, a custom rule) {@code _jvp_lanes} runs the plain forward program once per
 * lane and stacks the tangents: the per-column result, never another number.
 * {@code _jvp_lanes_fallbacks()} lists why it did, most recent last.
 */
public final class JvpLanes {
    private JvpLanes() {}

    private static final Pos POS = Pos.NONE;
    private static final Object NONE = Values.None.NONE;
    private static final int LOGGED = 64;
    /** The pytree functions whose tangent is the function applied to one argument's tangent (which one). */
    private static final Map<String, Integer> STRUCTURAL = Map.of("jax.tree_util.tree_leaves", 0, "jax.tree_util.tree_flatten", 0,
            "jax.tree_util.tree_unflatten", 1);

    /** Why a forward program has no lanes form (its derivation refused it). */
    static final class Refused extends RuntimeException {
        Refused(String what) {
            super(what, null, false, false);
        }
    }

    static Refused cannot(String what) {
        return new Refused(what);
    }

    /** The cached outcome of deriving a lanes program: the code, or why there is none. */
    private record Derived(Core.Code code, String refused) {}

    private record Key(Core.Code forward) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.forward == forward;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(forward);
        }
    }

    // ---- the derivation (called by Batcher in its tangent-lanes mode) ----

    static boolean isCall(Core value, Values.Builtin fn) {
        return value instanceof Core.Call c && c.fn() instanceof Core.Lit l && l.value() == fn;
    }

    private static Core lit(Object v) {
        return new Core.Lit(v, POS);
    }

    private static Core call(Values.Builtin fn, List<Core> args) {
        List<Core.Arg> as = new ArrayList<>();
        for (Core a : args) {
            as.add(a instanceof Core.Spread s ? new Core.Star(s.value()) : new Core.Positional(a));
        }
        return new Core.Call(lit(fn), as, POS);
    }

    /** x in the lanes layout (Batcher's broadcast in a lanes program). */
    static Core broadcast(Core x, Core lanes) {
        return call(BCAST_LANES, List.of(x, lanes));
    }

    /** A primal operand: it must not be batched. */
    private static Core primal(Batcher b, Core e, String what) {
        Batcher.B v = b.expr(e);
        if (v.b()) {
            throw cannot(what + " that the tangents batch");
        }
        return v.e();
    }

    /** A tangent operand: None stays None, anything else in the lanes layout. */
    private static Core tangent(Batcher b, Core e) {
        if (Batcher.isNone(e)) {
            return e;
        }
        return b.batch(b.expr(e));
    }

    /** return (out, t): out as it is (never batched), t in the lanes layout. */
    static Core result(Batcher b, Core value) {
        if (!(value instanceof Core.MakeTuple t) || t.items().size() != 2) {
            throw cannot("a return that is not (output, tangent)");
        }
        Core out = primal(b, t.items().get(0), "an output");
        return new Core.MakeTuple(List.of(out, b.batch(b.expr(t.items().get(1)))), POS);
    }

    /** _jvp_call(fn, tfn, (targs...), {tkw...}, *args, **kw) as _jvp_lanes(_B, fn, tfn, targs, tkw, *args, **kw). */
    static Core call(Batcher b, Core.Call c) {
        List<Core.Arg> args = c.args();
        if (args.size() < 4 || !(args.get(2).value() instanceof Core.MakeTuple targs)
                || !(args.get(3).value() instanceof Core.MakeDict tkw)) {
            throw cannot("a call whose tangents are not spelled out");
        }
        List<Core.Arg> out = new ArrayList<>();
        out.add(new Core.Positional(b.lanes));
        out.add(new Core.Positional(primal(b, args.get(0).value(), "a called function")));
        out.add(new Core.Positional(tangent(b, args.get(1).value())));
        List<Core> ts = new ArrayList<>();
        for (Core t : targs.items()) {
            ts.add(t instanceof Core.Spread s ? new Core.Spread(tangent(b, s.value()), POS) : tangent(b, t));
        }
        out.add(new Core.Positional(b.bindOut(new Core.MakeTuple(ts, POS), false).e()));
        List<Core> kv = new ArrayList<>();
        for (Core v : tkw.values()) {
            kv.add(tangent(b, v));
        }
        out.add(new Core.Positional(b.bindOut(new Core.MakeDict(tkw.keys(), kv, POS), false).e()));
        for (Core.Arg a : args.subList(4, args.size())) {
            Core v = primal(b, a.value(), "an argument");
            out.add(a.map(x -> v));
        }
        return new Core.Call(lit(JVP_LANES), out, c.pos());
    }

    /** for _pair in _tpairs(xs, ts): the same pairs, each item's tangent in the lanes layout. */
    static Core pairs(Batcher b, Core.Call c) {
        Core xs = primal(b, c.args().get(0).value(), "an iterable");
        Core ts = tangent(b, c.args().get(1).value());
        return call(TPAIRS_LANES, List.of(xs, ts, b.lanes));
    }

    /** The lanes form of forward mode's tangent helpers (linear in their first argument, the tangent). */
    static Values.Builtin helper(Values.Builtin fn) {
        if (fn == JvpRuntime.BCAST_LIKE) {
            return BCAST_LIKE_LANES;
        } else if (fn == JvpRuntime.TPAD) {
            return TPAD_LANES;
        } else if (fn == JvpRuntime.TASTYPE) {
            return TASTYPE_LANES;
        } else if (fn == JvpRuntime.TMATERIALIZE) {
            return TMATERIALIZE_LANES;
        }
        return null;
    }

    static Batcher.B helperCall(Batcher b, Values.Builtin lanesForm, Core.Call c) {
        List<Batcher.B> args = b.args(c.args());
        if (!args.isEmpty() && args.stream().skip(1).anyMatch(Batcher.B::b)) {
            throw cannot("a tangent helper whose primal operand the tangents batch");
        }
        if (args.isEmpty() || !args.get(0).b()) {
            return b.bindOut(new Core.Call(c.fn(), Batcher.argsOf(c.args(), args), c.pos()), false);
        }
        List<Core> as = new ArrayList<>(args.stream().map(Batcher.B::e).toList());
        as.add(b.lanes);
        return b.bindOut(call(lanesForm, as), true);
    }

    private static Derived derive(Registry registry, Core.Code forward) {
        int nc = forward.captures().size();
        List<Boolean> params = java.util.Collections.nCopies(forward.params().size(), false);
        List<Boolean> caps = new ArrayList<>(java.util.Collections.nCopies(nc + 1, false));
        caps.set(nc - 2, true);
        caps.set(nc - 1, true);
        try {
            Batcher b = new Batcher(registry, forward, params, caps, null, true);
            List<Core.Stmt> body = new ArrayList<>();
            body.add(new Core.Bind(new Core.Bind.ToLocal(b.lanes.slot(), b.lanes.name()), new Core.Captured(nc, "_lanes", POS), POS));
            body.addAll(b.body());
            List<Core> captures = new ArrayList<>(forward.captures());
            captures.add(lit(jx.syntax.Expr.Marker.NONE));
            return new Derived(new Core.Code("lanes_" + forward.name(), forward.params(), forward.kinds(), b.slots.size(), b.slots,
                    captures, body, false, forward.pos()), null);
        } catch (Refused r) {
            return new Derived(null, r.getMessage());
        } catch (EvalError e) {
            return new Derived(null, e.getMessage());
        }
    }

    // ---- the run-time side ----

    /** _jvp_lanes(n, fn, tfn, targs, tkw, *args, **kw): (fn(*args, **kw), its tangents along n lanes). */
    public static final Values.Builtin JVP_LANES = new Values.Builtin("_jvp_lanes", (in, a, kw) ->
            lanes(in, (int) Builtins.asIndex(a.get(0), null), a.get(1), a.get(2), in.list(a.get(3)),
                    ((Values.PyDict) a.get(4)).map(), a.subList(5, a.size()), kw));

    /** The reasons _jvp_lanes ran lane by lane in this session, most recent last. */
    public static final Values.Builtin FALLBACKS = new Values.Builtin("_jvp_lanes_fallbacks", (in, a, kw) ->
            new Values.PyList(new ArrayList<>(log(in.registry()))));

    /**
     * _jvp_lanes_fallback_count(): how many times _jvp_lanes ran lane by lane in this session. jacfwd
     * compares it around its lanes run and, when it moved, computes the Jacobian column by column
     * instead: the lane-by-lane path inside a lanes program has given other numbers (a call's
     * function-valued tangent, as reverse mode's back_star of f(x, *rest), is not split by lane).
     */
    public static final Values.Builtin FALLBACK_COUNT = new Values.Builtin("_jvp_lanes_fallback_count", (in, a, kw) ->
            count(in.registry()).get());

    /**
     * _jvp_lanes_program(fn, tfn, targs, tkw, *args): the lanes program _jvp_lanes would run for this
     * call (jx.show prints it), or the reason it would run lane by lane.
     */
    public static final Values.Builtin PROGRAM = new Values.Builtin("_jvp_lanes_program", (in, a, kw) -> {
        Values.Closure callee = JvpRuntime.forwardCallee(in, a.get(0));
        if (callee == null) {
            return "no tangent-lanes form for this call";
        }
        Values.Closure forward = JvpRuntime.forwardProgram(in, callee, a.get(1), in.list(a.get(2)), ((Values.PyDict) a.get(3)).map(),
                a.subList(4, a.size()));
        if (forward == null) {
            return "no argument carries a tangent";
        }
        Derived d = in.registry().derived(new Key(forward.code()), k -> derive(in.registry(), forward.code()));
        return d.code() == null ? d.refused()
                : new Values.Closure(d.code(), Arrays.copyOf(forward.captured(), forward.captured().length + 1), forward.defaults(),
                        forward.globals());
    });

    @SuppressWarnings("unchecked")
    private static List<Object> log(Registry registry) {
        return registry.derived("jvp lanes fallbacks", k -> java.util.Collections.synchronizedList(new ArrayList<Object>()));
    }

    private static java.util.concurrent.atomic.AtomicLong count(Registry registry) {
        return registry.derived("jvp lanes fallback count", k -> new java.util.concurrent.atomic.AtomicLong());
    }

    private static void fellBack(Interp in, Object fn, String why) {
        count(in.registry()).incrementAndGet();
        List<Object> log = log(in.registry());
        String name = switch (fn) {
            case Values.Closure c -> c.name();
            case Values.Builtin b -> b.name();
            case Values.CustomRule c when c.fun() instanceof Values.Closure f -> f.name();
            default -> PyOps.typeName(fn);
        };
        synchronized (log) {
            log.add(name + ": " + why);
            while (log.size() > LOGGED) {
                log.remove(0);
            }
        }
    }

    static Object lanes(Interp in, int n, Object fn, Object tfn, List<Object> targs, Map<Object, Object> tkw, List<Object> args,
            Map<String, Object> kw) {
        if (fn instanceof Values.BoundMethod m) {
            List<Object> as = new ArrayList<>(List.of(m.self()));
            as.addAll(args);
            List<Object> ts = new ArrayList<>(List.of(NONE));
            ts.addAll(targs);
            return lanes(in, n, m.fn(), NONE, ts, tkw, as, kw);
        }
        if (fn == jx.ad.Runtime.VJP_CALL && !args.isEmpty()) {
            // Forward over reverse: the forward program of the function's reverse-mode program.
            List<Object> rest = args.subList(1, args.size());
            Values.Closure reverse = JvpRuntime.reverseProgram(in, args.get(0), rest, kw);
            if (reverse != null) {
                return lanes(in, n, reverse, targs.isEmpty() ? NONE : targs.get(0), targs.subList(Math.min(1, targs.size()), targs.size()),
                        tkw, rest, kw);
            }
        }
        Values.Closure callee = JvpRuntime.forwardCallee(in, fn);
        if (n == 0) {
            return columns(in, n, fn, tfn, targs, tkw, args, kw);
        }
        if (callee == null) {
            Prim row = fn instanceof Values.Builtin b ? in.registry().byFunction(b) : null;
            if (fn instanceof Values.Builtin b && b != JvpRuntime.JVP_CALL
                    && b != jx.ad.Runtime.VJP_CALL && (row == null || row.has(Tag.NONDIFF))) {
                // What carries no derivative: its tangent is zeros, whatever the tangents are.
                Values.Tuple r = (Values.Tuple) JvpRuntime.jvp(in, fn, example(tfn, 0), exampleList(targs, 0), exampleMap(tkw, 0), args, kw);
                return Values.Tuple.of(r.items().get(0), Lanes.broadcast(r.items().get(1), n, 0));
            }
            if (row != null && STRUCTURAL.containsKey(row.name())) {
                // Pytree plumbing applies itself to the tangent, whose leaves then keep their lanes axis.
                int at = STRUCTURAL.get(row.name());
                Values.Tuple r = (Values.Tuple) JvpRuntime.jvp(in, fn, tfn, targs, tkw, args, kw);
                boolean none = at >= targs.size() || targs.get(at) instanceof Values.None;
                return none ? Values.Tuple.of(r.items().get(0), Lanes.broadcast(r.items().get(1), n, 0)) : r;
            }
            fellBack(in, fn, "no tangent-lanes form for this call");
            return columns(in, n, fn, tfn, targs, tkw, args, kw);
        }
        Values.Closure forward = JvpRuntime.forwardProgram(in, callee, tfn, targs, tkw, args);
        if (forward == null) {
            Object out = in.call(callee, args, kw);
            return Values.Tuple.of(out, Lanes.broadcast(JvpRuntime.zerosOf(out), n, 0));
        }
        Derived d = in.registry().derived(new Key(forward.code()), k -> derive(in.registry(), forward.code()));
        if (d.code() == null) {
            fellBack(in, callee, d.refused());
            return columns(in, n, fn, tfn, targs, tkw, args, kw);
        }
        Object[] captured = Arrays.copyOf(forward.captured(), forward.captured().length + 1);
        captured[forward.captured().length] = (long) n;
        try {
            return in.call(new Values.Closure(d.code(), captured, forward.defaults(), forward.globals()), args, kw);
        } catch (EvalError e) {
            // A batched form that fails at run time (a rule's batching for an unusual shape, a tangent
            // converted to a Python number): the per-column path gives the value, or the user's own error.
            fellBack(in, callee, e.getMessage());
            return columns(in, n, fn, tfn, targs, tkw, args, kw);
        }
    }

    /** The per-column path: the plain forward program once per lane, the tangents stacked. */
    private static Object columns(Interp in, int n, Object fn, Object tfn, List<Object> targs, Map<Object, Object> tkw,
            List<Object> args, Map<String, Object> kw) {
        Object out = null;
        List<Object> ts = new ArrayList<>();
        for (int e = 0; e < n; e++) {
            Values.Tuple r = (Values.Tuple) JvpRuntime.jvp(in, fn, example(tfn, e), exampleList(targs, e), exampleMap(tkw, e), args, kw);
            out = r.items().get(0);
            ts.add(r.items().get(1) instanceof Values.None ? JvpRuntime.zerosOf(out) : r.items().get(1));
        }
        if (n == 0) {
            out = in.call(fn, args, kw);
            return Values.Tuple.of(out, JvpRuntime.zerosOf(out));
        }
        return Values.Tuple.of(out, Lanes.stack(ts));
    }

    private static Object example(Object t, int e) {
        return t instanceof Values.None ? t : Lanes.example(t, e);
    }

    private static List<Object> exampleList(List<Object> ts, int e) {
        return ts.stream().map(t -> example(t, e)).toList();
    }

    private static Map<Object, Object> exampleMap(Map<Object, Object> ts, int e) {
        Map<Object, Object> m = new LinkedHashMap<>();
        ts.forEach((k, v) -> m.put(k, example(v, e)));
        return m;
    }

    // ---- forward mode's tangent helpers along lanes (the tangent first, the lanes count last) ----

    private static int lanesOf(Object n) {
        return (int) Builtins.asIndex(n, null);
    }

    /** An array t of n lanes broadcast to the lanes of shape (its example shape aligned at the right). */
    private static Array toLanes(Object t, int n, int[] shape) {
        int[] full = new int[shape.length + 1];
        full[0] = n;
        System.arraycopy(shape, 0, full, 1, shape.length);
        if (Lanes.symbolicZero(t)) {
            return Ops.zeros(full, Convert.defaultFloat());
        }
        Array a = PyOps.toArray(t);
        if (Arrays.equals(a.shape(), full)) {
            return a;
        }
        if (a.ndim() == 0 || a.ndim() > full.length || a.shape()[0] != n) {
            throw new EvalError("internal error: a tangent of shape " + Ops.shapeString(a.shape()) + " for " + n
                    + " lanes of a value of shape " + Ops.shapeString(shape));
        }
        int[] aligned = new int[full.length];
        Arrays.fill(aligned, 1);
        aligned[0] = n;
        System.arraycopy(a.shape(), 1, aligned, full.length - (a.ndim() - 1), a.ndim() - 1);
        return Ops.broadcastTo(Ops.reshape(a, aligned), full);
    }

    /**
     * An unbatched tangent in the lanes layout: each array leaf repeated along a leading lanes axis;
     * reverse mode's symbolic zero 0.0 (a cotangent's, whose tangent is 0.0 again) stays 0.0, the
     * zero of every structure and layout, so that _acc and _ct_get still see it as none.
     */
    static final Values.Builtin BCAST_LANES = new Values.Builtin("_lanes_bcast", (in, a, kw) -> {
        int n = lanesOf(a.get(1));
        return Lanes.mapLeaves(a.get(0), leaf -> Lanes.symbolicZero(leaf) || !Lanes.numeric(leaf) ? leaf : Lanes.broadcast(leaf, n, 0));
    });

    static final Values.Builtin BCAST_LIKE_LANES = new Values.Builtin("_bcast_like_lanes", (in, a, kw) ->
            a.get(1) instanceof Array y ? toLanes(a.get(0), lanesOf(a.get(2)), y.shape()) : a.get(0));

    static final Values.Builtin TPAD_LANES = new Values.Builtin("_tpad_lanes", (in, a, kw) -> {
        Object t = a.get(0);
        Object y = a.get(2);
        int n = lanesOf(a.get(4));
        if (y instanceof Values.Tuple || y instanceof Values.PyList) {
            Object z = Lanes.broadcast(JvpRuntime.zerosOf(a.get(1)), n, 0);
            return PyOps.truthy(a.get(3)) ? PyOps.binary("+", t, z) : PyOps.binary("+", z, t);
        }
        return y instanceof Array arr ? toLanes(t, n, arr.shape()) : t;
    });

    static final Values.Builtin TASTYPE_LANES = new Values.Builtin("_tastype_lanes", (in, a, kw) -> {
        Array y = PyOps.toArray(a.get(1));
        int n = lanesOf(a.get(2));
        return y.dtype().isInexact() ? PyOps.toArray(a.get(0)).astype(y.dtype()) : Lanes.broadcast(JvpRuntime.zerosOf(y), n, 0);
    });

    /** _tmaterialize along lanes: the tangent with the output's structure and dtypes, each leaf with its lanes axis. */
    static final Values.Builtin TMATERIALIZE_LANES = new Values.Builtin("_tmaterialize_lanes", (in, a, kw) ->
            materialize(a.get(0), a.get(1), lanesOf(a.get(2))));

    private static Object materialize(Object t, Object y, int n) {
        if (t instanceof Values.None || Lanes.symbolicZero(t)) {
            return Lanes.broadcast(JvpRuntime.materialize(NONE, y), n, 0);
        }
        if (y instanceof Array arr) {
            Array g = toLanes(t, n, arr.shape());
            return g.dtype() == arr.dtype() && g.weak() == arr.weak() ? g : g.astype(arr.dtype());
        }
        if (y instanceof Values.Tuple || y instanceof Values.PyList || y instanceof Values.PyDict || !Lanes.numeric(t)) {
            List<Object> lanes = new ArrayList<>();
            for (int e = 0; e < n; e++) {
                lanes.add(JvpRuntime.materialize(example(t, e), y));
            }
            return n == 0 ? Lanes.broadcast(JvpRuntime.materialize(NONE, y), 0, 0) : Lanes.stack(lanes);
        }
        // A Python scalar output: one weakly typed element per lane, as materialize gives each.
        Array g = PyOps.toArray(t);
        return y instanceof jx.syntax.PyComplex || g.dtype().isComplex() ? g : jx.array.Complex.real(g);
    }

    /** _tpairs along lanes: (item, its tangent's lanes) for each item of xs. */
    static final Values.Builtin TPAIRS_LANES = new Values.Builtin("_tpairs_lanes", (in, a, kw) -> {
        List<Object> items = in.list(a.get(0));
        Object ts = a.get(1);
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Object t;
            if (ts instanceof Values.None || a.get(0) instanceof Values.PyDict) {
                t = Lanes.broadcast(JvpRuntime.zerosOf(items.get(i)), lanesOf(a.get(2)), 0);
            } else if (ts instanceof Array arr) {
                // Rows of an array: its lanes axis stays first.
                t = jx.array.ArrayIndexing.index(arr, List.of(jx.array.Index.Slice.all(), new jx.array.Index.At(i)));
            } else {
                t = in.list(ts).get(i);
            }
            out.add(Values.Tuple.of(items.get(i), t));
        }
        return new Values.PyList(out);
    });

    /** Puts _jvp_lanes, its helpers and the fallback log where derived programs and jax._transforms find them. */
    static void install(Registry r, Map<String, Object> builtins) {
        // A row, so that what differentiates a call of _jvp_lanes goes through its definition.
        r.add(new Prim("_jvp_lanes", List.of("n", "fun", "tfn", "targs", "tkw"), Map.of(), JVP_LANES,
                new jx.prim.Derivative.Definition("jax._numpy_grad", "_jvp_lanes"), java.util.Set.of(), null));
        for (Values.Builtin b : List.of(JVP_LANES, FALLBACKS, FALLBACK_COUNT, PROGRAM, BCAST_LANES, BCAST_LIKE_LANES, TPAD_LANES, TASTYPE_LANES, TMATERIALIZE_LANES,
                TPAIRS_LANES)) {
            builtins.put(b.name(), b);
        }
    }
}

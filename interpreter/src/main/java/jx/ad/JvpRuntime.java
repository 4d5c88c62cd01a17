package jx.ad;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jx.array.Array;
import jx.array.Ops;
import jx.core.Core;
import jx.diag.Pos;
import jx.diag.Source;
import jx.eval.Convert;
import jx.eval.EvalError;
import jx.eval.Interp;
import jx.eval.PyOps;
import jx.eval.Values;
import jx.prim.Prim;
import jx.prim.Registry;
import jx.prim.Tag;

/**
 * The functions forward programs ({@link Jvp}) call: {@code _jvp_call}, which derives the forward
 * program of a callee known only at run time, typed zeros, and the few tangent helpers. A tangent
 * is None where a value carries none (strings, functions' captures that carry none); a function
 * value's tangent is the tuple of its captures' tangents.
 */
public final class JvpRuntime {
    private JvpRuntime() {}

    private static final Object NONE = Values.None.NONE;

    /** Zeros with x's structure: the tangent of a value that does not depend on the inputs. */
    static Object zeros(Object x) {
        return switch (x) {
            case Array a -> Ops.zeros(a.shape(), a.dtype().isInexact() ? a.dtype() : Convert.defaultFloat());
            case Double d -> 0.0;
            case jx.syntax.PyComplex z -> new jx.syntax.PyComplex(0.0, 0.0);
            case Long l -> 0.0;
            case Boolean b -> 0.0;
            case Values.Tuple t -> new Values.Tuple(t.items().stream().map(JvpRuntime::zeros).toList());
            case Values.PyList l -> new Values.PyList(l.items().stream().map(JvpRuntime::zeros).toList());
            case Values.PyDict d -> {
                Map<Object, Object> m = new LinkedHashMap<>();
                d.map().forEach((k, v) -> m.put(k, zeros(v)));
                yield new Values.PyDict(m);
            }
            default -> NONE;
        };
    }

    public static final Values.Builtin TZEROS = new Values.Builtin("_tzeros", (in, a, kw) -> zeros(a.get(0)));

    /** The tangent t of one operand of y = a + b, the other carrying none: broadcast, or padded with zeros (sequences). */
    public static final Values.Builtin TPAD = new Values.Builtin("_tpad", (in, a, kw) -> {
        Object t = a.get(0);
        Object other = a.get(1);
        Object y = a.get(2);
        if (y instanceof Values.Tuple || y instanceof Values.PyList) {
            return PyOps.truthy(a.get(3)) ? PyOps.binary("+", t, zeros(other)) : PyOps.binary("+", zeros(other), t);
        }
        return broadcastLike(t, y);
    });

    public static final Values.Builtin BCAST_LIKE = new Values.Builtin("_bcast_like", (in, a, kw) -> broadcastLike(a.get(0), a.get(1)));

    private static Object broadcastLike(Object t, Object y) {
        if (y instanceof Array arr) {
            Array g = PyOps.toArray(t);
            return Arrays.equals(g.shape(), arr.shape()) ? t : Ops.broadcastTo(g, arr.shape());
        }
        return t;
    }

    /** x.astype(dtype)'s tangent: the tangent in the new dtype, zero where the dtype is not a float. */
    public static final Values.Builtin TASTYPE = new Values.Builtin("_tastype", (in, a, kw) -> {
        Array y = PyOps.toArray(a.get(1));
        return y.dtype().isInexact() ? PyOps.toArray(a.get(0)).astype(y.dtype()) : zeros(y);
    });

    /** The items of a loop over xs with their tangents: (item, tangent) pairs. */
    public static final Values.Builtin TPAIRS = new Values.Builtin("_tpairs", (in, a, kw) -> {
        List<Object> items = in.list(a.get(0));
        Object ts = a.get(1);
        List<Object> tangents = ts instanceof Values.None || a.get(0) instanceof Values.PyDict ? null : in.list(ts);
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            out.add(Values.Tuple.of(items.get(i), tangents == null ? zeros(items.get(i)) : tangents.get(i)));
        }
        return new Values.PyList(out);
    });

    /** enumerate(xs)'s tangent: the counts carry none. */
    public static final Values.Builtin TENUMERATE = new Values.Builtin("_tenumerate", (in, a, kw) -> {
        List<Object> out = new ArrayList<>();
        for (Object t : in.list(a.get(0))) {
            out.add(Values.Tuple.of(0.0, t));
        }
        return new Values.PyList(out);
    });

    /** The tangents of *args that carry none. */
    public static final Values.Builtin TNONES = new Values.Builtin("_tnones", (in, a, kw) ->
            new Values.Tuple(java.util.Collections.nCopies(in.list(a.get(0)).size(), NONE)));

    /** _jvp_call(fn, tangent of fn, tangents of args, tangents of kwargs, *args, **kwargs): (fn(...), its tangent). */
    public static final Values.Builtin JVP_CALL = new Values.Builtin("_jvp_call", (in, a, kw) ->
            call(in, a.get(0), a.get(1), in.list(a.get(2)), ((Values.PyDict) a.get(3)).map(), a.subList(4, a.size()), kw));

    /** The tangent of an output, with the output's structure and dtypes (None: zeros). */
    public static final Values.Builtin TMATERIALIZE = new Values.Builtin("_tmaterialize", (in, a, kw) -> {
        Object t = a.get(0);
        Object y = a.get(1);
        return Runtime.materialize(t instanceof Values.None ? zeros(y) : t, y);
    });

    private static boolean none(Object t) {
        return t == null || t instanceof Values.None;
    }

    static Object call(Interp in, Object fn, Object tfn, List<Object> targs, Map<Object, Object> tkw, List<Object> args,
            Map<String, Object> kw) {
        Registry registry = in.registry();
        return switch (fn) {
            case Values.Closure c -> closure(in, c, tfn, targs, tkw, args, kw);
            case Values.Transformed t -> closure(in, t.derived(), tfn, targs, tkw, args, kw);
            case Values.BoundMethod m -> {
                List<Object> as = new ArrayList<>();
                as.add(m.self());
                as.addAll(args);
                List<Object> ts = new ArrayList<>();
                ts.add(NONE);
                ts.addAll(targs);
                yield call(in, m.fn(), NONE, ts, tkw, as, kw);
            }
            case Values.CustomRule c -> custom(in, c, targs, args, kw);
            case Values.Builtin b when b == Runtime.VJP_CALL -> overReverse(in, args.get(0), targs.get(0), args.subList(1, args.size()),
                    targs.subList(1, targs.size()), kw, tkw);
            case Values.Builtin b when b == JVP_CALL -> overForward(in, targs, tkw, args, kw);
            case Values.Builtin b when b == Runtime.VJP_CALL_STAR -> {
                List<Object> ts = new ArrayList<>(targs.subList(0, Math.min(2, targs.size())));
                while (ts.size() < 2) {
                    ts.add(NONE);
                }
                ts.add(NONE);
                ts.addAll(targs.subList(Math.min(2, targs.size()), targs.size()));
                yield closure(in, Runtime.starCall(in), NONE, ts, tkw, Runtime.starArgs(args, kw), Map.of());
            }
            case Values.Builtin b -> builtin(in, registry, b, targs, tkw, args, kw);
            default -> throw new EvalError("TypeError: '" + PyOps.typeName(fn) + "' object is not callable");
        };
    }

    private static Object builtin(Interp in, Registry registry, Values.Builtin b, List<Object> targs, Map<Object, Object> tkw,
            List<Object> args, Map<String, Object> kw) {
        Prim row = registry.byFunction(b);
        if (row != null && !row.has(Tag.NONDIFF)) {
            switch (row.name()) {
                case "jnp.einsum" -> {
                    return einsum(in, b, targs, args, kw);
                }
                case "jax.lax.scan" -> {
                    return scan(in, b, row, targs, tkw, args, kw);
                }
                case "jax.tree_util.tree_map" -> {
                    return treeMap(in, b, targs, args, kw);
                }
                case "jax.tree_util.tree_leaves" -> {
                    Object out = in.call(b, args, kw);
                    return Values.Tuple.of(out, none(targs.get(0)) ? zeros(out) : in.call(b, List.of(targs.get(0))));
                }
                case "jax.tree_util.tree_flatten" -> {
                    Values.Tuple out = (Values.Tuple) in.call(b, args, kw);
                    Object leaves = out.items().get(0);
                    Object t = none(targs.get(0)) ? zeros(leaves)
                            : ((Values.Tuple) in.call(b, List.of(targs.get(0)))).items().get(0);
                    return Values.Tuple.of(out, Values.Tuple.of(t, NONE));
                }
                case "jax.tree_util.tree_unflatten" -> {
                    Object out = in.call(b, args, kw);
                    Object t = targs.size() > 1 && !none(targs.get(1)) ? in.call(b, List.of(args.get(0), targs.get(1))) : zeros(out);
                    return Values.Tuple.of(out, t);
                }
                default -> { }
            }
            Values.Closure def = Rules.definition(in, b);
            if (def != null) {
                return closure(in, def, NONE, targs, tkw, args, kw);
            }
            if (JvpRules.of(registry, row) != null) {
                return closure(in, primitive(in, row), NONE, targs, tkw, args, kw);
            }
            if (targs.stream().allMatch(JvpRuntime::none) && tkw.values().stream().allMatch(JvpRuntime::none)) {
                Object out = in.call(b, args, kw);
                return Values.Tuple.of(out, zeros(out));
            }
            throw JvpRules.none(row.name());
        }
        Object out = in.call(b, args, kw);
        boolean carries = !targs.stream().allMatch(JvpRuntime::none) || !tkw.values().stream().allMatch(JvpRuntime::none);
        if (row == null && carries && (Runtime.hasFloat(out) || out instanceof Values.Closure || out instanceof Values.Builtin) && !List.of("_check_pair", "_check_output", "_check_input", "_ones_like_output", "_zeros_like", "_tzeros", "_tnones").contains(b.name())) {
            throw JvpRules.none(b.name());
        }
        return Values.Tuple.of(out, zeros(out));
    }

    /** The tangent of each parameter of code in a call (None: none), as the call binds its arguments. */
    private static Object[] bind(Core.Code code, List<Object> targs, Map<Object, Object> tkw, List<Object> args) {
        List<String> params = code.params();
        Object[] tp = new Object[params.size()];
        int varargs = code.kinds().indexOf(Core.Code.ParamKind.VARARGS);
        int positional = varargs >= 0 ? varargs : (int) code.kinds().stream().filter(k -> k == Core.Code.ParamKind.PLAIN).count();
        for (int i = 0; i < params.size(); i++) {
            Core.Code.ParamKind kind = code.kinds().get(i);
            Object t = NONE;
            if (kind == Core.Code.ParamKind.PLAIN) {
                if (i < positional && i < args.size()) {
                    t = i < targs.size() ? targs.get(i) : NONE;
                } else if (tkw.containsKey(params.get(i))) {
                    t = tkw.get(params.get(i));
                }
            } else if (kind == Core.Code.ParamKind.VARARGS) {
                List<Object> rest = new ArrayList<>();
                boolean any = false;
                for (int j = varargs; j < args.size(); j++) {
                    Object tj = j < targs.size() ? targs.get(j) : NONE;
                    any |= !none(tj);
                    rest.add(none(tj) ? zeros(args.get(j)) : tj);
                }
                t = any ? new Values.Tuple(rest) : NONE;
            } else {
                for (Map.Entry<Object, Object> e : tkw.entrySet()) {
                    if (!params.contains((String) e.getKey()) && !none(e.getValue())) {
                        throw Jvp.unsupported("a **kwargs parameter carrying a tangent");
                    }
                }
            }
            tp[i] = t;
        }
        return tp;
    }

    /** The forward program of a jx function, specialised to the parameters and captures whose tangents are not None. */
    static Object closure(Interp in, Values.Closure c, Object tfn, List<Object> targs, Map<Object, Object> tkw,
            List<Object> args, Map<String, Object> kw) {
        Values.Closure derived = forwardProgram(in, c, tfn, targs, tkw, args);
        if (derived == null) {
            Object out = in.call(c, args, kw);
            return Values.Tuple.of(out, zeros(out));
        }
        return in.call(derived, args, kw);
    }

    /**
     * c's forward program with its tangents bound (its captures and the two tuples of tangents), as
     * _jvp_call runs it; null where no argument or capture carries a tangent.
     */
    public static Values.Closure forwardProgram(Interp in, Values.Closure c, Object tfn, List<Object> targs,
            Map<Object, Object> tkw, List<Object> args) {
        Core.Code code = c.code();
        Object[] tp = bind(code, targs, tkw, args);
        Set<Integer> activeParams = new TreeSet<>();
        for (int i = 0; i < tp.length; i++) {
            if (!none(tp[i])) {
                activeParams.add(i);
            }
        }
        Set<Integer> activeCaps = new TreeSet<>();
        List<Object> tcaps = tfn instanceof Values.Tuple t ? t.items() : List.of();
        for (int i = 0; i < tcaps.size() && i < code.captures().size(); i++) {
            if (!none(tcaps.get(i))) {
                activeCaps.add(i);
            }
        }
        if (activeParams.isEmpty() && activeCaps.isEmpty()) {
            return null;
        }
        Core.Code derived = in.registry().derived(List.of("jvp", code, activeParams, activeCaps),
                k -> Jvp.derive(in.registry(), code, activeParams, activeCaps));
        Object[] captured = Arrays.copyOf(c.captured(), c.captured().length + 2);
        captured[c.captured().length] = new Values.Tuple(new ArrayList<>(tcaps));
        captured[c.captured().length + 1] = new Values.Tuple(Arrays.asList(tp));
        return new Values.Closure(derived, captured, c.defaults(), c.globals());
    }

    /**
     * The jx function whose forward program stands for a call of fn: fn itself (a closure), a
     * transformed function's program, a primitive's definition or rule as a function of its
     * parameters; null where _jvp_call has another way (einsum, scan, custom rules, ...).
     */
    public static Values.Closure forwardCallee(Interp in, Object fn) {
        return switch (fn) {
            case Values.Closure c -> c;
            case Values.Transformed t -> t.derived();
            case Values.Builtin b when b == JVP_CALL || b == Runtime.VJP_CALL || b == Runtime.VJP_CALL_STAR -> null;
            case Values.Builtin b -> {
                Prim row = in.registry().byFunction(b);
                if (row == null || row.has(Tag.NONDIFF) || List.of("jnp.einsum", "jax.lax.scan").contains(row.name())
                        || row.name().startsWith("jax.tree_util.")) {
                    yield null;
                }
                Values.Closure def = Rules.definition(in, b);
                yield def != null ? def : JvpRules.of(in.registry(), row) != null ? primitive(in, row) : null;
            }
            default -> null;
        };
    }

    /** The reverse-mode program of f (a jx function) that _vjp_call(f, *args) runs, or null where f is none. */
    public static Values.Closure reverseProgram(Interp in, Object f, List<Object> args, Map<String, Object> kw) {
        Values.Closure c = switch (f) {
            case Values.Closure cl -> cl;
            case Values.Transformed t -> t.derived();
            case Values.Builtin b when Rules.definition(in, b) != null -> Rules.definition(in, b);
            default -> null;
        };
        return c == null ? null : Transform.vjpClosure(in, c, args, kw);
    }

    /** _jvp_call's value: (fn(*args, **kw), its tangent along the given tangents). */
    public static Object jvp(Interp in, Object fn, Object tfn, List<Object> targs, Map<Object, Object> tkw, List<Object> args,
            Map<String, Object> kw) {
        return call(in, fn, tfn, targs, tkw, args, kw);
    }

    /** The tangent of an output y: t with y's structure and dtypes (None: zeros). */
    public static Object materialize(Object t, Object y) {
        return Runtime.materialize(none(t) ? zeros(y) : t, y);
    }

    /** Typed zeros with x's structure. */
    public static Object zerosOf(Object x) {
        return zeros(x);
    }

    /** A primitive as a jx function of its parameters, so that its forward program comes from its rule. */
    private static Values.Closure primitive(Interp in, Prim row) {
        return in.registry().derived(List.of("jvp primitive", row), k -> {
            Pos pos = Pos.NONE;
            List<Core.Arg> args = new ArrayList<>();
            for (int i = 0; i < row.params().size(); i++) {
                args.add(new Core.Positional(new Core.Local(i, row.params().get(i), pos)));
            }
            List<Core.Code.ParamKind> kinds = row.params().stream().map(p -> Core.Code.ParamKind.PLAIN).toList();
            Core.Code code = new Core.Code(row.member(), row.params(), kinds, row.params().size(), row.params(), List.of(),
                    List.of(new Core.Return(new Core.Prim(row, null, args, pos), pos)), false, pos);
            List<Object> defaults = new ArrayList<>();
            boolean trailing = false;
            for (String p : row.params()) {
                if (row.defaults().containsKey(p)) {
                    trailing = true;
                    defaults.add(row.defaults().get(p));
                } else if (trailing) {
                    throw new IllegalStateException(row.name() + ": a parameter without a default follows one with a default");
                }
            }
            return new Values.Closure(code, new Object[0], defaults.toArray(),
                    new Values.Globals(new LinkedHashMap<>(), Source.of("<" + row.name() + ">", ""), null));
        });
    }

    // ---- forward over forward: the derivative of _jvp_call ----

    /**
     * _jvp_call(fn, tfn, targs, tkw, *args) differentiated again: its value is a call of fn's forward
     * program D (fn's captures and two more, the tangents of its captures and of its parameters),
     * so its derivative is D's own forward program, D's tangent being the tangents of those captures.
     */
    private static Object overForward(Interp in, List<Object> targs, Map<Object, Object> tkw, List<Object> args,
            Map<String, Object> kw) {
        Object fn = args.get(0);
        Object tfn = args.get(1);
        List<Object> innerT = in.list(args.get(2));
        Map<Object, Object> innerKw = ((Values.PyDict) args.get(3)).map();
        List<Object> rest = args.subList(4, args.size());
        Object outerFn = at(targs, 0);
        Object outerTfn = at(targs, 1);
        List<Object> outerT = none(at(targs, 2)) ? List.of() : in.list(at(targs, 2));
        Map<Object, Object> outerKw = at(targs, 3) instanceof Values.PyDict d ? d.map() : Map.of();
        List<Object> restT = targs.size() > 4 ? targs.subList(4, targs.size()) : List.of();
        Values.Closure c = switch (fn) {
            case Values.Closure cl -> cl;
            case Values.Transformed t -> t.derived();
            case Values.Builtin b when Rules.definition(in, b) != null -> Rules.definition(in, b);
            case Values.Builtin b when in.registry().byFunction(b) != null && JvpRules.of(in.registry(), in.registry().byFunction(b)) != null ->
                    primitive(in, in.registry().byFunction(b));
            default -> throw Jvp.unsupported("forward over forward through " + PyOps.typeName(fn));
        };
        Core.Code code = c.code();
        Object[] tp = bind(code, innerT, innerKw, rest);
        Object[] ttp = bind(code, outerT, outerKw, rest);
        Set<Integer> activeParams = new TreeSet<>();
        for (int i = 0; i < tp.length; i++) {
            if (!none(tp[i])) {
                activeParams.add(i);
                // D reads this tangent: where it does not depend on the outer inputs its tangent is zeros, not None.
                ttp[i] = none(ttp[i]) ? zeros(tp[i]) : ttp[i];
            } else {
                ttp[i] = NONE;
            }
        }
        List<Object> tcaps = tfn instanceof Values.Tuple t ? t.items() : List.of();
        Set<Integer> activeCaps = new TreeSet<>();
        for (int i = 0; i < tcaps.size() && i < code.captures().size(); i++) {
            if (!none(tcaps.get(i))) {
                activeCaps.add(i);
            }
        }
        if (activeParams.isEmpty() && activeCaps.isEmpty()) {
            Values.Tuple r = (Values.Tuple) call(in, c, outerFn, restT, tkw, rest, kw);
            Object out = r.items().get(0);
            return Values.Tuple.of(Values.Tuple.of(out, zeros(out)), Values.Tuple.of(r.items().get(1), zeros(out)));
        }
        Core.Code derived = in.registry().derived(List.of("jvp", code, activeParams, activeCaps),
                k -> Jvp.derive(in.registry(), code, activeParams, activeCaps));
        int n = c.captured().length;
        Object[] captured = Arrays.copyOf(c.captured(), n + 2);
        captured[n] = new Values.Tuple(new ArrayList<>(tcaps));
        captured[n + 1] = new Values.Tuple(Arrays.asList(tp));
        List<Object> tD = new ArrayList<>();
        List<Object> fnT = outerFn instanceof Values.Tuple t ? t.items() : List.of();
        for (int i = 0; i < n; i++) {
            tD.add(i < fnT.size() ? fnT.get(i) : NONE);
        }
        List<Object> outerCaps = outerTfn instanceof Values.Tuple t && t.items().size() == tcaps.size() ? t.items() : null;
        List<Object> ttcaps = new ArrayList<>();
        for (int i = 0; i < tcaps.size(); i++) {
            Object o = outerCaps == null ? NONE : outerCaps.get(i);
            ttcaps.add(none(tcaps.get(i)) ? NONE : none(o) ? zeros(tcaps.get(i)) : o);
        }
        tD.add(new Values.Tuple(ttcaps));
        tD.add(new Values.Tuple(Arrays.asList(ttp)));
        return call(in, new Values.Closure(derived, captured, c.defaults(), c.globals()), new Values.Tuple(tD), restT, tkw, rest, kw);
    }

    private static Object at(List<Object> xs, int i) {
        return i < xs.size() ? xs.get(i) : NONE;
    }

    // ---- jax.custom_jvp and jax.custom_vjp ----

    private static Object rule(Values.CustomRule c) {
        Object rule = c.rule()[0];
        if (rule == null) {
            String name = c.fun() instanceof Values.Closure f ? f.name() : "function";
            throw new EvalError("AttributeError: No " + (c.kind().equals("custom_jvp") ? "JVP defined for custom_jvp function "
                    + name + " using defjvp." : "VJP defined for custom_vjp function " + name + " using defvjp."),
                    c.kind().equals("custom_jvp") ? "decorate the rule with @" + name + ".defjvp" : "call " + name + ".defvjp(fwd, bwd)");
        }
        return rule;
    }

    /** The forward derivative of a custom_jvp function: its rule, given the tangents of the differentiated arguments. */
    private static Object custom(Interp in, Values.CustomRule c, List<Object> targs, List<Object> args, Map<String, Object> kw) {
        if (c.kind().equals("custom_vjp")) {
            throw new EvalError("TypeError: can't apply forward-mode autodiff (jvp) to a custom_vjp function.",
                    "use jax.grad / jax.vjp, or define the function with jax.custom_jvp");
        }
        if (!kw.isEmpty()) {
            throw Jvp.unsupported("a custom_jvp function called with keyword arguments");
        }
        Object rule = rule(c);
        List<Object> nondiff = new ArrayList<>();
        List<Object> primals = new ArrayList<>();
        List<Object> tangents = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            Object t = i < targs.size() ? targs.get(i) : NONE;
            if (c.nondiff().contains(i)) {
                nondiff.add(args.get(i));
            } else {
                primals.add(args.get(i));
                tangents.add(none(t) ? zeros(args.get(i)) : t);
            }
        }
        if (rule instanceof Values.Tuple jvps) {
            Object out = in.call(c.fun(), args, kw);
            Object t = null;
            for (int i = 0; i < jvps.items().size() && i < primals.size(); i++) {
                Object ti = c.nondiff().isEmpty() && i < targs.size() ? targs.get(i) : tangents.get(i);
                if (jvps.items().get(i) instanceof Values.None || none(ti)) {
                    continue;
                }
                List<Object> call = new ArrayList<>(List.of(ti, out));
                call.addAll(primals);
                Object term = in.call(jvps.items().get(i), call);
                t = t == null ? term : PyOps.binary("+", t, term);
            }
            return Values.Tuple.of(out, t == null ? zeros(out) : broadcastLike(t, out));
        }
        List<Object> call = new ArrayList<>(nondiff);
        call.add(new Values.Tuple(primals));
        call.add(new Values.Tuple(tangents));
        List<Object> r = in.list(in.call(rule, call));
        if (r.size() != 2) {
            throw new EvalError("TypeError: a custom_jvp rule must return a pair (primal_out, tangent_out)");
        }
        return Values.Tuple.of(r.get(0), r.get(1));
    }

    /** _vjp_call of a custom_jvp or custom_vjp function: through the jx functions of _transforms that read its rule. */
    static Object vjpOfCustom(Interp in, Values.CustomRule c, List<Object> args, Map<String, Object> kw) {
        if (!kw.isEmpty()) {
            throw Vjp.unsupported("a " + c.kind() + " function called with keyword arguments");
        }
        if (c.rule()[1] != null && c.fun() instanceof Values.Closure f) {
            // The rule calls the function itself (log1pexp's rule does): while its tangent map is
            // transposed, that inner call only needs reverse mode's cotangents of the rule's
            // captured primals, which the transposition discards; the function's own vjp gives them.
            return Transform.vjpOfClosure(in, f, args, kw);
        }
        c.rule()[1] = Boolean.TRUE;
        try {
            return in.call(customHelper(in, c), List.of(rule(c), c.fun(), nondiffTuple(c),
                    new Values.Tuple(new ArrayList<>(args))));
        } finally {
            c.rule()[1] = null;
        }
    }

    /** _vjp_call(_vjp_call, custom, *args): the reverse derivative of that jx helper, so that it differentiates again. */
    static Object vjpOfCustomVjp(Interp in, Values.CustomRule c, List<Object> args, Map<String, Object> kw) {
        if (c.rule()[1] != null && c.fun() instanceof Values.Closure f) {
            // Inside this function's own rule one order up (grad(grad(f)) where f's rule calls f, as
            // the tutorial's f_jvp does): as in vjpOfCustom, the inner call's derivative is f's own.
            // Through the rule again it was the rule's derivative of itself, without end.
            List<Object> call = new ArrayList<>(List.of(Runtime.VJP_CALL, f));
            call.addAll(args);
            return in.call(Runtime.VJP_CALL, call, kw);
        }
        c.rule()[1] = Boolean.TRUE;
        try {
            return vjpOfCustomVjpRule(in, c, args, kw);
        } finally {
            c.rule()[1] = null;
        }
    }

    private static Object vjpOfCustomVjpRule(Interp in, Values.CustomRule c, List<Object> args, Map<String, Object> kw) {
        List<Object> call = new ArrayList<>(List.of(customHelper(in, c), rule(c), c.fun(),
                nondiffTuple(c), new Values.Tuple(new ArrayList<>(args))));
        Values.Tuple r = (Values.Tuple) in.call(Runtime.VJP_CALL, call, kw);
        Object back = r.items().get(1);
        // The helper's cotangents are (of itself, rule, fun, nondiff, the args tuple): regrouped as
        // _vjp_call(_vjp_call, custom, *args)'s (of _vjp_call, of custom, of each argument).
        return Values.Tuple.of(r.items().get(0), new Values.Builtin("back_custom", (in2, g, kw2) -> {
            List<Object> cts = ((Values.Tuple) in2.call(back, g)).items();
            List<Object> out = new ArrayList<>(List.of(0.0, 0.0));
            Object argCts = cts.get(4);
            for (int i = 0; i < args.size(); i++) {
                out.add(argCts instanceof Values.Tuple t ? t.items().get(i) : 0.0);
            }
            return new Values.Tuple(out);
        }));
    }

    private static Values.Tuple nondiffTuple(Values.CustomRule c) {
        return new Values.Tuple(c.nondiff().stream().map(i -> (Object) (long) i).toList());
    }

    private static Object customHelper(Interp in, Values.CustomRule c) {
        return in.module("jax._transforms", null, null).members().get(c.kind().equals("custom_jvp") ? "_custom_jvp_vjp" : "_custom_vjp_vjp");
    }

    /** A custom function as a jx function of its parameters (what jax.grad derives from). */
    public static Values.Closure calling(Values.CustomRule c, List<String> params) {
        Pos pos = Pos.NONE;
        List<Core.Arg> args = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            args.add(new Core.Positional(new Core.Local(i, params.get(i), pos)));
        }
        List<Core.Code.ParamKind> kinds = params.stream().map(p -> Core.Code.ParamKind.PLAIN).toList();
        String name = c.fun() instanceof Values.Closure f ? f.name() : c.kind();
        Core.Code code = new Core.Code(name, params, kinds, params.size(), params, List.of(),
                List.of(new Core.Return(new Core.Call(new Core.Lit(c, pos), args, pos), pos)), false, pos);
        return new Values.Closure(code, new Object[0], new Object[0],
                new Values.Globals(new LinkedHashMap<>(), Source.of("<" + name + ">", ""), null));
    }

    // ---- forward over reverse: the derivative of reverse mode's _vjp_call ----

    private static Object overReverse(Interp in, Object f, Object tf, List<Object> args, List<Object> targs,
            Map<String, Object> kw, Map<Object, Object> tkw) {
        Registry registry = in.registry();
        Values.Closure c = switch (f) {
            case Values.Closure cl -> cl;
            case Values.Transformed t -> t.derived();
            case Values.Builtin b when Rules.again(in, b) != null -> Rules.again(in, b);
            default -> null;
        };
        if (c != null) {
            return closure(in, Transform.vjpClosure(in, c, args, kw), tf, targs, tkw, args, kw);
        }
        if (f instanceof Values.Builtin b && Rules.byFunction(registry, b) != null) {
            Rule rule = Rules.byFunction(registry, b);
            Values.Tuple r = (Values.Tuple) call(in, b, NONE, targs, tkw, args, kw);
            Object y = r.items().get(0);
            List<Object> bound = Transform.bindRule(rule, args, kw);
            List<Object> tback = new ArrayList<>();
            tback.add(NONE);
            for (int i = 0; i < rule.params().size(); i++) {
                String p = rule.params().get(i);
                tback.add(i < args.size() ? (i < targs.size() ? targs.get(i) : NONE) : tkw.getOrDefault(p, NONE));
            }
            tback.add(r.items().get(1));
            return Values.Tuple.of(Values.Tuple.of(y, Transform.ruleBack(in, rule, bound, y)),
                    Values.Tuple.of(r.items().get(1), new Values.Tuple(tback)));
        }
        String name = f instanceof Values.Builtin b ? b.name() : PyOps.typeName(f);
        throw new EvalError("NotImplementedError: forward mode cannot differentiate the reverse-mode derivative of " + name
                + " yet (its derivative is first order)", "use jax.jacfwd(jax.jacfwd(f)) or write the computation in jx");
    }

    // ---- the library functions no expression rule can state ----

    /** einsum is linear in each operand: its tangent is the sum of einsums with one operand replaced by its tangent. */
    private static Object einsum(Interp in, Values.Builtin b, List<Object> targs, List<Object> args, Map<String, Object> kw) {
        Object out = in.call(b, args, kw);
        Object t = null;
        for (int i = 1; i < args.size(); i++) {
            Object ti = i < targs.size() ? targs.get(i) : NONE;
            if (none(ti)) {
                continue;
            }
            List<Object> with = new ArrayList<>(args);
            with.set(i, ti);
            Object term = in.call(b, with, kw);
            t = t == null ? term : PyOps.binary("+", t, term);
        }
        return Values.Tuple.of(out, t == null ? zeros(out) : t);
    }

    /** lax.scan carries (carry, its tangent) and scans over (xs, their tangents), the body's forward program inside. */
    private static Object scan(Interp in, Values.Builtin b, Prim row, List<Object> targs, Map<Object, Object> tkw,
            List<Object> args, Map<String, Object> kw) {
        Object[] bound = new Object[row.params().size()];
        Object[] tangents = new Object[row.params().size()];
        for (int i = 0; i < bound.length; i++) {
            String p = row.params().get(i);
            bound[i] = i < args.size() ? args.get(i) : kw.containsKey(p) ? kw.get(p) : row.defaults().get(p);
            tangents[i] = i < args.size() ? (i < targs.size() ? targs.get(i) : NONE) : tkw.getOrDefault(p, NONE);
        }
        Object f = bound[0];
        Object tf = tangents[0];
        Object init = bound[1];
        Object xs = bound[2];
        Values.Builtin body = new Values.Builtin("scan_jvp_body", (in2, a, kw2) -> {
            Values.Tuple carry = (Values.Tuple) a.get(0);
            Values.Tuple x = (Values.Tuple) a.get(1);
            Values.Tuple r = (Values.Tuple) call(in2, f, tf, List.of(carry.items().get(1), x.items().get(1)), Map.of(),
                    List.of(carry.items().get(0), x.items().get(0)), Map.of());
            List<Object> o = in2.list(r.items().get(0));
            List<Object> t = in2.list(r.items().get(1) instanceof Values.None ? zeros(r.items().get(0)) : r.items().get(1));
            return Values.Tuple.of(Values.Tuple.of(o.get(0), t.get(0)), Values.Tuple.of(o.get(1), t.get(1)));
        });
        Object tinit = none(tangents[1]) ? zeros(init) : tangents[1];
        Object txs = xs instanceof Values.None ? NONE : none(tangents[2]) ? zeros(xs) : tangents[2];
        Values.Tuple r = (Values.Tuple) in.call(b, List.of(body, Values.Tuple.of(init, tinit),
                xs instanceof Values.None ? NONE : Values.Tuple.of(xs, txs), bound[3], bound[4], bound[5]));
        Values.Tuple carry = (Values.Tuple) r.items().get(0);
        Values.Tuple ys = (Values.Tuple) r.items().get(1);
        return Values.Tuple.of(Values.Tuple.of(carry.items().get(0), ys.items().get(0)),
                Values.Tuple.of(carry.items().get(1), ys.items().get(1)));
    }

    /** tree_map(f, tree, *rest): each leaf's tangent by f's forward program. */
    private static Object treeMap(Interp in, Values.Builtin b, List<Object> targs, List<Object> args, Map<String, Object> kw) {
        if (!kw.isEmpty()) {
            throw Jvp.unsupported("jax.tree_util.tree_map with keyword arguments");
        }
        Object f = args.get(0);
        Object tf = targs.isEmpty() ? NONE : targs.get(0);
        int trees = args.size() - 1;
        Object out = in.call(b, args, kw);
        List<Object> mapArgs = new ArrayList<>();
        mapArgs.add(new Values.Builtin("tree_map_jvp_leaf", (in2, leaves, kw2) -> {
            List<Object> xs = leaves.subList(0, trees);
            List<Object> ts = leaves.subList(trees, leaves.size());
            Values.Tuple r = (Values.Tuple) call(in2, f, tf, ts, Map.of(), xs, Map.of());
            return r.items().get(1);
        }));
        mapArgs.addAll(args.subList(1, args.size()));
        for (int i = 1; i < args.size(); i++) {
            Object ti = i < targs.size() ? targs.get(i) : NONE;
            mapArgs.add(none(ti) ? zeros(args.get(i)) : ti);
        }
        return Values.Tuple.of(out, in.call(b, mapArgs));
    }

    /**
     * jax.linearize(fun, *primals): (fun(*primals), f_jvp), f_jvp(*tangents) the tangent of the output.
     * f_jvp is a transformed function, so jx.show prints the forward program it runs.
     */
    public static Object linearize(Interp in, Object fun, List<Object> primals) {
        Object out = in.call(fun, primals);
        java.util.function.Supplier<Values.Closure> program = () -> {
            Values.Closure c = switch (fun) {
                case Values.Closure cl -> cl;
                case Values.Transformed t -> t.derived();
                default -> throw new EvalError("TypeError: jx.show needs a function defined in jx, got " + PyOps.typeName(fun));
            };
            Set<Integer> all = new TreeSet<>();
            for (int i = 0; i < Math.min(primals.size(), c.code().params().size()); i++) {
                all.add(i);
            }
            Core.Code derived = in.registry().derived(List.of("jvp", c.code(), all, Set.of()),
                    k -> Jvp.derive(in.registry(), c.code(), all, Set.of()));
            return new Values.Closure(derived, Arrays.copyOf(c.captured(), c.captured().length + 2), c.defaults(), c.globals());
        };
        List<String> params = new ArrayList<>();
        for (int i = 0; i < primals.size(); i++) {
            params.add("t" + i);
        }
        String name = "jvp_" + (fun instanceof Values.Closure c ? c.name().replace("<lambda>", "lambda") : "function");
        Values.Transformed fJvp = new Values.Transformed(name, params, program, (in2, ts, kw) -> {
            if (ts.size() != primals.size()) {
                throw new EvalError("TypeError: the linearized function takes " + primals.size() + " tangent"
                        + (primals.size() == 1 ? "" : "s") + ", got " + ts.size());
            }
            Values.Tuple y = (Values.Tuple) call(in2, fun, NONE, ts, Map.of(), primals, Map.of());
            return in2.call(TMATERIALIZE, List.of(y.items().get(1), y.items().get(0)));
        });
        return Values.Tuple.of(in.call(TMATERIALIZE, List.of(out, out)), fJvp);
    }

    /** Puts the helpers where derived programs find them by name. */
    public static void install(Map<String, Object> builtins) {
        for (Values.Builtin b : List.of(TZEROS, TPAD, BCAST_LIKE, TASTYPE, TPAIRS, TENUMERATE, TNONES, JVP_CALL, TMATERIALIZE)) {
            builtins.put(b.name(), b);
        }
    }
}

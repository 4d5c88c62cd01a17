package jx.ad;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jx.array.Array;
import jx.array.ArrayIndexing;
import jx.array.Backend.UnaryOp;
import jx.array.Ops;
import jx.eval.Builtins;
import jx.eval.Convert;
import jx.eval.EvalError;
import jx.eval.Interp;
import jx.eval.PyOps;
import jx.eval.Values;
import jx.prim.Registry;

/**
 * The functions derived programs call: cotangent accumulation over pytrees, the transposes of
 * broadcasting, reductions, matmul and indexing, and {@code _vjp_call}, which differentiates a call
 * whose callee is only known at run time (a jx function, a closure, a primitive passed as a value).
 */
public final class Runtime {
    private Runtime() {}

    private static boolean zero(Object v) {
        return v instanceof Double d && d == 0.0;
    }

    /** a + b for cotangents: 0.0 is the zero of every structure; tuples, lists and dicts add per item. */
    public static Object acc(Object a, Object b) {
        if (zero(a)) {
            return b;
        }
        if (zero(b)) {
            return a;
        }
        return switch (a) {
            case Values.Tuple t when b instanceof Values.Tuple u -> new Values.Tuple(accAll(t.items(), u.items()));
            case Values.PyList t when b instanceof Values.PyList u -> new Values.PyList(accAll(t.items(), u.items()));
            case Values.PyDict t when b instanceof Values.PyDict u -> {
                Map<Object, Object> m = new LinkedHashMap<>(t.map());
                u.map().forEach((k, v) -> m.merge(k, v, Runtime::acc));
                yield new Values.PyDict(m);
            }
            default -> PyOps.binary("+", a, b);
        };
    }

    private static List<Object> accAll(List<Object> a, List<Object> b) {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            out.add(acc(i < a.size() ? a.get(i) : 0.0, i < b.size() ? b.get(i) : 0.0));
        }
        return out;
    }

    public static final Values.Builtin ACC = new Values.Builtin("_acc", (in, a, kw) -> acc(a.get(0), a.get(1)));

    public static final Values.Builtin CT_GET = new Values.Builtin("_ct_get", (in, a, kw) -> {
        Object g = a.get(0);
        Object key = a.get(1);
        return switch (g) {
            case Values.Tuple t when key instanceof Values.SliceValue sl -> new Values.Tuple(slice(t.items(), sl));
            case Values.PyList l when key instanceof Values.SliceValue sl -> new Values.PyList(slice(l.items(), sl));
            case Values.Tuple t -> item(t.items(), key);
            case Values.PyList l -> item(l.items(), key);
            case Values.PyDict d -> d.map().getOrDefault(PyOps.key(key), 0.0);
            // An array cotangent for a tuple, list or closure is a rule's mistake: taking no item of
            // it would be a silent zero derivative.
            case Array arr -> throw new EvalError("internal error: a derivative rule gave an array of shape "
                    + Ops.shapeString(arr.shape()) + " as the cotangent of a tuple, list, dict or function");
            default -> 0.0;
        };
    });

    /** items[key], counting a negative key from the end as Python does (x[-1]'s cotangent is g[-1]). */
    private static Object item(List<Object> items, Object key) {
        int i = (int) Builtins.asIndex(key, null);
        if (i < -items.size() || i >= items.size()) {
            throw new EvalError("internal error: a cotangent of " + items.size() + " items has no item " + i);
        }
        return items.get(i < 0 ? i + items.size() : i);
    }

    /** The cotangent of x[key]: zeros shaped like x with g at key (scatter-add for arrays). */
    public static final Values.Builtin INDEX_VJP = new Values.Builtin("_index_vjp", (in, a, kw) -> {
        Object g = a.get(0);
        Object x = a.get(1);
        Object key = a.get(2);
        if (zero(g)) {
            return 0.0;
        }
        return switch (x) {
            case Array arr -> {
                Array zeros = Ops.zeros(arr.shape(), arr.dtype());
                yield ArrayIndexing.atAdd(zeros, jx.eval.Indexing.arrayIndex(in, key), PyOps.toArray(g));
            }
            case Values.Tuple t -> new Values.Tuple(oneHot(t.items().size(), key, g));
            case Values.PyList l -> new Values.PyList(oneHot(l.items().size(), key, g));
            case Values.PyDict d -> {
                Map<Object, Object> m = new LinkedHashMap<>();
                d.map().keySet().forEach(k -> m.put(k, 0.0));
                m.put(PyOps.key(key), g);
                yield new Values.PyDict(m);
            }
            default -> 0.0;
        };
    });

    private static List<Object> slice(List<Object> items, Values.SliceValue s) {
        List<Object> out = new ArrayList<>();
        for (int i : jx.eval.Indexing.positions(items.size(), s)) {
            out.add(items.get(i));
        }
        return out;
    }

    private static List<Object> oneHot(int n, Object key, Object g) {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(0.0);
        }
        if (key instanceof Values.SliceValue s) {
            // x[a:b] of a sequence: the items of g go back to the positions the slice took.
            List<Integer> at = jx.eval.Indexing.positions(n, s);
            List<Object> items = g instanceof Values.Tuple t ? t.items() : ((Values.PyList) g).items();
            for (int j = 0; j < at.size() && j < items.size(); j++) {
                out.set(at.get(j), items.get(j));
            }
            return out;
        }
        int i = (int) Builtins.asIndex(key, null);
        out.set(i < 0 ? i + n : i, g);
        return out;
    }

    /** Sums g over the axes that broadcasting added to x's shape. */
    public static final Values.Builtin UNBROADCAST = new Values.Builtin("_unbroadcast", (in, a, kw) -> unbroadcast(a.get(0), a.get(1)));

    static Object unbroadcast(Object gv, Object xv) {
        return realLike(unbroadcastShape(gv, xv), xv);
    }

    /**
     * A real operand's cotangent is real: _unbroadcast is also the transpose of promoting x to the
     * other operand's dtype, and the transpose of real-to-complex is the real part (as JAX's
     * convert_element_type). Left complex, the imaginary part would flow on into higher derivatives.
     */
    public static Object realLike(Object g, Object x) {
        boolean real = x instanceof Array a ? !a.dtype().isComplex() : x instanceof Number || x instanceof Boolean;
        if (!real) {
            return g;
        }
        return switch (g) {
            case Array a when a.dtype().isComplex() -> jx.array.Complex.real(a);
            case jx.syntax.PyComplex z -> z.re();
            default -> g;
        };
    }

    private static Object unbroadcastShape(Object gv, Object xv) {
        if (zero(gv)) {
            return 0.0;
        }
        if (xv instanceof Values.Tuple || xv instanceof Values.PyList) {
            // The left operand of a concatenation: the head of the cotangent.
            List<Object> items = gv instanceof Values.PyList l ? l.items() : ((Values.Tuple) gv).items();
            return sequenceLike(gv, items.subList(0, (int) Builtins.len(xv)));
        }
        if (!(xv instanceof Array x)) {
            // A Python scalar operand: its cotangent is the total.
            return gv instanceof Array g ? Ops.sum(g, null, false) : gv;
        }
        Array g = PyOps.toArray(gv);
        if (Arrays.equals(g.shape(), x.shape())) {
            return g;
        }
        if (g.ndim() == 0 && x.ndim() > 0 && isZero(g.toHost())) {
            // A loop's reset cotangent (0.0) times an array operand is a 0-d zero: zero in every shape. Any
            // other 0-d cotangent of a larger operand stays the error below (its true sum is unknown here).
            return Ops.zeros(x.shape(), g.dtype());
        }
        int extra = g.ndim() - x.ndim();
        List<Integer> axes = new ArrayList<>();
        for (int i = 0; i < g.ndim(); i++) {
            if (i < extra || (x.shape()[i - extra] == 1 && g.shape()[i] != 1)) {
                axes.add(i);
            }
        }
        Array summed = Ops.sum(g, axes.stream().mapToInt(Integer::intValue).toArray(), true);
        return Ops.broadcastTo(Ops.reshape(summed, x.shape()), x.shape());
    }

    private static int[] axes(Interp in, Object axis) {
        return axis instanceof Values.None ? null : Builtins.shape(in, axis);
    }

    private static boolean isZero(jx.array.HostData h) {
        boolean re = h.floats() != null ? h.floats()[0] == 0.0 : h.ints()[0] == 0;
        return re && (h.imag() == null || h.imag()[0] == 0.0);
    }

    /** The transpose of sum(x, axis, keepdims): g broadcast back to x's shape. */
    public static final Values.Builtin SUM_T = new Values.Builtin("_sum_transpose", (in, a, kw) -> sumTranspose(in, a));

    private static Object sumTranspose(Interp in, List<Object> a) {
        if (zero(a.get(0))) {
            return 0.0;
        }
        Array g = PyOps.toArray(a.get(0));
        Array x = PyOps.toArray(a.get(1));
        int[] axes = axes(in, a.get(2));
        if (axes != null && !PyOps.truthy(a.get(3))) {
            int[] norm = Ops.normalizeAxes(axes, x.ndim());
            Arrays.sort(norm);
            for (int ax : norm) {
                g = Ops.expandDims(g, ax);
            }
        }
        return Ops.broadcastTo(g, x.shape());
    }

    public static final Values.Builtin MEAN_T = new Values.Builtin("_mean_transpose", (in, a, kw) -> {
        if (zero(a.get(0))) {
            return 0.0;
        }
        Array x = PyOps.toArray(a.get(1));
        int[] axes = axes(in, a.get(2));
        long n = 1;
        int[] over = axes == null ? java.util.stream.IntStream.range(0, x.ndim()).toArray() : Ops.normalizeAxes(axes, x.ndim());
        for (int ax : over) {
            n *= x.shape()[ax];
        }
        return Ops.div((Array) sumTranspose(in, a), Array.weak((double) n));
    });

    public static final Values.Builtin LOG_OR_ZERO = new Values.Builtin("_log_or_zero", (in, a, kw) -> {
        Array x = PyOps.toArray(a.get(0));
        Array zero = Array.weak(0.0);
        return Ops.where(Ops.eq(x, zero), zero, Ops.unary(UnaryOp.LOG, Ops.where(Ops.eq(x, zero), Array.weak(1.0), x)));
    });

    /** The cotangent that starts the backward sweep: 1 for a scalar float output, an error otherwise. */
    public static final Values.Builtin SEED = new Values.Builtin("_ones_like_output", (in, a, kw) -> {
        Object out = a.get(0);
        if (out instanceof Double) {
            return 1.0;
        }
        if (out instanceof jx.syntax.PyComplex) {
            throw realOutput(jx.array.Promotion.defaultComplex());
        }
        if (!(out instanceof Array x)) {
            throw new EvalError("TypeError: Gradient only defined for scalar-output functions. Output was "
                    + jx.eval.Printer.repr(out) + ".");
        }
        if (x.ndim() != 0) {
            throw new EvalError("TypeError: Gradient only defined for scalar-output functions. Output had shape: "
                    + Ops.shapeString(x.shape()) + ".");
        }
        if (!x.dtype().isFloat()) {
            throw realOutput(x.dtype());
        }
        // A weakly typed output (x ** 2 of a Python float, traced under jit) keeps a weak seed, so the gradient stays weak as in JAX.
        return x.weak() && x.dtype() == jx.array.Promotion.defaultFloat() ? Array.weak(1.0) : Ops.ones(new int[0], x.dtype());
    });

    /**
     * _check_output(out, holomorphic): the seed's checks (a scalar, real or with holomorphic=True
     * complex) without the seed, for the programs vmap and jvp transform, where a full reduction's
     * seed has been simplified to 1.0.
     */
    public static final Values.Builtin CHECK_OUTPUT = new Values.Builtin("_check_output", (in, a, kw) -> {
        in.call(PyOps.truthy(a.get(1)) ? Runtime.SEED_HOLOMORPHIC : Runtime.SEED, List.of(a.get(0)));
        return Values.None.NONE;
    });

    static EvalError realOutput(jx.array.DType d) {
        return new EvalError("TypeError: grad requires real-valued outputs (output dtype that is a sub-dtype of "
                + "np.floating), but got " + d + (d.isComplex() ? ". For holomorphic differentiation, pass holomorphic=True. "
                + "For differentiation of non-holomorphic functions involving complex outputs, use jax.vjp directly."
                : ". For differentiation of functions with integer outputs, use jax.vjp directly."));
    }

    /** The seed of grad(..., holomorphic=True): 1 + 0j for a complex scalar output, JAX's error otherwise. */
    public static final Values.Builtin SEED_HOLOMORPHIC = new Values.Builtin("_ones_like_holomorphic_output", (in, a, kw) -> {
        Object out = a.get(0);
        if (out instanceof jx.syntax.PyComplex) {
            return new jx.syntax.PyComplex(1.0, 0.0);
        }
        Array x = out instanceof Array arr ? arr : null;
        if (x == null || !x.dtype().isComplex()) {
            throw new EvalError("TypeError: grad with holomorphic=True requires outputs with complex dtype, but got "
                    + (x != null ? x.dtype() : "float32") + ".");
        }
        if (x.ndim() != 0) {
            throw new EvalError("TypeError: Gradient only defined for scalar-output functions. Output had shape: "
                    + Ops.shapeString(x.shape()) + ".");
        }
        // A weakly typed output (x ** 2 of a Python float, traced under jit) keeps a weak seed, so the gradient stays weak as in JAX.
        return x.weak() && x.dtype() == jx.array.Promotion.defaultFloat() ? Array.weak(1.0) : Ops.ones(new int[0], x.dtype());
    });

    public static final Values.Builtin CHECK_PAIR = new Values.Builtin("_check_pair", (in, a, kw) -> {
        Object r = a.get(0);
        boolean pair = r instanceof Values.Tuple t && t.items().size() == 2 || r instanceof Values.PyList l && l.items().size() == 2;
        if (!pair) {
            throw new EvalError("TypeError: has_aux=True requires the function to return a pair (output, aux), got "
                    + PyOps.typeName(r), "return out, aux");
        }
        return Values.None.NONE;
    });

    /** _not_implemented(what): a library definition's way to stop with what this build cannot do yet. */
    public static final Values.Builtin NOT_IMPLEMENTED = new Values.Builtin("_not_implemented", (in, a, kw) -> {
        throw new EvalError("NotImplementedError: " + a.get(0) + " is not supported yet");
    });

    /** _raise("ValueError: ..."): a library definition's Python exception (jx programs have no raise). */
    public static final Values.Builtin RAISE = new Values.Builtin("_raise", (in, a, kw) -> {
        throw new EvalError(String.valueOf(a.get(0)));
    });

    public static final Values.Builtin ZEROS = new Values.Builtin("_zeros_like", (in, a, kw) -> zerosLike(a.get(0)));

    /**
     * _field_index(x, "logabsdet"): the position of a NamedTuple's field, so that a derived program
     * reads x.logabsdet as x[1], an index the transformations differentiate.
     */
    public static final Values.Builtin FIELD_INDEX = new Values.Builtin("_field_index", (in, a, kw) -> {
        String name = String.valueOf(a.get(1));
        if (a.get(0) instanceof Values.Tuple t && t.fields() != null && t.fields().names().contains(name)) {
            return (long) t.fields().names().indexOf(name);
        }
        throw new EvalError("NotImplementedError: jax.grad cannot differentiate the attribute ." + name + " of a "
                + jx.eval.PyOps.typeName(a.get(0)) + " yet");
    });

    /** Zeros with the structure of a pytree (the gradient of an input nothing depends on). */
    static Object zerosLike(Object x) {
        return switch (x) {
            case Array arr -> Ops.zeros(arr.shape(), arr.dtype().isInexact() ? arr.dtype() : Convert.defaultFloat());
            case Double d -> 0.0;
            case jx.syntax.PyComplex z -> new jx.syntax.PyComplex(0.0, 0.0);
            case Values.Tuple t -> new Values.Tuple(t.items().stream().map(Runtime::zerosLike).toList(), t.fields());
            case Values.PyList l -> new Values.PyList(l.items().stream().map(Runtime::zerosLike).toList());
            case Values.PyDict d -> {
                Map<Object, Object> m = new LinkedHashMap<>();
                d.map().forEach((k, v) -> m.put(k, zerosLike(v)));
                yield new Values.PyDict(m);
            }
            default -> Values.None.NONE;
        };
    }

    /** A cotangent with exactly the structure and dtypes of x: symbolic zeros become arrays. */
    static Object materialize(Object ct, Object x) {
        if (zero(ct) && !(x instanceof Double)) {
            return zerosLike(x);
        }
        return switch (x) {
            case Array arr -> {
                Array g = PyOps.toArray(ct);
                if (!Arrays.equals(g.shape(), arr.shape())) {
                    // Only a scalar stands for a whole array; any other shape is a rule's mistake,
                    // which broadcasting would turn into a wrong gradient.
                    if (g.ndim() > 0) {
                        throw new EvalError("internal error: a derivative rule gave a cotangent of shape "
                                + Ops.shapeString(g.shape()) + " for a value of shape " + Ops.shapeString(arr.shape()));
                    }
                    g = Ops.broadcastTo(g, arr.shape());
                }
                // astype also clears a weak type that the gradient picked up from Python scalars.
                yield g.dtype() == arr.dtype() && g.weak() == arr.weak() ? g : g.astype(arr.dtype());
            }
            // A NamedTuple's gradient is the same NamedTuple, as a pytree of its fields is in JAX.
            case Values.Tuple t -> new Values.Tuple(materializeAll(ct, t.items()), t.fields());
            case Values.PyList l -> new Values.PyList(materializeAll(ct, l.items()));
            case Values.PyDict d -> {
                Map<Object, Object> m = new LinkedHashMap<>();
                d.map().forEach((k, v) -> m.put(k, materialize(ct instanceof Values.PyDict cd ? cd.map().getOrDefault(k, 0.0) : 0.0, v)));
                yield new Values.PyDict(m);
            }
            // JAX returns the gradient of a Python float as a weakly typed array (of a real input, the real part).
            case Double d -> switch (ct) {
                case Array g -> jx.array.Complex.real(g);
                case jx.syntax.PyComplex z -> Array.weak(z.re());
                default -> Array.weak(((Number) ct).doubleValue());
            };
            case jx.syntax.PyComplex z -> switch (ct) {
                case Array g -> g;
                case jx.syntax.PyComplex c -> Array.weak(c.re(), c.im());
                default -> Array.weak(((Number) ct).doubleValue(), 0.0);
            };
            default -> ct;
        };
    }

    private static List<Object> materializeAll(Object ct, List<Object> xs) {
        List<Object> items = ct instanceof Values.Tuple t ? t.items() : ct instanceof Values.PyList l ? l.items() : null;
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < xs.size(); i++) {
            out.add(materialize(items == null ? 0.0 : items.get(i), xs.get(i)));
        }
        return out;
    }

    /**
     * _vjp_call(fn, *args): (fn(*args), back) where back(g) gives (cotangent of fn, cotangents of args).
     * A jx function is differentiated from its syntax tree (once, cached); a primitive by its rule.
     */
    public static final Values.Builtin VJP_CALL = new Values.Builtin("_vjp_call", (in, a, kw) -> {
        Object fn = a.get(0);
        List<Object> args = a.subList(1, a.size());
        return switch (fn) {
            case Values.Closure c -> Transform.vjpOfClosure(in, c, args, kw);
            case Values.Transformed t -> Transform.vjpOfClosure(in, t.derived(), args, kw);
            case Values.Builtin b when Rules.custom(in.registry(), b) != null -> Rules.custom(in.registry(), b).vjp(in, args, kw);
            case Values.Builtin b when Rules.definition(in, b) != null ->
                    Transform.vjpOfClosure(in, Rules.definition(in, b), args, kw);
            case Values.CustomRule c -> JvpRuntime.vjpOfCustom(in, c, args, kw);
            case Values.Builtin b when b.name().equals("_vjp_call") && args.get(0) instanceof Values.CustomRule c ->
                    JvpRuntime.vjpOfCustomVjp(in, c, args.subList(1, args.size()), kw);
            case Values.Builtin b when b.name().equals("_vjp_call") -> Transform.vjpOfVjp(in, args.get(0), args.subList(1, args.size()), kw);
            case Values.Builtin b when b.name().equals("_vjp_call_star") -> vjpOfStar(in, args, kw);
            case Values.Builtin b -> vjpOfPrimitive(in, b, args, kw);
            default -> throw new EvalError("TypeError: '" + PyOps.typeName(fn) + "' object is not callable");
        };
    });

    /** Whether a cotangent is other than the plain zero 0.0 (see Backward's guarded rules). */
    public static final Values.Builtin NONZERO = new Values.Builtin("_nonzero", (in, a, kw) -> !zero(a.get(0)));

    public static final Values.Builtin KW_BOUND = new Values.Builtin("_kw_bound", (in, a, kw) -> {
        List<String> names = new ArrayList<>();
        for (Object o : ((Values.Tuple) a.get(1)).items()) {
            names.add((String) o);
        }
        return Transform.keywordsBound(in, a.get(0), names, (int) (long) (Long) a.get(2));
    });

    /**
     * _vjp_call_star(fn, kinds, group...): a call written with *args ("p" a positional argument,
     * "s" a starred one); the backward function's cotangents are regrouped as the call was written.
     * It is jax._transforms' jx function of that name, so that it differentiates again (second order).
     */
    public static final Values.Builtin VJP_CALL_STAR = new Values.Builtin("_vjp_call_star", (in, a, kw) ->
            in.call(starCall(in), starArgs(a, kw)));

    static Values.Closure starCall(Interp in) {
        return (Values.Closure) in.module("jax._transforms", null, null).members().get("_vjp_call_star");
    }

    /** The jx function's arguments: the call's keywords as one dict after fn and kinds. */
    static List<Object> starArgs(List<Object> a, Map<String, Object> kw) {
        List<Object> out = new ArrayList<>(a.subList(0, 2));
        Map<Object, Object> d = new java.util.LinkedHashMap<>(kw);
        out.add(new Values.PyDict(d));
        out.addAll(a.subList(2, a.size()));
        return out;
    }

    /** _vjp_call(_vjp_call_star, fn, kinds, group...): the jx function's vjp, without the keyword dict's cotangent. */
    private static Object vjpOfStar(Interp in, List<Object> args, Map<String, Object> kw) {
        Values.Tuple r = (Values.Tuple) Transform.vjpOfClosure(in, starCall(in), starArgs(args, kw), Map.of());
        Object back = r.items().get(1);
        return Values.Tuple.of(r.items().get(0), new Values.Builtin("back_star", (in2, g, kw2) -> {
            List<Object> cts = new ArrayList<>(((Values.Tuple) in2.call(back, g)).items());
            cts.remove(3);
            return new Values.Tuple(cts);
        }));
    }

    private static Object vjpOfPrimitive(Interp in, Values.Builtin b, List<Object> args, Map<String, Object> kw) {
        Object y = in.call(b, args, kw);
        Rule rule = Rules.byFunction(in.registry(), b);
        if (rule == null) {
            // A function built from differentiated values (functools.partial(f, x)) would carry them past their cotangents.
            boolean function = y instanceof Values.Closure || y instanceof Values.Builtin;
            if ((hasFloat(y) || function) && args.stream().anyMatch(Runtime::hasFloat)) {
                throw new EvalError("NotImplementedError: jax.grad cannot differentiate through " + b.name() + " yet",
                        "write it in jx, or use the jnp functions that have derivative rules");
            }
            List<Object> zeros = new ArrayList<>();
            zeros.add(0.0);
            args.forEach(x -> zeros.add(0.0));
            return Values.Tuple.of(y, Transform.constantBack(new Values.Tuple(zeros)));
        }
        return Values.Tuple.of(y, Transform.ruleBack(in, rule, Transform.bindRule(rule, args, kw), y));
    }

    /** The permutation undoing axes (None: reversal, its own inverse). */
    public static final Values.Builtin INVERSE_PERM = new Values.Builtin("_inverse_perm", (in, a, kw) -> {
        if (a.get(0) instanceof Values.None) {
            return Values.None.NONE;
        }
        int[] perm = Builtins.shape(in, a.get(0));
        List<Object> inv = new ArrayList<>();
        for (int i = 0; i < perm.length; i++) {
            inv.add(0L);
        }
        for (int i = 0; i < perm.length; i++) {
            inv.set(Math.floorMod(perm[i], perm.length), (long) i);
        }
        return new Values.Tuple(inv);
    });

    /** y reshaped to broadcast against a, as keepdims=True would have given it. */
    private static Array keep(Interp in, Object yv, Array a, Object axis, Object keepdims) {
        Array y = PyOps.toArray(yv);
        int[] axes = axes(in, axis);
        if (axes == null) {
            return y;
        }
        if (!PyOps.truthy(keepdims)) {
            int[] norm = Ops.normalizeAxes(axes, a.ndim());
            Arrays.sort(norm);
            for (int ax : norm) {
                y = Ops.expandDims(y, ax);
            }
        }
        return y;
    }

    public static final Values.Builtin KEEP = new Values.Builtin("_keep", (in, a, kw) ->
            keep(in, a.get(0), PyOps.toArray(a.get(1)), a.get(2), a.get(3)));

    /** max/min: the cotangent goes to the positions holding the extremum, shared among ties. */
    public static final Values.Builtin EXTREMUM_VJP = new Values.Builtin("_extremum_vjp", (in, a, kw) -> {
        if (zero(a.get(0))) {
            return 0.0;
        }
        Array x = PyOps.toArray(a.get(1));
        Array y = keep(in, a.get(2), x, a.get(3), a.get(4));
        Array mask = Ops.eq(x, y).astype(x.dtype());
        Array count = keep(in, Ops.sum(mask, axes(in, a.get(3)), PyOps.truthy(a.get(4))), x, a.get(3), a.get(4));
        Array g = keep(in, a.get(0), x, a.get(3), a.get(4));
        return Ops.div(Ops.mul(g, mask), count);
    });

    /** g[key] for a cotangent: an array gather, an item of a container, or zero. */
    public static final Values.Builtin INDEX_OF = new Values.Builtin("_index_of", (in, a, kw) -> {
        Object g = a.get(0);
        if (zero(g)) {
            return 0.0;
        }
        if (g instanceof Array arr) {
            return ArrayIndexing.index(arr, jx.eval.Indexing.arrayIndex(in, a.get(1)));
        }
        return in.call(CT_GET, List.of(g, a.get(1)));
    });

    /** The transpose of _unbroadcast: the cotangent spread back over the broadcast shape of like. */
    public static final Values.Builtin BROADCAST_LIKE = new Values.Builtin("_broadcast_like", (in, a, kw) ->
            broadcastLike(in, a.get(0), a.get(1), true));

    /** As _broadcast_like, but a sequence is padded in front: the transpose of _unbroadcast_tail. */
    public static final Values.Builtin BROADCAST_TAIL_LIKE = new Values.Builtin("_broadcast_tail_like", (in, a, kw) ->
            broadcastLike(in, a.get(0), a.get(1), false));

    /**
     * The transpose of _unbroadcast: g broadcast to an array like's shape; for a sequence like, g's
     * items (the head or the tail of it) padded with zeros to like's length.
     */
    private static Object broadcastLike(Interp in, Object g, Object like, boolean head) {
        if (zero(g)) {
            return g;
        }
        if ((like instanceof Values.Tuple || like instanceof Values.PyList)
                && (g instanceof Values.Tuple || g instanceof Values.PyList)) {
            List<Object> items = new ArrayList<>(in.list(g));
            int missing = (int) Builtins.len(like) - items.size();
            List<Object> zeros = java.util.Collections.nCopies(Math.max(0, missing), (Object) 0.0);
            items.addAll(head ? items.size() : 0, zeros);
            return sequenceLike(g, items);
        }
        if (!(like instanceof Array l)) {
            return g;
        }
        return Ops.broadcastTo(PyOps.toArray(g), l.shape());
    }

    /**
     * g reshaped like `like`. A like that is the plain zero 0.0 stood for a cotangent that is zero
     * whatever the inputs (a derivative of a derivative reaches such constants): its own cotangent
     * goes nowhere, so it is zero too.
     */
    public static final Values.Builtin RESHAPE_LIKE = new Values.Builtin("_reshape_like", (in, a, kw) ->
            zero(a.get(0)) || zero(a.get(1)) ? 0.0 : Ops.reshape(PyOps.toArray(a.get(0)), PyOps.toArray(a.get(1)).shape()));

    /** g with the positions at key set to zero: the cotangent of what x.at[key].set(v) overwrote. */
    public static final Values.Builtin AT_ZERO = new Values.Builtin("_at_zero", (in, a, kw) ->
            zero(a.get(0)) ? 0.0 : ArrayIndexing.atSet(PyOps.toArray(a.get(0)), jx.eval.Indexing.arrayIndex(in, a.get(1)), Array.weak(0.0)));

    public static final Values.Builtin AT_MUL = new Values.Builtin("_at_mul", (in, a, kw) ->
            zero(a.get(0)) ? 0.0 : ArrayIndexing.atMultiply(PyOps.toArray(a.get(0)), jx.eval.Indexing.arrayIndex(in, a.get(1)), PyOps.toArray(a.get(2))));

    /** sum (or mean) of a cotangent over axes; zero stays zero. */
    public static final Values.Builtin REDUCE_CT = new Values.Builtin("_reduce_ct", (in, a, kw) -> {
        if (zero(a.get(0))) {
            return 0.0;
        }
        Array g = PyOps.toArray(a.get(0));
        Array s = Ops.sum(g, axes(in, a.get(1)), PyOps.truthy(a.get(2)));
        if (PyOps.truthy(a.get(3))) {
            return Ops.div(s, Array.weak((double) g.size() / Math.max(1, s.size())));
        }
        return s;
    });

    /** The transpose of _extremum_vjp: the cotangent at the extremum positions, summed over the axes. */
    public static final Values.Builtin EXTREMUM_T = new Values.Builtin("_extremum_t", (in, a, kw) -> {
        if (zero(a.get(0))) {
            return 0.0;
        }
        Array x = PyOps.toArray(a.get(1));
        Array y = keep(in, a.get(2), x, a.get(3), a.get(4));
        Array mask = Ops.eq(x, y).astype(x.dtype());
        Array count = keep(in, Ops.sum(mask, axes(in, a.get(3)), PyOps.truthy(a.get(4))), x, a.get(3), a.get(4));
        Array g = Ops.broadcastTo(PyOps.toArray(a.get(0)), x.shape());
        return Ops.sum(Ops.div(Ops.mul(g, mask), count), axes(in, a.get(3)), PyOps.truthy(a.get(4)));
    });

    /** The pieces of g that stack(arrays, axis) or concatenate(arrays, axis) took from each array. */
    private static Object pieces(Interp in, Object gv, Object arraysv, Object axisv, boolean stacked) {
        List<Object> arrays = in.list(arraysv);
        if (zero(gv)) {
            return new Values.PyList(arrays.stream().map(x -> (Object) 0.0).toList());
        }
        Array g = PyOps.toArray(gv);
        List<Object> out = new ArrayList<>();
        if (!stacked && axisv instanceof Values.None) {
            g = Ops.reshape(g, new int[] {-1});
        }
        int axis = axisv instanceof Values.None ? 0 : (int) Builtins.asIndex(axisv, null);
        axis = Math.floorMod(axis, g.ndim());
        long start = 0;
        for (Object x : arrays) {
            Array a = PyOps.toArray(x);
            List<jx.array.Index> idx = new ArrayList<>();
            for (int d = 0; d < axis; d++) {
                idx.add(new jx.array.Index.Slice(null, null, null));
            }
            if (stacked) {
                idx.add(new jx.array.Index.At(start++));
                out.add(ArrayIndexing.index(g, idx));
            } else {
                long n = axisv instanceof Values.None ? a.size() : a.shape()[axis];
                idx.add(new jx.array.Index.Slice(start, start + n, null));
                Array piece = ArrayIndexing.index(g, idx);
                out.add(axisv instanceof Values.None ? Ops.reshape(piece, a.shape()) : piece);
                start += n;
            }
        }
        return new Values.PyList(out);
    }

    /** The inverse of pieces: the cotangents of the arrays put back together (zeros where absent). */
    private static Object joined(Interp in, Object ctsv, Object arraysv, Object axisv, boolean stacked) {
        List<Object> arrays = in.list(arraysv);
        List<Object> cts = zero(ctsv) ? null : in.list(ctsv);
        List<Array> parts = new ArrayList<>();
        for (int i = 0; i < arrays.size(); i++) {
            Array a = PyOps.toArray(arrays.get(i));
            Object c = cts == null ? 0.0 : cts.get(i);
            Array part = zero(c) ? Ops.zeros(a.shape(), a.dtype()) : PyOps.toArray(c);
            parts.add(!stacked && axisv instanceof Values.None ? Ops.reshape(part, new int[] {-1}) : part);
        }
        int axis = axisv instanceof Values.None ? 0 : (int) Builtins.asIndex(axisv, null);
        return stacked ? Ops.stack(parts, axis) : Ops.concatenate(parts, axis);
    }

    public static final Values.Builtin UNSTACK = new Values.Builtin("_unstack", (in, a, kw) ->
            pieces(in, a.get(0), a.get(1), a.get(2), true));
    public static final Values.Builtin STACK_CT = new Values.Builtin("_stack_ct", (in, a, kw) ->
            joined(in, a.get(0), a.get(1), a.get(2), true));
    public static final Values.Builtin SPLIT_LIKE = new Values.Builtin("_split_like", (in, a, kw) ->
            pieces(in, a.get(0), a.get(1), a.get(2), false));
    public static final Values.Builtin CONCAT_CT = new Values.Builtin("_concat_ct", (in, a, kw) ->
            joined(in, a.get(0), a.get(1), a.get(2), false));

    /** vmap's batch size: the length along its in_axis of the first leaf of the first mapped argument. */
    public static final Values.Builtin BATCH_SIZE = new Values.Builtin("_batch_size", (in, a, kw) -> {
        List<Object> args = in.list(a.get(0));
        List<Object> axes = in.list(a.get(1));
        for (int i = 0; i < args.size(); i++) {
            if (!(axes.get(i) instanceof Values.None)) {
                Object leaf = args.get(i);
                while (leaf instanceof Values.Tuple || leaf instanceof Values.PyList || leaf instanceof Values.PyDict) {
                    List<Object> items = leaf instanceof Values.PyDict d ? new ArrayList<>(d.map().values()) : in.list(leaf);
                    leaf = items.get(0);
                }
                Array x = PyOps.toArray(leaf);
                int requested = (int) Builtins.asIndex(axes.get(i), null);
                if (requested >= x.ndim() || requested < -x.ndim()) {
                    throw new EvalError("ValueError: vmap was requested to map its argument along axis " + requested
                            + ", which implies that its rank should be at least " + (requested < 0 ? -requested : requested + 1)
                            + ", but is only " + x.ndim() + " (its shape is " + Ops.shapeString(x.shape()) + ")");
                }
                int axis = Math.floorMod(requested, x.ndim());
                return (long) x.shape()[axis];
            }
        }
        throw new EvalError("ValueError: vmap must have at least one non-None value in in_axes");
    });

    /** _unbroadcast for the right operand of +: on a concatenation, the tail of the cotangent. */
    public static final Values.Builtin UNBROADCAST_TAIL = new Values.Builtin("_unbroadcast_tail", (in, a, kw) -> {
        Object g = a.get(0);
        Object like = a.get(1);
        if (!zero(g) && (like instanceof Values.Tuple || like instanceof Values.PyList)) {
            List<Object> items = in.list(g);
            int n = (int) Builtins.len(like);
            return sequenceLike(g, items.subList(items.size() - n, items.size()));
        }
        return unbroadcast(g, like);
    });

    /** The cotangent of list(x) or tuple(x): g's items, in x's kind of container. */
    public static final Values.Builtin SEQ_LIKE = new Values.Builtin("_seq_like", (in, a, kw) -> {
        Object g = a.get(0);
        if (zero(g)) {
            return 0.0;
        }
        List<Object> items = in.list(g);
        return a.get(1) instanceof Values.PyList ? new Values.PyList(items) : new Values.Tuple(items);
    });

    private static Object sequenceLike(Object g, List<Object> items) {
        return g instanceof Values.PyList ? new Values.PyList(new ArrayList<>(items)) : new Values.Tuple(new ArrayList<>(items));
    }

    /**
     * The cotangent of jnp.asarray(like) taken back to like's structure: a list or tuple of traced
     * values gets the rows of the array cotangent, item by item.
     */
    public static final Values.Builtin ARRAY_TO_TREE = new Values.Builtin("_array_to_tree", (in, a, kw) ->
            arrayToTree(a.get(0), a.get(1)));

    private static Object arrayToTree(Object g, Object like) {
        if (zero(g) || !(like instanceof Values.Tuple || like instanceof Values.PyList)) {
            return g;
        }
        List<Object> items = in(like);
        Array ga = PyOps.toArray(g);
        if (ga.ndim() == 0 || ga.shape()[0] != items.size()) {
            throw new EvalError("internal error: the cotangent of jnp.asarray has shape " + Ops.shapeString(ga.shape())
                    + " for a sequence of " + items.size() + " items");
        }
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            out.add(arrayToTree(ArrayIndexing.index(ga, List.of(new jx.array.Index.At(i))), items.get(i)));
        }
        return sequenceLike(like, out);
    }

    private static List<Object> in(Object seq) {
        return seq instanceof Values.Tuple t ? t.items() : ((Values.PyList) seq).items();
    }

    /** The transpose of _array_to_tree: a cotangent shaped as like's items, stacked into one array. */
    public static final Values.Builtin TREE_TO_ARRAY = new Values.Builtin("_tree_to_array", (in, a, kw) -> {
        Object g = a.get(0);
        Object like = a.get(1);
        if (zero(g) || !(like instanceof Values.Tuple || like instanceof Values.PyList)) {
            return g;
        }
        return Convert.toArray(in, materialize(g, like), null);
    });

    public static final Values.Builtin MATERIALIZE = new Values.Builtin("_materialize", (in, a, kw) -> materialize(a.get(0), a.get(1)));

    /** The helpers are primitives of derived programs, so derived programs can be differentiated again. */
    private static void declareHelpers(Registry r) {
        Rules.declare(r, "_reshape_like", RESHAPE_LIKE, List.of("a", "like"), "_reshape_like(g, a)", null);
        Rules.declare(r, "_at_zero", AT_ZERO, List.of("a", "key"), "_at_zero(g, key)", null);
        Rules.declare(r, "_at_mul", AT_MUL, List.of("a", "key", "v"), "_at_mul(g, key, v)", null,
                "_unbroadcast(_index_of(g * a, key), v)");
        Rules.declare(r, "_reduce_ct", REDUCE_CT, List.of("a", "axis", "keepdims", "mean"),
                "_sum_transpose(g, a, axis, keepdims) * (jnp.size(y) / jnp.size(a) if mean else 1.0)", null, null, null);
        Rules.declare(r, "_extremum_vjp", EXTREMUM_VJP, List.of("a", "x", "m", "axis", "keepdims"),
                "_extremum_t(g, x, m, axis, keepdims)", null, null, null, null);
        Rules.declare(r, "_extremum_t", EXTREMUM_T, List.of("a", "x", "m", "axis", "keepdims"),
                "_extremum_vjp(g, x, m, axis, keepdims)", null, null, null, null);
        Rules.declare(r, "_unstack", UNSTACK, List.of("a", "arrays", "axis"), "_stack_ct(g, arrays, axis)", null, null);
        Rules.declare(r, "_stack_ct", STACK_CT, List.of("a", "arrays", "axis"), "_unstack(g, arrays, axis)", null, null);
        Rules.declare(r, "_split_like", SPLIT_LIKE, List.of("a", "arrays", "axis"), "_concat_ct(g, arrays, axis)", null, null);
        Rules.declare(r, "_concat_ct", CONCAT_CT, List.of("a", "arrays", "axis"), "_split_like(g, arrays, axis)", null, null);
        // The bound function's cotangent is that of its captures, of which fn is the first.
        Rules.declare(r, "_kw_bound", KW_BOUND, List.of("fn", "names", "n"), "_ct_get(g, 0)", null, null);
        Rules.declare(r, "_array_to_tree", ARRAY_TO_TREE, List.of("a", "like"), "_tree_to_array(g, like)", null);
        Rules.declare(r, "_tree_to_array", TREE_TO_ARRAY, List.of("a", "like"), "_array_to_tree(g, like)", null);
        Rules.declare(r, "_materialize", MATERIALIZE, List.of("a", "like"), "_unbroadcast(g, a)", null);
        Rules.declare(r, "_ones_like_output", SEED, List.of("out"), (String) null);
        Rules.declare(r, "_check_output", CHECK_OUTPUT, List.of("out", "holomorphic"), (String) null);
        Rules.declare(r, "_check_input", Transform.CHECK_INPUT, List.of("x", "holomorphic"), (String) null);
        Rules.declare(r, "_ones_like_holomorphic_output", SEED_HOLOMORPHIC, List.of("out"), (String) null);
        Rules.declare(r, "_zeros_like", ZEROS, List.of("x"), (String) null);
        // Forward mode's zeros and materialized tangents, which jacrev and jacfwd call: reverse mode through them (jacrev of jacrev).
        Rules.declare(r, "_tzeros", JvpRuntime.TZEROS, List.of("x"), (String) null);
        Rules.declare(r, "_tmaterialize", JvpRuntime.TMATERIALIZE, List.of("a", "like"), "_unbroadcast(g, a)", null);
        Rules.declare(r, "_field_index", FIELD_INDEX, List.of("x", "name"), null, null);
        // Integer shape arithmetic: without a row, a third derivative through jnp.transpose(v, axes)
        // of a parameter axes tried to differentiate it as a function.
        Rules.declare(r, "_inverse_perm", INVERSE_PERM, List.of("axes"), (String) null);
        Rules.declare(r, "_nonzero", NONZERO, List.of("g"), (String) null);
        Rules.declare(r, "_acc", ACC, List.of("a", "b"), "g", "g");
        Rules.declare(r, "_unbroadcast", UNBROADCAST, List.of("a", "like"), "_broadcast_like(g, a)", null);
        Rules.declare(r, "_unbroadcast_tail", UNBROADCAST_TAIL, List.of("a", "like"), "_broadcast_tail_like(g, a)", null);
        Rules.declare(r, "_broadcast_tail_like", BROADCAST_TAIL_LIKE, List.of("a", "like"), "_unbroadcast_tail(g, a)", null);
        Rules.declare(r, "_seq_like", SEQ_LIKE, List.of("a", "like"), "_seq_like(g, a)", null);
        Rules.declare(r, "_broadcast_like", BROADCAST_LIKE, List.of("a", "like"), "_unbroadcast(g, a)", null);
        Rules.declare(r, "_sum_transpose", SUM_T, List.of("a", "x", "axis", "keepdims"),
                "_reduce_ct(g, axis, keepdims, False)", null, null, null);
        Rules.declare(r, "_mean_transpose", MEAN_T, List.of("a", "x", "axis", "keepdims"),
                "_reduce_ct(g, axis, keepdims, True)", null, null, null);
        Rules.declare(r, "_ct_get", CT_GET, List.of("a", "key"), "_index_vjp(g, a, key)", null);
        Rules.declare(r, "_index_vjp", INDEX_VJP, List.of("a", "x", "key"), "_index_of(g, key)", null, null);
        Rules.declare(r, "_index_of", INDEX_OF, List.of("a", "key"), "_index_vjp(g, a, key)", null);
        Rules.declare(r, "_log_or_zero", LOG_OR_ZERO, List.of("x"), "g / x");
        Rules.declare(r, "_keep", KEEP, List.of("y", "a", "axis", "keepdims"), null, null, null, null);
    }

    /** Whether a value has a float leaf, through which a cotangent could flow. */
    /** Whether a value holds a float or complex leaf: something a derivative can flow through. */
    static boolean hasFloat(Object v) {
        return switch (v) {
            case Double d -> true;
            case jx.syntax.PyComplex z -> true;
            case Array a -> a.dtype().isInexact();
            case Values.Tuple t -> t.items().stream().anyMatch(Runtime::hasFloat);
            case Values.PyList l -> l.items().stream().anyMatch(Runtime::hasFloat);
            case Values.PyDict d -> d.map().values().stream().anyMatch(Runtime::hasFloat);
            default -> false;
        };
    }

    /**
     * Puts the helpers where rule templates find them by name, and declares the rows of the
     * helpers, operators and updates in the session's registry.
     */
    public static void install(Registry r, Map<String, Object> builtins) {
        declareHelpers(r);
        Rules.declareOperators(r);
        for (Values.Builtin b : List.of(ACC, CT_GET, INDEX_VJP, UNBROADCAST, SUM_T, MEAN_T,
                LOG_OR_ZERO, SEED, SEED_HOLOMORPHIC, ZEROS, FIELD_INDEX, VJP_CALL, INVERSE_PERM, KEEP, EXTREMUM_VJP, CHECK_PAIR, CHECK_OUTPUT, Transform.CHECK_INPUT, INDEX_OF, BROADCAST_LIKE, MATERIALIZE,
                RESHAPE_LIKE, AT_ZERO, AT_MUL, REDUCE_CT, EXTREMUM_T, VJP_CALL_STAR,
                UNSTACK, STACK_CT, SPLIT_LIKE, CONCAT_CT, BATCH_SIZE, UNBROADCAST_TAIL, SEQ_LIKE, NOT_IMPLEMENTED, RAISE, BROADCAST_TAIL_LIKE,
                ARRAY_TO_TREE, TREE_TO_ARRAY, KW_BOUND, NONZERO)) {
            builtins.put(b.name(), b);
        }
        // list(x) and tuple(x) only change the container: the cotangent goes back unchanged in kind.
        for (String name : List.of("list", "tuple")) {
            Rules.declare(r, name, builtins.get(name), List.of("x"), "_seq_like(g, x)");
        }
    }
}

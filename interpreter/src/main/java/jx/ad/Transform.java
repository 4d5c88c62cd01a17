package jx.ad;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import jx.array.Array;
import jx.core.Core;
import jx.diag.Source;
import jx.eval.Builtins;
import jx.eval.EvalError;
import jx.eval.Interp;
import jx.eval.PyOps;
import jx.eval.Values;
import jx.prim.Registry;
import jx.diag.Pos;

/**
 * jax.grad, jax.value_and_grad and jax.vjp over jx functions: each derives a new jx function from
 * the function's core IR ({@link Vjp} forward sweep, {@link Backward} backward sweep), simplifies it
 * ({@link Simplify}) and caches it per function and options.
 */
public final class Transform {
    private Transform() {}

    /** A derived program's key in the session's cache: the code it came from and how it was derived. */
    private record Key(Core.Code code, String options) {}

    /**
     * jax.grad(fun, argnums, has_aux, holomorphic) and jax.value_and_grad(...).
     * With holomorphic, the output and the differentiated inputs are complex and the seed is 1 + 0j,
     * so the gradient is f'(z); without it a complex input is allowed only into a real output (JAX's
     * rule), whose gradient is df/dx - i df/dy.
     */
    public static Values.Transformed grad(Interp interp, Object f, Object argnums, boolean hasAux, boolean withValue,
                                          boolean holomorphic) {
        String what = withValue ? "value_and_grad" : "grad";
        Registry registry = interp.registry();
        // jax.grad(jnp.sin), jax.grad(jnp.prod): any library function with a derivative, by rule or definition.
        jx.prim.Prim row = f instanceof Values.Builtin b ? registry.byFunction(b) : null;
        boolean differentiable = row != null && (row.derivative() instanceof jx.prim.Derivative.Rule
                || row.derivative() instanceof jx.prim.Derivative.Definition || row.derivative() instanceof jx.prim.Derivative.Custom);
        Object fn = differentiable ? calling((Values.Builtin) f, row) : f;
        List<String> params = paramsOf(fn, what);
        VarargsGrad.reject(fn, what);
        int arity = params.size();
        boolean many = argnums instanceof Values.Tuple;
        List<Integer> nums = new ArrayList<>();
        for (Object o : many ? ((Values.Tuple) argnums).items() : List.of(argnums)) {
            int n = (int) Builtins.asIndex(o, null);
            if (n < -arity || n >= arity) {
                throw new EvalError("ValueError: argnums " + n + " is out of bounds for a function of "
                        + arity + " positional argument" + (arity == 1 ? "" : "s"),
                        "argnums counts the positional parameters from 0");
            }
            nums.add(n < 0 ? n + arity : n);
        }
        String options = nums + "/" + many + "/" + hasAux + "/" + withValue + (holomorphic ? "/holomorphic" : "");
        Values.Builtin seed = holomorphic ? Runtime.SEED_HOLOMORPHIC : Runtime.SEED;
        Supplier<Values.Closure> derivation = gradDerivation(registry, fn, what, options, nums, many, hasAux, withValue, seed, false);
        // What vmap, jvp, jit and an outer grad transform: the program with impl's casts in it, so that
        // a real argument's gradient is real there too (a cotangent through x * 1j is complex until cast).
        Supplier<Values.Closure> typed = gradDerivation(registry, fn, what, options, nums, many, hasAux, withValue, seed, true);
        String name = what + "_" + nameOf(fn).replace("<lambda>", "lambda");
        return new Values.Transformed(name, params, typed, (in, args, kw) -> {
            boolean complexIn = false;
            for (int n : nums) {
                if (n < args.size()) {
                    checkReal(args.get(n));
                    if (holomorphic) {
                        checkComplex(args.get(n));
                    }
                    complexIn |= hasComplex(args.get(n));
                }
            }
            if (complexIn && !holomorphic && !in.overShapes()) {
                // The derived program may seed a full reduction with 1.0 unchecked: a complex output must still be refused.
                Object out = in.call(fn, args, kw);
                Object value = hasAux ? in.list(out).get(0) : out;
                if (value instanceof Array a && a.dtype().isComplex() || value instanceof jx.syntax.PyComplex) {
                    throw Runtime.realOutput(value instanceof Array a ? a.dtype() : jx.array.Promotion.defaultComplex());
                }
            }
            // JAX differentiates with respect to arrays: a Python float argument becomes a weak float32
            // array, so what the function computes from it (its aux, say) is an array too, as in JAX.
            List<Object> arrays = new ArrayList<>(args);
            for (int n : nums) {
                if (n < arrays.size() && arrays.get(n) instanceof Double d) {
                    arrays.set(n, Array.weak(d));
                }
            }
            args = arrays;
            Object result = in.overShapes() ? overShapes(in, fn, args, kw, nums.size(), many, hasAux, withValue,
                    seed) : in.call(derivation.get(), args, kw);
            return shapeLike(result, args, nums, many, hasAux, withValue);
        }, derivation);
    }

    private static Supplier<Values.Closure> gradDerivation(Registry registry, Object fn, String what, String options,
            List<Integer> nums, boolean many, boolean hasAux, boolean withValue, Values.Builtin seed, boolean typed) {
        return once(() -> {
            Values.Closure c = closureOf(fn, what);
            Core.Code derived = registry.derived(new Key(c.code(), options + (typed ? "/typed" : "")),
                    k -> deriveGrad(registry, c.code(), nums, many, hasAux, withValue, seed, typed));
            return new Values.Closure(derived, c.captured(), c.defaults(), c.globals());
        });
    }

    /** jax.grad(jnp.sin): a jx function of the row's required parameters that calls the primitive. */
    private static Values.Closure calling(Values.Builtin b, jx.prim.Prim row) {
        Pos pos = Pos.NONE;
        List<String> params = row.params().stream().filter(p -> !row.defaults().containsKey(p)).toList();
        List<Core.Arg> args = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            args.add(new Core.Positional(new Core.Local(i, params.get(i), pos)));
        }
        Core.Code code = new Core.Code(b.name(), params, params.stream().map(p -> Core.Code.ParamKind.PLAIN).toList(),
                params.size(), params, List.of(), List.of(new Core.Return(new Core.Call(new Core.Lit(b, pos), args, pos), pos)),
                false, pos);
        return standalone(code, new Object[0], "<" + b.name() + ">");
    }

    /**
     * A primitive with a rule as the jx function def f(p0, p1=d1, ...): return prim(p0, p1, ...),
     * whose derived program can be derived again.
     */
    private static Values.Closure asClosure(Interp in, Values.Builtin b) {
        jx.prim.Prim row = in.registry().byFunction(b);
        List<String> params = row.params();
        Core.Code code = in.registry().derived(List.of("as closure", row.name()), k -> {
            List<Core.Arg> args = new ArrayList<>();
            for (int i = 0; i < params.size(); i++) {
                args.add(new Core.Positional(new Core.Local(i, params.get(i), Pos.NONE)));
            }
            // The row itself, not a call of b: the transform expands its rule inline.
            return new Core.Code(b.name(), params, params.stream().map(p -> Core.Code.ParamKind.PLAIN).toList(),
                    params.size(), params, List.of(), List.of(new Core.Return(new Core.Prim(row, null, args, Pos.NONE),
                    Pos.NONE)), false, Pos.NONE);
        });
        List<Object> defaults = new ArrayList<>();
        for (String p : params) {
            if (row.defaults().containsKey(p)) {
                defaults.add(row.defaults().get(p));
            }
        }
        return new Values.Closure(code, new Object[0], defaults.toArray(),
                new Values.Globals(new LinkedHashMap<>(), Source.of("<" + b.name() + ">", ""), null));
    }

    /**
     * What the derived function returns, as far as shapes go, found without deriving it: the
     * function's own output (checked as the derived function checks it) and zero cotangents, which
     * {@link #shapeLike} turns into gradients shaped and typed as their arguments.
     */
    private static Object overShapes(Interp in, Object fn, List<Object> args, Map<String, Object> kw, int count,
            boolean many, boolean hasAux, boolean withValue, Values.Builtin seed) {
        Object out = in.call(fn, args, kw);
        Object value = out;
        Object aux = null;
        if (hasAux) {
            in.call(Runtime.CHECK_PAIR, List.of(out));
            List<Object> pair = in.list(out);
            value = pair.get(0);
            aux = pair.get(1);
        }
        in.call(seed, List.of(value));
        Object grads = many ? new Values.Tuple(java.util.Collections.nCopies(count, (Object) 0.0)) : 0.0;
        if (withValue) {
            return Values.Tuple.of(hasAux ? Values.Tuple.of(value, aux) : value, grads);
        }
        return hasAux ? Values.Tuple.of(grads, aux) : grads;
    }

    private static <T> Supplier<T> once(Supplier<T> make) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = make.get();
                }
                return value;
            }
        };
    }

    private static List<String> paramsOf(Object fn, String what) {
        return switch (fn) {
            case Values.Closure c -> c.code().params();
            case Values.Transformed t -> t.params();
            case Values.CustomRule c -> paramsOf(c.fun(), what);
            default -> throw notAFunction(fn, what);
        };
    }

    private static String nameOf(Object fn) {
        return switch (fn) {
            case Values.Transformed t -> t.name();
            case Values.CustomRule c -> nameOf(c.fun());
            default -> ((Values.Closure) fn).code().name();
        };
    }

    private static EvalError notAFunction(Object fn, String what) {
        return new EvalError("TypeError: jax." + what + " expects a function defined in jx, got "
                + PyOps.typeName(fn), "wrap a jnp function in a def or lambda");
    }

    private static Values.Closure closureOf(Object fn, String what) {
        return switch (fn) {
            case Values.Closure c -> c;
            case Values.Transformed t -> t.derived();
            case Values.CustomRule c -> JvpRuntime.calling(c, paramsOf(c.fun(), what));
            default -> throw notAFunction(fn, what);
        };
    }

    /** JAX's error for integer or boolean inputs to grad. */
    /** _check_input(x, holomorphic): impl's checks of an argument, in the programs vmap and jvp transform. */
    static final Values.Builtin CHECK_INPUT = new Values.Builtin("_check_input", (in, a, kw) -> {
        checkReal(a.get(0));
        if (PyOps.truthy(a.get(1))) {
            checkComplex(a.get(0));
        }
        return Values.None.NONE;
    });

    private static void checkReal(Object x) {
        switch (x) {
            case Array a when !a.dtype().isInexact() -> throw intInput(a.dtype().toString());
            case Long l -> throw intInput("int32");
            case java.math.BigInteger b -> throw intInput("int32");
            case Boolean b -> throw intInput("bool");
            case Values.Tuple t -> t.items().forEach(Transform::checkReal);
            case Values.PyList l -> l.items().forEach(Transform::checkReal);
            case Values.PyDict d -> d.map().values().forEach(Transform::checkReal);
            default -> { }
        }
    }

    private static void checkComplex(Object x) {
        switch (x) {
            case Array a when !a.dtype().isComplex() -> throw realInput(a.dtype().toString());
            case Double d -> throw realInput("float32");
            case Values.Tuple t -> t.items().forEach(Transform::checkComplex);
            case Values.PyList l -> l.items().forEach(Transform::checkComplex);
            case Values.PyDict d -> d.map().values().forEach(Transform::checkComplex);
            default -> { }
        }
    }

    private static EvalError realInput(String dtype) {
        return new EvalError("TypeError: grad with holomorphic=True requires inputs with complex dtype, but got " + dtype + ".",
                "pass complex values, e.g. jnp.asarray(z, jnp.complex64)");
    }

    private static boolean hasComplex(Object v) {
        return switch (v) {
            case Array a -> a.dtype().isComplex();
            case jx.syntax.PyComplex z -> true;
            case Values.Tuple t -> t.items().stream().anyMatch(Transform::hasComplex);
            case Values.PyList l -> l.items().stream().anyMatch(Transform::hasComplex);
            case Values.PyDict d -> d.map().values().stream().anyMatch(Transform::hasComplex);
            default -> false;
        };
    }

    private static EvalError intInput(String dtype) {
        return new EvalError("TypeError: grad requires real- or complex-valued inputs (input dtype that is a sub-dtype "
                + "of np.inexact), but got " + dtype + ". If you want to use Boolean- or integer-valued inputs, use vjp "
                + "or set allow_int to True.", "pass floats, e.g. jnp.array([1.0, 2.0]) or x.astype(jnp.float32)");
    }

    /** Gradients take exactly the structure and dtype of their argument. */
    private static Object shapeLike(Object result, List<Object> args, List<Integer> nums, boolean many,
            boolean hasAux, boolean withValue) {
        List<Object> r = withValue || hasAux ? ((Values.Tuple) result).items() : List.of(result);
        Object grads = withValue ? r.get(1) : r.get(0);
        Object shaped;
        if (many) {
            List<Object> out = new ArrayList<>();
            List<Object> gs = ((Values.Tuple) grads).items();
            for (int i = 0; i < nums.size(); i++) {
                out.add(Runtime.materialize(gs.get(i), args.get(nums.get(i))));
            }
            shaped = new Values.Tuple(out);
        } else {
            shaped = Runtime.materialize(grads, args.get(nums.get(0)));
        }
        if (withValue) {
            // As in JAX the value is an array, weakly typed where it came from Python numbers.
            Object value = hasAux ? arrayValue((Values.Tuple) r.get(0)) : PyOps.toArray(r.get(0));
            return Values.Tuple.of(value, shaped);
        }
        return hasAux ? Values.Tuple.of(shaped, r.get(1)) : shaped;
    }

    /** A has_aux value's (value, aux) pair with the value an array. */
    private static Values.Tuple arrayValue(Values.Tuple pair) {
        return Values.Tuple.of(PyOps.toArray(pair.items().get(0)), pair.items().get(1));
    }

    private static Core.Code deriveGrad(Registry registry, Core.Code code, List<Integer> nums, boolean many,
            boolean hasAux, boolean withValue, Values.Builtin seed, boolean typed) {
        Vjp v = new Vjp(registry, code, Set.copyOf(nums), false);
        Vjp.Forward fw = v.forward();
        Pos pos = Pos.NONE;
        List<Core.Stmt> body = new ArrayList<>(fw.stmts());
        Core out = fw.result();
        Core aux = null;
        Backward bw = new Backward(v);
        if (hasAux) {
            body.add(new Core.Eval(call(Runtime.CHECK_PAIR, out), pos));
            Core.Local o = v.fresh("_out");
            Core.Local a = v.fresh("_aux");
            body.add(new Core.Bind(new Core.Bind.Unpack(List.of(new Core.Bind.ToLocal(o.slot(), o.name()),
                    new Core.Bind.ToLocal(a.slot(), a.name())), pos), out, pos));
            // The output is the pair's first item: its cotangent flows back into the pair.
            bw.seed(out, new Core.MakeTuple(List.of(call(seed, o), new Core.Lit(0.0, pos)), pos));
            aux = a;
            out = o;
        } else {
            bw.seed(out, call(seed, out));
        }
        if (typed) {
            int at = 0;
            for (int n : nums) {
                body.add(at++, new Core.Eval(call(CHECK_INPUT, new Core.Local(n, code.params().get(n), pos),
                        new Core.Lit(seed == Runtime.SEED_HOLOMORPHIC, pos)), pos));
            }
            // impl checks the output (scalar, real) before running the program; so must the program
            // that vmap and jvp transform, since the seed of a full reduction simplifies to 1.0.
            body.add(new Core.Eval(call(Runtime.CHECK_OUTPUT, out, new Core.Lit(seed == Runtime.SEED_HOLOMORPHIC, pos)), pos));
        }
        bw.run(fw.steps());
        body.addAll(bw.statements());
        List<Core> grads = new ArrayList<>();
        for (int n : nums) {
            Core.Local p = new Core.Local(n, code.params().get(n), pos);
            Core g = bw.cotangent(p);
            grads.add(g == null ? call(Runtime.ZEROS, p) : typed ? call(Runtime.MATERIALIZE, g, p) : g);
        }
        Core grad = many ? new Core.MakeTuple(grads, pos) : grads.get(0);
        Core ret = withValue ? new Core.MakeTuple(List.of(hasAux ? new Core.MakeTuple(List.of(out, aux), pos) : out, grad), pos)
                : hasAux ? new Core.MakeTuple(List.of(grad, aux), pos) : grad;
        body.add(new Core.Return(ret, pos));
        String name = (withValue ? "value_and_grad_" : "grad_") + code.name().replace("<lambda>", "lambda");
        Core.Code derived = new Core.Code(name, code.params(), code.kinds(), v.slots.size(), v.slots, code.captures(),
                body, false, code.pos());
        return Simplify.code(derived);
    }

    static Core call(Values.Builtin fn, Core... args) {
        List<Core.Arg> as = new ArrayList<>();
        for (Core a : args) {
            as.add(new Core.Positional(a));
        }
        return new Core.Call(new Core.Lit(fn, Pos.NONE), as, Pos.NONE);
    }

    // ---- the vjp of a function called from a differentiated program ----

    /** (f(*args), back) for a jx function: back(g) = (cotangents of f's captures, of each argument). */
    static Object vjpOfClosure(Interp in, Values.Closure c, List<Object> args, Map<String, Object> kw) {
        return in.call(vjpClosure(in, c, args, kw), args, kw);
    }

    /** The vjp program of a jx function as a closure of the same captures: (f(*args), back), for forward over reverse. */
    static Values.Closure vjpClosure(Interp in, Values.Closure of, List<Object> args, Map<String, Object> kw) {
        // def f(a, *rest): derived as the function of this call's arity, one cotangent per argument.
        Values.Closure c = FixedArity.of(in.registry(), of, args.size());
        Set<Integer> carrying = carrying(c.code(), args, kw);
        Core.Code derived = in.registry().derived(new Key(c.code(), "vjp" + carrying),
                k -> deriveVjp(in.registry(), c.code(), 0, carrying));
        return new Values.Closure(derived, c.captured(), c.defaults(), c.globals());
    }

    /**
     * _vjp_call(_vjp_call, f, *args): the derivative of a derived program's call of f, and so on to
     * any order (_vjp_call(_vjp_call, _vjp_call, f, *args), ...): f's vjp derived once more per level.
     */
    static Object vjpOfVjp(Interp in, Object fn, List<Object> args, Map<String, Object> kw) {
        Registry registry = in.registry();
        int depth = 1;
        while (fn == Runtime.VJP_CALL) {
            depth++;
            fn = args.get(0);
            args = args.subList(1, args.size());
        }
        if (fn instanceof Values.Builtin b && Rules.custom(registry, b) == null && Rules.byFunction(registry, b) == null
                && Rules.definition(in, b) == null && !b.name().startsWith("_vjp_call")) {
            // A function without a rule ("".join of strings built from shapes): its first derivative is the
            // constant zero, or it raised there, so every higher one is zero too.
            List<Object> lower = new ArrayList<>(java.util.Collections.nCopies(depth - 1, (Object) Runtime.VJP_CALL));
            lower.add(fn);
            lower.addAll(args);
            Object r = in.call(Runtime.VJP_CALL, lower, kw);
            return Values.Tuple.of(r, constantBack(new Values.Tuple(new ArrayList<>(
                    java.util.Collections.nCopies(lower.size() + 1, (Object) 0.0)))));
        }
        if (fn instanceof Values.Builtin b && Rules.custom(registry, b) != null && Rules.again(in, b) == null) {
            throw new EvalError("NotImplementedError: jax.grad cannot take a second derivative through " + b.name()
                    + " yet (its derivative is first order)", "differentiate once, or write the computation in jx");
        }
        Values.Closure c = FixedArity.of(registry, fn instanceof Values.Builtin b && Rules.again(in, b) != null ? Rules.again(in, b)
                : fn instanceof Values.Builtin b && Rules.byFunction(registry, b) != null ? asClosure(in, b)
                : closureOf(fn, "grad"), args.size());
        Set<Integer> carrying = carrying(c.code(), args, kw);
        Core.Code code = registry.derived(new Key(c.code(), "vjp" + carrying),
                k -> deriveVjp(registry, c.code(), 0, carrying));
        // Each level's caller's cotangents are (of each _vjp_call, of f, of each argument): one more in front.
        for (int level = 1; level <= depth; level++) {
            Core.Code from = code;
            int zeros = level;
            code = registry.derived(new Key(from, "vjp" + zeros + carrying), k -> deriveVjp(registry, from, zeros, carrying));
        }
        return in.call(new Values.Closure(code, c.captured(), c.defaults(), c.globals()), args, kw);
    }

    /**
     * The parameters that can carry a derivative in this call: floats, float arrays, functions
     * (which may close over differentiated values) and containers of them. An int, a string or
     * None (an axis, a size, a mode) is a constant of the derivation, so that passing it on, by
     * keyword or to index and shape arithmetic, needs no derivative.
     */
    private static Set<Integer> carrying(Core.Code code, List<Object> args, Map<String, Object> kw) {
        if (code.kinds().contains(Core.Code.ParamKind.VARARGS)) {
            // FixedArity gives each argument a parameter, unless keyword-only parameters follow *args.
            throw Vjp.unsupported("functions with keyword-only parameters after *args");
        }
        Set<Integer> out = new java.util.TreeSet<>();
        for (int i = 0; i < code.params().size(); i++) {
            Core.Code.ParamKind kind = code.kinds().get(i);
            if (kind == Core.Code.ParamKind.KWARGS) {
                // Keywords the function collects in **kwargs (an rng, a mode) are constants of the derivation;
                // one that carries a derivative is not differentiated yet.
                if (kw.entrySet().stream().anyMatch(e -> !code.params().contains(e.getKey()) && carries(e.getValue()))) {
                    throw Vjp.unsupported("functions with **kwargs given a differentiable keyword argument");
                }
                continue;
            }
            boolean carries = kind == Core.Code.ParamKind.VARARGS
                    ? args.size() > i && args.subList(i, args.size()).stream().anyMatch(Transform::carries)
                    : carries(i < args.size() ? args.get(i) : kw.get(code.params().get(i)));
            if (carries) {
                out.add(i);
            }
        }
        return out;
    }

    private static boolean carries(Object v) {
        return switch (v) {
            case null -> false;
            case Double d -> true;
            case jx.syntax.PyComplex z -> true;
            case Array a -> a.dtype().isInexact();
            case Values.Closure c -> true;
            case Values.Transformed t -> true;
            case Values.BoundMethod m -> true;
            case Values.Tuple t -> t.items().stream().anyMatch(Transform::carries);
            case Values.PyList l -> l.items().stream().anyMatch(Transform::carries);
            case Values.PyDict d -> d.map().values().stream().anyMatch(Transform::carries);
            default -> false;
        };
    }

    /**
     * The vjp of code, differentiated with respect to the parameters in active. leadingZeros: the
     * backward function also returns that many zero cotangents first (for the _vjp_calls that called it).
     */
    private static Core.Code deriveVjp(Registry registry, Core.Code code, int leadingZeros, Set<Integer> active) {
        Vjp v = new Vjp(registry, code, active, true);
        Vjp.Forward fw = v.forward();
        Pos pos = Pos.NONE;
        List<Core.Stmt> body = new ArrayList<>(fw.stmts());
        Core.Local g = v.fresh("g");
        Backward bw = new Backward(v);
        bw.seed(fw.result(), g);
        bw.run(fw.steps());
        List<Core.Stmt> back = new ArrayList<>(bw.statements());
        List<Core> caps = new ArrayList<>();
        for (int i = 0; i < code.captures().size(); i++) {
            Core ct = bw.cotangent(new Core.Captured(i, "cap" + i, pos));
            caps.add(ct != null ? ct : new Core.Lit(0.0, pos));
        }
        List<Core> cts = new ArrayList<>();
        for (int i = 0; i < leadingZeros; i++) {
            cts.add(new Core.Lit(0.0, pos));
        }
        cts.add(new Core.MakeTuple(caps, pos));
        for (int i = 0; i < code.params().size(); i++) {
            Core ct = bw.cotangent(new Core.Local(i, code.params().get(i), pos));
            cts.add(ct != null ? ct : new Core.Lit(0.0, pos));
        }
        back.add(new Core.Return(new Core.MakeTuple(cts, pos), pos));
        Core.Closure backFn = Relocate.closure("back_" + code.name().replace("<lambda>", "lambda"), g.slot(), back, v.slots, pos);
        Core.Local b = v.fresh("_back");
        body.add(new Core.Bind(new Core.Bind.ToLocal(b.slot(), b.name()), backFn, pos));
        body.add(new Core.Return(new Core.MakeTuple(List.of(fw.result(), b), pos), pos));
        return Simplify.code(new Core.Code(code.name() + "_vjp", code.params(), code.kinds(), v.slots.size(), v.slots,
                code.captures(), body, false, code.pos()));
    }

    // ---- primitives called through _vjp_call ----

    /** A rule as a jx function lambda params..., y, g: (0.0, ct0, ct1, ...), 0.0 for the function. */
    static Values.Closure ruleFunction(Interp in, Rule r) {
        return in.registry().derived(List.of("rule function", r.name()), k -> {
            List<String> params = new ArrayList<>(r.names());
            params.add("y");
            params.add("g");
            Pos pos = Pos.NONE;
            Map<String, Core> names = new HashMap<>();
            List<String> slotNames = new ArrayList<>(params);
            for (int i = 0; i < params.size(); i++) {
                names.put(params.get(i), new Core.Local(i, params.get(i), pos));
            }
            List<Core> cts = new ArrayList<>();
            cts.add(new Core.Lit(0.0, pos));
            for (Core t : r.cotangents()) {
                cts.add(t == null ? new Core.Lit(0.0, pos) : Subst.names(t, names));
            }
            while (cts.size() < r.params().size() + 1) {
                cts.add(new Core.Lit(0.0, pos));
            }
            List<Core.Code.ParamKind> kinds = params.stream().map(p -> Core.Code.ParamKind.PLAIN).toList();
            Core.Code code = new Core.Code("d_" + r.name(), params, kinds, params.size(), slotNames, List.of(),
                    List.of(new Core.Return(new Core.MakeTuple(cts, pos), pos)), true, pos);
            return standalone(code, new Object[0], "<rule " + r.name() + ">");
        });
    }

    /**
     * back(g) = rule(args..., y, g) as a jx closure (not a Java function), so that a derived program
     * that calls it can itself be differentiated.
     */
    static Values.Closure ruleBack(Interp in, Rule rule, List<Object> bound, Object y) {
        Pos pos = Pos.NONE;
        List<Core.Arg> args = new ArrayList<>();
        for (int i = 0; i < bound.size() + 1; i++) {
            args.add(new Core.Positional(new Core.Captured(i + 1, "c" + i, pos)));
        }
        args.add(new Core.Positional(new Core.Local(0, "g", pos)));
        List<Core> captures = new ArrayList<>();
        for (int i = 0; i < bound.size() + 2; i++) {
            captures.add(new Core.Lit(0.0, pos));
        }
        Core.Code code = new Core.Code("back_" + rule.name(), List.of("g"), List.of(Core.Code.ParamKind.PLAIN), 1,
                List.of("g"), captures, List.of(new Core.Return(new Core.Call(new Core.Captured(0, "rule", pos), args, pos), pos)),
                false, pos);
        Object[] values = new Object[bound.size() + 2];
        values[0] = ruleFunction(in, rule);
        for (int i = 0; i < bound.size(); i++) {
            values[i + 1] = bound.get(i);
        }
        values[bound.size() + 1] = y;
        return standalone(code, values, "<rule " + rule.name() + ">");
    }

    /**
     * _kw_bound(fn, names, n): fn as a jx function of n positional arguments and then the keyword
     * arguments in names, which calls fn with every argument in its parameter's place (defaults
     * filled in). A derived program calls it positionally, so that no keyword call is left for a
     * second derivative to lose track of.
     */
    static Values.Closure keywordsBound(Interp in, Object fn, List<String> names, int n) {
        List<String> params;
        Object[] defaults;
        Map<String, Object> named = null;
        switch (fn) {
            case Values.Closure c when c.code().kinds().stream().allMatch(k -> k == Core.Code.ParamKind.PLAIN) -> {
                params = c.code().params();
                defaults = c.defaults();
            }
            case Values.Transformed t -> {
                params = t.params();
                defaults = t.derived().defaults();
            }
            // A row defined by a jx function of *args (functools.partial, max) has no parameter for a keyword.
            case Values.Builtin b when in.registry().byFunction(b) != null && !(Rules.definition(in, b) instanceof Values.Closure d
                    && d.code().kinds().contains(Core.Code.ParamKind.VARARGS)) -> {
                params = in.registry().byFunction(b).params();
                named = in.registry().byFunction(b).defaults();
                defaults = new Object[0];
            }
            default -> throw Vjp.unsupported("a keyword argument carrying a differentiated value to a "
                    + PyOps.typeName(fn) + " with * or ** parameters");
        }
        String name = fn instanceof Values.Builtin b ? b.name() : nameOf(fn);
        if (n > params.size()) {
            throw new EvalError("TypeError: " + name + "() takes " + params.size() + " positional arguments but " + n + " were given");
        }
        Pos pos = Pos.NONE;
        List<String> own = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            own.add(params.get(i));
        }
        for (String k : names) {
            int at = params.indexOf(k);
            if (at < 0) {
                throw new EvalError("TypeError: " + name + "() got an unexpected keyword argument '" + k + "'");
            }
            if (at < n) {
                throw new EvalError("TypeError: " + name + "() got multiple values for argument '" + k + "'");
            }
            own.add(k);
        }
        int last = n - 1;
        for (String k : names) {
            last = Math.max(last, params.indexOf(k));
        }
        List<Core> captures = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        captures.add(new Core.Lit(0.0, pos));
        values.add(fn);
        List<Core.Arg> args = new ArrayList<>();
        int firstDefault = params.size() - defaults.length;
        for (int i = 0; i <= last; i++) {
            int at = i < n ? i : own.indexOf(params.get(i));
            if (at >= 0) {
                args.add(new Core.Positional(new Core.Local(at, own.get(at), pos)));
                continue;
            }
            Object d = named != null ? named.get(params.get(i)) : i >= firstDefault ? defaults[i - firstDefault] : null;
            if (d == null) {
                throw new EvalError("TypeError: " + name + "() missing required argument '" + params.get(i) + "'");
            }
            args.add(new Core.Positional(new Core.Captured(captures.size(), "d" + i, pos)));
            captures.add(new Core.Lit(0.0, pos));
            values.add(d);
        }
        Core.Code code = in.registry().derived(List.of("keywords bound", fn instanceof Values.Closure c ? c.code() : fn,
                names, n, captures.size()), k -> new Core.Code(name, own,
                own.stream().map(p -> Core.Code.ParamKind.PLAIN).toList(), own.size(), own, captures,
                List.of(new Core.Return(new Core.Call(new Core.Captured(0, name, pos), args, pos), pos)), false, pos));
        return standalone(code, values.toArray(), "<keywords>");
    }

    /** back(g) = cts, as a jx closure: the backward function of a call through which nothing flows. */
    static Values.Closure constantBack(Values.Tuple cts) {
        Pos pos = Pos.NONE;
        Core.Code code = new Core.Code("back_constant", List.of("g"), List.of(Core.Code.ParamKind.PLAIN), 1, List.of("g"),
                List.of(new Core.Lit(0.0, pos)), List.of(new Core.Return(new Core.Captured(0, "cts", pos), pos)), false, pos);
        return standalone(code, new Object[] {cts}, "<constant>");
    }

    /** A closure made here, not written in a module: its globals are empty, its source is named where. */
    private static Values.Closure standalone(Core.Code code, Object[] captured, String where) {
        return new Values.Closure(code, captured, new Object[0],
                new Values.Globals(new LinkedHashMap<>(), Source.of(where, ""), null));
    }

    /** Binds a call's arguments to a rule's parameters (positional, keyword, defaults). */
    static List<Object> bindRule(Rule rule, List<Object> args, Map<String, Object> kw) {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < rule.params().size(); i++) {
            String p = rule.params().get(i);
            Object v = i < args.size() ? args.get(i) : kw.containsKey(p) ? kw.get(p) : rule.defaults().get(p);
            if (v == null) {
                throw new EvalError("TypeError: " + rule.name() + "() missing required argument '" + p + "'");
            }
            out.add(v);
        }
        return out;
    }
}

package jx.batch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jx.core.Core;
import jx.diag.Pos;
import jx.eval.Builtins;
import jx.eval.EvalError;
import jx.eval.Interp;
import jx.eval.Printer;
import jx.eval.PyOps;
import jx.eval.Values;
import jx.prim.Prim;
import jx.prim.Registry;

/**
 * jax.vmap: a jx function derived from the function's core IR by {@link Batcher}, one per way its
 * arguments are mapped, cached in the session's registry. jx.show prints it; jax.grad differentiates it.
 */
public final class Vmap {
    private Vmap() {}

    private static final Pos POS = Pos.NONE;

    /** A derived program's key: the code, which parameters and captures are batched, the axes in and out. */
    private record Key(Core.Code code, List<Boolean> captures, List<String> specs, String outAxes, String axisSize) {
        // The code by identity: a record's own hash would walk the whole program on every call.
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.code == code && k.captures.equals(captures) && k.specs.equals(specs)
                    && k.outAxes.equals(outAxes) && k.axisSize.equals(axisSize);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(System.identityHashCode(code), captures, specs, outAxes, axisSize);
        }
    }

    /** Declares the helpers batched programs call (each a registry row). */
    public static void install(Registry r, Map<String, Object> builtins) {
        Helpers.install(r, builtins);
        JvpLanes.install(r, builtins);
    }

    /** jax.vmap(fun, in_axes, out_axes, axis_size). */
    public static Values.Transformed vmap(Interp interp, Object fun, Object inAxes, Object outAxes, Object axisSize) {
        if (!(fun instanceof Values.Closure || fun instanceof Values.Transformed || fun instanceof Values.Builtin
                || fun instanceof Values.CustomRule)) {
            throw new EvalError("TypeError: vmap expects a function, got " + PyOps.typeName(fun));
        }
        checkSpec(inAxes, "in_axes");
        checkSpec(outAxes, "out_axes");
        Target target = target(interp, fun);
        List<String> params = target.closure().code().params();
        String name = "vmap_" + target.closure().code().name().replace("<lambda>", "lambda");
        java.util.function.Supplier<Values.Closure> shown = () -> {
            List<Object> specs = new ArrayList<>();
            for (int i = 0; i < params.size(); i++) {
                specs.add(inAxes instanceof Values.Tuple t ? (i < t.items().size() ? t.items().get(i) : Values.None.NONE)
                        : inAxes instanceof Values.PyList l ? (i < l.items().size() ? l.items().get(i) : Values.None.NONE) : inAxes);
            }
            return derived(interp, target, specs, outAxes, axisSize);
        };
        return new Values.Transformed(name, params, once(shown), (in, args, kw) -> {
            List<Object> specs = specsFor(inAxes, args, kw, target.closure().code());
            return in.call(derived(in, target, specs, outAxes, axisSize), args, kw);
        });
    }

    private static <T> java.util.function.Supplier<T> once(java.util.function.Supplier<T> make) {
        return new java.util.function.Supplier<>() {
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

    /** The function vmap batches: its code and which of its captures are batched. */
    private record Target(Values.Closure closure, List<Boolean> captures) {}

    private static Target target(Interp in, Object fun) {
        return switch (fun) {
            case Values.Closure c -> new Target(c, java.util.Collections.nCopies(c.captured().length, false));
            case Values.Transformed t when Closures.batched(t) != null ->
                    new Target(Closures.batched(t).closure(), Closures.batched(t).captures());
            case Values.Transformed t -> target(in, t.derived());
            case Values.Builtin b -> new Target(calling(in, b), List.of());
            // vmap(f) of a jax.custom_jvp / custom_vjp f: a jx function calling it (its rule stays with it).
            case Values.CustomRule c when c.fun() instanceof Values.Closure f ->
                    new Target(jx.ad.JvpRuntime.calling(c, f.code().params()), List.of());
            default -> throw new EvalError("TypeError: vmap expects a function, got " + PyOps.typeName(fun));
        };
    }

    /** vmap(jnp.sin): a jx function of the row's required parameters that calls it. */
    private static Values.Closure calling(Interp in, Values.Builtin b) {
        Prim row = in.registry().byFunction(b);
        if (row == null) {
            throw new EvalError("TypeError: jax.vmap cannot batch the built-in function " + b.name() + " yet",
                    "wrap it in a lambda");
        }
        List<String> params = row.params().stream().filter(p -> !row.defaults().containsKey(p)).toList();
        List<Core.Arg> args = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            args.add(new Core.Positional(new Core.Local(i, params.get(i), POS)));
        }
        Core.Code code = new Core.Code(row.member(), params, params.stream().map(p -> Core.Code.ParamKind.PLAIN).toList(),
                params.size(), params, List.of(), List.of(new Core.Return(new Core.Prim(row, null, args, POS), POS)), false, POS);
        return new Values.Closure(code, new Object[0], new Object[0],
                new Values.Globals(new LinkedHashMap<>(), jx.diag.Source.of("<" + row.name() + ">", ""), null));
    }

    private static void checkSpec(Object spec, String what) {
        switch (spec) {
            case Values.None n -> { }
            case Long l -> { }
            case Values.Tuple t -> t.items().forEach(x -> checkSpec(x, what));
            case Values.PyList l -> l.items().forEach(x -> checkSpec(x, what));
            case Values.PyDict d -> d.map().values().forEach(x -> checkSpec(x, what));
            default -> throw new EvalError("TypeError: vmap " + what + " must be an int, None, or (nested) standard Python "
                    + "container (tuple, list, dict) thereof, got " + Printer.repr(spec));
        }
    }

    /** One spec per parameter for this call (a keyword argument is mapped along 0, as JAX maps it). */
    private static List<Object> specsFor(Object inAxes, List<Object> args, Map<String, Object> kw, Core.Code code) {
        List<Object> perArg;
        if (inAxes instanceof Values.Tuple || inAxes instanceof Values.PyList) {
            List<Object> items = inAxes instanceof Values.Tuple t ? t.items() : ((Values.PyList) inAxes).items();
            if (items.size() != args.size()) {
                throw new EvalError("ValueError: vmap in_axes must be an int, None, or a tuple of entries corresponding "
                        + "to the positional arguments passed to the function, but got len(in_axes)=" + items.size()
                        + ", len(args)=" + args.size(), "give in_axes one entry per positional argument");
            }
            perArg = items;
        } else {
            perArg = java.util.Collections.nCopies(args.size(), inAxes);
        }
        List<Object> specs = new ArrayList<>();
        List<Core.Code.ParamKind> kinds = code.kinds();
        for (int i = 0; i < code.params().size(); i++) {
            if (kinds.get(i) == Core.Code.ParamKind.VARARGS) {
                specs.add(new Values.Tuple(new ArrayList<>(perArg.subList(Math.min(i, perArg.size()), perArg.size()))));
            } else if (kinds.get(i) == Core.Code.ParamKind.KWARGS) {
                throw Batcher.unsupported("a function with **kwargs");
            } else if (i < perArg.size()) {
                specs.add(perArg.get(i));
            } else {
                specs.add(kw.containsKey(code.params().get(i)) ? (Object) 0L : Values.None.NONE);
            }
        }
        return specs;
    }

    private static boolean mapped(Object spec) {
        return switch (spec) {
            case Values.None n -> false;
            case Values.Tuple t -> t.items().stream().anyMatch(Vmap::mapped);
            case Values.PyList l -> l.items().stream().anyMatch(Vmap::mapped);
            case Values.PyDict d -> d.map().values().stream().anyMatch(Vmap::mapped);
            default -> true;
        };
    }

    private static Values.Closure derived(Interp in, Target t, List<Object> specs, Object outAxes, Object axisSize) {
        Values.Closure c = t.closure();
        Registry registry = in.registry();
        List<String> specText = specs.stream().map(Printer::repr).toList();
        Key key = new Key(c.code(), t.captures(), specText, Printer.repr(outAxes), Printer.repr(axisSize));
        Core.Code code = registry.derived(key, k -> deriveTop(registry, c.code(), t.captures(), specs, outAxes, axisSize));
        return new Values.Closure(code, c.captured(), c.defaults(), c.globals());
    }

    private static Core.Code deriveTop(Registry registry, Core.Code code, List<Boolean> captures, List<Object> specs,
            Object outAxes, Object axisSize) {
        List<Boolean> flags = specs.stream().map(Vmap::mapped).toList();
        Batcher b = new Batcher(registry, code, flags, captures, new Core.Lit(outAxes, POS));
        List<Core.Stmt> body = new ArrayList<>();
        List<Core> params = new ArrayList<>();
        List<Core> names = new ArrayList<>();
        for (int i = 0; i < code.params().size(); i++) {
            params.add(new Core.Local(i, code.params().get(i), POS));
            names.add(new Core.Lit(code.params().get(i), POS));
        }
        Core size;
        if (flags.contains(true) || captures.isEmpty() || !captures.contains(true)) {
            size = b.prim(Helpers.SIZE, new Core.MakeTuple(params, POS), new Core.Lit(new Values.Tuple(specs), POS),
                    new Core.MakeTuple(names, POS), new Core.Lit(axisSize, POS));
        } else {
            size = lanesOf(b, code, List.of(), captures);
        }
        body.add(new Core.Bind(new Core.Bind.ToLocal(b.lanes.slot(), b.lanes.name()), size, POS));
        for (int i = 0; i < code.params().size(); i++) {
            Object spec = specs.get(i);
            if (flags.get(i) && !(spec instanceof Long l && l == 0L)) {
                body.add(new Core.Bind(new Core.Bind.ToLocal(i, code.params().get(i)),
                        b.prim(Helpers.IN, params.get(i), new Core.Lit(spec, POS), b.lanes), POS));
            }
        }
        body.addAll(b.body());
        String name = "vmap_" + code.name().replace("<lambda>", "lambda");
        return new Core.Code(name, code.params(), code.kinds(), b.slots.size(), b.slots, code.captures(), body, false, code.pos());
    }

    /** _B = _vmap_b((batched parameters and captures...)): a batched callee takes the size from its arguments. */
    private static Core lanesOf(Batcher b, Core.Code code, List<Boolean> params, List<Boolean> captures) {
        List<Core> batched = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            if (params.get(i)) {
                batched.add(new Core.Local(i, code.params().get(i), POS));
            }
        }
        for (int i = 0; i < captures.size(); i++) {
            if (captures.get(i)) {
                batched.add(new Core.Captured(i, "cap" + i, POS));
            }
        }
        return b.prim(Helpers.LANES_OF, new Core.MakeTuple(batched, POS));
    }

    private record CalleeKey(Core.Code code, List<Boolean> params, List<Boolean> captures) {
        @Override
        public boolean equals(Object o) {
            return o instanceof CalleeKey k && k.code == code && k.params.equals(params) && k.captures.equals(captures);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(System.identityHashCode(code), params, captures);
        }
    }

    /** _vmap_callee(fn, flags, kwflags): fn as a function of batched arguments (flags say which are). */
    static Object callee(Interp in, Object fn, Object flagsValue, Object kwValue, boolean forceLoop) {
        List<Boolean> flags = ((Values.Tuple) flagsValue).items().stream().map(PyOps::truthy).toList();
        List<String> kwBatched = ((Values.Tuple) kwValue).items().stream().map(o -> (String) o).toList();
        if (!forceLoop && !flags.isEmpty() && flags.get(0) && kwBatched.isEmpty() && isTransform(in, fn)) {
            return transformOfBatched(fn);
        }
        Target t = null;
        if (!forceLoop) {
            t = switch (fn) {
                case Values.Closure c -> new Target(c, java.util.Collections.nCopies(c.captured().length, false));
                case Values.Transformed tr when Closures.batched(tr) != null ->
                        new Target(Closures.batched(tr).closure(), Closures.batched(tr).captures());
                case Values.Transformed tr -> new Target(tr.derived(), java.util.Collections.nCopies(tr.derived().captured().length, false));
                default -> null;
            };
        }
        Object special = t == null ? null : ControlFlow.batched(in, t.closure(), flags, kwBatched);
        if (special != null) {
            return special;
        }
        if (t == null || t.closure().code().kinds().contains(Core.Code.ParamKind.VARARGS)
                || t.closure().code().kinds().contains(Core.Code.ParamKind.KWARGS)) {
            return looping(fn, flags, kwBatched);
        }
        Core.Code code = t.closure().code();
        List<Boolean> params = new ArrayList<>();
        for (int i = 0; i < code.params().size(); i++) {
            params.add(i < flags.size() ? flags.get(i) : kwBatched.contains(code.params().get(i)));
        }
        Target target = t;
        Core.Code derived = in.registry().derived(new CalleeKey(code, params, t.captures()),
                k -> deriveCallee(in.registry(), code, params, target.captures()));
        Values.Closure c = t.closure();
        return new Values.Closure(derived, c.captured(), c.defaults(), c.globals());
    }

    private static boolean isTransform(Interp in, Object fn) {
        Map<String, Object> jax = in.module("jax", null, null).members();
        for (String name : List.of("vmap", "grad", "value_and_grad")) {
            if (jax.get(name) == fn) {
                return true;
            }
        }
        return false;
    }

    /**
     * jax.vmap(f) (or grad) inside a batched program, f closing over batched values: the transform
     * of f as it is per example (its captures unbatched at its own level), itself closing over
     * those batched values, so that calling it batches the transformed program one level out.
     */
    private static Values.Builtin transformOfBatched(Object transform) {
        return new Values.Builtin("batched_transform", (in, args, kw) -> {
            if (!(args.get(0) instanceof Values.Transformed t) || Closures.batched(t) == null) {
                throw Batcher.unsupported("a function transform of a batched value that is not a function");
            }
            Closures.Info info = Closures.batched(t);
            List<Object> rest = new ArrayList<>(args);
            rest.set(0, info.closure());
            Object made = in.call(transform, rest, kw);
            Values.Closure derived = made instanceof Values.Transformed m ? m.derived() : (Values.Closure) made;
            return Closures.wrap(derived, info.captures());
        });
    }

    private static Core.Code deriveCallee(Registry registry, Core.Code code, List<Boolean> params, List<Boolean> captures) {
        Batcher b = new Batcher(registry, code, params, captures, null);
        List<Core.Stmt> body = new ArrayList<>();
        body.add(new Core.Bind(new Core.Bind.ToLocal(b.lanes.slot(), b.lanes.name()), lanesOf(b, code, params, captures), POS));
        body.addAll(b.body());
        return new Core.Code(code.name(), code.params(), code.kinds(), b.slots.size(), b.slots, code.captures(), body,
                code.isLambda(), code.pos());
    }

    /** fn once per example, the results stacked: the fallback for what has no batching rule. */
    static Values.Builtin looping(Object fn, List<Boolean> flags, List<String> kwBatched) {
        String name = fn instanceof Values.Builtin b ? b.name() : PyOps.typeName(fn);
        return new Values.Builtin("looped_" + name, (in, args, kw) -> {
            int n = -1;
            for (int i = 0; i < args.size() && n < 0; i++) {
                if (i < flags.size() && flags.get(i)) {
                    n = sizeOf(args.get(i));
                }
            }
            for (String k : kwBatched) {
                if (n < 0) {
                    n = sizeOf(kw.get(k));
                }
            }
            if (n < 0) {
                n = LaneFunctions.size(fn);
            }
            if (n < 0) {
                throw new EvalError("ValueError: vmap: a batched call has no batched array to take its size from");
            }
            List<Object> outs = new ArrayList<>();
            for (int e = 0; e < n; e++) {
                List<Object> as = new ArrayList<>();
                for (int i = 0; i < args.size(); i++) {
                    as.add(i < flags.size() && flags.get(i) ? Lanes.example(args.get(i), e) : args.get(i));
                }
                Map<String, Object> ks = new LinkedHashMap<>();
                for (Map.Entry<String, Object> en : kw.entrySet()) {
                    ks.put(en.getKey(), kwBatched.contains(en.getKey()) ? Lanes.example(en.getValue(), e) : en.getValue());
                }
                Object lane = LaneFunctions.lane(fn, e);
                outs.add(in.call(lane != null ? lane : fn, as, ks));
            }
            return Lanes.stack(outs);
        });
    }

    private static int sizeOf(Object v) {
        if (v instanceof Values.Transformed t && Closures.batched(t) != null) {
            return Closures.size(Closures.batched(t));
        }
        return Lanes.size(v);
    }

    static long index(Object v) {
        return Builtins.asIndex(v, null);
    }
}

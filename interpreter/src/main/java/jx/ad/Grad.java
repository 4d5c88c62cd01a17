package jx.ad;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jx.array.Array;
import jx.array.Ops;
import jx.core.Core;
import jx.eval.Convert;
import jx.eval.EvalError;
import jx.eval.PyOps;
import jx.eval.Values;
import jx.syntax.Pos;

/**
 * Reverse-mode differentiation as a source-to-source transform of the core IR: grad(f) is a new
 * jx function whose body is f's body in A-normal form followed by the adjoint of every binding, in
 * reverse order. It covers straight-line array code (arithmetic, powers, jnp.sum/mean and the
 * common elementwise functions); anything else is reported, not guessed.
 */
public final class Grad {
    private Grad() {}

    private static final Map<String, Core.Code> CACHE = new HashMap<>();

    /** jax.grad / jax.value_and_grad of a jx function. */
    public static Values.Closure transform(Object fn, Object argnums, boolean hasAux, boolean withValue) {
        if (!(fn instanceof Values.Closure c)) {
            throw new EvalError("TypeError: jax.grad expects a function defined in jx, got " + PyOps.typeName(fn));
        }
        boolean many = argnums instanceof Values.Tuple;
        List<Integer> nums = new ArrayList<>();
        for (Object o : many ? ((Values.Tuple) argnums).items() : List.of(argnums)) {
            int n = (int) jx.eval.Builtins.asIndex(o, null);
            if (n < 0 || n >= c.code().params().size()) {
                throw new EvalError("ValueError: argnums " + n + " is out of bounds for a function of "
                        + c.code().params().size() + " positional arguments");
            }
            nums.add(n);
        }
        String key = System.identityHashCode(c.code()) + ":" + nums + many + hasAux + withValue;
        Core.Code derived = CACHE.computeIfAbsent(key, k -> new Deriver(c.code(), nums, many, hasAux, withValue).derive());
        return new Values.Closure(derived, c.captured(), c.defaults(), c.globals());
    }

    private static final class Deriver {
        private final Core.Code code;
        private final List<Integer> argnums;
        private final boolean many;
        private final boolean hasAux;
        private final boolean withValue;
        private final List<String> slots;
        private final List<Core.Stmt> out = new ArrayList<>();
        private final Map<Integer, Core> adjoint = new HashMap<>();
        private final Pos pos;

        Deriver(Core.Code code, List<Integer> argnums, boolean many, boolean hasAux, boolean withValue) {
            this.code = code;
            this.argnums = argnums;
            this.many = many;
            this.hasAux = hasAux;
            this.withValue = withValue;
            this.slots = new ArrayList<>(code.slotNames());
            this.pos = code.pos();
        }

        private static EvalError unsupported(String what) {
            return new EvalError("NotImplementedError: jax.grad cannot differentiate " + what + " yet",
                    "straight-line code with arithmetic, powers, jnp.sum/mean and elementwise functions is supported");
        }

        private Core.Local fresh(String hint) {
            slots.add("_" + hint + slots.size());
            return new Core.Local(slots.size() - 1, slots.get(slots.size() - 1), pos);
        }

        private Core.Local bindFresh(String hint, Core value) {
            Core.Local t = fresh(hint);
            out.add(new Core.Bind(new Core.Bind.ToLocal(t.slot(), t.name()), value, pos));
            return t;
        }

        Core.Code derive() {
            List<Core.Stmt> body = code.body();
            List<Core.Bind> binds = new ArrayList<>();
            Core result = null;
            for (Core.Stmt s : body) {
                switch (s) {
                    case Core.Bind b when b.target() instanceof Core.Bind.ToLocal l -> {
                        Core v = anf(b.value());
                        Core.Bind nb = new Core.Bind(l, v, b.pos());
                        out.add(nb);
                        binds.add(nb);
                    }
                    case Core.Return r -> result = r.value();
                    case Core.Eval e -> out.add(e);
                    default -> throw unsupported("this statement (" + s.getClass().getSimpleName().toLowerCase() + ")");
                }
                if (result != null) {
                    break;
                }
            }
            if (result == null) {
                throw unsupported("a function without a final return");
            }
            Core aux = null;
            if (hasAux) {
                if (!(result instanceof Core.MakeTuple t) || t.items().size() != 2) {
                    throw new EvalError("TypeError: has_aux=True requires the function to return a pair (output, aux)");
                }
                aux = t.items().get(1);
                result = t.items().get(0);
            }
            Core.Local value = bindFresh("out", anf(result));
            Core seed = call(SEED, value);
            // Reverse sweep over the bindings made by anf (all of out so far), last first.
            List<Core.Bind> order = new ArrayList<>();
            for (Core.Stmt s : out) {
                if (s instanceof Core.Bind b && b.target() instanceof Core.Bind.ToLocal) {
                    order.add(b);
                }
            }
            // Only bindings that depend on a differentiated argument carry an adjoint.
            java.util.Set<Integer> active = new java.util.HashSet<>(argnums);
            for (Core.Bind b : order) {
                if (locals(b.value()).stream().anyMatch(active::contains)) {
                    active.add(((Core.Bind.ToLocal) b.target()).slot());
                }
            }
            adjoint.put(value.slot(), seed);
            for (int i = order.size() - 1; i >= 0; i--) {
                Core.Bind b = order.get(i);
                int slot = ((Core.Bind.ToLocal) b.target()).slot();
                Core g = adjoint.get(slot);
                if (g == null || !active.contains(slot)) {
                    continue;
                }
                Core.Local gl = bindFresh("g", g);
                backprop(b.value(), gl, new Core.Local(slot, ((Core.Bind.ToLocal) b.target()).name(), pos));
            }
            List<Core> grads = new ArrayList<>();
            for (int n : argnums) {
                Core g = adjoint.get(n);
                Core param = new Core.Local(n, code.params().get(n), pos);
                grads.add(g == null ? call(ZEROS, param) : call(CHECK_INPUT, param, g));
            }
            Core grad = many ? new Core.MakeTuple(grads, pos) : grads.get(0);
            Core primal = hasAux ? new Core.MakeTuple(List.of(value, aux), pos) : value;
            Core ret = withValue ? new Core.MakeTuple(List.of(primal, grad), pos)
                    : hasAux ? new Core.MakeTuple(List.of(grad, aux), pos) : grad;
            out.add(new Core.Return(ret, pos));
            String name = (withValue ? "value_and_grad_" : "grad_") + code.name().replace("<lambda>", "lambda");
            return new Core.Code(name, code.params(), code.kinds(), slots.size(), slots, code.captures(),
                    List.copyOf(out), false, pos);
        }

        /** The locals an expression in A-normal form reads. */
        private static List<Integer> locals(Core e) {
            List<Integer> out = new ArrayList<>();
            switch (e) {
                case Core.Local l -> out.add(l.slot());
                case Core.Binary b -> {
                    out.addAll(locals(b.left()));
                    out.addAll(locals(b.right()));
                }
                case Core.Unary u -> out.addAll(locals(u.operand()));
                case Core.Call c -> c.args().forEach(a -> out.addAll(locals(a.value())));
                case Core.MakeTuple t -> t.items().forEach(i -> out.addAll(locals(i)));
                default -> { }
            }
            return out;
        }

        /** Binds every compound subexpression to a fresh local, so adjoints refer to names, not trees. */
        private Core anf(Core e) {
            return switch (e) {
                case Core.Lit l -> l;
                case Core.Local l -> l;
                case Core.Captured c -> c;
                case Core.Global g -> g;
                case Core.Attr a -> a;
                case Core.Binary b -> new Core.Binary(b.op(), atom(b.left()), atom(b.right()), b.pos());
                case Core.Unary u -> new Core.Unary(u.op(), atom(u.operand()), u.pos());
                case Core.Call c -> {
                    List<Core.Arg> args = new ArrayList<>();
                    for (Core.Arg a : c.args()) {
                        args.add(switch (a) {
                            case Core.Positional p -> new Core.Positional(atom(p.value()));
                            case Core.Keyword k -> k;
                            default -> throw unsupported("*args in a differentiated call");
                        });
                    }
                    yield new Core.Call(c.fn(), args, c.pos());
                }
                case Core.MakeTuple t -> new Core.MakeTuple(t.items().stream().map(this::atom).toList(), t.pos());
                default -> throw unsupported(e.getClass().getSimpleName().toLowerCase() + " expressions");
            };
        }

        private Core atom(Core e) {
            Core v = anf(e);
            if (v instanceof Core.Lit || v instanceof Core.Local || v instanceof Core.Captured || v instanceof Core.Global
                    || v instanceof Core.Attr) {
                return v;
            }
            return bindFresh("t", v);
        }

        private void accumulate(Core target, Core contribution) {
            if (!(target instanceof Core.Local l)) {
                return; // constants, captured values and globals have no adjoint
            }
            Core prev = adjoint.get(l.slot());
            adjoint.put(l.slot(), prev == null ? contribution : new Core.Binary("+", prev, contribution, pos));
        }

        private static Core.Call call(Values.Builtin fn, Core... args) {
            List<Core.Arg> as = new ArrayList<>();
            for (Core a : args) {
                as.add(new Core.Positional(a));
            }
            return new Core.Call(new Core.Lit(fn, Pos.NONE), as, Pos.NONE);
        }

        private Core mul(Core a, Core b) {
            return new Core.Binary("*", a, b, pos);
        }

        /** Adds the adjoints of v's operands, given g, the adjoint of self = v. */
        private void backprop(Core v, Core.Local g, Core.Local self) {
            switch (v) {
                case Core.Local l -> accumulate(l, g);
                case Core.Binary b -> {
                    Core x = b.left();
                    Core y = b.right();
                    switch (b.op()) {
                        case "+" -> {
                            accumulate(x, call(UNBROADCAST, g, x));
                            accumulate(y, call(UNBROADCAST, g, y));
                        }
                        case "-" -> {
                            accumulate(x, call(UNBROADCAST, g, x));
                            accumulate(y, call(UNBROADCAST, new Core.Unary("-", g, pos), y));
                        }
                        case "*" -> {
                            accumulate(x, call(UNBROADCAST, mul(g, y), x));
                            accumulate(y, call(UNBROADCAST, mul(g, x), y));
                        }
                        case "/" -> {
                            accumulate(x, call(UNBROADCAST, new Core.Binary("/", g, y, pos), x));
                            accumulate(y, call(UNBROADCAST, new Core.Unary("-", new Core.Binary("/",
                                    mul(g, self), y, pos), pos), y));
                        }
                        case "**" -> {
                            Core dx;
                            if (y instanceof Core.Lit l && l.value() instanceof Long n) {
                                dx = n == 2 ? mul(new Core.Lit(2.0, pos), x)
                                        : mul(new Core.Lit((double) n, pos), new Core.Binary("**", x, new Core.Lit(n - 1, pos), pos));
                            } else {
                                dx = mul(y, new Core.Binary("**", x, new Core.Binary("-", y, new Core.Lit(1L, pos), pos), pos));
                                accumulate(y, call(UNBROADCAST, mul(g, mul(self, call(jnp("log"), x))), y));
                            }
                            accumulate(x, call(UNBROADCAST, mul(g, dx), x));
                        }
                        case "@" -> {
                            accumulate(x, call(MATMUL_LEFT, g, y, x));
                            accumulate(y, call(MATMUL_RIGHT, g, x, y));
                        }
                        default -> throw unsupported("the operator " + b.op());
                    }
                }
                case Core.Unary u -> {
                    if (!u.op().equals("-")) {
                        throw unsupported("the operator " + u.op());
                    }
                    accumulate(u.operand(), new Core.Unary("-", g, pos));
                }
                case Core.Call c -> {
                    String name = c.fn() instanceof Core.Attr a && a.obj() instanceof Core.Global m
                            && (m.name().equals("jnp") || m.name().equals("np")) ? a.name() : null;
                    if (name == null || c.args().isEmpty() || !(c.args().get(0) instanceof Core.Positional p)) {
                        throw unsupported("calls of " + jx.eval.Show.expr(c.fn()));
                    }
                    Core x = p.value();
                    Core dx = switch (name) {
                        case "sum" -> call(SUM_T, g, x, kwargs(c));
                        case "mean" -> call(MEAN_T, g, x, kwargs(c));
                        case "exp" -> mul(g, self);
                        case "log" -> new Core.Binary("/", g, x, pos);
                        case "sin" -> mul(g, call(jnp("cos"), x));
                        case "cos" -> new Core.Unary("-", mul(g, call(jnp("sin"), x)), pos);
                        case "tanh" -> mul(g, new Core.Binary("-", new Core.Lit(1.0, pos), mul(self, self), pos));
                        case "sqrt" -> new Core.Binary("/", g, mul(new Core.Lit(2.0, pos), self), pos);
                        default -> throw unsupported("jnp." + name);
                    };
                    accumulate(x, dx);
                }
                case Core.Lit l -> { }
                case Core.Captured c -> { }
                case Core.Global gl -> { }
                case Core.Attr a -> { }
                default -> throw unsupported(v.getClass().getSimpleName().toLowerCase() + " expressions");
            }
        }

        private Core kwargs(Core.Call c) {
            Core axis = new Core.Lit(jx.syntax.Expr.Marker.NONE, pos);
            Core keep = new Core.Lit(Boolean.FALSE, pos);
            for (Core.Arg a : c.args().subList(1, c.args().size())) {
                if (a instanceof Core.Keyword k && k.name().equals("axis")) {
                    axis = k.value();
                } else if (a instanceof Core.Keyword k && k.name().equals("keepdims")) {
                    keep = k.value();
                } else if (a instanceof Core.Positional p2) {
                    axis = p2.value();
                }
            }
            return new Core.MakeTuple(List.of(axis, keep), pos);
        }
    }

    // ---- the runtime helpers that derived programs call ----

    private static Values.Builtin jnp(String name) {
        return new Values.Builtin("jnp." + name, (in, a, kw) -> in.call(
                ((Values.Module) in.builtins().get("jnp")).members().get(name), a, kw));
    }

    private static final Values.Builtin SEED = new Values.Builtin("_ones_like_output", (in, a, kw) -> {
        Object out = a.get(0);
        Array x = out instanceof Array arr ? arr : null;
        if (x == null && !(out instanceof Double)) {
            throw new EvalError("TypeError: Gradient only defined for scalar-output functions. Output was "
                    + PyOps.typeName(out) + ".");
        }
        if (x != null && x.ndim() != 0) {
            throw new EvalError("TypeError: Gradient only defined for scalar-output functions. Output had shape: "
                    + Ops.shapeString(x.shape()) + ".");
        }
        if (x != null && !x.dtype().isFloat()) {
            throw new EvalError("TypeError: grad requires real-valued outputs (input dtype that is a sub-dtype of "
                    + "np.floating), but got " + x.dtype() + ".");
        }
        return x == null ? Array.scalar(1.0, Convert.defaultFloat()) : Ops.ones(new int[0], x.dtype());
    });

    private static final Values.Builtin CHECK_INPUT = new Values.Builtin("_grad_of", (in, a, kw) -> {
        Object p = a.get(0);
        if (p instanceof Long || p instanceof Boolean || p instanceof Array x && !x.dtype().isFloat()) {
            String dt = p instanceof Array x ? x.dtype().toString() : "int32";
            throw new EvalError("TypeError: grad requires real- or complex-valued inputs (input dtype that is a "
                    + "sub-dtype of np.inexact), but got " + dt + ". If you want to use Boolean- or integer-valued "
                    + "inputs, use vjp or set allow_int to True.");
        }
        Array g = PyOps.toArray(a.get(1));
        Array like = PyOps.toArray(p);
        return g.dtype() == like.dtype() || like.weak() ? g : g.astype(like.dtype());
    });

    private static final Values.Builtin ZEROS = new Values.Builtin("zeros_like", (in, a, kw) -> {
        Array x = PyOps.toArray(a.get(0));
        return Ops.zeros(x.shape(), x.dtype().isFloat() ? x.dtype() : Convert.defaultFloat());
    });

    /** Sums g over the axes that broadcasting added to x's shape. */
    private static final Values.Builtin UNBROADCAST = new Values.Builtin("_unbroadcast", (in, a, kw) -> {
        Object gv = a.get(0);
        Object xv = a.get(1);
        if (!(xv instanceof Array x)) {
            return gv;
        }
        Array g = PyOps.toArray(gv);
        if (java.util.Arrays.equals(g.shape(), x.shape())) {
            return g;
        }
        int extra = g.ndim() - x.ndim();
        List<Integer> axes = new ArrayList<>();
        for (int i = 0; i < g.ndim(); i++) {
            if (i < extra || (x.shape()[i - extra] == 1 && g.shape()[i] != 1)) {
                axes.add(i);
            }
        }
        Array summed = Ops.sum(g, axes.stream().mapToInt(Integer::intValue).toArray(), true);
        return Ops.reshape(summed, x.shape());
    });

    private static int[] axesOf(jx.eval.Interp in, Object axis) {
        return axis instanceof Values.None ? null : jx.eval.Builtins.shape(in, axis);
    }

    private static final Values.Builtin SUM_T = new Values.Builtin("_sum_transpose", (in, a, kw) -> {
        Array g = PyOps.toArray(a.get(0));
        Array x = PyOps.toArray(a.get(1));
        List<Object> opts = ((Values.Tuple) a.get(2)).items();
        int[] axes = axesOf(in, opts.get(0));
        if (axes != null && !PyOps.truthy(opts.get(1))) {
            for (int ax : Ops.normalizeAxes(axes, x.ndim())) {
                g = Ops.expandDims(g, ax);
            }
        }
        return Ops.broadcastTo(g, x.shape());
    });

    private static final Values.Builtin MEAN_T = new Values.Builtin("_mean_transpose", (in, a, kw) -> {
        Array x = PyOps.toArray(a.get(1));
        Array spread = (Array) SUM_T.impl().call(in, a, kw);
        int[] axes = axesOf(in, ((Values.Tuple) a.get(2)).items().get(0));
        long n = 1;
        for (int ax : axes == null ? java.util.stream.IntStream.range(0, x.ndim()).toArray() : Ops.normalizeAxes(axes, x.ndim())) {
            n *= x.shape()[ax];
        }
        return Ops.div(spread, Array.weak((double) n));
    });

    private static final Values.Builtin MATMUL_LEFT = new Values.Builtin("_matmul_left", (in, a, kw) -> {
        Array g = PyOps.toArray(a.get(0));
        Array y = PyOps.toArray(a.get(1));
        Array x = PyOps.toArray(a.get(2));
        if (y.ndim() == 1) {
            return x.ndim() == 1 ? Ops.mul(g, y) : Ops.mul(Ops.expandDims(g, -1), y);
        }
        Array gx = g.ndim() == 1 && x.ndim() == 1 ? Ops.matmul(y, g) : Ops.matmul(g, Ops.swapaxes(y, -1, -2));
        return (Array) UNBROADCAST.impl().call(in, List.of(gx, x), kw);
    });

    private static final Values.Builtin MATMUL_RIGHT = new Values.Builtin("_matmul_right", (in, a, kw) -> {
        Array g = PyOps.toArray(a.get(0));
        Array x = PyOps.toArray(a.get(1));
        Array y = PyOps.toArray(a.get(2));
        if (x.ndim() == 1) {
            return y.ndim() == 1 ? Ops.mul(g, x) : Ops.mul(Ops.expandDims(x, -1), g.ndim() == 0 ? g : Ops.expandDims(g, 0));
        }
        Array gy = y.ndim() == 1 ? Ops.matmul(Ops.swapaxes(x, -1, -2), g) : Ops.matmul(Ops.swapaxes(x, -1, -2), g);
        return (Array) UNBROADCAST.impl().call(in, List.of(gy, y), kw);
    });
}

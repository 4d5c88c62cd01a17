package jx.ad;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jx.core.Core;
import jx.eval.Values;
import jx.prim.Prim;
import jx.prim.Tag;
import jx.diag.Pos;

/**
 * Algebraic simplification of derived programs: constant folding, x*1, x**1, 0+x, products with
 * broadcast ones, unbroadcasts that change no shape (shapes are compared by class: an elementwise
 * function of x has x's shape), copy propagation, inlining of values used once, and dead code.
 */
final class Simplify {
    private static final String SCALAR = "scalar";

    private final Map<Integer, Integer> assigned = new HashMap<>();
    private final Map<Integer, Integer> topReads = new HashMap<>();
    private final Map<Integer, Integer> nestedReads = new HashMap<>();
    private final Map<Integer, Core> inline = new HashMap<>();
    private final Map<Integer, String> shape = new HashMap<>();
    private final Map<Integer, Core> definition = new HashMap<>();

    private final int params;

    private Simplify(int params) {
        this.params = params;
    }

    static Core.Code code(Core.Code code) {
        List<Core.Stmt> body = code.body();
        for (int round = 0; round < 4; round++) {
            Simplify s = new Simplify(code.params().size());
            for (int p = 0; p < code.params().size(); p++) {
                s.shape.put(p, "L" + p);
            }
            List<Core.Stmt> next = s.deadCode(s.top(body));
            if (next.equals(body)) {
                break;
            }
            body = next;
        }
        return new Core.Code(code.name(), code.params(), code.kinds(), code.frameSize(), code.slotNames(),
                code.captures(), body, code.isLambda(), code.pos());
    }

    // ---- counting ----

    private void count(List<Core.Stmt> body, boolean nested) {
        for (Core.Stmt s : body) {
            switch (s) {
                case Core.Bind b -> {
                    targets(b.target());
                    reads(b.value(), nested);
                }
                case Core.Eval e -> reads(e.expr(), nested);
                case Core.Return r -> reads(r.value(), nested);
                case Core.Assert a -> {
                    reads(a.test(), nested);
                    if (a.message() != null) {
                        reads(a.message(), nested);
                    }
                }
                case Core.If i -> {
                    i.tests().forEach(t -> reads(t, nested));
                    i.bodies().forEach(b -> count(b, true));
                    count(i.orElse(), true);
                }
                case Core.For f -> {
                    rebound(f.target());
                    reads(f.iter(), nested);
                    count(f.body(), true);
                }
                case Core.While w -> {
                    reads(w.test(), true);
                    count(w.body(), true);
                }
                default -> { }
            }
        }
    }

    private void targets(Core.Bind.Target t) {
        switch (t) {
            case Core.Bind.ToLocal l -> assigned.merge(l.slot(), 1, Integer::sum);
            // Unpacked names may be rebound per iteration (loop tapes): never treat them as constants.
            case Core.Bind.Unpack u -> u.items().forEach(this::rebound);
            case Core.Bind.ToGlobal g -> { }
        }
    }

    /** A target bound more than once (a loop variable, a tape unpack): never single-assignment. */
    private void rebound(Core.Bind.Target t) {
        switch (t) {
            case Core.Bind.ToLocal l -> assigned.merge(l.slot(), 2, Integer::sum);
            case Core.Bind.Unpack u -> u.items().forEach(this::rebound);
            case Core.Bind.ToGlobal g -> { }
        }
    }

    private void reads(Core e, boolean nested) {
        Subst.map(e, leaf -> {
            if (leaf instanceof Core.Local l) {
                (nested ? nestedReads : topReads).merge(l.slot(), 1, Integer::sum);
            }
            return leaf;
        });
        // Locals captured by closures are reads too.
        scanClosures(e, nested);
    }

    private void scanClosures(Core e, boolean nested) {
        if (e instanceof Core.Closure c) {
            for (Core cap : c.code().captures()) {
                reads(cap, true);
            }
        }
    }

    /** Bound once: a parameter never rebound, or a local assigned exactly once. */
    private boolean single(int slot) {
        return assigned.getOrDefault(slot, 0) == (slot < params ? 0 : 1);
    }

    // ---- top-level pass ----

    private List<Core.Stmt> top(List<Core.Stmt> body) {
        count(body, false);
        List<Core.Stmt> out = new ArrayList<>();
        for (Core.Stmt s : body) {
            if (s instanceof Core.Bind b && b.target() instanceof Core.Bind.ToLocal l && l.slot() >= params && single(l.slot())) {
                Core v = expr(b.value());
                definition.put(l.slot(), v);
                String cls = shapeOf(v);
                if (cls != null) {
                    shape.put(l.slot(), cls);
                }
                boolean atom = v instanceof Core.Local || v instanceof Core.Lit || v instanceof Core.Captured;
                boolean usedOnceHere = topReads.getOrDefault(l.slot(), 0) == 1 && nestedReads.getOrDefault(l.slot(), 0) == 0
                        && pure(v) && readsOnlyConstants(v);
                if (atom && nestedReads.getOrDefault(l.slot(), 0) == 0 || usedOnceHere) {
                    inline.put(l.slot(), v);
                    continue;
                }
                out.add(new Core.Bind(b.target(), v, b.pos()));
            } else {
                out.add(stmt(s));
            }
        }
        return out;
    }

    /** Only single-assignment locals: their values cannot change between definition and use. */
    private boolean readsOnlyConstants(Core e) {
        boolean[] ok = {true};
        Subst.map(e, leaf -> {
            if (leaf instanceof Core.Local l && !single(l.slot())) {
                ok[0] = false;
            }
            return leaf;
        });
        return ok[0];
    }

    private Core.Stmt stmt(Core.Stmt s) {
        return switch (s) {
            case Core.Bind b -> new Core.Bind(b.target(), expr(b.value()), b.pos());
            case Core.Eval e -> new Core.Eval(expr(e.expr()), e.pos());
            case Core.Return r -> new Core.Return(expr(r.value()), r.pos());
            case Core.If i -> new Core.If(i.tests().stream().map(this::expr).toList(),
                    i.bodies().stream().map(this::nested).toList(), nested(i.orElse()), i.pos());
            case Core.For f -> new Core.For(f.target(), expr(f.iter()), nested(f.body()), nested(f.orElse()), f.carried(), f.pos());
            case Core.While w -> new Core.While(expr(w.test()), nested(w.body()), nested(w.orElse()), w.carried(), w.pos());
            case Core.Assert a -> new Core.Assert(expr(a.test()), a.message() == null ? null : expr(a.message()), a.pos());
            default -> s;
        };
    }

    /** Inside blocks only atoms are propagated: a value inlined into a loop would be recomputed. */
    private List<Core.Stmt> nested(List<Core.Stmt> body) {
        List<Core.Stmt> out = new ArrayList<>();
        for (Core.Stmt s : body) {
            out.add(stmt(s));
        }
        return out;
    }

    // ---- expressions ----

    private Core expr(Core e) {
        return switch (e) {
            case Core.Local l -> inline.getOrDefault(l.slot(), l);
            case Core.Binary b -> binary(b.op(), expr(b.left()), expr(b.right()), b.pos());
            case Core.Unary u -> {
                Core x = expr(u.operand());
                if (u.op().equals("-") && x instanceof Core.Lit l && l.value() instanceof Double d) {
                    yield new Core.Lit(-d, u.pos());
                }
                yield new Core.Unary(u.op(), x, u.pos());
            }
            case Core.Call c -> call(new Core.Call(expr(c.fn()), c.args().stream().map(this::arg).toList(), c.pos()));
            case Core.Prim p -> new Core.Prim(p.primitive(), p.callee(), p.args().stream().map(this::arg).toList(), p.pos());
            // A rule's "A if where is None else B" with where=None substituted: only A remains.
            case Core.IfExp i when noneTest(i.test()) != null -> expr(noneTest(i.test()) ? i.body() : i.orElse());
            default -> Subst.map(e, leaf -> leaf instanceof Core.Local l ? inline.getOrDefault(l.slot(), l) : leaf);
        };
    }

    private static boolean isNone(Object v) {
        return v == jx.syntax.Expr.Marker.NONE || v instanceof Values.None;
    }

    /** The value of {@code None is None} / {@code None is not None}; null for any other test. */
    private static Boolean noneTest(Core test) {
        if (test instanceof Core.Compare c && c.operands().size() == 2 && c.operands().get(0) instanceof Core.Lit a
                && c.operands().get(1) instanceof Core.Lit b && isNone(a.value()) && isNone(b.value())) {
            return switch (c.ops().get(0)) {
                case "is" -> true;
                case "is not" -> false;
                default -> null;
            };
        }
        return null;
    }

    private Core.Arg arg(Core.Arg a) {
        return a.map(this::expr);
    }

    private static Double number(Core e) {
        return e instanceof Core.Lit l && (l.value() instanceof Long || l.value() instanceof Double)
                ? ((Number) l.value()).doubleValue() : null;
    }

    private Core binary(String op, Core a, Core b, Pos pos) {
        Double x = number(a);
        Double y = number(b);
        if (x != null && y != null) {
            boolean ints = ((Core.Lit) a).value() instanceof Long && ((Core.Lit) b).value() instanceof Long;
            if (ints) {
                long p = (Long) ((Core.Lit) a).value();
                long q = (Long) ((Core.Lit) b).value();
                try {
                    switch (op) {
                        case "+": return new Core.Lit(Math.addExact(p, q), pos);
                        case "-": return new Core.Lit(Math.subtractExact(p, q), pos);
                        case "*": return new Core.Lit(Math.multiplyExact(p, q), pos);
                        default: break;
                    }
                } catch (ArithmeticException beyond64Bits) {
                    return new Core.Binary(op, a, b, pos); // left for the evaluator's unbounded ints
                }
            }
            switch (op) {
                case "+": return new Core.Lit(x + y, pos);
                case "-": return new Core.Lit(x - y, pos);
                case "*": return new Core.Lit(x * y, pos);
                default: break;
            }
        }
        switch (op) {
            case "*" -> {
                if (isOne(a, b)) {
                    return b;
                }
                if (isOne(b, a)) {
                    return a;
                }
            }
            case "**" -> {
                if (y != null && y == 1.0) {
                    return a;
                }
            }
            case "+" -> {
                if (x != null && x == 0.0 && ((Core.Lit) a).value() instanceof Double) {
                    return b;
                }
            }
            default -> { }
        }
        return new Core.Binary(op, a, b, pos);
    }

    /** one is 1, 1.0, or ones broadcast to a shape that other already has. */
    private boolean isOne(Core one, Core other) {
        Double n = number(one);
        if (n != null) {
            return n == 1.0;
        }
        Core def = one instanceof Core.Local l ? definition.getOrDefault(l.slot(), one) : one;
        if (def instanceof Core.Call c && isHelper(c, Runtime.SUM_T) && number(argAt(c, 0)) != null
                && number(argAt(c, 0)) == 1.0 && isNone(argAt(c, 2))) {
            String cls = shapeOf(argAt(c, 1));
            return cls != null && cls.equals(shapeOf(other));
        }
        return false;
    }

    private static boolean isNone(Core e) {
        return e instanceof Core.Lit l && (l.value() == jx.syntax.Expr.Marker.NONE || l.value() instanceof Values.None);
    }

    private static Core argAt(Core.Call c, int i) {
        return argAt(c.args(), i);
    }

    private static Core argAt(List<Core.Arg> args, int i) {
        return args.size() > i && args.get(i) instanceof Core.Positional p ? p.value() : null;
    }

    private static boolean isHelper(Core.Call c, Values.Builtin b) {
        return c.fn() instanceof Core.Lit l && l.value() == b || c.fn() instanceof Core.Global g && g.name().equals(b.name());
    }

    private Core call(Core.Call c) {
        if (isHelper(c, Runtime.UNBROADCAST) || isHelper(c, Runtime.UNBROADCAST_TAIL)) {
            String a = shapeOf(argAt(c, 0));
            if (a != null && a.equals(shapeOf(argAt(c, 1)))) {
                return argAt(c, 0);
            }
        }
        if (isHelper(c, Runtime.ACC) && number(argAt(c, 0)) != null && number(argAt(c, 0)) == 0.0) {
            return argAt(c, 1);
        }
        Core seedOf = argAt(c, 0);
        if (isHelper(c, Runtime.SEED) && fullReduction(seedOf instanceof Core.Local l ? definition.get(l.slot()) : seedOf)) {
            return new Core.Lit(1.0, c.pos());
        }
        return c;
    }

    /** A reduction over all axes (jnp.sum(x), ...): a scalar, so the seed cotangent is simply 1.0. */
    private static boolean fullReduction(Core def) {
        if (!(def instanceof Core.Prim p && ((Prim) p.primitive()).has(Tag.REDUCTION))) {
            return false;
        }
        List<String> params = ((Prim) p.primitive()).params();
        int axis = params.indexOf("axis");
        int keepdims = params.indexOf("keepdims");
        return axis >= 0 && isNone(argAt(p.args(), axis))
                && (keepdims < 0 || argAt(p.args(), keepdims) instanceof Core.Lit k && Boolean.FALSE.equals(k.value()));
    }

    /** A name for the shape of e, when it is known to equal another's (null: unknown). */
    private String shapeOf(Core e) {
        if (e == null) {
            return null;
        }
        return switch (e) {
            case Core.Local l -> shape.get(l.slot());
            case Core.Captured c -> "C" + c.index();
            case Core.Lit l -> number(l) != null ? SCALAR : null;
            case Core.Unary u -> shapeOf(u.operand());
            case Core.Binary b -> {
                String x = shapeOf(b.left());
                String y = shapeOf(b.right());
                if ("@".equals(b.op()) || x == null || y == null) {
                    yield null;
                }
                yield x.equals(SCALAR) ? y : y.equals(SCALAR) || x.equals(y) ? x : null;
            }
            case Core.Prim p when ((Prim) p.primitive()).has(Tag.ELEMENTWISE) -> {
                // The broadcast of its array arguments: known when they all have one shape or are scalars.
                String out = SCALAR;
                for (Core.Arg a : p.args()) {
                    String x = a instanceof Core.Positional q ? shapeOf(q.value()) : null;
                    if (x == null || !x.equals(SCALAR) && !out.equals(SCALAR) && !x.equals(out)) {
                        yield null;
                    }
                    out = x.equals(SCALAR) ? out : x;
                }
                yield out;
            }
            case Core.Call c -> {
                if (isHelper(c, Runtime.SUM_T) || isHelper(c, Runtime.UNBROADCAST) || isHelper(c, Runtime.UNBROADCAST_TAIL)) {
                    yield shapeOf(argAt(c, 1));
                }
                yield null;
            }
            default -> null;
        };
    }

    // ---- dead code ----

    private static boolean pure(Core e) {
        boolean[] ok = {true};
        walkCalls(e, c -> {
            boolean known = c.fn() instanceof Core.Lit l && l.value() instanceof Values.Builtin b && !b.name().equals("_vjp_call")
                    || c.fn() instanceof Core.Global h && h.name().startsWith("_") && !h.name().equals("_vjp_call");
            if (!known) {
                ok[0] = false;
            }
        });
        return ok[0];
    }

    /** Calls in e; jax.numpy primitives are pure (they call no user code), so they are not walked as calls. */
    private static void walkCalls(Core e, java.util.function.Consumer<Core.Call> f) {
        switch (e) {
            case Core.Prim p -> {
                if (!p.primitive().name().startsWith("jnp.")) {
                    f.accept(new Core.Call(new Core.Global(p.primitive().name(), p.pos()), p.args(), p.pos()));
                }
                p.args().forEach(a -> walkCalls(a.value(), f));
            }
            case Core.Call c -> {
                f.accept(c);
                walkCalls(c.fn(), f);
                c.args().forEach(a -> walkCalls(a.value(), f));
            }
            case Core.Binary b -> {
                walkCalls(b.left(), f);
                walkCalls(b.right(), f);
            }
            case Core.Unary u -> walkCalls(u.operand(), f);
            case Core.MakeTuple t -> t.items().forEach(i -> walkCalls(i, f));
            case Core.Index i -> {
                walkCalls(i.obj(), f);
                i.index().forEach(x -> walkCalls(x, f));
            }
            case Core.Attr a -> walkCalls(a.obj(), f);
            default -> { }
        }
    }

    private List<Core.Stmt> deadCode(List<Core.Stmt> body) {
        Simplify counts = new Simplify(params);
        counts.count(body, false);
        List<Core.Stmt> out = new ArrayList<>();
        for (Core.Stmt s : body) {
            if (s instanceof Core.Bind b && b.target() instanceof Core.Bind.ToLocal l
                    && counts.topReads.getOrDefault(l.slot(), 0) == 0 && counts.nestedReads.getOrDefault(l.slot(), 0) == 0
                    && pure(b.value())) {
                continue;
            }
            out.add(s);
        }
        return out;
    }
}

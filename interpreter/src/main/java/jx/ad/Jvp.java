package jx.ad;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jx.core.Core;
import jx.diag.Pos;
import jx.eval.EvalError;
import jx.prim.Prim;
import jx.prim.Registry;
import jx.prim.Tag;

/**
 * Forward mode as a source-to-source transform of a function's core IR: every local that can carry
 * a derivative gets a tangent local beside it, and each statement is followed by the statements
 * computing the tangents of what it bound, so loops, branches, break/continue and early returns keep
 * their own shape (no tape: nothing is replayed). The derived function returns (output, tangent).
 *
 * <p>The tangents come in through two captures appended after the function's own: the tuple of its
 * captures' tangents and the tuple of its parameters' tangents (None where none). The derivation is
 * specialised to which of them carry one; the others are symbolic zeros and cost nothing. Which
 * locals carry a tangent is found by iterating the transform to a fixed point (a local is active once
 * any of its bindings is); an active local bound to a value without one gets typed zeros.
 *
 * <p>Calls of functions known only at run time go through {@code _jvp_call} ({@link JvpRuntime}),
 * which derives the callee's forward program when it runs; a function value's tangent is the tuple
 * of its captures' tangents.
 */
final class Jvp {
    private static final Set<String> INACTIVE_OPS = Set.of("<", "<=", ">", ">=", "==", "!=", "&", "|", "^", "<<", ">>",
            "//", "in", "not in", "is", "is not");
    private static final Set<String> SHAPE_ATTRS = Set.of("shape", "ndim", "size", "dtype", "weak_type");
    private static final Set<String> CONSTANT_BUILTINS = Set.of("len", "range", "int", "bool", "isinstance", "str",
            "print", "type", "repr", "hasattr", "callable", "_batch_size", "_check_pair", "_check_output", "_check_input", "_ones_like_output", "_zeros_like",
            "_tzeros", "_tnones");

    private static final Set<String> LINEAR_HELPERS = Set.of("_bcast_like", "_tpad", "_tastype", "_tenumerate", "_tmaterialize",
            "_tmaterialize_lanes", "_tpairs");

    private final Registry registry;
    private final Core.Code code;
    private final Set<Integer> activeParams;
    private final Set<Integer> activeCaps;
    private final Pos pos = Pos.NONE;
    private final Set<Integer> active = new HashSet<>();
    private List<String> slots;
    private Map<Integer, Core.Local> tangentSlots;
    private Map<Integer, Core.Local> capTangents;
    private List<Core.Stmt> out;
    private boolean changed;
    /** The primal locals whose tangents this pass has bound so far (on some path). */
    private Set<Integer> boundTangents;
    /** The locals a closure captures (kept across passes: a capture found late asks for one more pass). */
    private final Set<Integer> capturedLocals = new HashSet<>();

    /** An expression's primal (an atom where it has a tangent) and tangent (an atom, or null: zero). */
    private record D(Core p, Core t) {}

    private Jvp(Registry registry, Core.Code code, Set<Integer> activeParams, Set<Integer> activeCaps) {
        this.registry = registry;
        this.code = code;
        this.activeParams = activeParams;
        this.activeCaps = activeCaps;
    }

    /** The forward program of code: the same parameters, two more captures, returning (out, tangent). */
    static Core.Code derive(Registry registry, Core.Code code, Set<Integer> activeParams, Set<Integer> activeCaps) {
        for (Core.Code.ParamKind k : code.kinds()) {
            if (k == Core.Code.ParamKind.KWARGS && !activeParams.isEmpty() && activeParams.contains(code.kinds().indexOf(k))) {
                throw unsupported("a **kwargs parameter carrying a tangent");
            }
        }
        Jvp j = new Jvp(registry, code, activeParams, activeCaps);
        j.active.addAll(activeParams);
        List<Core.Stmt> body;
        do {
            j.changed = false;
            body = j.pass();
        } while (j.changed);
        List<Core> captures = new ArrayList<>(code.captures());
        captures.add(new Core.Lit(jx.syntax.Expr.Marker.NONE, Pos.NONE));
        captures.add(new Core.Lit(jx.syntax.Expr.Marker.NONE, Pos.NONE));
        return new Core.Code("jvp_" + code.name().replace("<lambda>", "lambda"), code.params(), code.kinds(),
                j.slots.size(), List.copyOf(j.slots), captures, body, false, code.pos());
    }

    static EvalError unsupported(String what) {
        return new EvalError("NotImplementedError: jax.jvp cannot differentiate " + what + " yet",
                "arithmetic, jnp functions, indexing, .at[] updates, if/elif, for and while loops, calls of jx "
                        + "functions, closures and pytrees are supported");
    }

    private List<Core.Stmt> pass() {
        slots = new ArrayList<>(code.slotNames());
        tangentSlots = new HashMap<>();
        boundTangents = new HashSet<>();
        capTangents = new HashMap<>();
        out = new ArrayList<>();
        int nc = code.captures().size();
        for (int i : activeCaps) {
            Core.Local t = fresh("d_cap" + i);
            capTangents.put(i, t);
            emit(t, new Core.Index(new Core.Captured(nc, "_tangents_of_captures", pos), List.of(lit((long) i)), pos));
        }
        for (int i = 0; i < code.params().size(); i++) {
            if (!active.contains(i)) {
                continue;
            }
            Core.Local p = new Core.Local(i, code.params().get(i), pos);
            Core value = activeParams.contains(i)
                    ? new Core.Index(new Core.Captured(nc + 1, "_tangents", pos), List.of(lit((long) i)), pos)
                    : zeros(p);
            bindTangent(i, value);
        }
        block(code.body());
        return out;
    }

    // ---- names ----

    private Core.Local fresh(String name) {
        slots.add(name + slots.size());
        return new Core.Local(slots.size() - 1, slots.get(slots.size() - 1), pos);
    }

    /** Binds the tangent of a primal local. */
    private void bindTangent(int slot, Core value) {
        emit(tangentOf(slot), value);
        boundTangents.add(slot);
    }

    private Core.Local tangentOf(int slot) {
        return tangentSlots.computeIfAbsent(slot, s -> fresh("d_" + nameOf(s)));
    }

    private String nameOf(int slot) {
        return slot < slots.size() ? slots.get(slot) : "v" + slot;
    }

    private void emit(Core.Local v, Core value) {
        out.add(new Core.Bind(new Core.Bind.ToLocal(v.slot(), v.name()), value, pos));
    }

    private Core.Local bind(String name, Core value) {
        Core.Local v = fresh(name);
        emit(v, value);
        return v;
    }

    private Core lit(Object v) {
        return new Core.Lit(v, pos);
    }

    private static Core call(jx.eval.Values.Builtin fn, Core... args) {
        return Transform.call(fn, args);
    }

    private Core zeros(Core primal) {
        return call(JvpRuntime.TZEROS, primal);
    }

    /** An atom for e: e itself where it is one, else a fresh local bound to it. */
    private Core atom(Core e) {
        return e instanceof Core.Lit || e instanceof Core.Local || e instanceof Core.Captured ? e : bind("_a", e);
    }

    // ---- activity ----

    private boolean activeLeaf(Core leaf) {
        return switch (leaf) {
            case Core.Local l -> active.contains(l.slot());
            case Core.Captured c -> activeCaps.contains(c.index()) && c.index() < code.captures().size();
            default -> false;
        };
    }

    /** Whether e reads a value that carries a tangent (through closures' captures too). */
    private boolean reads(Core e) {
        boolean[] found = {false};
        Subst.map(e, leaf -> {
            if (activeLeaf(leaf)) {
                found[0] = true;
            }
            return leaf;
        });
        return found[0];
    }

    private boolean reads(List<Core.Arg> args) {
        return args.stream().anyMatch(a -> reads(a.value()));
    }

    // ---- statements ----

    private void block(List<Core.Stmt> body) {
        for (Core.Stmt s : body) {
            stmt(s);
        }
    }

    private List<Core.Stmt> sub(List<Core.Stmt> body) {
        List<Core.Stmt> saved = out;
        out = new ArrayList<>();
        block(body);
        List<Core.Stmt> made = out;
        out = saved;
        return made;
    }

    private void stmt(Core.Stmt s) {
        switch (s) {
            case Core.Bind b -> assign(b.target(), expr(b.value()));
            case Core.Eval e -> out.add(e);
            case Core.Return r -> {
                D d = expr(r.value());
                Core t = d.t() != null ? d.t() : zeros(atom(d.p()));
                out.add(new Core.Return(new Core.MakeTuple(List.of(d.p(), t), pos), r.pos()));
            }
            case Core.If i -> {
                List<List<Core.Stmt>> bodies = new ArrayList<>();
                List<Set<Integer>> binds = new ArrayList<>();
                Set<Integer> before = boundTangents;
                List<List<Core.Stmt>> branches = new ArrayList<>(i.bodies());
                branches.add(i.orElse());
                for (List<Core.Stmt> b : branches) {
                    boundTangents = new HashSet<>(before);
                    bodies.add(new ArrayList<>(sub(b)));
                    binds.add(boundTangents);
                }
                boundTangents = new HashSet<>(before);
                binds.forEach(boundTangents::addAll);
                unboundCapturedTangents(bodies, binds, before);
                List<Core.Stmt> orElse = bodies.remove(bodies.size() - 1);
                out.add(new Core.If(i.tests(), bodies, orElse, i.pos()));
            }
            case Core.For f -> forLoop(f);
            case Core.While w -> out.add(new Core.While(w.test(), sub(w.body()), sub(w.orElse()), List.of(), w.pos()));
            case Core.Break b -> out.add(b);
            case Core.Continue c -> out.add(c);
            case Core.Assert a -> out.add(a);
            case Core.Import im -> out.add(im);
        }
    }

    /**
     * A closure captures a local by its value when it is made, and a local that one branch binds
     * may be unbound there (a backward function captures every branch's values, and reads only
     * those of the branch taken): in the branches that do not bind such a local, its tangent is
     * None, so that capturing it does not read an unbound tangent.
     */
    private void unboundCapturedTangents(List<List<Core.Stmt>> bodies, List<Set<Integer>> binds, Set<Integer> before) {
        for (int slot : capturedLocals) {
            if (before.contains(slot) || binds.stream().noneMatch(b -> b.contains(slot))) {
                continue;
            }
            for (int k = 0; k < bodies.size(); k++) {
                if (!binds.get(k).contains(slot)) {
                    bodies.get(k).add(new Core.Bind(new Core.Bind.ToLocal(tangentOf(slot).slot(), tangentOf(slot).name()),
                            lit(jx.syntax.Expr.Marker.NONE), pos));
                }
            }
        }
    }

    /** Binds target to d; an active local bound to a value without a tangent gets zeros of its shape. */
    private void assign(Core.Bind.Target target, D d) {
        switch (target) {
            case Core.Bind.ToLocal l -> {
                if (d.t() != null && !active.contains(l.slot())) {
                    active.add(l.slot());
                    changed = true;
                }
                out.add(new Core.Bind(l, d.p(), pos));
                if (active.contains(l.slot())) {
                    Core.Local v = new Core.Local(l.slot(), l.name(), pos);
                    bindTangent(l.slot(), d.t() != null ? d.t() : zeros(v));
                }
            }
            case Core.Bind.Unpack u -> {
                Core p = atom(d.p());
                for (int i = 0; i < u.items().size(); i++) {
                    Core key = lit((long) i);
                    Core pi = bind("_u", new Core.Index(p, List.of(key), pos));
                    Core ti = d.t() == null ? null : bind("d_u", new Core.Index(d.t(), List.of(key), pos));
                    assign(u.items().get(i), new D(pi, ti));
                }
            }
            case Core.Bind.ToGlobal g -> {
                if (d.t() != null) {
                    throw unsupported("a module-level assignment of a differentiated value");
                }
                out.add(new Core.Bind(g, d.p(), pos));
            }
        }
    }

    private void forLoop(Core.For f) {
        if (!reads(f.iter())) {
            List<Core.Stmt> saved = out;
            out = new ArrayList<>();
            zeroTargets(f.target());
            block(f.body());
            List<Core.Stmt> body = out;
            out = saved;
            out.add(new Core.For(f.target(), f.iter(), body, sub(f.orElse()), List.of(), f.pos()));
            return;
        }
        D it = expr(f.iter());
        Core.Local pair = fresh("_pair");
        List<Core.Stmt> saved = out;
        out = new ArrayList<>();
        Core t = it.t() == null ? null : bind("d_item", new Core.Index(pair, List.of(lit(1L)), pos));
        assign(f.target(), new D(bind("_item", new Core.Index(pair, List.of(lit(0L)), pos)), t));
        block(f.body());
        List<Core.Stmt> body = out;
        out = saved;
        Core pairs = call(JvpRuntime.TPAIRS, atom(it.p()), it.t() == null ? lit(jx.syntax.Expr.Marker.NONE) : it.t());
        out.add(new Core.For(new Core.Bind.ToLocal(pair.slot(), pair.name()), pairs, body, sub(f.orElse()), List.of(), f.pos()));
    }

    /** A loop over values without tangents still binds its targets: active ones get zero tangents. */
    private void zeroTargets(Core.Bind.Target target) {
        switch (target) {
            case Core.Bind.ToLocal l -> {
                if (active.contains(l.slot())) {
                    bindTangent(l.slot(), zeros(new Core.Local(l.slot(), l.name(), pos)));
                }
            }
            case Core.Bind.Unpack u -> u.items().forEach(this::zeroTargets);
            case Core.Bind.ToGlobal g -> { }
        }
    }

    // ---- expressions ----

    /** e's primal and tangent; an expression that reads nothing active is its own primal, unchanged. */
    private D expr(Core e) {
        if (!reads(e)) {
            return new D(e, null);
        }
        return switch (e) {
            case Core.Local l -> new D(l, tangentOf(l.slot()));
            case Core.Captured c -> new D(c, capTangents.get(c.index()));
            case Core.Binary b -> binary(b);
            case Core.Unary u -> switch (u.op()) {
                case "-" -> rule("op.neg", new Core.Unary("-", null, u.pos()), List.of(u.operand()));
                case "+" -> expr(u.operand());
                default -> new D(e, null);
            };
            case Core.Compare c -> new D(e, null);
            case Core.Not n -> new D(e, null);
            case Core.Format f -> new D(e, null);
            case Core.Slice s -> new D(e, null);
            case Core.IfExp i -> conditional(i.test(), i.body(), i.orElse());
            case Core.And a -> logical(a.operands(), true);
            case Core.Or o -> logical(o.operands(), false);
            case Core.Attr a -> attr(a);
            case Core.Index i -> index(i);
            case Core.MakeTuple t -> sequence(t.items(), true);
            case Core.MakeList l -> sequence(l.items(), false);
            case Core.MakeDict d -> dict(d);
            case Core.Closure c -> closure(c);
            case Core.Comprehension c -> comprehension(c);
            case Core.Call c -> call(c);
            case Core.Prim p -> prim(p);
            case Core.Spread s -> throw unsupported("`*` unpacking here");
            default -> new D(e, null);
        };
    }

    private D pair(Core p, Core t) {
        return new D(atom(p), t == null ? null : bind("d", t));
    }

    private D binary(Core.Binary b) {
        if (INACTIVE_OPS.contains(b.op())) {
            return new D(b, null);
        }
        if (!b.op().equals("+")) {
            return rule("op." + b.op(), b, List.of(b.left(), b.right()));
        }
        D l = expr(b.left());
        D r = expr(b.right());
        Core pl = atom(l.p());
        Core pr = atom(r.p());
        Core y = bind("_y", new Core.Binary("+", pl, pr, b.pos()));
        Core t;
        if (l.t() == null && r.t() == null) {
            return new D(y, null);
        } else if (l.t() != null && r.t() != null) {
            t = new Core.Binary("+", l.t(), r.t(), pos);
        } else if (l.t() != null) {
            t = call(JvpRuntime.TPAD, l.t(), pr, y, lit(true));
        } else {
            t = call(JvpRuntime.TPAD, r.t(), pl, y, lit(false));
        }
        return new D(y, bind("d_y", t));
    }

    /**
     * A primitive applied to operands given as expressions: the operands become atoms, the result a
     * fresh local, and its tangent the sum of the rule's terms of the operands that carry one.
     * shape is the call with null where each operand goes (rebuilt over the atoms).
     */
    private D rule(String name, Core shape, List<Core> operands) {
        Prim row = registry.byName(name);
        JvpRules.Forward f = JvpRules.of(registry, row);
        if (f == null) {
            throw JvpRules.none(name);
        }
        List<D> ds = operands.stream().map(this::expr).toList();
        List<Core> atoms = ds.stream().map(d -> atom(d.p())).toList();
        Core primal = switch (shape) {
            case Core.Binary b -> new Core.Binary(b.op(), atoms.get(0), atoms.get(1), b.pos());
            case Core.Unary u -> new Core.Unary(u.op(), atoms.get(0), u.pos());
            default -> throw new IllegalStateException("rule of " + shape);
        };
        return apply(f, primal, atoms, ds.stream().map(D::t).toList());
    }

    /** y = primal, and the tangent of y from the rule's terms over atoms, y and the operands' tangents. */
    private D apply(JvpRules.Forward f, Core primal, List<Core> atoms, List<Core> tangents) {
        Core.Local y = bind("_y", primal);
        Map<String, Core> names = new HashMap<>();
        for (int i = 0; i < f.names().size() && i < atoms.size(); i++) {
            names.put(f.names().get(i), atoms.get(i));
        }
        names.put("y", y);
        Core sum = null;
        for (int i = 0; i < atoms.size(); i++) {
            Core term = i < f.terms().size() ? f.terms().get(i) : null;
            if (tangents.get(i) == null || term == null) {
                continue;
            }
            Map<String, Core> with = new HashMap<>(names);
            with.put("t", tangents.get(i));
            Core c = Subst.names(term, with);
            sum = sum == null ? c : f.name().equals("_acc") ? call(Runtime.ACC, sum, c) : new Core.Binary("+", sum, c, pos);
        }
        if (sum == null) {
            return new D(y, null);
        }
        if (f.broadcast()) {
            sum = call(JvpRuntime.BCAST_LIKE, sum, y);
        }
        return new D(y, bind("d_y", sum));
    }

    private D conditional(Core test, Core body, Core orElse) {
        Core.Local v = fresh("_v");
        Core.Local dv = fresh("d_v");
        List<Core.Stmt> saved = out;
        List<List<Core.Stmt>> branches = new ArrayList<>();
        for (Core branch : List.of(body, orElse)) {
            out = new ArrayList<>();
            D d = expr(branch);
            emit(v, d.p());
            emit(dv, d.t() != null ? d.t() : zeros(v));
            branches.add(out);
        }
        out = saved;
        out.add(new Core.If(List.of(test), List.of(branches.get(0)), branches.get(1), pos));
        return new D(v, dv);
    }

    /** a and b is b if a else a (a evaluated once); a or b is a if a else b. */
    private D logical(List<Core> operands, boolean isAnd) {
        D first = expr(operands.get(0));
        Core a = atom(first.p());
        Core da = first.t() != null ? first.t() : bind("d_a", zeros(a));
        if (operands.size() == 1) {
            return new D(a, da);
        }
        Core rest = operands.size() == 2 ? operands.get(1) : isAnd ? new Core.And(operands.subList(1, operands.size()), pos)
                : new Core.Or(operands.subList(1, operands.size()), pos);
        Core.Local v = fresh("_v");
        Core.Local dv = fresh("d_v");
        List<Core.Stmt> saved = out;
        out = new ArrayList<>();
        D r = expr(rest);
        emit(v, r.p());
        emit(dv, r.t() != null ? r.t() : zeros(v));
        List<Core.Stmt> other = out;
        out = saved;
        List<Core.Stmt> self = List.of(new Core.Bind(new Core.Bind.ToLocal(v.slot(), v.name()), a, pos),
                new Core.Bind(new Core.Bind.ToLocal(dv.slot(), dv.name()), da, pos));
        out.add(new Core.If(List.of(a), List.of(isAnd ? other : self), isAnd ? self : other, pos));
        return new D(v, dv);
    }

    private D attr(Core.Attr a) {
        if (SHAPE_ATTRS.contains(a.name())) {
            return new D(a, null);
        }
        D obj = expr(a.obj());
        Core o = atom(obj.p());
        if (a.name().equals("T")) {
            return apply(JvpRules.of(registry, registry.byName("op.T")), new Core.Attr(o, "T", a.pos()), List.of(o),
                    java.util.Collections.singletonList(obj.t()));
        }
        if (a.name().equals("real") || a.name().equals("imag")) {
            return apply(JvpRules.of(registry, registry.byName("jnp." + a.name())), new Core.Attr(o, a.name(), a.pos()), List.of(o),
                    java.util.Collections.singletonList(obj.t()));
        }
        // A value without a tangent keeps its attributes (jnp.finfo(x.dtype).eps, of a value that is no NamedTuple).
        if (obj.t() == null) {
            return new D(new Core.Attr(o, a.name(), a.pos()), null);
        }
        // A NamedTuple's field (slogdet(a).logabsdet) is an index of it.
        Core field = new Core.Prim(registry.byName("_field_index"), null,
                List.of(new Core.Positional(o), new Core.Positional(new Core.Lit(a.name(), a.pos()))), a.pos());
        Core k = atom(field);
        return pair(new Core.Index(o, List.of(k), a.pos()), new Core.Index(obj.t(), List.of(k), pos));
    }

    private Core key(List<Core> index) {
        if (index.size() == 1 && !(index.get(0) instanceof Core.Spread)) {
            return atom(index.get(0));
        }
        return bind("_k", new Core.MakeTuple(index, pos));
    }

    private D index(Core.Index i) {
        D obj = expr(i.obj());
        Core o = atom(obj.p());
        Core k = key(i.index());
        if (obj.t() == null) {
            return new D(new Core.Index(o, List.of(k), i.pos()), null);
        }
        return pair(new Core.Index(o, List.of(k), i.pos()), new Core.Index(obj.t(), List.of(k), pos));
    }

    private D sequence(List<Core> items, boolean tuple) {
        List<Core> ps = new ArrayList<>();
        List<Core> ts = new ArrayList<>();
        for (Core item : items) {
            if (item instanceof Core.Spread s) {
                D d = expr(s.value());
                Core p = atom(d.p());
                ps.add(new Core.Spread(p, pos));
                ts.add(new Core.Spread(d.t() != null ? d.t() : zeros(p), pos));
            } else {
                D d = expr(item);
                Core p = atom(d.p());
                ps.add(p);
                ts.add(d.t() != null ? d.t() : zeros(p));
            }
        }
        return tuple ? pair(new Core.MakeTuple(ps, pos), new Core.MakeTuple(ts, pos))
                : pair(new Core.MakeList(ps, pos), new Core.MakeList(ts, pos));
    }

    private D dict(Core.MakeDict d) {
        List<Core> keys = new ArrayList<>();
        List<Core> ps = new ArrayList<>();
        List<Core> ts = new ArrayList<>();
        for (int i = 0; i < d.keys().size(); i++) {
            D v = expr(d.values().get(i));
            Core p = atom(v.p());
            Core k = d.keys().get(i) == null ? null : atom(d.keys().get(i));
            keys.add(k);
            ps.add(p);
            ts.add(v.t() != null ? v.t() : zeros(p));
        }
        return pair(new Core.MakeDict(keys, ps, d.pos()), new Core.MakeDict(keys, ts, pos));
    }

    /** A closure's tangent is the tuple of its captures' tangents (None where none). */
    private D closure(Core.Closure c) {
        if (c.defaults().stream().anyMatch(this::reads)) {
            throw unsupported("a default parameter value that carries a tangent");
        }
        List<Core> ts = new ArrayList<>();
        for (Core cap : c.code().captures()) {
            if (cap instanceof Core.Local l && active.contains(l.slot()) && capturedLocals.add(l.slot())) {
                changed = true;
            }
            D d = expr(cap);
            ts.add(d.t() != null ? d.t() : lit(jx.syntax.Expr.Marker.NONE));
        }
        return pair(c, new Core.MakeTuple(ts, pos));
    }

    /** [e for t in xs if c] over differentiated values, as the loop it stands for. */
    private D comprehension(Core.Comprehension c) {
        Core.Local acc = fresh("_acc");
        Core.Bind.ToLocal to = new Core.Bind.ToLocal(acc.slot(), acc.name());
        Core grow = c.value() == null
                ? new Core.Binary("+", acc, new Core.MakeList(List.of(c.element()), c.pos()), c.pos())
                : new Core.MakeDict(java.util.Arrays.asList(null, c.element()), List.of(acc, c.value()), c.pos());
        List<Core.Stmt> body = List.of(new Core.Bind(to, grow, c.pos()));
        for (int i = c.clauses().size() - 1; i >= 0; i--) {
            Core.Clause clause = c.clauses().get(i);
            for (int k = clause.conditions().size() - 1; k >= 0; k--) {
                body = List.of(new Core.If(List.of(clause.conditions().get(k)), List.of(body), List.of(), c.pos()));
            }
            body = List.of(new Core.For(clause.target(), clause.iter(), body, List.of(), List.of(), c.pos()));
        }
        Core empty = c.value() == null ? new Core.MakeList(List.of(), c.pos()) : new Core.MakeDict(List.of(), List.of(), c.pos());
        // The accumulator carries a tangent from the start: its empty value's is an empty container.
        if (!active.contains(acc.slot())) {
            active.add(acc.slot());
        }
        out.add(new Core.Bind(to, empty, pos));
        bindTangent(acc.slot(), empty);
        block(body);
        return new D(acc, tangentOf(acc.slot()));
    }

    // ---- calls ----

    private D call(Core.Call c) {
        D at = atUpdate(c);
        if (at != null) {
            return at;
        }
        if (c.fn() instanceof Core.Attr m && registry.method(m.name()) != null && reads(m.obj())) {
            return prim(registry.method(m.name()).methodCall(m.obj(), c));
        }
        String name = c.fn() instanceof Core.Global g ? g.name()
                : c.fn() instanceof Core.Lit l && l.value() instanceof jx.eval.Values.Builtin b ? b.name() : null;
        if (name != null) {
            D d = builtin(name, c);
            if (d != null) {
                return d;
            }
        }
        return dynamic(c.fn(), c.args(), c.pos());
    }

    /** Python's builtins that forward mode knows: constants, and those with a tangent of their own. */
    private D builtin(String name, Core.Call c) {
        if (CONSTANT_BUILTINS.contains(name)) {
            return new D(c, null);
        }
        boolean positional = c.args().stream().allMatch(a -> a instanceof Core.Positional);
        if (!positional) {
            return null;
        }
        List<Core> args = c.args().stream().map(Core.Arg::value).toList();
        if (LINEAR_HELPERS.contains(name) && !args.isEmpty()) {
            // Forward mode's own helpers are linear in their first argument (forward over forward).
            List<D> ds = args.stream().map(this::expr).toList();
            List<Core.Arg> ps = new ArrayList<>();
            List<Core.Arg> ts = new ArrayList<>();
            for (int i = 0; i < ds.size(); i++) {
                Core p = atom(ds.get(i).p());
                ps.add(new Core.Positional(p));
                boolean linear = i == 0 || name.equals("_tpairs");
                ts.add(new Core.Positional(!linear ? p : ds.get(i).t() != null ? ds.get(i).t() : zeros(p)));
            }
            if (ds.get(0).t() == null && !name.equals("_tpairs")) {
                return new D(new Core.Call(c.fn(), ps, c.pos()), null);
            }
            return pair(new Core.Call(c.fn(), ps, c.pos()), new Core.Call(c.fn(), ts, pos));
        }
        switch (name) {
            case "float", "list", "tuple", "reversed", "sum" -> {
                if (args.size() != 1) {
                    return null;
                }
                D x = expr(args.get(0));
                Core p = atom(x.p());
                Core t = x.t() != null ? x.t() : zeros(p);
                Core.Call tc = new Core.Call(new Core.Global(name, pos), List.of(new Core.Positional(t)), pos);
                return pair(new Core.Call(c.fn(), List.of(new Core.Positional(p)), c.pos()), tc);
            }
            case "zip" -> {
                List<Core> ps = new ArrayList<>();
                List<Core.Arg> ts = new ArrayList<>();
                for (Core a : args) {
                    D d = expr(a);
                    Core p = atom(d.p());
                    ps.add(p);
                    ts.add(new Core.Positional(d.t() != null ? d.t() : zeros(p)));
                }
                return pair(new Core.Call(c.fn(), ps.stream().map(p -> (Core.Arg) new Core.Positional(p)).toList(), c.pos()),
                        new Core.Call(new Core.Global("zip", pos), ts, pos));
            }
            case "enumerate" -> {
                if (args.size() != 1) {
                    return null;
                }
                D x = expr(args.get(0));
                Core p = atom(x.p());
                return pair(new Core.Call(c.fn(), List.of(new Core.Positional(p)), c.pos()),
                        call(JvpRuntime.TENUMERATE, x.t() != null ? x.t() : zeros(p)));
            }
            case "abs" -> {
                if (args.size() != 1) {
                    return null;
                }
                // jnp.abs's rule: slope 1 at 0 as in JAX, and the complex rule for a complex scalar.
                D x = expr(args.get(0));
                Core p = atom(x.p());
                Core primal = new Core.Call(c.fn(), List.of(new Core.Positional(p)), c.pos());
                return apply(JvpRules.of(registry, registry.byName("jnp.abs")), primal, List.of(p), List.of(x.t()));
            }
            case "max", "min" -> {
                if (args.size() != 2) {
                    return null;
                }
                D a = expr(args.get(0));
                D b = expr(args.get(1));
                Core pa = atom(a.p());
                Core pb = atom(b.p());
                Core.Local y = bind("_y", new Core.Call(c.fn(), List.of(new Core.Positional(pa), new Core.Positional(pb)), c.pos()));
                // Python's max/min return the first of equal operands.
                Core takeB = new Core.Compare(List.of(pb, pa), List.of(name.equals("max") ? ">" : "<"), pos);
                Core tb = b.t() != null ? b.t() : zeros(pb);
                Core ta = a.t() != null ? a.t() : zeros(pa);
                return new D(y, bind("d_y", new Core.IfExp(takeB, tb, ta, pos)));
            }
            default -> {
                return null;
            }
        }
    }

    private D prim(Core.Prim p) {
        Prim row = (Prim) p.primitive();
        if (row.has(Tag.NONDIFF) || !reads(p.args())) {
            return new D(p, null);
        }
        if (row.name().equals("jnp.einsum") && p.args().stream().allMatch(a -> a instanceof Core.Positional)) {
            return einsum(row, p);
        }
        JvpRules.Forward f = JvpRules.of(registry, row);
        boolean plain = p.args().stream().allMatch(a -> a instanceof Core.Positional || a instanceof Core.Keyword);
        if (f == null || !plain) {
            return dynamic(functionValue(row, p.callee()), p.args(), p.pos());
        }
        List<Core> bound = new ArrayList<>(java.util.Collections.nCopies(f.params().size(), null));
        int next = 0;
        for (Core.Arg a : p.args()) {
            int at = a instanceof Core.Keyword k ? f.params().indexOf(k.name()) : next++;
            if (at < 0 || at >= bound.size()) {
                // Let the primitive itself report the bad call.
                return dynamic(functionValue(row, null), p.args(), p.pos());
            }
            bound.set(at, a.value());
        }
        List<D> ds = new ArrayList<>();
        for (int i = 0; i < bound.size(); i++) {
            Core b = bound.get(i);
            if (b == null) {
                Object d = f.defaults().get(f.params().get(i));
                if (d == null) {
                    return dynamic(functionValue(row, null), p.args(), p.pos());
                }
                b = lit(d);
            }
            ds.add(expr(b));
        }
        List<Core> atoms = ds.stream().map(d -> atom(d.p())).toList();
        Core primal = new Core.Prim(row, p.callee(), atoms.stream().map(a -> (Core.Arg) new Core.Positional(a)).toList(), p.pos());
        return apply(f, primal, atoms, ds.stream().map(D::t).toList());
    }

    /**
     * einsum is linear in each operand: its tangent is the sum of the einsums with one operand
     * replaced by its tangent, written as einsums so that it differentiates again.
     */
    private D einsum(Prim row, Core.Prim p) {
        List<D> ds = p.args().stream().map(a -> expr(a.value())).toList();
        List<Core> atoms = ds.stream().map(d -> atom(d.p())).toList();
        Core.Local y = bind("_y", new Core.Prim(row, null, atoms.stream().map(a -> (Core.Arg) new Core.Positional(a)).toList(), p.pos()));
        Core sum = null;
        for (int i = 1; i < ds.size(); i++) {
            if (ds.get(i).t() == null) {
                continue;
            }
            List<Core.Arg> with = new ArrayList<>();
            for (int k = 0; k < atoms.size(); k++) {
                with.add(new Core.Positional(k == i ? ds.get(i).t() : atoms.get(k)));
            }
            Core term = new Core.Prim(row, null, with, pos);
            sum = sum == null ? term : new Core.Binary("+", sum, term, pos);
        }
        return new D(y, sum == null ? null : bind("d_y", sum));
    }

    /** The row's function as a value: jnp.var, jnp.linalg.norm (or the callee as written, which a REPL input may rebind). */
    private Core functionValue(Prim row, Core callee) {
        if (callee != null) {
            return callee;
        }
        String[] parts = row.name().split("\\.");
        Core e = new Core.Global(parts[0], pos);
        for (int i = 1; i < parts.length; i++) {
            e = new Core.Attr(e, parts[i], pos);
        }
        return e;
    }

    /** x.at[k].set(v) and friends: the update applied to the tangents by the row's rule. */
    private D atUpdate(Core.Call c) {
        if (!(c.fn() instanceof Core.Attr method && method.obj() instanceof Core.Index ix
                && ix.obj() instanceof Core.Attr at && at.name().equals("at"))) {
            return null;
        }
        Prim row = registry.byName("at." + method.name());
        JvpRules.Forward f = JvpRules.of(registry, row);
        boolean get = method.name().equals("get") && c.args().isEmpty();
        if (f == null || !get && (c.args().size() != 1 || !(c.args().get(0) instanceof Core.Positional))) {
            return null;
        }
        D x = expr(at.obj());
        Core px = atom(x.p());
        Core k = key(ix.index());
        List<Core> atoms = new ArrayList<>(List.of(px, k));
        List<Core> ts = new ArrayList<>(java.util.Arrays.asList(x.t(), null));
        List<Core.Arg> args = List.of();
        if (!get) {
            D v = expr(c.args().get(0).value());
            Core pv = atom(v.p());
            atoms.add(pv);
            ts.add(v.t());
            args = List.of(new Core.Positional(pv));
        }
        Core primal = new Core.Call(new Core.Attr(new Core.Index(new Core.Attr(px, "at", pos), List.of(k), pos),
                method.name(), pos), args, c.pos());
        return apply(f, primal, atoms, ts);
    }

    /**
     * A call of a function value: _jvp_call(fn, tangent of fn, tangents of the positional arguments,
     * of the keyword arguments, *args, **kwargs) gives (output, tangent).
     */
    private D dynamic(Core fnExpr, List<Core.Arg> argNodes, Pos callPos) {
        D fn = expr(fnExpr);
        List<Core.Arg> args = new ArrayList<>();
        List<Core> targs = new ArrayList<>();
        List<Core> kwKeys = new ArrayList<>();
        List<Core> kwTangents = new ArrayList<>();
        boolean any = fn.t() != null;
        for (Core.Arg a : argNodes) {
            D d = expr(a.value());
            Core p = d.p();
            any |= d.t() != null;
            switch (a) {
                case Core.Positional x -> {
                    args.add(new Core.Positional(p));
                    targs.add(d.t() != null ? d.t() : lit(jx.syntax.Expr.Marker.NONE));
                }
                case Core.Star s -> {
                    args.add(new Core.Star(p));
                    targs.add(new Core.Spread(d.t() != null ? d.t() : call(JvpRuntime.TNONES, p), pos));
                }
                case Core.Keyword k -> {
                    args.add(new Core.Keyword(k.name(), p));
                    if (d.t() != null) {
                        kwKeys.add(lit(k.name()));
                        kwTangents.add(d.t());
                    }
                }
                case Core.KwStar k -> {
                    args.add(new Core.KwStar(p));
                    if (d.t() != null) {
                        kwKeys.add(null);
                        kwTangents.add(d.t());
                    }
                }
            }
        }
        if (!any) {
            return new D(new Core.Call(fn.p(), args, callPos), null);
        }
        List<Core.Arg> callArgs = new ArrayList<>();
        callArgs.add(new Core.Positional(atom(fn.p())));
        callArgs.add(new Core.Positional(fn.t() != null ? fn.t() : lit(jx.syntax.Expr.Marker.NONE)));
        callArgs.add(new Core.Positional(new Core.MakeTuple(targs, pos)));
        callArgs.add(new Core.Positional(new Core.MakeDict(kwKeys, kwTangents, pos)));
        callArgs.addAll(args);
        Core.Local r = bind("_r", new Core.Call(new Core.Lit(JvpRuntime.JVP_CALL, pos), callArgs, callPos));
        return new D(bind("_y", new Core.Index(r, List.of(lit(0L)), pos)), bind("d_y", new Core.Index(r, List.of(lit(1L)), pos)));
    }
}

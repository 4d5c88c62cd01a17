package jx.batch;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jx.core.Core;
import jx.diag.Pos;
import jx.eval.EvalError;
import jx.prim.Batching;
import jx.prim.Prim;
import jx.prim.Registry;
import jx.prim.Tag;

/**
 * vmap as a source-to-source transform of a function's core IR. Which values are batched is known
 * statically (from which parameters and captures are); a batched value is held with its batch axis
 * first, so each primitive on batched arguments becomes its row's batched form, operators broadcast
 * with the example's ranks aligned, and a row without a rule becomes a visible loop over the examples
 * (_vmap_loop). Every intermediate is bound to a local of its own, so that a rule may use an
 * argument twice without computing it twice.
 */
final class Batcher {
    private static final Pos POS = Pos.NONE;

    private final Registry registry;
    private final Core.Code code;
    private final List<Boolean> captures;
    final List<String> slots;
    private Set<Integer> batched = new HashSet<>();
    private Set<Integer> bound = new HashSet<>();
    private List<Core.Stmt> out = new ArrayList<>();
    final Core.Local lanes;
    /** The top level's out_axes (a literal), or null in a batched callee (whose results are all batched). */
    private final Core.Lit outAxes;
    /**
     * Whether code is a forward program whose tangents alone are batched ({@link JvpLanes}): its
     * primal values must stay unbatched, so what would batch one is refused (and JvpLanes falls
     * back to one forward program per tangent).
     */
    private final boolean tangentLanes;
    /** In a tangent-lanes program: the locals holding (output, batched tangent) pairs of _jvp_lanes or _tpairs_lanes. */
    private final Set<Integer> pairs = new HashSet<>();

    Batcher(Registry registry, Core.Code code, List<Boolean> params, List<Boolean> captures, Core.Lit outAxes) {
        this(registry, code, params, captures, outAxes, false);
    }

    Batcher(Registry registry, Core.Code code, List<Boolean> params, List<Boolean> captures, Core.Lit outAxes, boolean tangentLanes) {
        this.tangentLanes = tangentLanes;
        this.registry = registry;
        this.code = code;
        this.captures = captures;
        this.slots = new ArrayList<>(code.slotNames());
        this.outAxes = outAxes;
        for (int p = 0; p < code.params().size(); p++) {
            bound.add(p);
            if (params.get(p)) {
                batched.add(p);
            }
        }
        this.lanes = fresh("_B");
    }

    static EvalError unsupported(String what) {
        return new EvalError("NotImplementedError: jax.vmap cannot batch " + what + " yet",
                "arithmetic, jnp functions, indexing, .at[] updates, static if/for/while, calls of jx functions and "
                        + "pytrees are supported");
    }

    Core.Local fresh(String name) {
        slots.add(name + (name.equals("_B") ? "" : String.valueOf(slots.size())));
        return new Core.Local(slots.size() - 1, slots.get(slots.size() - 1), POS);
    }

    /** The body, batched: statements after the entry's. */
    List<Core.Stmt> body() {
        block(code.body());
        return out;
    }

    boolean isBatched(int param) {
        return batched.contains(param);
    }

    // ---- statements ----

    private void block(List<Core.Stmt> body) {
        for (Core.Stmt s : body) {
            stmt(s);
        }
    }

    private void stmt(Core.Stmt s) {
        switch (s) {
            case Core.Bind b -> assign(b.target(), b.value());
            case Core.Eval e -> out.add(new Core.Eval(expr(e.expr()).e(), e.pos()));
            case Core.Return r when tangentLanes -> out.add(new Core.Return(JvpLanes.result(this, r.value()), r.pos()));
            case Core.Return r -> {
                B v = r.value() == null ? new B(new Core.Lit(jx.eval.Values.None.NONE, POS), false) : expr(r.value());
                out.add(new Core.Return(result(v), r.pos()));
            }
            case Core.If i -> branch(i);
            case Core.For f -> forLoop(f);
            case Core.While w -> whileLoop(w);
            case Core.Assert a -> {
                B t = expr(a.test());
                out.add(new Core.Assert(t.b() ? concrete(t) : t.e(), a.message() == null ? null : expr(a.message()).e(), a.pos()));
            }
            case Core.Break b -> {
                out.add(b);
            }
            case Core.Continue c -> {
                out.add(c);
            }
            case Core.Import im -> out.add(im);
        }
    }

    private Core result(B v) {
        if (outAxes == null) {
            return batch(v);
        }
        if (isNone(outAxes)) {
            if (v.b()) {
                throw new EvalError("ValueError: vmap has mapped output but out_axes is None",
                        "out_axes=None is for results that do not depend on the mapped arguments");
            }
            return v.e();
        }
        Core bv = batch(v);
        if (outAxes.value() instanceof Long l && l == 0L) {
            return bv;
        }
        return prim(Helpers.OUT, bv, outAxes);
    }

    static boolean isNone(Core e) {
        return e instanceof Core.Lit l && (l.value() instanceof jx.eval.Values.None || l.value() == jx.syntax.Expr.Marker.NONE);
    }

    private void assign(Core.Bind.Target target, Core value) {
        if (tangentLanes && target instanceof Core.Bind.ToLocal l && JvpLanes.isCall(value, jx.ad.JvpRuntime.JVP_CALL)) {
            out.add(new Core.Bind(l, JvpLanes.call(this, (Core.Call) value), POS));
            bound.add(l.slot());
            batched.remove(l.slot());
            pairs.add(l.slot());
            return;
        }
        if (target instanceof Core.Bind.Unpack u && value instanceof Core.MakeTuple t && t.items().size() == u.items().size()
                && t.items().stream().noneMatch(x -> x instanceof Core.Spread)) {
            // a, b = x, y: each name gets its own item, so an unbatched one stays unbatched.
            List<B> items = t.items().stream().map(this::expr).toList();
            for (int k = 0; k < items.size(); k++) {
                bindTo(u.items().get(k), items.get(k));
            }
            return;
        }
        bindTo(target, expr(value));
    }

    private void bindTo(Core.Bind.Target target, B v) {
        switch (target) {
            case Core.Bind.ToLocal l -> {
                out.add(new Core.Bind(l, v.e(), POS));
                bound.add(l.slot());
                if (v.b()) {
                    batched.add(l.slot());
                } else {
                    batched.remove(l.slot());
                }
            }
            case Core.Bind.Unpack u when v.b() -> {
                // a, b = x with x batched: x's rows per example (its axis 1), not the batch's. A
                // nested target unpacks its row the same way, through a temporary.
                List<Core.Bind.Target> items = new ArrayList<>();
                List<Core.Bind.Unpack> nested = new ArrayList<>();
                List<Core.Local> temps = new ArrayList<>();
                for (Core.Bind.Target item : u.items()) {
                    if (item instanceof Core.Bind.Unpack inner) {
                        Core.Local t = fresh("_row");
                        items.add(new Core.Bind.ToLocal(t.slot(), t.name()));
                        nested.add(inner);
                        temps.add(t);
                    } else {
                        items.add(item);
                    }
                }
                Core.Bind.Unpack flat = new Core.Bind.Unpack(items, u.pos());
                out.add(new Core.Bind(flat, prim(Helpers.ITER, v.e()), POS));
                for (int slot : slotsOf(flat)) {
                    bound.add(slot);
                    batched.add(slot);
                }
                for (int k = 0; k < nested.size(); k++) {
                    bindTo(nested.get(k), new B(temps.get(k), true));
                }
            }
            case Core.Bind.Unpack u -> {
                out.add(new Core.Bind(u, v.e(), POS));
                for (int slot : slotsOf(u)) {
                    bound.add(slot);
                    if (v.b()) {
                        batched.add(slot);
                    } else {
                        batched.remove(slot);
                    }
                }
            }
            case Core.Bind.ToGlobal g -> {
                if (v.b()) {
                    throw unsupported("an assignment of a batched value to a module-level name");
                }
                out.add(new Core.Bind(g, v.e(), POS));
            }
        }
    }

    private static List<Integer> slotsOf(Core.Bind.Target t) {
        List<Integer> out = new ArrayList<>();
        switch (t) {
            case Core.Bind.ToLocal l -> out.add(l.slot());
            case Core.Bind.Unpack u -> u.items().forEach(i -> out.addAll(slotsOf(i)));
            case Core.Bind.ToGlobal g -> { }
        }
        return out;
    }

    private void branch(Core.If i) {
        List<Core> tests = new ArrayList<>();
        List<List<Core.Stmt>> bodies = new ArrayList<>();
        Set<Integer> before = new HashSet<>(batched);
        Set<Integer> boundBefore = new HashSet<>(bound);
        List<Set<Integer>> ends = new ArrayList<>();
        List<List<Core.Stmt>> outs = new ArrayList<>();
        Set<Integer> boundAfter = new HashSet<>(bound);
        List<Core.Stmt> saved = out;
        List<Core.Stmt> testStmts = out;
        for (int k = 0; k < i.tests().size(); k++) {
            // A test after the first runs only when the ones before fail: its statements go in the else part.
            B t = expr(i.tests().get(k));
            tests.add(t.b() ? concrete(t) : t.e());
            out = new ArrayList<>();
            batched = new HashSet<>(before);
            bound = new HashSet<>(boundBefore);
            block(i.bodies().get(k));
            bodies.add(out);
            ends.add(batched);
            outs.add(out);
            boundAfter.addAll(bound);
            out = testStmts;
        }
        out = new ArrayList<>();
        batched = new HashSet<>(before);
        bound = new HashSet<>(boundBefore);
        block(i.orElse());
        List<Core.Stmt> orElse = out;
        ends.add(batched);
        outs.add(orElse);
        boundAfter.addAll(bound);
        Set<Integer> union = new HashSet<>();
        ends.forEach(union::addAll);
        for (int k = 0; k < ends.size(); k++) {
            for (int slot : union) {
                if (!ends.get(k).contains(slot) && (boundBefore.contains(slot) || assigns(outs.get(k), slot))) {
                    Core.Local l = local(slot);
                    outs.get(k).add(new Core.Bind(new Core.Bind.ToLocal(slot, l.name()), broadcast(l), POS));
                }
            }
        }
        out = saved;
        out.add(new Core.If(tests, bodies, orElse, i.pos()));
        batched = union;
        bound = boundAfter;
    }

    private static boolean assigns(List<Core.Stmt> stmts, int slot) {
        for (Core.Stmt s : stmts) {
            if (s instanceof Core.Bind b && slotsOf(b.target()).contains(slot)) {
                return true;
            }
        }
        return false;
    }

    private Core.Local local(int slot) {
        return new Core.Local(slot, slots.get(slot), POS);
    }

    private void forLoop(Core.For f) {
        boolean tpairs = tangentLanes && f.target() instanceof Core.Bind.ToLocal && JvpLanes.isCall(f.iter(), jx.ad.JvpRuntime.TPAIRS);
        B iter = tpairs ? new B(JvpLanes.pairs(this, (Core.Call) f.iter()), false) : expr(f.iter());
        Core it = iter.b() ? prim(Helpers.ITER, iter.e()) : iter.e();
        // for a, b in xs with xs batched: each item is a batched row, unpacked per example in the body.
        Core.Bind.Target target = f.target();
        Core.Bind.Unpack split = iter.b() && target instanceof Core.Bind.Unpack u ? u : null;
        Core.Local item = split != null ? fresh("_item") : null;
        if (split != null) {
            target = new Core.Bind.ToLocal(item.slot(), item.name());
        }
        List<Integer> targets = slotsOf(target);
        if (tpairs) {
            pairs.addAll(targets);
        }
        // One pass over the body with the targets bound to an item (batched when the iterable is).
        Runnable iteration = () -> {
            for (int t : targets) {
                bound.add(t);
                if (iter.b()) {
                    batched.add(t);
                } else {
                    batched.remove(t);
                }
            }
            if (split != null) {
                bindTo(split, new B(item, true));
            }
            block(f.body());
        };
        Set<Integer> entry = loopState(iteration);
        List<Core.Stmt> body = loopBody(entry, iteration, targets, () -> { });
        out.add(new Core.For(target, it, body, orElseOf(f.orElse()), f.carried(), f.pos()));
    }

    private void whileLoop(Core.While w) {
        Set<Integer> entry = loopState(() -> {
            expr(w.test());
            block(w.body());
        });
        broadcastEntry(entry, List.of());
        batched = new HashSet<>(entry);
        int before = out.size();
        B test = expr(w.test());
        boolean computed = out.size() > before;
        Core t = test.b() ? concrete(test) : test.e();
        List<Core.Stmt> body = loopBody(entry, () -> block(w.body()), List.of(), () -> {
            if (computed) {
                // The test's statements run again after each pass, into the same name.
                B again = expr(w.test());
                Core.Local tl = (Core.Local) test.e();
                out.add(new Core.Bind(new Core.Bind.ToLocal(tl.slot(), tl.name()), again.b() ? concrete(again) : again.e(), POS));
            }
        });
        if (computed && containsJump(body)) {
            throw unsupported("continue in a while loop whose test computes");
        }
        out.add(new Core.While(t, body, orElseOf(w.orElse()), w.carried(), w.pos()));
    }

    private List<Core.Stmt> orElseOf(List<Core.Stmt> orElse) {
        List<Core.Stmt> saved = out;
        out = new ArrayList<>();
        block(orElse);
        List<Core.Stmt> r = out;
        out = saved;
        return r;
    }

    /** The batched names at the loop's head: those batched before it and those its body makes batched, to a fixpoint. */
    private Set<Integer> loopState(Runnable body) {
        List<Core.Stmt> saved = out;
        Set<Integer> before = new HashSet<>(batched);
        Set<Integer> state = new HashSet<>(batched);
        Set<Integer> savedBound = new HashSet<>(bound);
        while (true) {
            out = new ArrayList<>();
            batched = new HashSet<>(state);
            bound = new HashSet<>(savedBound);
            int known = slots.size();
            body.run();
            Set<Integer> next = new HashSet<>(state);
            // Only names that outlive one pass matter: each pass's temporaries are its own.
            batched.stream().filter(slot -> slot < known).forEach(next::add);
            if (next.equals(state)) {
                break;
            }
            state = next;
        }
        out = saved;
        batched = before;
        bound = savedBound;
        return state;
    }

    /** Broadcasts before the loop what becomes batched in it. */
    private void broadcastEntry(Set<Integer> entry, List<Integer> targets) {
        for (int slot : new TreeSet<>(entry)) {
            if (!batched.contains(slot) && bound.contains(slot) && !targets.contains(slot)) {
                out.add(new Core.Bind(new Core.Bind.ToLocal(slot, slots.get(slot)), broadcast(local(slot)), POS));
            }
        }
    }

    /** The body, batched from the loop's head state, broadcasting at its end what it left unbatched. */
    private List<Core.Stmt> loopBody(Set<Integer> entry, Runnable body, List<Integer> targets, Runnable after) {
        broadcastEntry(entry, targets);
        batched = new HashSet<>(entry);
        List<Core.Stmt> saved = out;
        out = new ArrayList<>();
        body.run();
        for (int slot : new TreeSet<>(entry)) {
            if (!batched.contains(slot) && bound.contains(slot)) {
                out.add(new Core.Bind(new Core.Bind.ToLocal(slot, slots.get(slot)), broadcast(local(slot)), POS));
            }
        }
        after.run();
        if (containsJump(out)) {
            throw unsupported("break or continue in a loop that carries batched values");
        }
        List<Core.Stmt> r = out;
        out = saved;
        batched = new HashSet<>(entry);
        return r;
    }

    private boolean containsJump(List<Core.Stmt> stmts) {
        for (Core.Stmt s : stmts) {
            if ((s instanceof Core.Break || s instanceof Core.Continue) && !batched.isEmpty()) {
                return true;
            }
            if (s instanceof Core.If i && (i.bodies().stream().anyMatch(this::containsJump) || containsJump(i.orElse()))) {
                return true;
            }
        }
        return false;
    }

    // ---- expressions ----

    /** A transformed expression: an atom (a literal, a name) and whether it is batched. */
    record B(Core e, boolean b) {}

    private B bind(Core value, boolean isBatched) {
        if (value instanceof Core.Lit || value instanceof Core.Local || value instanceof Core.Global || value instanceof Core.Captured) {
            return new B(value, isBatched);
        }
        Core.Local t = fresh("_v");
        out.add(new Core.Bind(new Core.Bind.ToLocal(t.slot(), t.name()), value, POS));
        bound.add(t.slot());
        if (isBatched) {
            batched.add(t.slot());
        }
        return new B(t, isBatched);
    }

    B expr(Core e) {
        return switch (e) {
            case Core.Lit l -> new B(l, false);
            case Core.Global g -> new B(g, false);
            case Core.Local l -> {
                if (pairs.contains(l.slot())) {
                    throw JvpLanes.cannot("a use of a call's (output, tangent) pair other than its items");
                }
                yield new B(l, batched.contains(l.slot()));
            }
            case Core.Captured c -> new B(c, c.index() < captures.size() && captures.get(c.index()));
            case Core.Unary u -> {
                B x = expr(u.operand());
                yield bind(new Core.Unary(u.op(), x.e(), u.pos()), x.b());
            }
            case Core.Binary b -> binary(b);
            case Core.Compare c -> {
                List<B> ops = c.operands().stream().map(this::expr).toList();
                boolean any = ops.stream().anyMatch(B::b);
                if (ops.size() == 2 && (c.ops().get(0).equals("is") || c.ops().get(0).equals("is not"))) {
                    // Identity is the same test for the batch as for each example (a batched value is
                    // never None): one Python bool, not a batched one.
                    yield bind(new Core.Compare(ops.stream().map(B::e).toList(), c.ops(), c.pos()), false);
                }
                if (any && ops.size() > 2) {
                    // a < b < c is (a < b) and (b < c): a truth test of a batched comparison.
                    yield new B(concrete(ops.get(0)), false);
                }
                yield bind(new Core.Compare(any ? aligned(ops) : ops.stream().map(B::e).toList(), c.ops(), c.pos()), any);
            }
            case Core.And a -> logical(a.operands(), true, a.pos());
            case Core.Or o -> logical(o.operands(), false, o.pos());
            case Core.Not n -> {
                B x = expr(n.operand());
                yield x.b() ? new B(concrete(x), false) : bind(new Core.Not(x.e(), n.pos()), false);
            }
            case Core.IfExp i -> ifExp(i);
            case Core.Call c -> call(c);
            case Core.Prim p -> primCall(p);
            case Core.Attr a -> attr(a);
            case Core.Index i -> index(i);
            case Core.Slice s -> {
                B lo = s.lo() == null ? null : expr(s.lo());
                B hi = s.hi() == null ? null : expr(s.hi());
                B st = s.step() == null ? null : expr(s.step());
                for (B x : java.util.Arrays.asList(lo, hi, st)) {
                    if (x != null && x.b()) {
                        yield new B(concrete(x), false);
                    }
                }
                yield bind(new Core.Slice(lo == null ? null : lo.e(), hi == null ? null : hi.e(), st == null ? null : st.e(), s.pos()), false);
            }
            case Core.MakeTuple t -> {
                List<Core> items = items(t.items());
                yield bind(new Core.MakeTuple(items, t.pos()), anyBatched);
            }
            case Core.MakeList l -> {
                List<Core> items = items(l.items());
                yield bind(new Core.MakeList(items, l.pos()), anyBatched);
            }
            case Core.MakeDict d -> {
                List<Core> keys = new ArrayList<>();
                List<B> values = new ArrayList<>();
                for (int k = 0; k < d.keys().size(); k++) {
                    B key = d.keys().get(k) == null ? null : expr(d.keys().get(k));
                    if (key != null && key.b()) {
                        throw unsupported("a dict with a batched key");
                    }
                    keys.add(key == null ? null : key.e());
                    values.add(expr(d.values().get(k)));
                }
                boolean any = values.stream().anyMatch(B::b);
                yield bind(new Core.MakeDict(keys, values.stream().map(v -> any ? batch(v) : v.e()).toList(), d.pos()), any);
            }
            case Core.Spread s -> throw unsupported("`*` unpacking here");
            case Core.Closure c -> closure(c);
            case Core.Comprehension c -> comprehension(c);
            case Core.Format f -> {
                List<Object> parts = new ArrayList<>();
                for (Object part : f.parts()) {
                    if (part instanceof Core.Field fl) {
                        parts.add(new Core.Field(expr(fl.value()).e(), fl.conversion(), fl.spec()));
                    } else {
                        parts.add(part);
                    }
                }
                yield bind(new Core.Format(parts, f.pos()), false);
            }
        };
    }

    private boolean anyBatched;

    /** Tuple and list items: if any is batched, all are (the unbatched ones broadcast). */
    private List<Core> items(List<Core> items) {
        List<B> bs = new ArrayList<>();
        List<Boolean> spread = new ArrayList<>();
        for (Core item : items) {
            if (item instanceof Core.Spread s) {
                bs.add(expr(s.value()));
                spread.add(true);
            } else {
                bs.add(expr(item));
                spread.add(false);
            }
        }
        boolean any = bs.stream().anyMatch(B::b);
        List<Core> out = new ArrayList<>();
        for (int k = 0; k < bs.size(); k++) {
            Core v = any ? batch(bs.get(k)) : bs.get(k).e();
            out.add(spread.get(k) ? new Core.Spread(v, POS) : v);
        }
        anyBatched = any;
        return out;
    }

    /** [e for t in it if c] as the loop it means, so that its parts batch as statements do. */
    private B comprehension(Core.Comprehension c) {
        Core.Local acc = fresh("_comp");
        boolean dict = c.value() != null;
        out.add(new Core.Bind(new Core.Bind.ToLocal(acc.slot(), acc.name()),
                dict ? new Core.MakeDict(List.of(), List.of(), POS) : new Core.MakeList(List.of(), POS), POS));
        bound.add(acc.slot());
        Core grown = dict
                ? new Core.MakeDict(java.util.Arrays.asList(null, c.element()), List.of(acc, c.value()), POS)
                : new Core.MakeList(List.of(new Core.Spread(acc, POS), c.element()), POS);
        List<Core.Stmt> inner = List.of(new Core.Bind(new Core.Bind.ToLocal(acc.slot(), acc.name()), grown, POS));
        for (int k = c.clauses().size() - 1; k >= 0; k--) {
            Core.Clause cl = c.clauses().get(k);
            for (int j = cl.conditions().size() - 1; j >= 0; j--) {
                inner = List.of(new Core.If(List.of(cl.conditions().get(j)), List.of(inner), List.of(), POS));
            }
            inner = List.of(new Core.For(cl.target(), cl.iter(), inner, List.of(), List.of(acc.name()), POS));
        }
        block(inner);
        return new B(acc, batched.contains(acc.slot()));
    }

    private B closure(Core.Closure c) {
        List<Core> caps = new ArrayList<>();
        List<Core> flags = new ArrayList<>();
        boolean any = false;
        for (Core cap : c.code().captures()) {
            B v = expr(cap);
            caps.add(v.e());
            flags.add(new Core.Lit(v.b(), POS));
            any |= v.b();
        }
        List<Core> defaults = new ArrayList<>();
        for (Core d : c.defaults()) {
            B v = expr(d);
            if (v.b()) {
                throw unsupported("a default parameter value that is batched");
            }
            defaults.add(v.e());
        }
        Core.Code code2 = new Core.Code(c.code().name(), c.code().params(), c.code().kinds(), c.code().frameSize(),
                c.code().slotNames(), caps, c.code().body(), c.code().isLambda(), c.code().pos());
        Core made = new Core.Closure(code2, defaults, c.pos());
        if (!any) {
            return bind(made, false);
        }
        if (tangentLanes) {
            throw JvpLanes.cannot("a function closing over a value that the tangents batch");
        }
        B fn = bind(made, false);
        return bind(prim(Helpers.CLOSURE, fn.e(), new Core.MakeTuple(flags, POS)), true);
    }

    /**
     * a and b is "b if a else a" (a or b: "a if a else b"): the operands after the first run only when
     * it does not decide, as in Python (computing them all first divided by zero in the guarded one).
     */
    private B logical(List<Core> operands, boolean isAnd, Pos pos) {
        B first = expr(operands.get(0));
        if (operands.size() == 1) {
            return first;
        }
        if (first.b()) {
            return new B(concrete(first), false);
        }
        List<Core> rest = operands.subList(1, operands.size());
        Core more = rest.size() == 1 ? rest.get(0) : isAnd ? new Core.And(rest, pos) : new Core.Or(rest, pos);
        return ifExp(isAnd ? new Core.IfExp(first.e(), more, first.e(), pos) : new Core.IfExp(first.e(), first.e(), more, pos));
    }

    private B ifExp(Core.IfExp i) {
        B test = expr(i.test());
        if (test.b()) {
            return new B(concrete(test), false);
        }
        Core.Local t = fresh("_c");
        Core.If stmt = new Core.If(List.of(test.e()), List.of(List.of(new Core.Bind(new Core.Bind.ToLocal(t.slot(), t.name()), i.body(), POS))),
                List.of(new Core.Bind(new Core.Bind.ToLocal(t.slot(), t.name()), i.orElse(), POS)), POS);
        // The test is computed already: branch on its atom.
        branchOn(stmt);
        return new B(t, batched.contains(t.slot()));
    }

    private void branchOn(Core.If i) {
        branch(i);
    }

    private Core concrete(B v) {
        if (tangentLanes) {
            throw JvpLanes.cannot("a test or conversion of a value that the tangents batch");
        }
        return prim(Helpers.CONCRETE, v.e());
    }

    /** A value in the batched layout: broadcast if it is not batched. */
    Core batch(B v) {
        return v.b() ? v.e() : broadcast(v.e());
    }

    private Core broadcast(Core e) {
        if (tangentLanes) {
            return JvpLanes.broadcast(e, lanes);
        }
        return prim(Helpers.BCAST, e, lanes, new Core.Lit(0L, POS));
    }

    Core prim(String helper, Core... args) {
        Prim row = registry.byName(helper);
        List<Core.Arg> as = new ArrayList<>();
        for (Core a : args) {
            as.add(new Core.Positional(a));
        }
        return new Core.Prim(row, null, as, POS);
    }

    Core primRow(Prim row, List<Core.Arg> args) {
        return new Core.Prim(row, null, args, POS);
    }

    // ---- operators ----

    private B binary(Core.Binary b) {
        B l = expr(b.left());
        B r = expr(b.right());
        if (!l.b() && !r.b()) {
            return bind(new Core.Binary(b.op(), l.e(), r.e(), b.pos()), false);
        }
        if (b.op().equals("@")) {
            Rulebook.Applied m = Rulebook.matmul(this, l, r);
            return bind(m.e(), true);
        }
        List<Core> ops = aligned(List.of(l, r));
        return bind(new Core.Binary(b.op(), ops.get(0), ops.get(1), b.pos()), true);
    }

    /** Elementwise operands: each batched one with unit axes after its batch axis up to the others' example rank. */
    List<Core> aligned(List<B> ops) {
        List<Core> out = new ArrayList<>();
        for (int k = 0; k < ops.size(); k++) {
            B op = ops.get(k);
            if (!op.b()) {
                out.add(op.e());
                continue;
            }
            Core rank = null;
            for (int j = 0; j < ops.size(); j++) {
                if (j == k || ops.get(j).e() instanceof Core.Lit) {
                    continue;
                }
                Core rj = exampleRank(ops.get(j));
                rank = rank == null ? rj : callMax(rank, rj);
            }
            out.add(rank == null ? op.e() : bind(prim(Helpers.ALIGN, op.e(), rank, new Core.Lit(1L, POS)), true).e());
        }
        return out;
    }

    private Core callMax(Core a, Core b) {
        return new Core.Call(new Core.Global("max", POS), List.of(new Core.Positional(a), new Core.Positional(b)), POS);
    }

    /** The rank of an example of v (an unbatched v is every example). */
    Core exampleRank(B v) {
        Core nd = new Core.Prim(registry.byName("jnp.ndim"), null, List.of(new Core.Positional(v.e())), POS);
        return v.b() ? new Core.Binary("-", nd, new Core.Lit(1L, POS), POS) : nd;
    }

    // ---- attributes, indexing, calls ----

    private B attr(Core.Attr a) {
        B obj = expr(a.obj());
        if (!obj.b()) {
            return bind(new Core.Attr(obj.e(), a.name(), a.pos()), false);
        }
        return switch (a.name()) {
            case "shape" -> bind(new Core.Index(new Core.Attr(obj.e(), "shape", POS),
                    List.of(new Core.Slice(new Core.Lit(1L, POS), null, null, POS)), POS), false);
            case "ndim" -> bind(new Core.Binary("-", new Core.Attr(obj.e(), "ndim", POS), new Core.Lit(1L, POS), POS), false);
            case "size" -> bind(new Core.Binary("//", new Core.Attr(obj.e(), "size", POS), lanes, POS), false);
            case "dtype", "weak_type", "itemsize" -> bind(new Core.Attr(obj.e(), a.name(), a.pos()), false);
            case "T" -> Rulebook.transposeAll(this, obj);
            case "at" -> throw unsupported("x.at outside of an update (x.at[i].set(v))");
            default -> bind(new Core.Attr(obj.e(), a.name(), a.pos()), true);
        };
    }

    private B index(Core.Index i) {
        if (i.obj() instanceof Core.Local l && pairs.contains(l.slot())) {
            if (i.index().size() != 1 || !(i.index().get(0) instanceof Core.Lit k && k.value() instanceof Long at)) {
                throw JvpLanes.cannot("an index of a call's (output, tangent) pair that is not 0 or 1");
            }
            return bind(new Core.Index(l, i.index(), i.pos()), at == 1L);
        }
        B x = expr(i.obj());
        List<B> keys = i.index().stream().map(this::expr).toList();
        boolean keyBatched = keys.stream().anyMatch(B::b);
        Core key = keys.size() == 1 ? keys.get(0).e() : bind(new Core.MakeTuple(keys.stream().map(B::e).toList(), POS), false).e();
        if (!keyBatched) {
            if (!x.b()) {
                return bind(new Core.Index(x.e(), i.index().size() == 1 ? List.of(key) : keys.stream().map(B::e).toList(), i.pos()), false);
            }
            if (keys.size() == 1 && keys.get(0).e() instanceof Core.Lit lit && lit.value() instanceof String) {
                return bind(new Core.Index(x.e(), List.of(key), i.pos()), true);
            }
            B full = bind(prim(Helpers.FULLKEY, x.e(), key), false);
            return bind(new Core.Index(x.e(), List.of(full.e()), i.pos()), true);
        }
        if (keys.size() == 1) {
            if (!x.b()) {
                // x[i] with a batched integer i: the examples' rows, one gather.
                return bind(new Core.Index(x.e(), List.of(keys.get(0).e()), i.pos()), true);
            }
            B lanesOf = bind(prim(Helpers.LANES, keys.get(0).e()), false);
            return bind(new Core.Index(x.e(), List.of(new Core.MakeTuple(List.of(lanesOf.e(), keys.get(0).e()), POS)), i.pos()), true);
        }
        return Rulebook.getitemLoop(this, x, new B(key, keyBatched));
    }

    private B call(Core.Call c) {
        if (c.fn() instanceof Core.Attr m && m.obj() instanceof Core.Index ix && ix.obj() instanceof Core.Attr at
                && at.name().equals("at") && ix.index().size() >= 1) {
            return Rulebook.atUpdate(this, at.obj(), ix.index(), m.name(), c.args());
        }
        if (c.fn() instanceof Core.Attr m) {
            B self = expr(m.obj());
            if (self.b()) {
                Prim row = methodRow(m.name());
                if (row != null) {
                    return primCall(row.methodCall(self.e(), c));
                }
                if (m.name().equals("astype") || m.name().equals("copy") || m.name().equals("block_until_ready")) {
                    List<B> args = args(c.args());
                    if (args.stream().anyMatch(B::b)) {
                        throw unsupported("a batched argument of ." + m.name() + "()");
                    }
                    return bind(new Core.Call(new Core.Attr(self.e(), m.name(), POS), argsOf(c.args(), args), c.pos()), true);
                }
                if (m.name().equals("item") || m.name().equals("tolist")) {
                    return new B(concrete(self), false);
                }
            }
            B fn = bind(new Core.Attr(self.e(), m.name(), m.pos()), self.b());
            return callValue(fn, c);
        }
        if (c.fn() instanceof Core.Global g && g.name().equals(JvpLanes.JVP_LANES.name())) {
            // Its row is for its derivatives (a definition), not a batching rule: a batched call loops (_vmap_callee).
            return callValue(expr(c.fn()), c);
        }
        if (c.fn() instanceof Core.Global g && registry.byName(g.name()) != null && g.name().startsWith("_")) {
            // A helper of derived programs (grad's _unbroadcast, ...), which has a row.
            return primCall(new Core.Prim(registry.byName(g.name()), null, c.args(), c.pos()));
        }
        if (c.fn() instanceof Core.Global g && (g.name().equals("isinstance") || g.name().equals("callable"))) {
            // What kind of value an example is: the batch is the same kind (an array of examples is an array).
            List<B> args = args(c.args());
            return bind(new Core.Call(c.fn(), argsOf(c.args(), args), c.pos()), false);
        }
        if (tangentLanes && c.fn() instanceof Core.Lit l && l.value() instanceof jx.eval.Values.Builtin fb && JvpLanes.helper(fb) != null) {
            return JvpLanes.helperCall(this, JvpLanes.helper(fb), c);
        }
        if (c.fn() instanceof Core.Lit l && l.value() instanceof jx.eval.Values.Builtin fb && registry.byFunction(fb) != null) {
            // A derived program's call of a helper by value (grad's _acc, its seed).
            return primCall(new Core.Prim(registry.byFunction(fb), null, c.args(), c.pos()));
        }
        if (c.fn() instanceof Core.Global g && g.name().equals("len")) {
            List<B> args = args(c.args());
            if (args.size() == 1 && args.get(0).b()) {
                return bind(prim(Helpers.LEN, args.get(0).e()), false);
            }
            return bind(new Core.Call(c.fn(), argsOf(c.args(), args), c.pos()), false);
        }
        if (c.fn() instanceof Core.Global g && (g.name().equals("float") || g.name().equals("int") || g.name().equals("bool"))) {
            List<B> args = args(c.args());
            if (args.stream().anyMatch(B::b)) {
                return new B(g.name().equals("bool") ? prim(Helpers.CONCRETE, args.get(0).e())
                        : prim(Helpers.CONCRETE_VALUE, args.get(0).e(), new Core.Lit(g.name(), POS)), false);
            }
            return bind(new Core.Call(c.fn(), argsOf(c.args(), args), c.pos()), false);
        }
        return callValue(expr(c.fn()), c);
    }

    private Prim methodRow(String name) {
        return switch (name) {
            case "reshape" -> registry.byName("jnp.reshape");
            case "transpose" -> registry.byName("jnp.transpose");
            case "flatten", "ravel" -> registry.byName("jnp.ravel");
            default -> registry.method(name);
        };
    }

    List<B> args(List<Core.Arg> args) {
        List<B> out = new ArrayList<>();
        for (Core.Arg a : args) {
            out.add(expr(a.value()));
        }
        return out;
    }

    static List<Core.Arg> argsOf(List<Core.Arg> args, List<B> values) {
        List<Core.Arg> out = new ArrayList<>();
        for (int k = 0; k < args.size(); k++) {
            Core v = values.get(k).e();
            out.add(args.get(k).map(x -> v));
        }
        return out;
    }

    /** A call of a function value: a batched call (_vmap_callee) where anything in it is batched. */
    private B callValue(B fn, Core.Call c) {
        List<B> args = args(c.args());
        boolean any = fn.b() || args.stream().anyMatch(B::b);
        if (!any) {
            return bind(new Core.Call(fn.e(), argsOf(c.args(), args), c.pos()), false);
        }
        if (tangentLanes && fn.b()) {
            throw JvpLanes.cannot("a call of a function value that the tangents batch");
        }
        // One flag per positional argument as the callee receives them: a *args operand stands for
        // as many as it has items, each batched when it is (known only when the call runs).
        Core flagsSoFar = null;
        List<Core> flags = new ArrayList<>();
        List<Core> kwflags = new ArrayList<>();
        for (int k = 0; k < c.args().size(); k++) {
            switch (c.args().get(k)) {
                case Core.Positional p -> flags.add(new Core.Lit(args.get(k).b(), POS));
                case Core.Keyword kw -> {
                    if (args.get(k).b()) {
                        kwflags.add(new Core.Lit(kw.name(), POS));
                    }
                }
                case Core.Star s -> {
                    Core items = prim(Helpers.STAR_FLAGS, args.get(k).e(), new Core.Lit(args.get(k).b(), POS));
                    Core before = new Core.MakeTuple(flags, POS);
                    flagsSoFar = new Core.Binary("+", flagsSoFar == null ? before : new Core.Binary("+", flagsSoFar, before, POS),
                            items, POS);
                    flags = new ArrayList<>();
                }
                case Core.KwStar s -> throw unsupported("a batched call with ** arguments");
            }
        }
        Core flagTuple = flagsSoFar == null ? new Core.MakeTuple(flags, POS)
                : new Core.Binary("+", flagsSoFar, new Core.MakeTuple(flags, POS), POS);
        B callee = bind(prim(Helpers.CALLEE, fn.e(), flagTuple, new Core.MakeTuple(kwflags, POS)), false);
        return bind(new Core.Call(callee.e(), argsOf(c.args(), args), c.pos()), true);
    }

    private B primCall(Core.Prim p) {
        Prim row = (Prim) p.primitive();
        List<B> args = args(p.args());
        if (args.stream().noneMatch(B::b)) {
            return bind(new Core.Prim(row, p.callee(), argsOf(p.args(), args), p.pos()), false);
        }
        return Rulebook.apply(this, row, p.args(), args);
    }

    Registry registry() {
        return registry;
    }

    B bindOut(Core value, boolean isBatched) {
        return bind(value, isBatched);
    }

    static Map<String, B> none() {
        return new LinkedHashMap<>();
    }
}

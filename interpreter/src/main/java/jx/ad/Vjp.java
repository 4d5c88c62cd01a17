package jx.ad;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jx.core.Core;
import jx.eval.EvalError;
import jx.eval.Values;
import jx.syntax.Expr;
import jx.diag.Pos;
import jx.prim.Prim;
import jx.prim.Registry;
import jx.prim.Tag;

/**
 * Reverse mode as a source-to-source transform of a function's core IR. The forward sweep is the
 * function in single-assignment form (every binding a fresh local, so the values the backward sweep
 * needs are never overwritten); loops push the values of each iteration onto a tape (a linked list
 * of tuples) and branches record which branch ran. The backward sweep, generated from the recorded
 * {@link Step}s in reverse, applies each primitive's {@link Rule} and accumulates cotangents.
 */
final class Vjp {
    private static final Set<String> INACTIVE_OPS = Set.of("<", "<=", ">", ">=", "==", "!=", "&", "|", "^", "<<", ">>");
    private static final Set<String> SHAPE_ATTRS = Set.of("shape", "ndim", "size", "dtype", "weak_type");

    private final Registry registry;
    final Core.Code code;
    final List<String> slots;
    private final Pos pos;
    private final boolean capturesActive;
    private final Set<Integer> active = new HashSet<>();
    private Map<Integer, Core> env = new HashMap<>();
    private List<Core.Stmt> out = new ArrayList<>();
    private List<Step> steps = new ArrayList<>();

    /** The forward sweep's statements and steps, and the atom holding the function's result. */
    record Forward(List<Core.Stmt> stmts, List<Step> steps, Core result) {}

    Vjp(Registry registry, Core.Code code, Set<Integer> activeParams, boolean capturesActive) {
        this.registry = registry;
        this.code = code;
        this.slots = new ArrayList<>(code.slotNames());
        // New nodes have no position, so that an error in derived code is reported where it is called.
        this.pos = Pos.NONE;
        this.capturesActive = capturesActive;
        for (int p = 0; p < code.params().size(); p++) {
            env.put(p, new Core.Local(p, code.params().get(p), pos));
        }
        active.addAll(activeParams);
    }

    static EvalError unsupported(String what) {
        return new EvalError("NotImplementedError: jax.grad cannot differentiate " + what + " yet",
                "arithmetic, jnp functions, indexing, .at[] updates, if/elif, for and while loops, calls of jx "
                        + "functions, closures and pytrees are supported");
    }

    Core.Local fresh(String name) {
        slots.add(name + slots.size());
        return new Core.Local(slots.size() - 1, slots.get(slots.size() - 1), pos);
    }

    private Core.Local bind(String name, Core value) {
        Core.Local v = fresh(name);
        out.add(new Core.Bind(new Core.Bind.ToLocal(v.slot(), v.name()), value, pos));
        return v;
    }

    boolean isActive(Core atom) {
        return switch (atom) {
            case Core.Local l -> active.contains(l.slot());
            case Core.Captured c -> capturesActive;
            default -> false;
        };
    }

    private boolean anyActive(List<Core> atoms) {
        return atoms.stream().anyMatch(this::isActive);
    }

    // ---- the forward sweep ----

    Forward forward() {
        List<Core.Stmt> body = Returns.normalize(Breaks.remove(code.body(), this::fresh), fresh("_ret"));
        int ret = slots.size() - 1;
        block(body);
        Core result = env.get(ret);
        if (result == null) {
            throw unsupported("a function that does not end in `return`");
        }
        return new Forward(out, steps, result);
    }

    private void block(List<Core.Stmt> body) {
        for (Core.Stmt s : body) {
            stmt(s);
        }
    }

    private void stmt(Core.Stmt s) {
        switch (s) {
            case Core.Bind b -> assign(b.target(), b.value());
            case Core.Eval e -> value(e.expr());
            case Core.If i -> branch(i.tests(), i.bodies(), i.orElse());
            case Core.For f -> forLoop(f);
            case Core.While w -> whileLoop(w);
            case Core.Assert a -> out.add(new Core.Assert(rename(a.test()), a.message() == null ? null : rename(a.message()), a.pos()));
            case Core.Return r -> throw unsupported("`return` inside a loop");
            case Core.Break b -> throw unsupported("`break`");
            case Core.Continue c -> throw unsupported("`continue`");
            case Core.Import im -> throw unsupported("`import` inside a function");
        }
    }

    private void assign(Core.Bind.Target target, Core e) {
        switch (target) {
            case Core.Bind.ToLocal l -> {
                // value() may replace env (branches do): evaluate it before choosing the map.
                Core v = value(e);
                env.put(l.slot(), v);
            }
            case Core.Bind.Unpack u -> {
                Core whole = value(e);
                for (int i = 0; i < u.items().size(); i++) {
                    assign(u.items().get(i), new Core.Index(whole, List.of(new Core.Lit((long) i, pos)), pos));
                }
            }
            case Core.Bind.ToGlobal g -> throw unsupported("module-level assignment");
        }
    }

    private Core read(int slot, String name) {
        Core v = env.get(slot);
        return v != null ? v : new Core.Local(slot, name, pos);
    }

    /** An inactive expression with its locals replaced by their current versions. */
    Core rename(Core e) {
        return Subst.map(e, leaf -> leaf instanceof Core.Local l ? read(l.slot(), l.name()) : leaf);
    }

    private boolean readsActive(Core e) {
        boolean[] found = {false};
        Subst.map(e, leaf -> {
            if (leaf instanceof Core.Local l && isActive(read(l.slot(), l.name()))) {
                found[0] = true;
            }
            if (leaf instanceof Core.Captured && capturesActive) {
                found[0] = true;
            }
            return leaf;
        });
        return found[0];
    }

    private Core inactive(Core e) {
        return bind("_c", rename(e));
    }

    /** Evaluates e into an atom (a literal, a name or a fresh local), recording steps for its derivative. */
    Core value(Core e) {
        return switch (e) {
            case Core.Lit l -> l;
            case Core.Local l -> read(l.slot(), l.name());
            case Core.Captured c -> c;
            case Core.Global g -> g;
            case Core.Binary b -> {
                if (INACTIVE_OPS.contains(b.op())) {
                    yield bind("_c", new Core.Binary(b.op(), value(b.left()), value(b.right()), b.pos()));
                }
                List<Core> args = List.of(value(b.left()), value(b.right()));
                yield prim(Rules.byName(registry, "op." + b.op()), new Core.Binary(b.op(), args.get(0), args.get(1), b.pos()), args);
            }
            case Core.Unary u -> {
                Core x = value(u.operand());
                yield switch (u.op()) {
                    case "-" -> prim(Rules.byName(registry, "op.neg"), new Core.Unary("-", x, u.pos()), List.of(x));
                    case "+" -> x;
                    default -> bind("_c", new Core.Unary(u.op(), x, u.pos()));
                };
            }
            case Core.IfExp i -> viaBranch(List.of(i.test()), List.of(i.body()), i.orElse());
            case Core.And a -> logical(a.operands(), true);
            case Core.Or o -> logical(o.operands(), false);
            case Core.Compare c -> bind("_c", new Core.Compare(c.operands().stream().map(this::value).toList(), c.ops(), c.pos()));
            case Core.Not n -> bind("_c", new Core.Not(value(n.operand()), n.pos()));
            case Core.Format f -> inactive(f);
            case Core.Slice s -> bind("_c", new Core.Slice(s.lo() == null ? null : value(s.lo()),
                    s.hi() == null ? null : value(s.hi()), s.step() == null ? null : value(s.step()), s.pos()));
            case Core.Attr a -> attr(a);
            case Core.Index i -> {
                Core obj = value(i.obj());
                Core key = key(i.index());
                yield prim(Rules.byName(registry, "op.index"), new Core.Index(obj, List.of(key), i.pos()), List.of(obj, key));
            }
            case Core.MakeTuple t -> pack(t.items(), items -> new Core.MakeTuple(items, t.pos()));
            case Core.MakeList l -> pack(l.items(), items -> new Core.MakeList(items, l.pos()));
            case Core.MakeDict d -> dict(d);
            case Core.Spread s -> throw unsupported("`*` unpacking");
            case Core.Closure c -> closure(c);
            case Core.Comprehension c -> {
                if (!readsActive(c)) {
                    yield inactive(c);
                }
                if (c.value() != null) {
                    throw unsupported("a dict comprehension over differentiated values (build the dict in a for loop)");
                }
                yield comprehension(c);
            }
            case Core.Call c -> call(c);
            case Core.Prim p -> prim(p);
        };
    }

    /**
     * [e for t in xs if c ...] over differentiated values, as the loop it stands for:
     * acc = [], then for each clause a for (and an if per condition) around acc = acc + [e].
     */
    private Core comprehension(Core.Comprehension c) {
        Core.Local acc = fresh("_acc");
        Core.Bind.ToLocal to = new Core.Bind.ToLocal(acc.slot(), acc.name());
        List<Core.Stmt> body = List.of(new Core.Bind(to,
                new Core.Binary("+", acc, new Core.MakeList(List.of(c.element()), c.pos()), c.pos()), c.pos()));
        for (int i = c.clauses().size() - 1; i >= 0; i--) {
            Core.Clause clause = c.clauses().get(i);
            for (int k = clause.conditions().size() - 1; k >= 0; k--) {
                body = List.of(new Core.If(List.of(clause.conditions().get(k)), List.of(body), List.of(), c.pos()));
            }
            body = List.of(new Core.For(clause.target(), clause.iter(), body, List.of(), List.of(), c.pos()));
        }
        assign(to, new Core.MakeList(List.of(), c.pos()));
        block(body);
        return read(acc.slot(), acc.name());
    }

    private Core key(List<Core> index) {
        if (index.size() == 1 && !(index.get(0) instanceof Core.Spread)) {
            return value(index.get(0));
        }
        return bind("_k", new Core.MakeTuple(index.stream().map(this::value).toList(), pos));
    }

    private Core prim(Rule rule, Core expr, List<Core> args) {
        Core.Local v = bind("_t", expr);
        if (anyActive(args)) {
            active.add(v.slot());
            steps.add(new Step.Prim(v, rule, args));
        }
        return v;
    }

    private Core pack(List<Core> items, java.util.function.Function<List<Core>, Core> make) {
        List<Core> atoms = items.stream().map(this::value).toList();
        Core.Local v = bind("_p", make.apply(atoms));
        if (anyActive(atoms)) {
            active.add(v.slot());
            List<Core> keys = new ArrayList<>();
            for (int i = 0; i < atoms.size(); i++) {
                keys.add(new Core.Lit((long) i, pos));
            }
            steps.add(new Step.Pack(v, atoms, keys));
        }
        return v;
    }

    private Core dict(Core.MakeDict d) {
        List<Core> keys = new ArrayList<>();
        List<Core> values = new ArrayList<>();
        for (int i = 0; i < d.keys().size(); i++) {
            if (d.keys().get(i) == null) {
                throw unsupported("`**` in a dict display");
            }
            keys.add(value(d.keys().get(i)));
            values.add(value(d.values().get(i)));
        }
        Core.Local v = bind("_p", new Core.MakeDict(keys, values, d.pos()));
        if (anyActive(values)) {
            active.add(v.slot());
            steps.add(new Step.Pack(v, values, keys));
        }
        return v;
    }

    private Core closure(Core.Closure c) {
        Core.Code inner = c.code();
        List<Core> captures = inner.captures().stream().map(this::value).toList();
        List<Core> defaults = c.defaults().stream().map(this::value).toList();
        if (anyActive(defaults)) {
            // The callee's derivative gives no cotangent to a parameter it filled from its default.
            throw unsupported("a default parameter value that carries a derivative (def inner(x, t=s * 3.0))");
        }
        Core.Code moved = new Core.Code(inner.name(), inner.params(), inner.kinds(), inner.frameSize(),
                inner.slotNames(), captures, inner.body(), inner.isLambda(), inner.pos());
        Core.Local v = bind("_f", new Core.Closure(moved, defaults, c.pos()));
        if (anyActive(captures)) {
            // A closure's cotangent is the tuple of its captures' cotangents (see Runtime.vjpCall).
            active.add(v.slot());
            List<Core> keys = new ArrayList<>();
            for (int i = 0; i < captures.size(); i++) {
                keys.add(new Core.Lit((long) i, pos));
            }
            steps.add(new Step.Pack(v, captures, keys));
        }
        return v;
    }

    private Core attr(Core.Attr a) {
        Core obj = value(a.obj());
        if (SHAPE_ATTRS.contains(a.name()) || !isActive(obj)) {
            return bind("_c", new Core.Attr(obj, a.name(), a.pos()));
        }
        if (a.name().equals("T")) {
            return prim(Rules.byName(registry, "op.T"), new Core.Attr(obj, "T", a.pos()), List.of(obj));
        }
        if (a.name().equals("real") || a.name().equals("imag")) {
            return prim(Rules.byName(registry, "jnp." + a.name()), new Core.Attr(obj, a.name(), a.pos()), List.of(obj));
        }
        // A NamedTuple's field (slogdet(a).logabsdet) is an index of it.
        Core field = new Core.Prim(registry.byName("_field_index"), null,
                List.of(new Core.Positional(obj), new Core.Positional(new Core.Lit(a.name(), a.pos()))), a.pos());
        return value(new Core.Index(obj, List.of(field), a.pos()));
    }

    /** a and b / a or b: Python returns one of the operands, so this is a branch. */
    private Core logical(List<Core> operands, boolean isAnd) {
        Core.Local t = fresh("_b");
        Core first = value(operands.get(0));
        env.put(t.slot(), first);
        for (Core next : operands.subList(1, operands.size())) {
            Core test = isAnd ? t : new Core.Not(t, pos);
            Core.Bind take = new Core.Bind(new Core.Bind.ToLocal(t.slot(), t.name()), next, pos);
            branch(List.of(test), List.of(List.of(take)), List.of());
        }
        return read(t.slot(), t.name());
    }

    private Core viaBranch(List<Core> tests, List<Core> bodies, Core orElse) {
        Core.Local t = fresh("_v");
        List<List<Core.Stmt>> bs = new ArrayList<>();
        for (Core b : bodies) {
            bs.add(List.of(new Core.Bind(new Core.Bind.ToLocal(t.slot(), t.name()), b, pos)));
        }
        branch(tests, bs, List.of(new Core.Bind(new Core.Bind.ToLocal(t.slot(), t.name()), orElse, pos)));
        return read(t.slot(), t.name());
    }

    // ---- calls ----

    private Core call(Core.Call c) {
        Core at = atUpdate(c);
        if (at != null) {
            return at;
        }
        if (c.fn() instanceof Core.Attr m && registry.method(m.name()) != null && !shapeOnly(c.fn())) {
            Core self = value(m.obj());
            if (isActive(self)) {
                return prim(registry.method(m.name()).methodCall(self, c));
            }
            return dynamicCall(bind("_c", new Core.Attr(self, m.name(), m.pos())), c.args(), c.pos(), c.fn());
        }
        return dynamicCall(value(c.fn()), c.args(), c.pos(), c.fn());
    }

    /** jnp.f(...): by the row's rule where it has one; otherwise as a call of the function it names. */
    private Core prim(Core.Prim p) {
        Prim row = (Prim) p.primitive();
        Rule rule = Rule.of(row, registry);
        if (rule != null) {
            return ruleCall(p, rule);
        }
        if (row.has(Tag.NONDIFF)) {
            return bind("_c", new Core.Prim(row, p.callee(), p.args().stream().map(a -> a.map(this::value)).toList(), p.pos()));
        }
        // Definitions, custom rules and rows with no derivative yet: _vjp_call knows each.
        return dynamicCall(functionValue(row), p.args(), p.pos(), null);
    }

    /** The row's function as a value in a derived program: jnp.var, jnp.linalg.norm, as written. */
    private Core functionValue(Prim row) {
        String[] parts = row.name().split("\\.");
        Core e = new Core.Global(parts[0], pos);
        for (int i = 1; i < parts.length; i++) {
            e = new Core.Attr(e, parts[i], pos);
        }
        return bind("_c", e);
    }

    /** A call of a function value: through _vjp_call, which derives the callee's vjp when it runs. */
    private Core dynamicCall(Core fn, List<Core.Arg> argNodes, Pos callPos, Core written) {
        List<Core> args = new ArrayList<>();
        List<Core.Arg> kept = new ArrayList<>();
        StringBuilder kinds = new StringBuilder();
        // With a keyword argument that carries a derivative, the call is made positional (_kw_bound).
        List<String> keywords = new ArrayList<>();
        List<Core> keywordValues = new ArrayList<>();
        boolean activeKeyword = false;
        for (Core.Arg a : argNodes) {
            switch (a) {
                case Core.Positional p -> {
                    Core v = value(p.value());
                    args.add(v);
                    kept.add(new Core.Positional(v));
                    kinds.append('p');
                }
                case Core.Star st -> {
                    Core v = value(st.value());
                    args.add(v);
                    kept.add(new Core.Star(v));
                    kinds.append('s');
                }
                case Core.Keyword k -> {
                    Core v = value(k.value());
                    activeKeyword |= isActive(v);
                    keywords.add(k.name());
                    keywordValues.add(v);
                    kept.add(new Core.Keyword(k.name(), v));
                }
                case Core.KwStar k -> {
                    // **kw of constants (an rng, a mode) passes through; one carrying a derivative is not differentiated yet.
                    Core v = value(k.value());
                    if (isActive(v)) {
                        throw unsupported("`**` arguments carrying a differentiated value");
                    }
                    kept.add(new Core.KwStar(v));
                }
            }
        }
        if (!isActive(fn) && !anyActive(args) && !activeKeyword || written != null && shapeOnly(written)) {
            return bind("_c", new Core.Call(fn, kept, callPos));
        }
        List<Core.Arg> callArgs = new ArrayList<>();
        Core.Local r;
        if (activeKeyword) {
            if (kinds.indexOf("s") >= 0) {
                throw unsupported("a keyword argument carrying a differentiated value beside `*` arguments");
            }
            // fn(a, k=v) as _kw_bound(fn, ("k",), 1)(a, v): a positional call, whose derivative
            // differentiates again; the bound function's cotangent goes back to fn.
            Core.Local bound = bind("_w", new Core.Call(new Core.Lit(Runtime.KW_BOUND, pos), List.of(
                    new Core.Positional(fn), new Core.Positional(new Core.Lit(new Values.Tuple(new ArrayList<>(keywords)), pos)),
                    new Core.Positional(new Core.Lit((long) args.size(), pos))), callPos));
            if (isActive(fn)) {
                active.add(bound.slot());
                steps.add(new Step.Pack(bound, List.of(fn), List.of(new Core.Lit(0L, pos))));
            }
            fn = bound;
            args.addAll(keywordValues);
            callArgs.add(new Core.Positional(fn));
            args.forEach(a -> callArgs.add(new Core.Positional(a)));
            r = bind("_r", new Core.Call(new Core.Lit(Runtime.VJP_CALL, pos), callArgs, callPos));
        } else if (kinds.indexOf("s") >= 0) {
            // f(a, *rest): the backward function gives one cotangent per argument as written.
            callArgs.add(new Core.Positional(fn));
            callArgs.add(new Core.Positional(new Core.Lit(kinds.toString(), pos)));
            for (Core.Arg a : kept) {
                callArgs.add(a instanceof Core.Star st ? new Core.Positional(st.value()) : a);
            }
            r = bind("_r", new Core.Call(new Core.Lit(Runtime.VJP_CALL_STAR, pos), callArgs, callPos));
        } else {
            callArgs.add(new Core.Positional(fn));
            callArgs.addAll(kept);
            r = bind("_r", new Core.Call(new Core.Lit(Runtime.VJP_CALL, pos), callArgs, callPos));
        }
        Core.Local v = bind("_t", new Core.Index(r, List.of(new Core.Lit(0L, pos)), pos));
        active.add(v.slot());
        steps.add(new Step.Call(v, r, fn, args));
        return v;
    }

    /** Python's builtins whose results carry no derivative (sizes, ranges, types, strings, printing). */
    private static boolean shapeOnly(Core fn) {
        return fn instanceof Core.Global g && Set.of("len", "range", "int", "bool", "isinstance", "str", "print",
                "_batch_size").contains(g.name());
    }

    private Core ruleCall(Core.Prim c, Rule rule) {
        List<Core> bound = new ArrayList<>();
        for (int i = 0; i < rule.params().size(); i++) {
            bound.add(null);
        }
        int next = 0;
        for (Core.Arg a : c.args()) {
            switch (a) {
                case Core.Positional p -> {
                    if (next >= bound.size()) {
                        throw new EvalError("TypeError: " + rule.name() + "() takes " + bound.size() + " positional arguments");
                    }
                    bound.set(next++, value(p.value()));
                }
                case Core.Keyword k -> {
                    int at = rule.params().indexOf(k.name());
                    if (at < 0) {
                        throw new EvalError("TypeError: " + rule.name() + "() got an unexpected keyword argument '" + k.name() + "'");
                    }
                    bound.set(at, value(k.value()));
                }
                default -> throw unsupported("`*` or `**` arguments");
            }
        }
        for (int i = 0; i < bound.size(); i++) {
            if (bound.get(i) == null) {
                Object d = rule.defaults().get(rule.params().get(i));
                if (d == null) {
                    throw new EvalError("TypeError: " + rule.name() + "() missing required argument '" + rule.params().get(i) + "'");
                }
                bound.set(i, new Core.Lit(d, pos));
            }
        }
        List<Core.Arg> args = bound.stream().map(b -> (Core.Arg) new Core.Positional(b)).toList();
        return prim(rule, new Core.Prim(c.primitive(), c.callee(), args, c.pos()), bound);
    }

    /** x.at[idx].set(v) and friends, recognised by their shape: a primitive of x, the key and v. */
    private Core atUpdate(Core.Call c) {
        if (!(c.fn() instanceof Core.Attr method && method.obj() instanceof Core.Index ix
                && ix.obj() instanceof Core.Attr at && at.name().equals("at"))) {
            return null;
        }
        Rule rule = Rules.byName(registry, "at." + method.name());
        if (rule != null && method.name().equals("get") && c.args().isEmpty()) {
            Core x = value(at.obj());
            Core key = key(ix.index());
            Core expr = new Core.Call(new Core.Attr(new Core.Index(new Core.Attr(x, "at", pos), List.of(key), pos),
                    "get", pos), List.of(), c.pos());
            return prim(rule, expr, List.of(x, key));
        }
        if (rule == null || c.args().size() != 1 || !(c.args().get(0) instanceof Core.Positional p)) {
            return null;
        }
        Core x = value(at.obj());
        Core key = key(ix.index());
        Core v = value(p.value());
        Core expr = new Core.Call(new Core.Attr(new Core.Index(new Core.Attr(x, "at", pos), List.of(key), pos),
                method.name(), pos), List.of(new Core.Positional(v)), c.pos());
        return prim(rule, expr, List.of(x, key, v));
    }

    // ---- control flow ----

    private static Set<Integer> written(List<Core.Stmt> body) {
        Set<Integer> out = new LinkedHashSet<>();
        for (Core.Stmt s : body) {
            switch (s) {
                case Core.Bind b -> targets(b.target(), out);
                case Core.If i -> {
                    i.bodies().forEach(bb -> out.addAll(written(bb)));
                    out.addAll(written(i.orElse()));
                }
                case Core.For f -> {
                    targets(f.target(), out);
                    out.addAll(written(f.body()));
                }
                case Core.While w -> out.addAll(written(w.body()));
                default -> { }
            }
        }
        return out;
    }

    private static void targets(Core.Bind.Target t, Set<Integer> out) {
        switch (t) {
            case Core.Bind.ToLocal l -> out.add(l.slot());
            case Core.Bind.Unpack u -> u.items().forEach(i -> targets(i, out));
            case Core.Bind.ToGlobal g -> { }
        }
    }

    private String nameOf(int slot) {
        return slot < code.slotNames().size() ? code.slotNames().get(slot) : slots.get(slot);
    }

    /** if/elif/else: each branch in its own scope of versions; the branch taken is recorded in a flag. */
    private void branch(List<Core> tests, List<List<Core.Stmt>> bodies, List<Core.Stmt> orElse) {
        Core test = value(tests.get(0));
        List<Core.Stmt> thenBody = bodies.get(0);
        List<Core.Stmt> elseBody = tests.size() > 1
                ? List.of(new Core.If(tests.subList(1, tests.size()), bodies.subList(1, bodies.size()), orElse, pos))
                : orElse;
        Set<Integer> w = new LinkedHashSet<>(written(thenBody));
        w.addAll(written(elseBody));
        Core.Local flag = fresh("_br");
        Map<Integer, Core> before = new HashMap<>(env);
        List<List<Step>> branchSteps = new ArrayList<>();
        List<List<Core.Stmt>> branchStmts = new ArrayList<>();
        List<Map<Integer, Core>> ends = new ArrayList<>();
        List<Core.Stmt> savedOut = out;
        List<Step> savedSteps = steps;
        for (List<Core.Stmt> body : List.of(thenBody, elseBody)) {
            out = new ArrayList<>();
            steps = new ArrayList<>();
            env = new HashMap<>(before);
            block(body);
            branchSteps.add(steps);
            branchStmts.add(out);
            ends.add(env);
        }
        // A name both branches bind gets a fresh slot that each writes at its end (a phi): writing
        // the name's own slot would overwrite a value that earlier steps still read. A name only
        // one branch binds was unbound before, so its own slot holds nothing anyone read.
        Map<Integer, Core> merged = new LinkedHashMap<>();
        for (int slot : w) {
            boolean everywhere = ends.stream().allMatch(m -> m.get(slot) != null);
            merged.put(slot, everywhere ? fresh(nameOf(slot) + "_") : new Core.Local(slot, nameOf(slot), pos));
        }
        for (int k = 0; k < 2; k++) {
            out = branchStmts.get(k);
            steps = branchSteps.get(k);
            for (Map.Entry<Integer, Core> e : merged.entrySet()) {
                Core v = ends.get(k).get(e.getKey());
                if (v != null && !v.equals(e.getValue())) {
                    copy((Core.Local) e.getValue(), v);
                }
            }
            out.add(new Core.Bind(new Core.Bind.ToLocal(flag.slot(), flag.name()), new Core.Lit((long) k, pos), pos));
        }
        out = savedOut;
        steps = savedSteps;
        out.add(new Core.If(List.of(test), List.of(branchStmts.get(0)), branchStmts.get(1), pos));
        steps.add(new Step.Branch(flag, branchSteps));
        env = before;
        merged.forEach(env::put);
    }

    private void copy(Core.Local to, Core from) {
        out.add(new Core.Bind(new Core.Bind.ToLocal(to.slot(), to.name()), from, pos));
        // An active slot (a loop's carried name) overwritten by a constant still records the copy:
        // going back, it ends the cotangent the slot had collected, rather than passing it on.
        if (isActive(from) || isActive(to)) {
            active.add(to.slot());
            steps.add(new Step.Copy(to, from));
        }
    }

    private void forLoop(Core.For f) {
        if (!f.orElse().isEmpty()) {
            throw unsupported("`for ... else`");
        }
        boolean range = f.iter() instanceof Core.Call c && c.fn() instanceof Core.Global g && g.name().equals("range");
        Core iter = value(f.iter());
        loop(f.target(), iter, range, null, f.body());
    }

    private void whileLoop(Core.While w) {
        if (!w.orElse().isEmpty()) {
            throw unsupported("`while ... else`");
        }
        loop(null, null, false, w.test(), w.body());
    }

    /**
     * A for or while loop. Each name the loop binds is carried in a fresh slot of its own between
     * iterations (the evaluator's fold; a while test reads it there); inside an iteration it is read
     * through a snapshot, and every slot the iteration creates is pushed onto the tape so that the
     * backward sweep can replay it. Names the loop only reads keep their versions from before it.
     */
    private void loop(Core.Bind.Target target, Core iter, boolean range, Core whileTest, List<Core.Stmt> body) {
        Set<Integer> w = written(body);
        if (target != null) {
            targets(target, w);
        }
        Map<Integer, Core.Local> carry = new LinkedHashMap<>();
        for (int slot : w) {
            Core.Local c = fresh(nameOf(slot) + "_c");
            carry.put(slot, c);
            Core v = env.get(slot);
            // A name first bound in the loop holds None until then (read after a loop that ran zero
            // times, it is still a value; the body's snapshot of it is one too).
            copy(c, v != null ? v : new Core.Lit(Expr.Marker.NONE, pos));
            // Carried names are treated as active: a value can become differentiable in a later iteration.
            active.add(c.slot());
        }
        Core test = whileTest == null ? null : Subst.map(whileTest, leaf ->
                leaf instanceof Core.Local l ? (carry.containsKey(l.slot()) ? carry.get(l.slot()) : read(l.slot(), l.name())) : leaf);
        Core.Local tape = bind("_tape", new Core.Lit(Expr.Marker.NONE, pos));
        Map<Integer, Core> before = new HashMap<>(env);
        List<Core.Stmt> savedOut = out;
        List<Step> savedSteps = steps;
        out = new ArrayList<>();
        steps = new ArrayList<>();
        env = new HashMap<>(before);
        int firstSlot = slots.size();
        Core.Local index = fresh("_i");
        for (Map.Entry<Integer, Core.Local> e : carry.entrySet()) {
            Core.Local snap = fresh(nameOf(e.getKey()) + "_in");
            copy(snap, e.getValue());
            env.put(e.getKey(), snap);
        }
        if (target != null) {
            Core item = range ? index : prim(Rules.byName(registry, "op.index"), new Core.Index(iter, List.of(index), pos), List.of(iter, index));
            assign(target, item);
        }
        block(body);
        for (Map.Entry<Integer, Core.Local> e : carry.entrySet()) {
            Core v = env.get(e.getKey());
            if (v != null && v != e.getValue()) {
                copy(e.getValue(), v);
            }
        }
        List<Core.Local> saved = new ArrayList<>();
        List<Core.Stmt> unset = new ArrayList<>();
        for (int s = firstSlot; s < slots.size(); s++) {
            saved.add(new Core.Local(s, slots.get(s), pos));
            if (s != index.slot()) {
                // A slot bound in one branch only is still pushed onto the tape: give it a value first.
                unset.add(new Core.Bind(new Core.Bind.ToLocal(s, slots.get(s)), new Core.Lit(Expr.Marker.NONE, pos), pos));
            }
        }
        out.addAll(0, unset);
        out.add(new Core.Bind(new Core.Bind.ToLocal(tape.slot(), tape.name()), new Core.MakeTuple(List.of(
                new Core.MakeTuple(new ArrayList<>(saved), pos), tape), pos), pos));
        List<Core.Stmt> bodyStmts = out;
        List<Step> bodySteps = steps;
        out = savedOut;
        steps = savedSteps;
        env = before;
        if (test != null) {
            List<Core.Stmt> withCount = new ArrayList<>();
            withCount.add(new Core.Bind(new Core.Bind.ToLocal(index.slot(), index.name()), new Core.Lit(0L, pos), pos));
            withCount.addAll(bodyStmts);
            out.add(new Core.While(test, withCount, List.of(), List.of(), pos));
        } else {
            Core it = range ? iter : new Core.Call(new Core.Global("range", pos), List.of(new Core.Positional(
                    new Core.Call(new Core.Global("len", pos), List.of(new Core.Positional(iter)), pos))), pos);
            out.add(new Core.For(new Core.Bind.ToLocal(index.slot(), index.name()), it, bodyStmts, List.of(), List.of(), pos));
        }
        steps.add(new Step.Loop(tape, saved, bodySteps));
        carry.forEach(env::put);
    }
}

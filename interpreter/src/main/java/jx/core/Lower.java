package jx.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import jx.diag.Diagnostic;
import jx.diag.Source;
import jx.syntax.Expr;
import jx.diag.Pos;
import jx.syntax.Stmt;
import jx.syntax.Target;

/**
 * Surface syntax to core IR. This is where names are resolved with Python's rule (a name assigned
 * anywhere in a function is local to it), closures get their capture lists, and names that exist
 * nowhere are reported, with a suggestion, before anything runs.
 */
public final class Lower {
    private final Source source;
    private final Predicate<String> knownGlobal;
    private final List<Diagnostic> problems;
    private Scope scope;
    private final Set<String> moduleNames = new LinkedHashSet<>();
    private final Primitives primitives;
    /** For each name the module's imports bind: whether all of them import the module it is pre-bound to. */
    private final Map<String, Boolean> importsSameModule = new HashMap<>();

    /** knownGlobal: names already bound in the module (REPL) or builtins. */
    public Lower(Source source, Predicate<String> knownGlobal, List<Diagnostic> problems) {
        this(source, knownGlobal, problems, Primitives.NONE);
    }

    public Lower(Source source, Predicate<String> knownGlobal, List<Diagnostic> problems, Primitives primitives) {
        this.source = source;
        this.knownGlobal = knownGlobal;
        this.problems = problems;
        this.primitives = primitives;
    }

    public Core.Module module(List<Stmt> body) {
        moduleNames.addAll(assignedNames(body));
        collectImports(body, importsSameModule);
        scope = new Scope(null, true, "<module>");
        List<Core.Stmt> stmts = stmts(body);
        Core.Code code = new Core.Code("<module>", List.of(), List.of(), scope.slotNames.size(), scope.slotNames,
                List.of(), stmts, false, Pos.NONE);
        return new Core.Module(code);
    }

    /** Names the module binds at top level (visible to the REPL's later inputs). */
    public Set<String> moduleNames() {
        return moduleNames;
    }

    // ---- scopes ----

    private static final class Scope {
        final Scope parent;
        final boolean isModule;
        final String name;
        final Map<String, Integer> locals = new HashMap<>();
        final List<String> slotNames = new ArrayList<>();
        final List<Core> captures = new ArrayList<>();
        final Map<String, Integer> captureIndex = new HashMap<>();
        final Deque<Map<String, Integer>> comprehensions = new ArrayDeque<>();

        Scope(Scope parent, boolean isModule, String name) {
            this.parent = parent;
            this.isModule = isModule;
            this.name = name;
        }

        int newSlot(String name) {
            slotNames.add(name);
            return slotNames.size() - 1;
        }

        int local(String name) {
            return locals.computeIfAbsent(name, this::newSlot);
        }

        Integer comprehensionSlot(String name) {
            for (Map<String, Integer> m : comprehensions) {
                Integer s = m.get(name);
                if (s != null) {
                    return s;
                }
            }
            return null;
        }
    }

    private Core resolve(String name, Pos pos) {
        Core found = lookup(scope, name, pos);
        if (found != null) {
            return found;
        }
        if (!moduleNames.contains(name) && !knownGlobal.test(name)) {
            String hint = suggestion(name);
            problems.add(new Diagnostic(source, pos.line(), pos.col(), name.length(),
                    "name '" + name + "' is not defined", hint));
        }
        return new Core.Global(name, pos);
    }

    /** Finds name in s or its enclosing functions, adding captures on the way; null: module scope. */
    private Core lookup(Scope s, String name, Pos pos) {
        Integer comp = s.comprehensionSlot(name);
        if (comp != null) {
            return new Core.Local(comp, name, pos);
        }
        if (s.isModule) {
            return null;
        }
        Integer slot = s.locals.get(name);
        if (slot != null) {
            return new Core.Local(slot, name, pos);
        }
        Integer captured = s.captureIndex.get(name);
        if (captured != null) {
            return new Core.Captured(captured, name, pos);
        }
        Core outer = lookup(s.parent, name, pos);
        if (outer == null) {
            return null;
        }
        s.captures.add(outer);
        s.captureIndex.put(name, s.captures.size() - 1);
        return new Core.Captured(s.captures.size() - 1, name, pos);
    }

    private String suggestion(String name) {
        if (name.equals("iter") || name.equals("next")) {
            // An iterator is state that next() mutates; jx is pure, so the rewrite is an index.
            return "jx has no iterators (next() would mutate one): index instead, e.g. `i = 0` ... `x = xs[i]; i = i + 1`, "
                    + "or loop with `for i in range(len(xs)):`";
        }
        List<String> candidates = new ArrayList<>(moduleNames);
        for (Scope s = scope; s != null; s = s.parent) {
            candidates.addAll(s.locals.keySet());
            for (Map<String, Integer> m : s.comprehensions) {
                candidates.addAll(m.keySet());
            }
        }
        candidates.addAll(List.of("print", "range", "len", "zip", "enumerate", "min", "max", "abs", "sum",
                "round", "int", "float", "bool", "str", "list", "tuple", "dict", "sorted", "reversed",
                "isinstance", "any", "all", "jax", "jnp", "np", "lax", "random", "jx", "repr", "map", "filter"));
        String best = Suggest.closest(name, candidates);
        return best == null ? null : "did you mean '" + best + "'?";
    }

    private Core.Bind.Target bindTarget(Target t) {
        return switch (t) {
            case Target.Name n -> nameTarget(n.id());
            case Target.Unpack u -> new Core.Bind.Unpack(u.items().stream().map(this::bindTarget).toList(), u.pos());
        };
    }

    private Core.Bind.Target nameTarget(String id) {
        Integer comp = scope.comprehensionSlot(id);
        if (comp != null) {
            return new Core.Bind.ToLocal(comp, id);
        }
        return scope.isModule ? new Core.Bind.ToGlobal(id) : new Core.Bind.ToLocal(scope.local(id), id);
    }

    // ---- statements ----

    private List<Core.Stmt> stmts(List<Stmt> body) {
        List<Core.Stmt> out = new ArrayList<>(body.size());
        for (Stmt s : body) {
            Core.Stmt c = stmt(s);
            if (c != null) {
                out.add(c);
            }
        }
        return out;
    }

    private Core.Stmt stmt(Stmt s) {
        return switch (s) {
            case Stmt.Assign a -> {
                Core value = expr(a.value());
                if (a.targets().size() == 1) {
                    yield new Core.Bind(bindTarget(a.targets().get(0)), value, a.pos());
                }
                // a = b = v binds every target to the same value, left to right.
                List<Core.Bind.Target> ts = a.targets().stream().map(this::bindTarget).toList();
                Core.Bind.Target all = new Core.Bind.Unpack(ts, a.pos());
                List<Core> copies = new ArrayList<>();
                for (int i = 0; i < ts.size(); i++) {
                    copies.add(value);
                }
                yield new Core.Bind(all, new Core.MakeTuple(copies, a.pos()), a.pos());
            }
            case Stmt.AugAssign a -> {
                Core current = resolve(a.target().id(), a.target().pos());
                Core value = new Core.Binary(a.op(), current, expr(a.value()), a.pos());
                yield new Core.Bind(nameTarget(a.target().id()), value, a.pos());
            }
            case Stmt.ExprStmt e -> new Core.Eval(expr(e.expr()), e.pos());
            case Stmt.Return r -> {
                if (scope.isModule) {
                    problems.add(Diagnostic.at(source, r.pos(), "'return' outside function",
                            "`return` is only allowed inside a def"));
                }
                yield new Core.Return(r.value() == null ? new Core.Lit(Expr.Marker.NONE, r.pos()) : expr(r.value()), r.pos());
            }
            case Stmt.If i -> new Core.If(i.tests().stream().map(this::expr).toList(),
                    i.bodies().stream().map(this::stmts).toList(), stmts(i.orElse()), i.pos());
            case Stmt.For f -> {
                Core iter = expr(f.iter());
                Core.Bind.Target target = bindTarget(f.target());
                yield new Core.For(target, iter, stmts(f.body()), stmts(f.orElse()),
                        List.copyOf(assignedNames(f.body())), f.pos());
            }
            case Stmt.While w -> new Core.While(expr(w.test()), stmts(w.body()), stmts(w.orElse()),
                    List.copyOf(assignedNames(w.body())), w.pos());
            case Stmt.Break b -> new Core.Break(b.pos());
            case Stmt.Continue c -> new Core.Continue(c.pos());
            case Stmt.Pass p -> null;
            case Stmt.Assert a -> new Core.Assert(expr(a.test()), a.message() == null ? null : expr(a.message()), a.pos());
            case Stmt.Def d -> {
                Core fn = function(d.name(), d.params(), d.body(), false, d.pos());
                List<Expr> decorators = d.decorators();
                for (int i = decorators.size() - 1; i >= 0; i--) {
                    Expr dec = decorators.get(i);
                    fn = new Core.Call(expr(dec), List.of(new Core.Positional(fn)), dec.pos());
                }
                yield new Core.Bind(nameTarget(d.name()), fn, d.pos());
            }
            case Stmt.Import im -> {
                List<Core.Stmt> binds = new ArrayList<>();
                for (int i = 0; i < im.modules().size(); i++) {
                    String module = im.modules().get(i);
                    String alias = im.aliases().get(i);
                    String bound = alias != null ? alias : module.split("\\.")[0];
                    String what = alias != null ? module : module.split("\\.")[0];
                    binds.add(new Core.Import(what, alias != null ? null : module, nameTarget(bound), im.pos()));
                }
                yield binds.size() == 1 ? binds.get(0) : new Core.If(List.of(new Core.Lit(Boolean.TRUE, im.pos())),
                        List.of(binds), List.of(), im.pos());
            }
            case Stmt.FromImport f -> {
                List<Core.Stmt> binds = new ArrayList<>();
                for (int i = 0; i < f.names().size(); i++) {
                    String alias = f.aliases().get(i);
                    String name = f.names().get(i);
                    binds.add(new Core.Import(f.module(), "." + name, nameTarget(alias != null ? alias : name), f.pos()));
                }
                yield binds.size() == 1 ? binds.get(0) : new Core.If(List.of(new Core.Lit(Boolean.TRUE, f.pos())),
                        List.of(binds), List.of(), f.pos());
            }
        };
    }

    private Core function(String name, List<Expr.Param> params, List<Stmt> body, boolean isLambda, Pos pos) {
        // Defaults are evaluated where the function is defined, in the enclosing scope.
        List<Core> defaults = new ArrayList<>();
        for (Expr.Param p : params) {
            if (p.defaultValue() != null) {
                defaults.add(expr(p.defaultValue()));
            }
        }
        Scope inner = new Scope(scope, false, name);
        List<String> names = new ArrayList<>();
        List<Core.Code.ParamKind> kinds = new ArrayList<>();
        for (Expr.Param p : params) {
            if (inner.locals.containsKey(p.name())) {
                problems.add(Diagnostic.at(source, p.pos(), "duplicate argument '" + p.name() + "' in function definition",
                        "give each parameter its own name"));
            }
            inner.local(p.name());
            names.add(p.name());
            kinds.add(switch (p.kind()) {
                case PLAIN -> Core.Code.ParamKind.PLAIN;
                case VARARGS -> Core.Code.ParamKind.VARARGS;
                case KWARGS -> Core.Code.ParamKind.KWARGS;
            });
        }
        for (String local : assignedNames(body)) {
            inner.local(local);
        }
        Scope saved = scope;
        scope = inner;
        List<Core.Stmt> stmts = stmts(body);
        scope = saved;
        Core.Code code = new Core.Code(name, names, kinds, inner.slotNames.size(), inner.slotNames,
                inner.captures, stmts, isLambda, pos);
        return new Core.Closure(code, defaults, pos);
    }

    // ---- expressions ----

    private List<Core> exprs(List<Expr> es) {
        List<Core> out = new ArrayList<>(es.size());
        for (Expr e : es) {
            out.add(expr(e));
        }
        return out;
    }

    private Core expr(Expr e) {
        return switch (e) {
            case Expr.Name n -> resolve(n.id(), n.pos());
            case Expr.Const c -> new Core.Lit(c.value(), c.pos());
            case Expr.FString f -> new Core.Format(parts(f.parts()), f.pos());
            case Expr.Unary u -> new Core.Unary(u.op(), expr(u.operand()), u.pos());
            case Expr.Binary b -> new Core.Binary(b.op(), expr(b.left()), expr(b.right()), b.pos());
            case Expr.Compare c -> new Core.Compare(exprs(c.operands()), c.ops(), c.pos());
            case Expr.BoolOp b -> b.isAnd() ? new Core.And(exprs(b.operands()), b.pos()) : new Core.Or(exprs(b.operands()), b.pos());
            case Expr.Not n -> new Core.Not(expr(n.operand()), n.pos());
            case Expr.IfExp i -> new Core.IfExp(expr(i.test()), expr(i.body()), expr(i.orElse()), i.pos());
            case Expr.Lambda l -> function("<lambda>", l.params(), List.of(new Stmt.Return(l.body(), l.body().pos())), true, l.pos());
            case Expr.Call c -> {
                List<Core.Arg> args = c.args().stream().map(this::arg).toList();
                Core.Primitive p = primitive(c.fn());
                yield p == null ? new Core.Call(expr(c.fn()), args, c.pos())
                        : new Core.Prim(p, primitives.rebindable() ? expr(c.fn()) : null, args, c.pos());
            }
            case Expr.Attr a -> new Core.Attr(expr(a.obj()), a.name(), a.pos());
            case Expr.Subscript s -> new Core.Index(expr(s.obj()), exprs(s.index()), s.pos());
            case Expr.Slice s -> new Core.Slice(s.lo() == null ? null : expr(s.lo()), s.hi() == null ? null : expr(s.hi()),
                    s.step() == null ? null : expr(s.step()), s.pos());
            case Expr.Tuple t -> new Core.MakeTuple(exprs(t.items()), t.pos());
            case Expr.ListDisplay l -> new Core.MakeList(exprs(l.items()), l.pos());
            case Expr.DictDisplay d -> {
                List<Core> keys = new ArrayList<>();
                for (Expr k : d.keys()) {
                    keys.add(k == null ? null : expr(k));
                }
                yield new Core.MakeDict(keys, exprs(d.values()), d.pos());
            }
            case Expr.Starred s -> new Core.Spread(expr(s.value()), s.pos());
            case Expr.ListComp l -> comprehension(l.element(), null, l.clauses(), l.pos());
            case Expr.DictComp d -> comprehension(d.key(), d.value(), d.clauses(), d.pos());
        };
    }

    private Core.Arg arg(Expr.Arg a) {
        return switch (a) {
            case Expr.Positional p -> new Core.Positional(expr(p.value()));
            case Expr.Keyword k -> new Core.Keyword(k.name(), expr(k.value()));
            case Expr.StarArg s -> new Core.Star(expr(s.value()));
            case Expr.KwStarArg k -> new Core.KwStar(expr(k.value()));
        };
    }

    private List<Object> parts(List<Expr.FPart> parts) {
        List<Object> out = new ArrayList<>();
        for (Expr.FPart p : parts) {
            switch (p) {
                case Expr.FText t -> out.add(t.text());
                case Expr.FField f -> out.add(new Core.Field(expr(f.expr()), f.conversion(), parts(f.spec())));
            }
        }
        return out;
    }

    private Core comprehension(Expr element, Expr value, List<Expr.Comprehension> clauses, Pos pos) {
        List<Core.Clause> out = new ArrayList<>();
        int pushed = 0;
        for (Expr.Comprehension c : clauses) {
            // The first iterable is evaluated outside the comprehension's scope, as in Python.
            Core iter = expr(c.iter());
            Map<String, Integer> vars = new HashMap<>();
            for (String n : targetNames(c.target(), new ArrayList<>())) {
                vars.put(n, scope.newSlot(n));
            }
            scope.comprehensions.push(vars);
            pushed++;
            Core.Bind.Target t = bindTarget(c.target());
            out.add(new Core.Clause(t, iter, exprs(c.conditions())));
        }
        Core el = expr(element);
        Core val = value == null ? null : expr(value);
        for (int i = 0; i < pushed; i++) {
            scope.comprehensions.pop();
        }
        return new Core.Comprehension(el, val, out, pos);
    }

    // ---- which names a block binds ----

    private static List<String> targetNames(Target t, List<String> out) {
        switch (t) {
            case Target.Name n -> out.add(n.id());
            case Target.Unpack u -> u.items().forEach(i -> targetNames(i, out));
        }
        return out;
    }

    // ---- primitives ----

    /**
     * jnp.f, np.linalg.f, jax.numpy.f, lax.f: the primitive a callee names when its root is a
     * module-level name still holding its pre-bound library module, or null for a dynamic call.
     */
    private Core.Primitive primitive(Expr fn) {
        List<String> path = new ArrayList<>();
        Expr e = fn;
        while (e instanceof Expr.Attr a) {
            path.add(0, a.name());
            e = a.obj();
        }
        if (path.isEmpty() || !(e instanceof Expr.Name root) || !isStatic(root.id())
                || !(resolve(root.id(), root.pos()) instanceof Core.Global)) {
            return null;
        }
        return primitives.lookup(primitives.preboundModule(root.id()), path);
    }

    /** A pre-bound name is static when every top-level binding of it imports the module it holds anyway. */
    private boolean isStatic(String name) {
        return primitives.preboundModule(name) != null
                && (!moduleNames.contains(name) || Boolean.TRUE.equals(importsSameModule.get(name)));
    }

    /** For each name an import binds: whether every import of it binds the module it is pre-bound to. */
    private void collectImports(List<Stmt> body, Map<String, Boolean> same) {
        for (Stmt s : body) {
            switch (s) {
                case Stmt.Import im -> {
                    for (int i = 0; i < im.modules().size(); i++) {
                        String alias = im.aliases().get(i);
                        String module = alias != null ? im.modules().get(i) : im.modules().get(i).split("\\.")[0];
                        String bound = alias != null ? alias : module;
                        same.merge(bound, sameAsPrebound(bound, module), Boolean::logicalAnd);
                    }
                }
                case Stmt.FromImport f -> {
                    for (int i = 0; i < f.names().size(); i++) {
                        String alias = f.aliases().get(i);
                        String bound = alias != null ? alias : f.names().get(i);
                        same.merge(bound, sameAsPrebound(bound, f.module() + "." + f.names().get(i)), Boolean::logicalAnd);
                    }
                }
                default -> { }
            }
        }
        // Any other top-level binding of the name (an assignment, a def, a loop variable) rebinds it.
        List<Stmt> rest = body.stream().filter(s -> !(s instanceof Stmt.Import || s instanceof Stmt.FromImport)).toList();
        for (String n : assignedNames(rest)) {
            same.put(n, false);
        }
    }

    private boolean sameAsPrebound(String bound, String module) {
        String prebound = primitives.preboundModule(bound);
        return prebound != null && prebound.equals(primitives.canonical(module));
    }

    /** Names bound by these statements, not looking into nested functions (whose names are their own). */
    static Collection<String> assignedNames(List<Stmt> body) {
        Set<String> out = new LinkedHashSet<>();
        collect(body, out);
        return out;
    }

    private static void collect(List<Stmt> body, Set<String> out) {
        for (Stmt s : body) {
            switch (s) {
                case Stmt.Assign a -> a.targets().forEach(t -> out.addAll(targetNames(t, new ArrayList<>())));
                case Stmt.AugAssign a -> out.add(a.target().id());
                case Stmt.If i -> {
                    i.bodies().forEach(b -> collect(b, out));
                    collect(i.orElse(), out);
                }
                case Stmt.For f -> {
                    out.addAll(targetNames(f.target(), new ArrayList<>()));
                    collect(f.body(), out);
                    collect(f.orElse(), out);
                }
                case Stmt.While w -> {
                    collect(w.body(), out);
                    collect(w.orElse(), out);
                }
                case Stmt.Def d -> out.add(d.name());
                case Stmt.Import im -> {
                    for (int i = 0; i < im.modules().size(); i++) {
                        String alias = im.aliases().get(i);
                        out.add(alias != null ? alias : im.modules().get(i).split("\\.")[0]);
                    }
                }
                case Stmt.FromImport f -> {
                    for (int i = 0; i < f.names().size(); i++) {
                        String alias = f.aliases().get(i);
                        out.add(alias != null ? alias : f.names().get(i));
                    }
                }
                default -> { }
            }
        }
    }
}

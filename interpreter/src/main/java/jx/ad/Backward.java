package jx.ad;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jx.core.Core;
import jx.syntax.Expr;
import jx.diag.Pos;

/**
 * The backward sweep: walks the forward sweep's steps in reverse, emitting jx statements that
 * accumulate cotangents. A cotangent that was never set is zero, and statically so: steps whose
 * output cotangent is zero emit nothing.
 */
final class Backward {
    private final Vjp vjp;
    private final Pos pos;
    private final Map<Integer, Core.Local> adjoints = new HashMap<>();
    private Set<Integer> init = new HashSet<>();
    /**
     * Cotangents that may hold the plain zero 0.0 when they run (an item of a container's or a
     * call's cotangents, a branch's or loop's zero): a rule applied to one is guarded, so that the
     * zero is not multiplied by a value that is inf or nan there (as JAX's symbolic zeros skip it).
     */
    private final Set<Integer> maybeZero = new HashSet<>();
    private List<Core.Stmt> out = new ArrayList<>();

    Backward(Vjp vjp) {
        this.vjp = vjp;
        this.pos = Pos.NONE;
    }

    /** Key of an atom's cotangent: a local's slot, or -1 - i for capture i; null for constants. */
    static Integer key(Core atom) {
        return switch (atom) {
            case Core.Local l -> l.slot();
            case Core.Captured c -> -1 - c.index();
            default -> null;
        };
    }

    Core.Local adjoint(int key) {
        return adjoints.computeIfAbsent(key, k -> vjp.fresh(k >= 0 ? "g_" + base(vjp.slots.get(k)) : "g_cap" + (-1 - k)));
    }

    private static String base(String name) {
        return name.startsWith("_") ? name.substring(1).replaceAll("[0-9]+$", "") : name.replaceAll("_?[0-9]*$", "");
    }

    /** The cotangent of atom as an expression, or null when it is (statically) zero. */
    Core cotangent(Core atom) {
        Integer k = key(atom);
        return k != null && init.contains(adjoint(k).slot()) ? adjoint(k) : null;
    }

    /** The cotangent the sweep starts from; a backward function's parameter g may be the plain zero. */
    void seed(Core atom, Core value) {
        contribute(atom, value, value instanceof Core.Local);
    }

    List<Core.Stmt> statements() {
        return out;
    }

    private void emit(Core.Local target, Core value) {
        out.add(new Core.Bind(new Core.Bind.ToLocal(target.slot(), target.name()), value, pos));
    }

    void contribute(Core atom, Core value) {
        contribute(atom, value, false);
    }

    private void contribute(Core atom, Core value, boolean mayBeZero) {
        Integer k = key(atom);
        if (k == null || !vjp.isActive(atom)) {
            return;
        }
        Core.Local a = adjoint(k);
        if (init.contains(a.slot())) {
            emit(a, new Core.Call(new Core.Lit(Runtime.ACC, pos), List.of(new Core.Positional(a), new Core.Positional(value)), pos));
            if (!mayBeZero) {
                maybeZero.remove(a.slot());
            }
        } else {
            emit(a, value);
            init.add(a.slot());
            if (mayBeZero) {
                maybeZero.add(a.slot());
            } else {
                maybeZero.remove(a.slot());
            }
        }
    }

    private boolean mayBeZero(Core g) {
        return g instanceof Core.Local l && maybeZero.contains(l.slot());
    }

    void run(List<Step> steps) {
        for (int i = steps.size() - 1; i >= 0; i--) {
            step(steps.get(i));
        }
    }

    private void step(Step s) {
        switch (s) {
            case Step.Prim p -> {
                Core g = cotangent(p.v());
                if (g == null) {
                    return;
                }
                Map<String, Core> names = new HashMap<>();
                for (int i = 0; i < p.rule().names().size(); i++) {
                    names.put(p.rule().names().get(i), p.args().get(i));
                }
                names.put("y", p.v());
                names.put("g", g);
                boolean guard = mayBeZero(g);
                for (int i = 0; i < p.args().size(); i++) {
                    Core template = i < p.rule().cotangents().size() ? p.rule().cotangents().get(i) : null;
                    if (template != null) {
                        Core ct = Subst.names(template, names);
                        contribute(p.args().get(i), guard ? new Core.IfExp(new Core.Call(new Core.Lit(Runtime.NONZERO, pos),
                                List.of(new Core.Positional(g)), pos), ct, new Core.Lit(0.0, pos), pos) : ct, guard);
                    }
                }
            }
            case Step.Call c -> {
                Core g = cotangent(c.v());
                if (g == null) {
                    return;
                }
                Core.Local cts = vjp.fresh("_cts");
                Core back = new Core.Index(c.r(), List.of(new Core.Lit(1L, pos)), pos);
                emit(cts, new Core.Call(back, List.of(new Core.Positional(g)), pos));
                contribute(c.fn(), item(cts, 0), true);
                for (int i = 0; i < c.args().size(); i++) {
                    contribute(c.args().get(i), item(cts, i + 1), true);
                }
            }
            case Step.Copy c -> {
                Core g = cotangent(c.to());
                if (g == null) {
                    return;
                }
                Integer k = key(c.to());
                init.remove(adjoint(k).slot());
                contribute(c.from(), g, mayBeZero(g));
            }
            case Step.Pack p -> {
                Core g = cotangent(p.v());
                if (g == null) {
                    return;
                }
                for (int i = 0; i < p.items().size(); i++) {
                    contribute(p.items().get(i), new Core.Call(new Core.Lit(Runtime.CT_GET, pos),
                            List.of(new Core.Positional(g), new Core.Positional(p.keys().get(i))), pos), true);
                }
            }
            case Step.Branch b -> branch(b);
            case Step.Loop l -> loop(l);
        }
    }

    private Core item(Core.Local tuple, int i) {
        return new Core.Index(tuple, List.of(new Core.Lit((long) i, pos)), pos);
    }

    private void branch(Step.Branch b) {
        Set<Integer> before = new HashSet<>(init);
        List<Core.Stmt> saved = out;
        List<List<Core.Stmt>> bodies = new ArrayList<>();
        List<Set<Integer>> after = new ArrayList<>();
        Set<Integer> union = new LinkedHashSet<>();
        for (List<Step> steps : b.branches()) {
            init = new HashSet<>(before);
            out = new ArrayList<>();
            run(steps);
            bodies.add(out);
            after.add(init);
            union.addAll(init);
        }
        for (int k = 0; k < bodies.size(); k++) {
            for (int slot : union) {
                if (!after.get(k).contains(slot)) {
                    bodies.get(k).add(zero(slot));
                }
            }
        }
        out = saved;
        init = new HashSet<>(union);
        if (bodies.stream().allMatch(List::isEmpty)) {
            return;
        }
        Core test = new Core.Compare(List.of(b.flag(), new Core.Lit(0L, pos)), List.of("=="), pos);
        out.add(new Core.If(List.of(test), List.of(bodies.get(0)), bodies.get(1), pos));
    }

    private Core.Stmt zero(int slot) {
        maybeZero.add(slot);
        return new Core.Bind(new Core.Bind.ToLocal(slot, vjp.slots.get(slot)), new Core.Lit(0.0, pos), pos);
    }

    private void loop(Step.Loop l) {
        // First pass: which cotangents outside the body does the body add to? They must hold a value
        // (zero if nothing yet) before the loop, since each iteration accumulates into them.
        Set<Integer> before = new HashSet<>(init);
        List<Core.Stmt> saved = out;
        Set<Integer> bodySlots = new HashSet<>();
        for (Core.Local s : l.saved()) {
            bodySlots.add(s.slot());
        }
        out = new ArrayList<>();
        init = new HashSet<>(before);
        Map<Integer, Core.Local> known = new HashMap<>(adjoints);
        run(l.body());
        Set<Integer> external = new LinkedHashSet<>();
        for (Map.Entry<Integer, Core.Local> e : adjoints.entrySet()) {
            if (init.contains(e.getValue().slot()) && !bodySlots.contains(e.getKey())) {
                external.add(e.getValue().slot());
            }
        }
        out = saved;
        init = new HashSet<>(before);
        for (int slot : external) {
            if (!init.contains(slot)) {
                out.add(zero(slot));
                init.add(slot);
            }
        }
        Set<Integer> atStart = new HashSet<>(init);
        // The cotangents of the body's own slots start at zero in every iteration.
        for (Map.Entry<Integer, Core.Local> e : adjoints.entrySet()) {
            if (bodySlots.contains(e.getKey()) && !known.containsKey(e.getKey())) {
                init.remove(e.getValue().slot());
            }
        }
        List<Core.Stmt> outer = out;
        out = new ArrayList<>();
        Core.Local tp = vjp.fresh("_tp");
        out.add(new Core.Bind(new Core.Bind.Unpack(l.saved().stream()
                .map(s -> (Core.Bind.Target) new Core.Bind.ToLocal(s.slot(), s.name())).toList(), pos),
                item(tp, 0), pos));
        run(l.body());
        for (int slot : atStart) {
            if (!init.contains(slot)) {
                out.add(zero(slot));
            }
        }
        out.add(new Core.Bind(new Core.Bind.ToLocal(tp.slot(), tp.name()), item(tp, 1), pos));
        List<Core.Stmt> body = out;
        out = outer;
        init = atStart;
        out.add(new Core.Bind(new Core.Bind.ToLocal(tp.slot(), tp.name()), l.tape(), pos));
        Core test = new Core.Compare(List.of(tp, new Core.Lit(Expr.Marker.NONE, pos)), List.of("is not"), pos);
        out.add(new Core.While(test, body, List.of(), List.of(), pos));
    }
}

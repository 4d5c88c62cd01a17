package jx.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jx.core.Core;

/**
 * What one function (or the module) binds each of its names to, so that a name bound exactly once
 * can be resolved to its definition: the function a call reaches, the kind of value a method is
 * called on. A name bound by unpacking, a loop, a parameter or an import is opaque.
 */
final class Bindings {
    /** The value bound by something the checks cannot see through. */
    static final Object OPAQUE = new Object();

    private final Bindings parent;
    private final Core.Code code;
    private final Map<Object, List<Object>> values = new HashMap<>();

    private Bindings(Bindings parent, Core.Code code) {
        this.parent = parent;
        this.code = code;
    }

    /** parent: the bindings of the enclosing function, null for the module. */
    static Bindings of(Core.Code code, Bindings parent) {
        Bindings b = new Bindings(parent, code);
        for (int i = 0; i < code.params().size(); i++) {
            b.add(i, OPAQUE);
        }
        b.stmts(code.body());
        return b;
    }

    boolean isModule() {
        return parent == null;
    }

    /**
     * Everything the name read by {@code ref} (a Local, Captured or Global) may hold: Core values,
     * Core.Import statements or OPAQUE. Empty when this program binds it nowhere (a builtin, or a
     * name of an earlier REPL input).
     */
    List<Object> valuesOf(Core ref) {
        return switch (ref) {
            case Core.Local l -> values.getOrDefault(parent == null ? (Object) ("#" + l.slot()) : l.slot(), List.of());
            case Core.Captured c -> parent == null ? List.of() : parent.valuesOf(code.captures().get(c.index()));
            case Core.Global g -> root().values.getOrDefault(g.name(), List.of());
            default -> List.of();
        };
    }

    /** The one value ref's name is bound to, or null when it is bound several times, opaquely or nowhere here. */
    Object definition(Core ref) {
        List<Object> vs = valuesOf(ref);
        return vs.size() == 1 && vs.get(0) != OPAQUE ? vs.get(0) : null;
    }

    /** Where ref is resolved: the bindings that hold its name (the module's for globals). */
    Bindings owner(Core ref) {
        return switch (ref) {
            case Core.Captured c when parent != null -> parent.owner(code.captures().get(c.index()));
            case Core.Global g -> root();
            default -> this;
        };
    }

    private Bindings root() {
        Bindings b = this;
        while (b.parent != null) {
            b = b.parent;
        }
        return b;
    }

    private void add(Object key, Object value) {
        values.computeIfAbsent(key, k -> new ArrayList<>(1)).add(value);
    }

    private void target(Core.Bind.Target t, Object value) {
        switch (t) {
            // Module frames hold only comprehension variables: keep their slots apart from names.
            case Core.Bind.ToLocal l -> add(parent == null ? "#" + l.slot() : (Object) l.slot(), value);
            case Core.Bind.ToGlobal g -> add(g.name(), value);
            case Core.Bind.Unpack u -> u.items().forEach(x -> target(x, OPAQUE));
        }
    }

    private void stmts(List<Core.Stmt> body) {
        for (Core.Stmt s : body) {
            switch (s) {
                case Core.Bind b -> target(b.target(), b.value());
                case Core.Import im -> target(im.target(), im);
                case Core.For f -> {
                    target(f.target(), OPAQUE);
                    stmts(f.body());
                    stmts(f.orElse());
                }
                case Core.While w -> {
                    stmts(w.body());
                    stmts(w.orElse());
                }
                case Core.If i -> {
                    i.bodies().forEach(this::stmts);
                    stmts(i.orElse());
                }
                default -> { }
            }
        }
    }
}

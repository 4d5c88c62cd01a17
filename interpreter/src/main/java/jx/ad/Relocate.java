package jx.ad;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jx.core.Core;
import jx.diag.Pos;

/**
 * Moves statements written against one frame into a closure of their own: the slots they bind
 * become the closure's locals, every other slot they read becomes a capture (by value, when the
 * closure is created — which is exactly what a backward function needs of its forward sweep).
 */
final class Relocate {
    private Relocate() {}

    static Core.Closure closure(String name, int paramSlot, List<Core.Stmt> body, List<String> outerNames, Pos pos) {
        Map<Integer, Integer> locals = new LinkedHashMap<>();
        locals.put(paramSlot, 0);
        collectBound(body, locals);
        List<String> slotNames = new ArrayList<>();
        for (int outer : locals.keySet()) {
            slotNames.add(outerNames.get(outer));
        }
        Map<Object, Integer> captureIndex = new HashMap<>();
        List<Core> captures = new ArrayList<>();
        java.util.function.Function<Core, Core> leaf = e -> switch (e) {
            case Core.Local l when locals.containsKey(l.slot()) -> new Core.Local(locals.get(l.slot()), l.name(), l.pos());
            case Core.Local l -> new Core.Captured(captureIndex.computeIfAbsent("L" + l.slot(), k -> {
                captures.add(l);
                return captures.size() - 1;
            }), l.name(), l.pos());
            case Core.Captured c -> new Core.Captured(captureIndex.computeIfAbsent("C" + c.index(), k -> {
                captures.add(c);
                return captures.size() - 1;
            }), c.name(), c.pos());
            default -> e;
        };
        List<Core.Stmt> moved = stmts(body, leaf, locals);
        Core.Code code = new Core.Code(name, List.of(outerNames.get(paramSlot)), List.of(Core.Code.ParamKind.PLAIN),
                slotNames.size(), slotNames, captures, moved, false, pos);
        return new Core.Closure(code, List.of(), pos);
    }

    private static void collectBound(List<Core.Stmt> body, Map<Integer, Integer> locals) {
        for (Core.Stmt s : body) {
            switch (s) {
                case Core.Bind b -> bound(b.target(), locals);
                case Core.If i -> {
                    i.bodies().forEach(x -> collectBound(x, locals));
                    collectBound(i.orElse(), locals);
                }
                case Core.For f -> {
                    bound(f.target(), locals);
                    collectBound(f.body(), locals);
                }
                case Core.While w -> collectBound(w.body(), locals);
                default -> { }
            }
        }
    }

    private static void bound(Core.Bind.Target t, Map<Integer, Integer> locals) {
        switch (t) {
            case Core.Bind.ToLocal l -> locals.putIfAbsent(l.slot(), locals.size());
            case Core.Bind.Unpack u -> u.items().forEach(i -> bound(i, locals));
            case Core.Bind.ToGlobal g -> { }
        }
    }

    private static Core.Bind.Target target(Core.Bind.Target t, Map<Integer, Integer> locals) {
        return switch (t) {
            case Core.Bind.ToLocal l -> new Core.Bind.ToLocal(locals.get(l.slot()), l.name());
            case Core.Bind.Unpack u -> new Core.Bind.Unpack(u.items().stream().map(i -> target(i, locals)).toList(), u.pos());
            case Core.Bind.ToGlobal g -> g;
        };
    }

    private static List<Core.Stmt> stmts(List<Core.Stmt> body, java.util.function.Function<Core, Core> leaf,
            Map<Integer, Integer> locals) {
        List<Core.Stmt> out = new ArrayList<>();
        for (Core.Stmt s : body) {
            out.add(switch (s) {
                case Core.Bind b -> new Core.Bind(target(b.target(), locals), Subst.map(b.value(), leaf), b.pos());
                case Core.Eval e -> new Core.Eval(Subst.map(e.expr(), leaf), e.pos());
                case Core.Return r -> new Core.Return(Subst.map(r.value(), leaf), r.pos());
                case Core.If i -> new Core.If(i.tests().stream().map(t -> Subst.map(t, leaf)).toList(),
                        i.bodies().stream().map(b -> stmts(b, leaf, locals)).toList(), stmts(i.orElse(), leaf, locals), i.pos());
                case Core.For f -> new Core.For(target(f.target(), locals), Subst.map(f.iter(), leaf),
                        stmts(f.body(), leaf, locals), stmts(f.orElse(), leaf, locals), f.carried(), f.pos());
                case Core.While w -> new Core.While(Subst.map(w.test(), leaf), stmts(w.body(), leaf, locals),
                        stmts(w.orElse(), leaf, locals), w.carried(), w.pos());
                default -> s;
            });
        }
        return out;
    }
}

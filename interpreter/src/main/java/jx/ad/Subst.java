package jx.ad;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import jx.core.Core;
import jx.diag.Pos;

/** Rewrites the leaves of a core expression: free names of a rule, or locals to their versions. */
public final class Subst {
    private Subst() {}

    /** Replaces module-level names by the given expressions (a rule's parameters, y and g). */
    public static Core names(Core e, Map<String, Core> bindings) {
        return map(e, leaf -> leaf instanceof Core.Global g && bindings.containsKey(g.name()) ? bindings.get(g.name()) : leaf);
    }

    /** e with every position cleared: a rule's nodes must not point into the rule's own text. */
    static Core unplaced(Core e) {
        return placed(e, jx.diag.Pos.NONE);
    }

    private static Core placed(Core e, jx.diag.Pos p) {
        if (e == null) {
            return null;
        }
        return switch (e) {
            case Core.Local l -> new Core.Local(l.slot(), l.name(), p);
            case Core.Captured c -> new Core.Captured(c.index(), c.name(), p);
            case Core.Global g -> new Core.Global(g.name(), p);
            case Core.Lit l -> new Core.Lit(l.value(), p);
            case Core.Unary u -> new Core.Unary(u.op(), placed(u.operand(), p), p);
            case Core.Binary b -> new Core.Binary(b.op(), placed(b.left(), p), placed(b.right(), p), p);
            case Core.Compare c -> new Core.Compare(c.operands().stream().map(x -> placed(x, p)).toList(), c.ops(), p);
            case Core.And a -> new Core.And(a.operands().stream().map(x -> placed(x, p)).toList(), p);
            case Core.Or o -> new Core.Or(o.operands().stream().map(x -> placed(x, p)).toList(), p);
            case Core.Not n -> new Core.Not(placed(n.operand(), p), p);
            case Core.IfExp i -> new Core.IfExp(placed(i.test(), p), placed(i.body(), p), placed(i.orElse(), p), p);
            case Core.Call c -> new Core.Call(placed(c.fn(), p), placedArgs(c.args(), p), p);
            case Core.Prim c -> new Core.Prim(c.primitive(), placed(c.callee(), p), placedArgs(c.args(), p), p);
            case Core.Attr a -> new Core.Attr(placed(a.obj(), p), a.name(), p);
            case Core.Index i -> new Core.Index(placed(i.obj(), p), i.index().stream().map(x -> placed(x, p)).toList(), p);
            case Core.Slice s -> new Core.Slice(placed(s.lo(), p), placed(s.hi(), p), placed(s.step(), p), p);
            case Core.MakeTuple t -> new Core.MakeTuple(t.items().stream().map(x -> placed(x, p)).toList(), p);
            case Core.MakeList l -> new Core.MakeList(l.items().stream().map(x -> placed(x, p)).toList(), p);
            default -> e;
        };
    }

    private static List<Core.Arg> placedArgs(List<Core.Arg> args, Pos p) {
        return args.stream().map(a -> a.map(v -> placed(v, p))).toList();
    }

    /** Applies f to every name leaf (Local, Captured, Global) of e; e's structure is kept. */
    static Core map(Core e, Function<Core, Core> f) {
        return map(e, f, Function.identity());
    }

    /** As {@link #map}, also rewriting the targets that comprehensions bind (which are frame slots too). */
    static Core map(Core e, Function<Core, Core> f, Function<Core.Bind.Target, Core.Bind.Target> targets) {
        if (e == null) {
            return null;
        }
        return switch (e) {
            case Core.Local l -> f.apply(l);
            case Core.Captured c -> f.apply(c);
            case Core.Global g -> f.apply(g);
            case Core.Lit l -> l;
            case Core.Unary u -> new Core.Unary(u.op(), map(u.operand(), f, targets), u.pos());
            case Core.Binary b -> new Core.Binary(b.op(), map(b.left(), f, targets), map(b.right(), f, targets), b.pos());
            case Core.Compare c -> new Core.Compare(all(c.operands(), f, targets), c.ops(), c.pos());
            case Core.And a -> new Core.And(all(a.operands(), f, targets), a.pos());
            case Core.Or o -> new Core.Or(all(o.operands(), f, targets), o.pos());
            case Core.Not n -> new Core.Not(map(n.operand(), f, targets), n.pos());
            case Core.IfExp i -> new Core.IfExp(map(i.test(), f, targets), map(i.body(), f, targets), map(i.orElse(), f, targets), i.pos());
            case Core.Call c -> new Core.Call(map(c.fn(), f, targets), c.args().stream().map(a -> arg(a, f, targets)).toList(), c.pos());
            case Core.Prim c -> new Core.Prim(c.primitive(), map(c.callee(), f, targets), c.args().stream().map(a -> arg(a, f, targets)).toList(), c.pos());
            case Core.Attr a -> new Core.Attr(map(a.obj(), f, targets), a.name(), a.pos());
            case Core.Index i -> new Core.Index(map(i.obj(), f, targets), all(i.index(), f, targets), i.pos());
            case Core.Slice s -> new Core.Slice(map(s.lo(), f, targets), map(s.hi(), f, targets), map(s.step(), f, targets), s.pos());
            case Core.MakeTuple t -> new Core.MakeTuple(all(t.items(), f, targets), t.pos());
            case Core.MakeList l -> new Core.MakeList(all(l.items(), f, targets), l.pos());
            case Core.Spread s -> new Core.Spread(map(s.value(), f, targets), s.pos());
            case Core.MakeDict d -> new Core.MakeDict(all(d.keys(), f, targets), all(d.values(), f, targets), d.pos());
            case Core.Closure c -> {
                Core.Code code = c.code();
                Core.Code moved = new Core.Code(code.name(), code.params(), code.kinds(), code.frameSize(),
                        code.slotNames(), all(code.captures(), f, targets), code.body(), code.isLambda(), code.pos());
                yield new Core.Closure(moved, all(c.defaults(), f, targets), c.pos());
            }
            case Core.Comprehension c -> new Core.Comprehension(map(c.element(), f, targets), map(c.value(), f, targets),
                    c.clauses().stream().map(cl -> new Core.Clause(targets.apply(cl.target()), map(cl.iter(), f, targets),
                            all(cl.conditions(), f, targets))).toList(), c.pos());
            case Core.Format fmt -> new Core.Format(fmt.parts().stream().map(p -> p instanceof Core.Field fd
                    ? (Object) new Core.Field(map(fd.value(), f, targets), fd.conversion(), fd.spec()) : p).toList(), fmt.pos());
        };
    }

    private static List<Core> all(List<Core> es, Function<Core, Core> f, Function<Core.Bind.Target, Core.Bind.Target> targets) {
        List<Core> out = new ArrayList<>(es.size());
        for (Core e : es) {
            out.add(map(e, f, targets));
        }
        return out;
    }

    private static Core.Arg arg(Core.Arg a, Function<Core, Core> f, Function<Core.Bind.Target, Core.Bind.Target> targets) {
        return a.map(v -> map(v, f, targets));
    }
}

package jx.ad;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import jx.core.Core;
import jx.diag.Pos;
import jx.eval.Values;
import jx.prim.Registry;

/**
 * def f(a, *rest) as the function of fixed parameters that one call of it sees: f(x, y, z) runs
 * def f(a, rest_0, rest_1): rest = (rest_0, rest_1); ... . Its vjp then gives one cotangent per
 * argument, as every caller of a derivative needs, and is itself a plain function that derives
 * again (second order through *args, lax.cond, builtin max).
 */
final class FixedArity {
    private FixedArity() {}

    /** c itself unless it takes *args (and at most a **kwargs right after); else c specialized to nargs positional arguments. */
    static Values.Closure of(Registry registry, Values.Closure c, int nargs) {
        Core.Code code = c.code();
        int varargs = code.kinds().indexOf(Core.Code.ParamKind.VARARGS);
        int kwargs = code.kinds().indexOf(Core.Code.ParamKind.KWARGS);
        if (varargs < 0 || kwargs >= 0 && kwargs != varargs + 1) {
            return c;
        }
        int extra = Math.max(0, nargs - varargs);
        Core.Code fixed = registry.derived(List.of("fixed arity", code, extra), k -> specialize(code, varargs, extra));
        // With extra arguments every fixed parameter is given positionally: the defaults cannot apply.
        return new Values.Closure(fixed, c.captured(), extra > 0 ? new Object[0] : c.defaults(), c.globals());
    }

    private static Core.Code specialize(Core.Code code, int varargs, int extra) {
        Pos pos = code.pos();
        String rest = code.params().get(varargs);
        boolean kw = code.kinds().contains(Core.Code.ParamKind.KWARGS);
        int frame = code.frameSize() + extra;
        // Slots below varargs stay; the new parameters take the next extra slots; the rest move up by extra.
        // A **kwargs parameter (right after *args) stays a parameter, after the new ones; the tuple goes last.
        Function<Integer, Integer> slot = !kw ? s -> s < varargs ? s : s + extra
                : s -> s < varargs ? s : s == varargs ? frame - 1 : s == varargs + 1 ? varargs + extra : s + extra - 1;
        List<String> params = new ArrayList<>(code.params().subList(0, varargs));
        List<Core> items = new ArrayList<>();
        for (int i = 0; i < extra; i++) {
            String name = rest + "_" + i;
            params.add(name);
            items.add(new Core.Local(varargs + i, name, pos));
        }
        List<Core.Code.ParamKind> kinds = new ArrayList<>(params.stream().map(p -> Core.Code.ParamKind.PLAIN).toList());
        if (kw) {
            params.add(code.params().get(varargs + 1));
            kinds.add(Core.Code.ParamKind.KWARGS);
        }
        String[] slotNames = new String[frame];
        for (int i = 0; i < extra; i++) {
            slotNames[varargs + i] = rest + "_" + i;
        }
        for (int s = 0; s < code.slotNames().size(); s++) {
            slotNames[slot.apply(s)] = code.slotNames().get(s);
        }
        List<Core.Stmt> body = new ArrayList<>();
        body.add(new Core.Bind(new Core.Bind.ToLocal(slot.apply(varargs), rest), new Core.MakeTuple(items, pos), pos));
        body.addAll(stmts(code.body(), slot));
        return new Core.Code(code.name(), params, kinds, frame, List.of(slotNames), code.captures(), body, code.isLambda(), pos);
    }

    private static List<Core.Stmt> stmts(List<Core.Stmt> body, Function<Integer, Integer> slot) {
        List<Core.Stmt> out = new ArrayList<>();
        for (Core.Stmt s : body) {
            out.add(stmt(s, slot));
        }
        return out;
    }

    private static Core.Stmt stmt(Core.Stmt s, Function<Integer, Integer> slot) {
        return switch (s) {
            case Core.Bind b -> new Core.Bind(target(b.target(), slot), expr(b.value(), slot), b.pos());
            case Core.Eval e -> new Core.Eval(expr(e.expr(), slot), e.pos());
            case Core.Return r -> new Core.Return(expr(r.value(), slot), r.pos());
            case Core.If i -> new Core.If(i.tests().stream().map(t -> expr(t, slot)).toList(),
                    i.bodies().stream().map(b -> stmts(b, slot)).toList(), stmts(i.orElse(), slot), i.pos());
            case Core.For f -> new Core.For(target(f.target(), slot), expr(f.iter(), slot), stmts(f.body(), slot),
                    stmts(f.orElse(), slot), f.carried(), f.pos());
            case Core.While w -> new Core.While(expr(w.test(), slot), stmts(w.body(), slot), stmts(w.orElse(), slot),
                    w.carried(), w.pos());
            case Core.Assert a -> new Core.Assert(expr(a.test(), slot), expr(a.message(), slot), a.pos());
            case Core.Import i -> new Core.Import(i.module(), i.member(), target(i.target(), slot), i.pos());
            case Core.Break b -> b;
            case Core.Continue c -> c;
        };
    }

    private static Core expr(Core e, Function<Integer, Integer> slot) {
        return Subst.map(e, leaf -> leaf instanceof Core.Local l ? new Core.Local(slot.apply(l.slot()), l.name(), l.pos()) : leaf,
                t -> target(t, slot));
    }

    private static Core.Bind.Target target(Core.Bind.Target t, Function<Integer, Integer> slot) {
        return switch (t) {
            case Core.Bind.ToLocal l -> new Core.Bind.ToLocal(slot.apply(l.slot()), l.name());
            case Core.Bind.Unpack u -> new Core.Bind.Unpack(u.items().stream().map(i -> target(i, slot)).toList(), u.pos());
            case Core.Bind.ToGlobal g -> g;
        };
    }
}

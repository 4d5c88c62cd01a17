package jx.check;

import java.util.ArrayList;
import java.util.List;

import jx.core.Core;

/** Traversal of the core IR shared by the static checks: every expression of every function, with its bindings. */
final class Walk {
    private Walk() {}

    interface Visitor {
        void expr(Core e, Bindings where);
    }

    /** Visits every expression of the module and of the functions it defines. */
    static void module(Core.Module m, Visitor v) {
        code(m.code(), Bindings.of(m.code(), null), v);
    }

    private static void code(Core.Code code, Bindings b, Visitor v) {
        stmts(code.body(), b, v);
    }

    private static void stmts(List<Core.Stmt> body, Bindings b, Visitor v) {
        for (Core.Stmt s : body) {
            switch (s) {
                case Core.Bind x -> expr(x.value(), b, v);
                case Core.Eval x -> expr(x.expr(), b, v);
                case Core.Return x -> expr(x.value(), b, v);
                case Core.If x -> {
                    x.tests().forEach(t -> expr(t, b, v));
                    x.bodies().forEach(body2 -> stmts(body2, b, v));
                    stmts(x.orElse(), b, v);
                }
                case Core.For x -> {
                    expr(x.iter(), b, v);
                    stmts(x.body(), b, v);
                    stmts(x.orElse(), b, v);
                }
                case Core.While x -> {
                    expr(x.test(), b, v);
                    stmts(x.body(), b, v);
                    stmts(x.orElse(), b, v);
                }
                case Core.Assert x -> {
                    expr(x.test(), b, v);
                    if (x.message() != null) {
                        expr(x.message(), b, v);
                    }
                }
                case Core.Break x -> { }
                case Core.Continue x -> { }
                case Core.Import x -> { }
            }
        }
    }

    private static void expr(Core e, Bindings b, Visitor v) {
        if (e == null) {
            return;
        }
        v.expr(e, b);
        if (e instanceof Core.Closure c) {
            c.defaults().forEach(d -> expr(d, b, v));
            code(c.code(), Bindings.of(c.code(), b), v);
            return;
        }
        for (Core child : children(e)) {
            expr(child, b, v);
        }
    }

    /**
     * The subexpressions a node evaluates where it stands (a closure's body and captures excluded:
     * they run, or are read, elsewhere). Null entries stand for absent parts (a slice bound).
     */
    static List<Core> children(Core e) {
        return switch (e) {
            case Core.Lit x -> List.of();
            case Core.Local x -> List.of();
            case Core.Captured x -> List.of();
            case Core.Global x -> List.of();
            case Core.Unary x -> List.of(x.operand());
            case Core.Binary x -> List.of(x.left(), x.right());
            case Core.Compare x -> x.operands();
            case Core.And x -> x.operands();
            case Core.Or x -> x.operands();
            case Core.Not x -> List.of(x.operand());
            case Core.IfExp x -> List.of(x.test(), x.body(), x.orElse());
            case Core.Call x -> {
                List<Core> out = new ArrayList<>();
                out.add(x.fn());
                x.args().forEach(a -> out.add(a.value()));
                yield out;
            }
            case Core.Prim x -> {
                List<Core> out = new ArrayList<>();
                if (x.callee() != null) {
                    out.add(x.callee());
                }
                x.args().forEach(a -> out.add(a.value()));
                yield out;
            }
            case Core.Attr x -> List.of(x.obj());
            case Core.Index x -> {
                List<Core> out = new ArrayList<>(x.index());
                out.add(0, x.obj());
                yield out;
            }
            case Core.Slice x -> nonNull(x.lo(), x.hi(), x.step());
            case Core.MakeTuple x -> x.items();
            case Core.MakeList x -> x.items();
            case Core.Spread x -> List.of(x.value());
            case Core.MakeDict x -> {
                List<Core> out = new ArrayList<>();
                for (int i = 0; i < x.keys().size(); i++) {
                    if (x.keys().get(i) != null) {
                        out.add(x.keys().get(i));
                    }
                    out.add(x.values().get(i));
                }
                yield out;
            }
            case Core.Closure x -> x.defaults();
            case Core.Comprehension x -> {
                List<Core> out = new ArrayList<>();
                for (Core.Clause c : x.clauses()) {
                    out.add(c.iter());
                    out.addAll(c.conditions());
                }
                out.add(x.element());
                if (x.value() != null) {
                    out.add(x.value());
                }
                yield out;
            }
            case Core.Format x -> fields(x.parts(), new ArrayList<>());
        };
    }

    private static List<Core> fields(List<Object> parts, List<Core> out) {
        for (Object p : parts) {
            if (p instanceof Core.Field f) {
                out.add(f.value());
                fields(f.spec(), out);
            }
        }
        return out;
    }

    private static List<Core> nonNull(Core... xs) {
        List<Core> out = new ArrayList<>();
        for (Core x : xs) {
            if (x != null) {
                out.add(x);
            }
        }
        return out;
    }
}

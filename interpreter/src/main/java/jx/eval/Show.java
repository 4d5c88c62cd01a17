package jx.eval;

import java.util.List;
import java.util.stream.Collectors;

import jx.core.Core;
import jx.syntax.Expr;

/** Prints core IR back as jx source: what jx.show(fn) and the REPL's :grad display. */
public final class Show {
    private Show() {}

    public static String function(Object fn) {
        return switch (fn) {
            case Values.Closure c -> code(c.code(), "");
            case Values.Transformed t when t.impl() instanceof Showable s -> s.show();
            case Values.Transformed t -> code(t.shownCode().code(), "");
            case Values.Builtin b -> "<built-in function " + b.name() + ">";
            default -> throw new EvalError("TypeError: jx.show expects a function, got " + PyOps.typeName(fn));
        };
    }

    public static String code(Core.Code code, String indent) {
        StringBuilder sb = new StringBuilder();
        String params = String.join(", ", code.params());
        sb.append(indent).append("def ").append(code.isLambda() ? "_lambda" : code.name()).append('(').append(params).append("):\n");
        block(code.body(), indent + "    ", sb);
        return sb.toString().stripTrailing();
    }

    private static void block(List<Core.Stmt> body, String indent, StringBuilder sb) {
        if (body.isEmpty()) {
            sb.append(indent).append("pass\n");
        }
        for (Core.Stmt s : body) {
            stmt(s, indent, sb);
        }
    }

    private static void stmt(Core.Stmt s, String in, StringBuilder sb) {
        switch (s) {
            case Core.Bind b -> {
                if (b.value() instanceof Core.Closure c && b.target() instanceof Core.Bind.ToLocal l
                        && !c.code().isLambda() && c.code().name().equals(l.name())) {
                    sb.append(code(c.code(), in)).append('\n');
                } else {
                    sb.append(in).append(target(b.target())).append(" = ").append(expr(b.value())).append('\n');
                }
            }
            case Core.Eval e -> sb.append(in).append(expr(e.expr())).append('\n');
            case Core.Return r -> sb.append(in).append("return ").append(expr(r.value())).append('\n');
            case Core.If i -> {
                for (int k = 0; k < i.tests().size(); k++) {
                    sb.append(in).append(k == 0 ? "if " : "elif ").append(expr(i.tests().get(k))).append(":\n");
                    block(i.bodies().get(k), in + "    ", sb);
                }
                if (!i.orElse().isEmpty()) {
                    sb.append(in).append("else:\n");
                    block(i.orElse(), in + "    ", sb);
                }
            }
            case Core.For f -> {
                sb.append(in).append("for ").append(target(f.target())).append(" in ").append(expr(f.iter())).append(":\n");
                block(f.body(), in + "    ", sb);
            }
            case Core.While w -> {
                sb.append(in).append("while ").append(expr(w.test())).append(":\n");
                block(w.body(), in + "    ", sb);
            }
            case Core.Break b -> sb.append(in).append("break\n");
            case Core.Continue c -> sb.append(in).append("continue\n");
            case Core.Assert a -> sb.append(in).append("assert ").append(expr(a.test()))
                    .append(a.message() == null ? "" : ", " + expr(a.message())).append('\n');
            case Core.Import im -> sb.append(in).append("import ").append(im.module()).append(" as ")
                    .append(target(im.target())).append('\n');
        }
    }

    private static String target(Core.Bind.Target t) {
        return switch (t) {
            case Core.Bind.ToLocal l -> l.name();
            case Core.Bind.ToGlobal g -> g.name();
            case Core.Bind.Unpack u -> "(" + u.items().stream().map(Show::target).collect(Collectors.joining(", "))
                    + (u.items().size() == 1 ? ",)" : ")");
        };
    }

    public static String expr(Core e) {
        return switch (e) {
            case Core.Lit l -> l.value() instanceof Values.Builtin b ? b.name() : l.value() instanceof String s ? Printer.quote(s)
                    : l.value() == Expr.Marker.NONE ? "None" : l.value() == Expr.Marker.ELLIPSIS ? "..." : Printer.repr(l.value());
            case Core.Local l -> l.name();
            case Core.Captured c -> c.name();
            case Core.Global g -> g.name();
            case Core.Unary u -> u.op() + paren(u.operand());
            case Core.Binary b -> paren(b.left()) + " " + b.op() + " " + paren(b.right());
            case Core.Compare c -> {
                StringBuilder sb = new StringBuilder(paren(c.operands().get(0)));
                for (int i = 0; i < c.ops().size(); i++) {
                    sb.append(' ').append(c.ops().get(i)).append(' ').append(paren(c.operands().get(i + 1)));
                }
                yield sb.toString();
            }
            case Core.And a -> a.operands().stream().map(Show::paren).collect(Collectors.joining(" and "));
            case Core.Or o -> o.operands().stream().map(Show::paren).collect(Collectors.joining(" or "));
            case Core.Not n -> "not " + paren(n.operand());
            case Core.IfExp i -> paren(i.body()) + " if " + paren(i.test()) + " else " + paren(i.orElse());
            case Core.Call c -> expr(c.fn()) + "(" + c.args().stream().map(Show::arg).collect(Collectors.joining(", ")) + ")";
            case Core.Prim p -> p.primitive().name() + "(" + p.args().stream().map(Show::arg).collect(Collectors.joining(", ")) + ")";
            case Core.Attr a -> paren(a.obj()) + "." + a.name();
            case Core.Index i -> paren(i.obj()) + "[" + i.index().stream().map(Show::expr).collect(Collectors.joining(", ")) + "]";
            case Core.Slice s -> (s.lo() == null ? "" : expr(s.lo())) + ":" + (s.hi() == null ? "" : expr(s.hi()))
                    + (s.step() == null ? "" : ":" + expr(s.step()));
            case Core.MakeTuple t -> t.items().size() == 1 ? "(" + expr(t.items().get(0)) + ",)"
                    : "(" + t.items().stream().map(Show::expr).collect(Collectors.joining(", ")) + ")";
            case Core.MakeList l -> "[" + l.items().stream().map(Show::expr).collect(Collectors.joining(", ")) + "]";
            case Core.Spread s -> "*" + paren(s.value());
            case Core.MakeDict d -> {
                StringBuilder sb = new StringBuilder("{");
                for (int i = 0; i < d.keys().size(); i++) {
                    sb.append(i > 0 ? ", " : "");
                    sb.append(d.keys().get(i) == null ? "**" + paren(d.values().get(i))
                            : expr(d.keys().get(i)) + ": " + expr(d.values().get(i)));
                }
                yield sb.append('}').toString();
            }
            case Core.Closure c -> c.code().isLambda() && c.code().body().size() == 1
                    && c.code().body().get(0) instanceof Core.Return r
                    ? "(lambda " + String.join(", ", c.code().params()) + ": " + expr(r.value()) + ")"
                    : "<function " + c.code().name() + ">";
            case Core.Comprehension c -> {
                StringBuilder sb = new StringBuilder(c.value() == null ? "[" : "{");
                sb.append(expr(c.element()));
                if (c.value() != null) {
                    sb.append(": ").append(expr(c.value()));
                }
                for (Core.Clause cl : c.clauses()) {
                    sb.append(" for ").append(target(cl.target())).append(" in ").append(expr(cl.iter()));
                    for (Core cond : cl.conditions()) {
                        sb.append(" if ").append(expr(cond));
                    }
                }
                yield sb.append(c.value() == null ? "]" : "}").toString();
            }
            case Core.Format f -> {
                StringBuilder sb = new StringBuilder("f\"");
                for (Object p : f.parts()) {
                    if (p instanceof String s) {
                        sb.append(s.replace("{", "{{").replace("}", "}}"));
                    } else {
                        sb.append('{').append(expr(((Core.Field) p).value())).append('}');
                    }
                }
                yield sb.append('"').toString();
            }
        };
    }

    private static String arg(Core.Arg a) {
        return switch (a) {
            case Core.Positional p -> expr(p.value());
            case Core.Keyword k -> k.name() + "=" + expr(k.value());
            case Core.Star s -> "*" + paren(s.value());
            case Core.KwStar k -> "**" + paren(k.value());
        };
    }

    private static String paren(Core e) {
        boolean atomic = e instanceof Core.Lit || e instanceof Core.Local || e instanceof Core.Captured
                || e instanceof Core.Global || e instanceof Core.Call || e instanceof Core.Attr || e instanceof Core.Index
                || e instanceof Core.MakeTuple || e instanceof Core.MakeList || e instanceof Core.MakeDict;
        if (e instanceof Core.Lit l && l.value() instanceof Number n && n.doubleValue() < 0) {
            atomic = false;
        }
        return atomic ? expr(e) : "(" + expr(e) + ")";
    }
}

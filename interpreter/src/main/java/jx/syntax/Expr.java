package jx.syntax;

import jx.diag.Pos;
import java.util.List;

/** Expressions of the surface syntax, as written. */
public sealed interface Expr {
    Pos pos();

    record Name(String id, Pos pos) implements Expr {}

    /** A literal: Long, Double, Boolean, String, or one of the markers below. */
    record Const(Object value, Pos pos) implements Expr {}

    enum Marker { NONE, ELLIPSIS }

    record FString(List<FPart> parts, Pos pos) implements Expr {}

    sealed interface FPart {}

    record FText(String text) implements FPart {}

    /** A replacement field: {expr!conv:spec}; the spec may itself hold fields. */
    record FField(Expr expr, String text, char conversion, List<FPart> spec) implements FPart {}

    record Unary(String op, Expr operand, Pos pos) implements Expr {}

    record Binary(String op, Expr left, Expr right, Pos pos) implements Expr {}

    /** a < b <= c: operands.size() == ops.size() + 1. */
    record Compare(List<Expr> operands, List<String> ops, Pos pos) implements Expr {}

    record BoolOp(boolean isAnd, List<Expr> operands, Pos pos) implements Expr {}

    record Not(Expr operand, Pos pos) implements Expr {}

    record IfExp(Expr test, Expr body, Expr orElse, Pos pos) implements Expr {}

    record Lambda(List<Param> params, Expr body, Pos pos) implements Expr {}

    record Call(Expr fn, List<Arg> args, Pos pos) implements Expr {}

    record Attr(Expr obj, String name, Pos pos) implements Expr {}

    record Subscript(Expr obj, List<Expr> index, Pos pos) implements Expr {}

    /** lo:hi:step inside a subscript; absent parts are null. */
    record Slice(Expr lo, Expr hi, Expr step, Pos pos) implements Expr {}

    record Tuple(List<Expr> items, Pos pos) implements Expr {}

    record ListDisplay(List<Expr> items, Pos pos) implements Expr {}

    /** {k: v, **spread}: a null key marks a spread of the value. */
    record DictDisplay(List<Expr> keys, List<Expr> values, Pos pos) implements Expr {}

    record Starred(Expr value, Pos pos) implements Expr {}

    record ListComp(Expr element, List<Comprehension> clauses, Pos pos) implements Expr {}

    record DictComp(Expr key, Expr value, List<Comprehension> clauses, Pos pos) implements Expr {}

    /** for target in iter if c1 if c2 ... */
    record Comprehension(Target target, Expr iter, List<Expr> conditions) {}

    sealed interface Arg {
        Expr value();
    }

    record Positional(Expr value) implements Arg {}

    record Keyword(String name, Expr value, Pos pos) implements Arg {}

    record StarArg(Expr value) implements Arg {}

    record KwStarArg(Expr value) implements Arg {}

    /** A parameter of a def or lambda; kind is plain, *args or **kwargs. */
    record Param(String name, Expr defaultValue, Kind kind, Pos pos) {
        public enum Kind { PLAIN, VARARGS, KWARGS }
    }
}

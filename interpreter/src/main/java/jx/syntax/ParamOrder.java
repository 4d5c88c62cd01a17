package jx.syntax;

import java.util.ArrayList;
import java.util.List;

import jx.diag.Diagnostic;
import jx.diag.Source;

/** Python's rule that once a parameter has a default, every later positional one has one too. */
final class ParamOrder {
    private ParamOrder() {
    }

    static List<Diagnostic> check(Source source, List<Expr.Param> params) {
        List<Diagnostic> out = new ArrayList<>();
        boolean defaulted = false;
        for (Expr.Param p : params) {
            if (p.kind() != Expr.Param.Kind.PLAIN) {
                break; // parameters after *args are keyword-only, where any order is allowed
            }
            if (p.defaultValue() != null) {
                defaulted = true;
            } else if (defaulted) {
                out.add(new Diagnostic(source, p.pos().line(), p.pos().col(), p.name().length(),
                        "non-default argument follows default argument",
                        "give `" + p.name() + "` a default too, or move it before the parameters that have one"));
                break;
            }
        }
        return out;
    }
}

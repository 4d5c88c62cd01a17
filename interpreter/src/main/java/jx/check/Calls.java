package jx.check;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jx.core.Core;
import jx.diag.Diagnostic;
import jx.diag.Source;
import jx.syntax.Expr;

/**
 * Calls whose target the text fixes: a function defined once with `def` or `lambda` (arity and
 * keywords checked with the run time's rules and words), or a literal that is no function at all.
 */
final class Calls implements Walk.Visitor {
    private final Source source;
    private final List<Diagnostic> out;

    Calls(Source source, List<Diagnostic> out) {
        this.source = source;
        this.out = out;
    }

    @Override
    public void expr(Core e, Bindings where) {
        if (!(e instanceof Core.Call call)) {
            return;
        }
        String literal = literalType(call.fn());
        if (literal != null) {
            report(call, "TypeError: '" + literal + "' object is not callable",
                    "a value followed by `(`: is an operator missing, as in `2 * (x + 1)`?");
            return;
        }
        Core.Closure fn = target(call.fn(), where);
        if (fn != null) {
            arity(call, fn);
        }
    }

    /** The type of a callee that is a literal or a display, null for anything else. */
    private static String literalType(Core fn) {
        return switch (fn) {
            case Core.Lit l -> switch (l.value()) {
                case Long x -> "int";
                case java.math.BigInteger x -> "int";
                case Double x -> "float";
                case Boolean x -> "bool";
                case String x -> "str";
                case Expr.Marker m -> m == Expr.Marker.NONE ? "NoneType" : "ellipsis";
                default -> null;
            };
            case Core.MakeTuple t -> "tuple";
            case Core.MakeList l -> "list";
            case Core.MakeDict d -> "dict";
            case Core.Comprehension c -> c.value() == null ? "list" : "dict";
            case Core.Format f -> "str";
            default -> null;
        };
    }

    /** The function a callee certainly is: a lambda written in place or a name bound once to a def or lambda. */
    private static Core.Closure target(Core fn, Bindings where) {
        if (fn instanceof Core.Closure c) {
            return c;
        }
        if (fn instanceof Core.Local || fn instanceof Core.Captured || fn instanceof Core.Global) {
            return where.definition(fn) instanceof Core.Closure c ? c : null;
        }
        return null;
    }

    /** The checks of Interp.callClosure, for the arguments the call site spells out. */
    private void arity(Core.Call call, Core.Closure fn) {
        Core.Code code = fn.code();
        List<String> params = code.params();
        int plain = 0;
        boolean varargs = false;
        boolean kwargs = false;
        for (Core.Code.ParamKind k : code.kinds()) {
            switch (k) {
                case PLAIN -> plain++;
                case VARARGS -> varargs = true;
                case KWARGS -> kwargs = true;
            }
        }
        int positional = 0;
        List<String> keywords = new ArrayList<>();
        for (Core.Arg a : call.args()) {
            switch (a) {
                case Core.Positional p -> positional++;
                case Core.Keyword k -> keywords.add(k.name());
                // *args and **kwargs: how many arguments arrive is known only when it runs.
                case Core.Star s -> {
                    return;
                }
                case Core.KwStar k -> {
                    return;
                }
            }
        }
        String name = code.isLambda() ? "<lambda>" : code.name();
        if (positional > plain && !varargs) {
            report(call, "TypeError: " + name + "() takes " + plain + " positional argument" + (plain == 1 ? "" : "s")
                    + " but " + positional + (positional == 1 ? " was" : " were") + " given", signature(code));
            return;
        }
        Set<Integer> filled = new HashSet<>();
        for (int i = 0; i < Math.min(positional, plain); i++) {
            filled.add(i);
        }
        for (String k : keywords) {
            int at = params.indexOf(k);
            if (at < 0 || code.kinds().get(at) != Core.Code.ParamKind.PLAIN) {
                if (!kwargs) {
                    report(call, "TypeError: " + name + "() got an unexpected keyword argument '" + k + "'", signature(code));
                    return;
                }
            } else if (!filled.add(at)) {
                report(call, "TypeError: " + name + "() got multiple values for argument '" + k + "'", signature(code));
                return;
            }
        }
        int firstDefault = plain - fn.defaults().size();
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < firstDefault; i++) {
            if (!filled.contains(i)) {
                missing.add("'" + params.get(i) + "'");
            }
        }
        if (!missing.isEmpty()) {
            String names = missing.size() == 1 ? missing.get(0)
                    : String.join(", ", missing.subList(0, missing.size() - 1)) + " and " + missing.get(missing.size() - 1);
            report(call, "TypeError: " + name + "() missing " + missing.size() + " required positional argument"
                    + (missing.size() == 1 ? "" : "s") + ": " + names, signature(code));
        }
    }

    private static String signature(Core.Code code) {
        StringBuilder sb = new StringBuilder(code.isLambda() ? "lambda" : code.name()).append('(');
        for (int i = 0; i < code.params().size(); i++) {
            sb.append(i > 0 ? ", " : "").append(switch (code.kinds().get(i)) {
                case PLAIN -> "";
                case VARARGS -> "*";
                case KWARGS -> "**";
            }).append(code.params().get(i));
        }
        return "it is defined as `" + sb.append(")`").toString();
    }

    private void report(Core.Call call, String message, String hint) {
        out.add(new Diagnostic(source, call.pos().line(), call.pos().col(), 1, message, hint));
    }
}

package jx.ad;

import java.util.ArrayList;
import java.util.List;

import jx.core.Core;

/**
 * Puts a function body in a form with a single exit: `return e` becomes a binding of the result
 * slot, and the statements after an `if` whose branch returns move into the branches that do not.
 * (`if n == 0: return x` followed by more code is how recursion is written.)
 */
final class Returns {
    private Returns() {}

    static List<Core.Stmt> normalize(List<Core.Stmt> body, Core.Local result) {
        List<Core.Stmt> out = new ArrayList<>();
        for (int i = 0; i < body.size(); i++) {
            Core.Stmt s = body.get(i);
            List<Core.Stmt> rest = body.subList(i + 1, body.size());
            switch (s) {
                case Core.Return r -> {
                    out.add(new Core.Bind(new Core.Bind.ToLocal(result.slot(), result.name()), r.value(), r.pos()));
                    return out;
                }
                case Core.If f when returns(f) -> {
                    List<List<Core.Stmt>> bodies = new ArrayList<>();
                    for (List<Core.Stmt> b : f.bodies()) {
                        bodies.add(normalize(concat(b, rest), result));
                    }
                    out.add(new Core.If(f.tests(), bodies, normalize(concat(f.orElse(), rest), result), f.pos()));
                    return out;
                }
                default -> out.add(s);
            }
        }
        return out;
    }

    private static boolean returns(Core.If f) {
        for (List<Core.Stmt> b : f.bodies()) {
            if (containsReturn(b)) {
                return true;
            }
        }
        return containsReturn(f.orElse());
    }

    private static boolean containsReturn(List<Core.Stmt> body) {
        for (Core.Stmt s : body) {
            if (s instanceof Core.Return || s instanceof Core.If f && returns(f)) {
                return true;
            }
        }
        return false;
    }

    /** body then rest, unless body already ends by returning. */
    private static List<Core.Stmt> concat(List<Core.Stmt> body, List<Core.Stmt> rest) {
        if (!body.isEmpty() && body.get(body.size() - 1) instanceof Core.Return) {
            return body;
        }
        List<Core.Stmt> all = new ArrayList<>(body);
        all.addAll(rest);
        return all;
    }
}

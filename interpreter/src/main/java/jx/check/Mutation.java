package jx.check;

import java.util.List;

import jx.core.Core;
import jx.diag.Diagnostic;
import jx.diag.Source;
import jx.eval.EvalError;
import jx.eval.Immutable;

/** Rejects mutating methods (`xs.append(v)`, `d.update(...)`, `x.fill(0)`) on values known to be containers or arrays. */
final class Mutation implements Walk.Visitor {
    private final Source source;
    private final List<Diagnostic> out;
    private final Kinds kinds;

    Mutation(Source source, List<Diagnostic> out, Kinds kinds) {
        this.source = source;
        this.out = out;
        this.kinds = kinds;
    }

    @Override
    public void expr(Core e, Bindings where) {
        if (e instanceof Core.Attr a && Immutable.MUTATORS.contains(a.name())) {
            Kinds.Kind kind = kinds.of(a.obj(), where);
            if (kind != null) {
                EvalError err = Immutable.error(kind.typeName, a.name());
                out.add(new Diagnostic(source, a.pos().line(), a.pos().col(), 1, err.getMessage(), err.hint()));
            }
        }
    }
}

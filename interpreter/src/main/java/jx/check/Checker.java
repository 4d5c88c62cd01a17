package jx.check;

import java.util.List;

import jx.core.Core;
import jx.diag.Diagnostic;
import jx.diag.Source;

/**
 * The static checks of a lowered module, run before anything of it runs: locals read before any
 * assignment, calls that do not fit the function they certainly reach, calls of literals, and
 * mutating methods on values known to be containers. (Item, slice and attribute assignment and the
 * constructs outside the subset are rejected earlier, by the syntax tree builder; shapes and dtypes
 * by {@link ShapeCheck}, which needs the module's scope.)
 */
public final class Checker {
    private Checker() {}

    /** registry: the session's primitives, whose tags say which calls certainly return an array. */
    public static void check(Core.Module module, Source source, List<Diagnostic> problems, jx.prim.Registry registry) {
        new Unbound(source, problems).module(module);
        Calls calls = new Calls(source, problems);
        Mutation mutation = new Mutation(source, problems, new Kinds(registry));
        Walk.module(module, (e, where) -> {
            calls.expr(e, where);
            mutation.expr(e, where);
        });
    }
}

package jx.batch;

import java.util.ArrayList;
import java.util.List;

import jx.eval.Interp;
import jx.eval.Values;

/**
 * lax.cond, lax.switch and lax.while_loop under vmap, as JAX batches them: a cond whose predicate
 * (a switch whose index) is batched runs every branch and selects per example; a while_loop with anything batched runs until every
 * example's predicate is false, each example keeping its carry from the step its predicate failed.
 */
final class ControlFlow {
    private ControlFlow() {}

    /** The batched form of fn where it is lax.cond, lax.switch or lax.while_loop and batching changes its meaning, or null. */
    static Object batched(Interp in, Values.Closure fn, List<Boolean> flags, List<String> kwBatched) {
        if (!kwBatched.isEmpty()) {
            return null;
        }
        var lax = in.module("jax._lax", null, null).members();
        var helpers = in.module("jax._batching", null, null).members();
        if (same(lax.get("cond"), fn) && !flags.isEmpty() && flags.get(0)) {
            return in.call(helpers.get("cond_batched"), List.of(operandAxes(flags, 3)));
        }
        if (same(lax.get("switch"), fn) && !flags.isEmpty() && flags.get(0)) {
            return in.call(helpers.get("switch_batched"), List.of(operandAxes(flags, 2)));
        }
        if (same(lax.get("while_loop"), fn) && flags.contains(true)) {
            Object impl = helpers.get("while_batched");
            return new Values.Builtin("while_batched", (in2, args, kw) -> {
                int n = -1;
                for (int i = 0; i < args.size() && n < 0; i++) {
                    if (flags.get(i)) {
                        Object a = args.get(i);
                        n = a instanceof Values.Transformed t && Closures.batched(t) != null ? Closures.size(Closures.batched(t)) : Lanes.size(a);
                    }
                }
                Object init = flags.size() > 2 && flags.get(2) ? args.get(2) : Lanes.broadcast(args.get(2), n, 0);
                return in2.call(impl, List.of(args.get(0), args.get(1), init, (long) n));
            });
        }
        return null;
    }

    /** The in_axes of the operands, which follow the first {@code first} arguments: 0 where batched, None where not. */
    private static Values.Tuple operandAxes(List<Boolean> flags, int first) {
        List<Object> axes = new ArrayList<>();
        for (int i = first; i < flags.size(); i++) {
            axes.add(flags.get(i) ? (Object) 0L : Values.None.NONE);
        }
        return new Values.Tuple(axes);
    }

    private static boolean same(Object member, Values.Closure fn) {
        return member instanceof Values.Closure c && c.code() == fn.code();
    }

}

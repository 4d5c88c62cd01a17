package jx.batch;

import java.util.List;
import java.util.Map;

import jx.eval.EvalError;
import jx.eval.Interp;
import jx.eval.Values;

/**
 * A batched function value that differs per example: what a looped call returns when each example
 * gives back its own function (reverse mode's backward closure from _vjp_call, say). It is called
 * lane by lane, example e's function with example e's arguments, by the loop that called it.
 */
final class LaneFunctions {
    private LaneFunctions() {}

    /** The per-example functions, kept where the batch can find them again. */
    record Impl(List<Object> fns) implements Values.Builtin.Impl {
        @Override
        public Object call(Interp interp, List<Object> args, Map<String, Object> kwargs) {
            throw new EvalError("ValueError: vmap: a function that differs per example was called outside its batch",
                    "call it inside the mapped function");
        }
    }

    static boolean all(List<Object> values) {
        return values.stream().allMatch(jx.eval.Builtins::callable);
    }

    static Values.Builtin of(List<Object> fns) {
        return new Values.Builtin("vmapped_function", new Impl(List.copyOf(fns)));
    }

    /** Example e's function of a batched function value, or null when fn is one function for all. */
    static Object lane(Object fn, int e) {
        return fn instanceof Values.Builtin b && b.impl() instanceof Impl lanes ? lanes.fns().get(e) : null;
    }

    static int size(Object fn) {
        return fn instanceof Values.Builtin b && b.impl() instanceof Impl lanes ? lanes.fns().size() : -1;
    }
}

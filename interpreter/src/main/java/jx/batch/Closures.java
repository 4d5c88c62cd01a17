package jx.batch;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

import jx.eval.EvalError;
import jx.eval.Values;

/**
 * A function made inside a batched program that closes over batched values: a value of its own,
 * which a batched call runs batched and an example of which is the closure with those values'
 * example (what a loop over the examples hands to a library function such as tree_map).
 */
final class Closures {
    private Closures() {}

    record Info(Values.Closure closure, List<Boolean> captures) {}

    private static final Map<Values.Transformed, Info> BATCHED = Collections.synchronizedMap(new WeakHashMap<>());

    static Values.Transformed wrap(Values.Closure c, List<Boolean> captures) {
        Values.Transformed t = new Values.Transformed(c.code().name(), c.code().params(), () -> c, (in, args, kw) -> {
            throw new EvalError("NotImplementedError: a function that closes over values batched by jax.vmap can be "
                    + "called only inside the vmapped function", "return arrays from the vmapped function, not functions");
        });
        BATCHED.put(t, new Info(c, List.copyOf(captures)));
        return t;
    }

    static Info batched(Values.Transformed t) {
        return BATCHED.get(t);
    }

    static Values.Closure example(Values.Transformed t, int i) {
        Info info = BATCHED.get(t);
        Object[] caps = info.closure().captured().clone();
        for (int k = 0; k < caps.length; k++) {
            if (info.captures().get(k)) {
                caps[k] = Lanes.example(caps[k], i);
            }
        }
        return new Values.Closure(info.closure().code(), caps, info.closure().defaults(), info.closure().globals());
    }

    static int size(Info info) {
        for (int k = 0; k < info.captures().size(); k++) {
            if (info.captures().get(k)) {
                int n = Lanes.size(info.closure().captured()[k]);
                if (n >= 0) {
                    return n;
                }
            }
        }
        return -1;
    }

}

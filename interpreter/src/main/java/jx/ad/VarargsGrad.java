package jx.ad;

import jx.core.Core;
import jx.eval.EvalError;
import jx.eval.Values;

/**
 * The derivative is taken with respect to parameters, while JAX's argnums count positional
 * arguments; with *args or **kwargs the two differ, so such a function is refused rather than
 * differentiated with respect to the wrong thing.
 */
final class VarargsGrad {
    private VarargsGrad() {
    }

    static void reject(Object fn, String what) {
        if (fn instanceof Values.Closure c && c.code().kinds().stream().anyMatch(k -> k != Core.Code.ParamKind.PLAIN)) {
            throw new EvalError("TypeError: jax." + what + " of a function with *args or **kwargs is not supported in jx",
                    "give the function named parameters, e.g. def f(x, y): ..., and pass argnums");
        }
    }
}

package jx.stdlib;

import jx.ad.Rules;
import jx.eval.Values;

/**
 * The derivative rules of jax.numpy's differentiable functions, as jx expressions over the
 * function's parameters, its output y and the output's cotangent g (see jx.ad.Rule). A rule's
 * signature repeats the function's own, so that keyword arguments bind the same way.
 */
final class NumpyRules {
    private NumpyRules() {}

    private static final String[][] RULES = {
        {"sum(a, axis=None, dtype=None, keepdims=False)", "_sum_transpose(g, a, axis, keepdims)"},
        {"mean(a, axis=None, dtype=None, keepdims=False)", "_mean_transpose(g, a, axis, keepdims)"},
        {"max(a, axis=None, dtype=None, keepdims=False)", "_extremum_vjp(g, a, y, axis, keepdims)"},
        {"min(a, axis=None, dtype=None, keepdims=False)", "_extremum_vjp(g, a, y, axis, keepdims)"},
        {"prod(a, axis=None, dtype=None, keepdims=False)", "_sum_transpose(g, a, axis, keepdims) * (_keep(y, a, axis, keepdims) / a)"},
        {"exp(x)", "g * y"},
        {"exp2(x)", "g * (y * 0.6931471805599453)"},
        {"expm1(x)", "g * (y + 1.0)"},
        {"log(x)", "g / x"},
        {"log1p(x)", "g / (1.0 + x)"},
        {"log2(x)", "g / (x * 0.6931471805599453)"},
        {"log10(x)", "g / (x * 2.302585092994046)"},
        {"sqrt(x)", "g / (2.0 * y)"},
        {"square(x)", "g * (2.0 * x)"},
        {"reciprocal(x)", "-(g * (y * y))"},
        {"abs(x)", "g * jnp.sign(x)"},
        {"absolute(x)", "g * jnp.sign(x)"},
        {"negative(x)", "-g"},
        {"positive(x)", "g"},
        {"sin(x)", "g * jnp.cos(x)"},
        {"cos(x)", "-(g * jnp.sin(x))"},
        {"tan(x)", "g * (1.0 + y * y)"},
        {"arcsin(x)", "g / jnp.sqrt(1.0 - x * x)"},
        {"arccos(x)", "-(g / jnp.sqrt(1.0 - x * x))"},
        {"arctan(x)", "g / (1.0 + x * x)"},
        {"sinh(x)", "g * jnp.cosh(x)"},
        {"cosh(x)", "g * jnp.sinh(x)"},
        {"tanh(x)", "g * (1.0 - y * y)"},
        {"arcsinh(x)", "g / jnp.sqrt(x * x + 1.0)"},
        {"arccosh(x)", "g / jnp.sqrt(x * x - 1.0)"},
        {"arctanh(x)", "g / (1.0 - x * x)"},
        {"add(x1, x2)", "_unbroadcast(g, x1)", "_unbroadcast(g, x2)"},
        {"subtract(x1, x2)", "_unbroadcast(g, x1)", "_unbroadcast(-g, x2)"},
        {"multiply(x1, x2)", "_unbroadcast(g * x2, x1)", "_unbroadcast(g * x1, x2)"},
        {"divide(x1, x2)", "_unbroadcast(g / x2, x1)", "_unbroadcast(-(g * y) / x2, x2)"},
        {"true_divide(x1, x2)", "_unbroadcast(g / x2, x1)", "_unbroadcast(-(g * y) / x2, x2)"},
        {"power(x1, x2)", "_unbroadcast(g * (x2 * 1.0 * x1 ** (x2 - 1)), x1)", "_unbroadcast(g * (y * _log_or_zero(x1)), x2)"},
        {"arctan2(x1, x2)", "_unbroadcast(g * x2 / (x1 * x1 + x2 * x2), x1)", "_unbroadcast(-(g * x1) / (x1 * x1 + x2 * x2), x2)"},
        // Ties share the cotangent equally, as in JAX.
        {"maximum(x1, x2)", "_unbroadcast(g * jnp.where(x1 > x2, 1.0, jnp.where(x1 == x2, 0.5, 0.0)), x1)",
            "_unbroadcast(g * jnp.where(x2 > x1, 1.0, jnp.where(x1 == x2, 0.5, 0.0)), x2)"},
        {"minimum(x1, x2)", "_unbroadcast(g * jnp.where(x1 < x2, 1.0, jnp.where(x1 == x2, 0.5, 0.0)), x1)",
            "_unbroadcast(g * jnp.where(x2 < x1, 1.0, jnp.where(x1 == x2, 0.5, 0.0)), x2)"},
        // Named a, b here: y names the output in a rule.
        {"where(condition, a=None, b=None)", null, "_unbroadcast(jnp.where(condition, g, 0.0), a)",
            "_unbroadcast(jnp.where(condition, 0.0, g), b)"},
        {"matmul(x1, x2)", Rules.MATMUL_X1, Rules.MATMUL_X2},
        {"dot(x1, x2)", Rules.MATMUL_X1, Rules.MATMUL_X2},
        {"reshape(a, newshape=None, shape=None)", "_reshape_like(g, a)"},
        {"ravel(a)", "_reshape_like(g, a)"},
        {"squeeze(a, axis=None)", "_reshape_like(g, a)"},
        {"expand_dims(a, axis)", "_reshape_like(g, a)"},
        {"broadcast_to(array, shape)", "_unbroadcast(g, array)"},
        {"transpose(a, axes=None)", "jnp.transpose(g, _inverse_perm(axes))"},
        {"swapaxes(a, axis1, axis2)", "jnp.swapaxes(g, axis1, axis2)"},
        {"flip(m, axis=None)", "jnp.flip(g, axis)"},
        {"zeros_like(a, dtype=None)", null},
        {"ones_like(a, dtype=None)", null},
        {"full_like(a, fill_value, dtype=None)", null, "jnp.sum(g)"},
        {"stack(arrays, axis=0)", "_unstack(g, arrays, axis)"},
        {"concatenate(arrays, axis=0)", "_split_like(g, arrays, axis)"},
        {"sign(x)", null},
        {"floor(x)", null},
        {"ceil(x)", null},
        {"round(a, decimals=0)", null},
        {"trunc(x)", null},
    };

    /** Registers the rules of the functions the module defines (jax.numpy or numpy). */
    static void install(Values.Module module) {
        for (String[] r : RULES) {
            Sig sig = Sig.of(r[0]);
            if (module.members().get(sig.name) instanceof Values.Builtin fn) {
                String[] templates = new String[sig.params().size()];
                for (int i = 0; i < templates.length; i++) {
                    templates[i] = i + 1 < r.length ? r[i + 1] : null;
                }
                Rules.register("jnp." + sig.name, fn, sig.params(), sig.defaults(), templates);
            }
        }
    }
}

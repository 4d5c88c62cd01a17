package jx.stdlib;

import java.util.List;

import jx.ad.Rules;
import jx.eval.Values;

/**
 * The derivative rules of jax.numpy's differentiable functions, as jx expressions over the
 * function's parameters, its output y and the output's cotangent g (see jx.ad.Rule). A rule's
 * signature repeats the function's own, so that keyword arguments bind the same way.
 */
final class NumpyRules {
    private NumpyRules() {}

    // A cotangent may arrive as the plain zero 0.0 (derivatives of derivatives pass it): rules that
    // rearrange g's axes take _materialize(g, y), an array shaped like the output, instead.
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
        {"transpose(a, axes=None)", "jnp.transpose(_materialize(g, y), _inverse_perm(axes))"},
        {"swapaxes(a, axis1, axis2)", "jnp.swapaxes(_materialize(g, y), axis1, axis2)"},
        {"flip(m, axis=None)", "jnp.flip(_materialize(g, y), axis)"},
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
        {"asarray(a, dtype=None)", "g"},
        {"astype(x, dtype)", "_materialize(g, x)"},
        {"array(object, dtype=None, copy=True)", "g"},
        {"rint(x)", null},
        {"fix(x)", null},
        {"cbrt(x)", "g / (3.0 * (y * y))"},
        {"deg2rad(x)", "g * 0.017453292519943295"},
        {"rad2deg(x)", "g * 57.29577951308232"},
        {"real(x)", "g"},
        {"logaddexp(x1, x2)", "_unbroadcast(g * jnp.exp(x1 - y), x1)", "_unbroadcast(g * jnp.exp(x2 - y), x2)"},
        {"logaddexp2(x1, x2)", "_unbroadcast(g * jnp.exp2(x1 - y), x1)", "_unbroadcast(g * jnp.exp2(x2 - y), x2)"},
        {"hypot(x1, x2)", "_unbroadcast(g * x1 / y, x1)", "_unbroadcast(g * x2 / y, x2)"},
        {"mod(x1, x2)", "_unbroadcast(g, x1)", "_unbroadcast(-g * jnp.floor(x1 / x2), x2)"},
        {"fmod(x1, x2)", "_unbroadcast(g, x1)", "_unbroadcast(-g * jnp.trunc(x1 / x2), x2)"},
        // The cotangent of a running sum is the running sum of the cotangent taken from the end.
        {"cumsum(a, axis=None, dtype=None)", "_reshape_like(jnp.flip(jnp.cumsum(jnp.flip(_materialize(g, y), axis), axis), axis), a)"},
        // Sorting permutes: the cotangent goes back through the inverse permutation.
        {"sort(a, axis=-1, kind=None, order=None, stable=True, descending=False)",
            "_reshape_like(jnp.take_along_axis(_materialize(g, y), jnp.argsort(jnp.argsort(a, axis, descending=descending), axis), axis), a)"},
        {"moveaxis(a, source, destination)", "jnp.moveaxis(_materialize(g, y), destination, source)"},
        {"atleast_1d(x)", "_reshape_like(g, x)"},
        {"tril(m, k=0)", "jnp.tril(_materialize(g, y), k)"},
        {"triu(m, k=0)", "jnp.triu(_materialize(g, y), k)"},
        {"roll(a, shift, axis=None)", "jnp.roll(_materialize(g, y), jax.tree_util.tree_map(lambda s: -s, shift), axis)"},
        {"split(ary, indices_or_sections, axis=0)", "_concat_ct(g, y, axis)"},
    };

    /** Functions with another's signature and derivative: alias, then the function whose rule it shares. */
    private static final String[][] ALIASES = {
        {"absolute", "abs"}, {"true_divide", "divide"}, {"float_power", "power"}, {"fmax", "maximum"},
        {"fmin", "minimum"}, {"amax", "max"}, {"amin", "min"}, {"radians", "deg2rad"}, {"degrees", "rad2deg"},
        {"conj", "real"}, {"remainder", "mod"}, {"array_split", "split"}, {"permute_dims", "transpose"},
        {"atleast_2d", "atleast_1d"},
    };

    private static final String[][] RULES_AND_ALIASES = withAliases();

    /** jnp.linalg's rules: a is the matrix (stacks of them broadcast), y the result. */
    private static final String[][] LINALG_RULES = {
        {"inv(a)", "-jnp.matmul(jnp.matmul(jnp.swapaxes(y, -1, -2), g), jnp.swapaxes(y, -1, -2))"},
        {"det(a)", "jnp.expand_dims(jnp.expand_dims(g * y, -1), -1) * jnp.swapaxes(jnp.linalg.inv(a), -1, -2)"},
        // x = solve(a, b): the cotangent of b solves the transposed system; a's is minus its outer product with x.
        {"solve(a, b)",
            "-(jnp.expand_dims(jnp.linalg.solve(jnp.swapaxes(a, -1, -2), g), -1) * jnp.expand_dims(y, -2)) if jnp.ndim(b) == 1"
                + " else -jnp.matmul(jnp.linalg.solve(jnp.swapaxes(a, -1, -2), g), jnp.swapaxes(y, -1, -2))",
            "jnp.linalg.solve(jnp.swapaxes(a, -1, -2), g)"},
    };

    /** Functions differentiated through their definition in jax/_numpy_grad.jx (see Rules.Definition). */
    private static final List<String> DEFINED = List.of("var", "std", "clip", "ptp", "average", "nansum", "nanmean",
            "take", "take_along_axis", "outer", "vdot", "inner", "tensordot", "diagonal", "trace", "diag");
    private static final List<String> LINALG_DEFINED = List.of("norm");

    /** Registers the rules of the functions the module defines (jax.numpy or numpy) and of its linalg. */
    static void install(Values.Module module) {
        install(module, "jnp.", RULES_AND_ALIASES, DEFINED);
        if (module.members().get("einsum") instanceof Values.Builtin einsum) {
            Rules.registerCustom(einsum, (in, args, kw) -> EinsumVjp.vjp(in, einsum, args, kw));
        }
        if (module.members().get("linalg") instanceof Values.Module linalg) {
            install(linalg, "jnp.linalg.", LINALG_RULES, LINALG_DEFINED);
        }
    }

    private static String[][] withAliases() {
        List<String[]> rows = new java.util.ArrayList<>(List.of(RULES));
        for (String[] alias : ALIASES) {
            for (String[] r : RULES) {
                if (r[0].startsWith(alias[1] + "(")) {
                    String[] copy = r.clone();
                    copy[0] = alias[0] + r[0].substring(alias[1].length());
                    rows.add(copy);
                }
            }
        }
        return rows.toArray(new String[0][]);
    }

    /** Python's sum is differentiated through its definition in jax/_numpy_grad.jx, a loop of +. */
    static void installBuiltins(jx.eval.Interp interp) {
        if (interp.builtins().get("sum") instanceof Values.Builtin sum) {
            Rules.registerDefinition("sum", sum,
                    in -> (Values.Closure) in.module("jax._numpy_grad", null, null).members().get("sum"));
        }
    }

    private static void install(Values.Module module, String prefix, String[][] rules, List<String> defined) {
        for (String[] r : rules) {
            Sig sig = Sig.of(r[0]);
            if (module.members().get(sig.name) instanceof Values.Builtin fn) {
                String[] templates = new String[sig.params().size()];
                for (int i = 0; i < templates.length; i++) {
                    templates[i] = i + 1 < r.length ? r[i + 1] : null;
                }
                Rules.register(prefix + sig.name, fn, sig.params(), sig.defaults(), templates);
            }
        }
        for (String name : defined) {
            if (module.members().get(name) instanceof Values.Builtin fn) {
                Rules.registerDefinition(prefix + name, fn,
                        in -> (Values.Closure) in.module("jax._numpy_grad", null, null).members().get(name));
            }
        }
    }
}

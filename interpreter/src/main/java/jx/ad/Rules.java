package jx.ad;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jx.core.Core;
import jx.core.Lower;
import jx.diag.Diagnostic;
import jx.diag.Source;
import jx.eval.Interp;
import jx.eval.Values;
import jx.prim.Derivative;
import jx.prim.Prim;
import jx.prim.Registry;
import jx.syntax.Parser;
import jx.syntax.Stmt;

/**
 * How the transformations read derivatives from a session's primitive registry, and the rows they
 * declare themselves: Python's operators, JAX's functional updates, and the helpers derived
 * programs call (Runtime), so that derived programs differentiate again.
 */
public final class Rules {
    private Rules() {}

    /**
     * The derivative of a higher-order library function (tree_map, ...), which no expression rule
     * can state: vjp(args, kwargs) returns (output, backward function), as _vjp_call does.
     */
    @FunctionalInterface
    public interface Custom {
        Object vjp(Interp in, List<Object> args, Map<String, Object> kwargs);
    }

    public static Rule byName(Registry r, String qualified) {
        return Rule.of(r.byName(qualified), r);
    }

    public static Rule byFunction(Registry r, Object fn) {
        return Rule.of(r.byFunction(fn), r);
    }

    public static Custom custom(Registry r, Object fn) {
        Prim p = r.byFunction(fn);
        return p != null && p.derivative() instanceof Derivative.Custom c ? (Custom) c.vjp() : null;
    }

    /**
     * The jx function a library function is differentiated through (jnp.var through mean and sum,
     * jnp.clip through maximum and minimum, ...), or null. The function itself still computes every
     * value a program asks for; only derived programs go through the definition.
     */
    public static Values.Closure definition(Interp in, Object fn) {
        Prim p = in.registry().byFunction(fn);
        if (p == null || !(p.derivative() instanceof Derivative.Definition d)) {
            return null;
        }
        return (Values.Closure) in.module(d.module(), null, null).members().get(d.function());
    }

    /**
     * The jx function a library function's derivative is differentiated through (second order):
     * its definition, or a custom derivative's; null where there is none (first order only).
     */
    public static Values.Closure again(Interp in, Object fn) {
        Prim p = in.registry().byFunction(fn);
        Derivative.Definition d = p == null ? null : p.derivative() instanceof Derivative.Definition def ? def
                : p.derivative() instanceof Derivative.Custom c ? c.again() : null;
        return d == null ? null : (Values.Closure) in.module(d.module(), null, null).members().get(d.function());
    }

    /** Declares a row of the transformations' own: an operator, an update, a helper of derived programs. */
    static Prim declare(Registry r, String name, Object fn, List<String> params, String... templates) {
        return r.add(new Prim(name, params, Map.of(), fn,
                new Derivative.Rule(params, Collections.unmodifiableList(Arrays.asList(templates.clone()))),
                Set.of(), null));
    }

    static List<Core> parsed(Rule rule) {
        return rule.registry().derived(List.of("parsed", rule.name()), k -> {
            List<Core> cts = new ArrayList<>();
            for (String t : rule.templates()) {
                cts.add(t == null ? null : parse(rule.registry(), t));
            }
            return Collections.unmodifiableList(cts);
        });
    }

    /**
     * Parses a template expression; its free names become module-level names to substitute, and its
     * jnp calls the session's primitives.
     */
    public static Core parse(Registry r, String template) {
        Source src = Source.of("<rule>", template);
        Parser.Parsed parsed = Parser.parseFile(src);
        List<Diagnostic> problems = new ArrayList<>(parsed.problems());
        Core.Module m = new Lower(src, n -> true, problems, r).module(parsed.body());
        if (!problems.isEmpty() || parsed.body().size() != 1 || !(parsed.body().get(0) instanceof Stmt.ExprStmt)) {
            throw new IllegalArgumentException("bad derivative rule: " + template);
        }
        return Subst.unplaced(((Core.Eval) m.code().body().get(0)).expr());
    }

    /** The rows of Python's operators on arrays and of JAX's functional updates (x.at[key].set(v), ...). */
    static void declareOperators(Registry r) {
        // x1 and x2 are the operands, y the result.
        List<String> bin = List.of("x1", "x2");
        // On tuples and lists + concatenates: x1 gets the head of the cotangent, x2 the tail.
        declare(r, "op.+", null, bin, "_unbroadcast(g, x1)", "_unbroadcast_tail(g, x2)");
        declare(r, "op.-", null, bin, "_unbroadcast(g, x1)", "_unbroadcast(-g, x2)");
        declare(r, "op.*", null, bin, "_unbroadcast(g * x2, x1)", "_unbroadcast(g * x1, x2)");
        declare(r, "op./", null, bin, "_unbroadcast(g / x2, x1)", "_unbroadcast(-(g * y) / x2, x2)");
        declare(r, "op.**", null, bin, "_unbroadcast(g * (x2 * 1.0 * x1 ** (x2 - 1)), x1)",
                "_unbroadcast(g * (y * _log_or_zero(x1)), x2)");
        declare(r, "op.@", null, bin, MATMUL_X1, MATMUL_X2);
        declare(r, "op.neg", null, List.of("x"), "-g");
        declare(r, "op.index", null, List.of("x", "key"), "_index_vjp(g, x, key)", null);
        declare(r, "op.T", null, List.of("x"), "jnp.transpose(_materialize(g, y))");
        declare(r, "op.//", null, bin, null, null);
        declare(r, "op.%", null, bin, "_unbroadcast(g, x1)", "_unbroadcast(-g * jnp.floor(x1 / x2), x2)");
        List<String> at = List.of("x", "key", "v");
        declare(r, "at.set", null, at, "_at_zero(g, key)", null, "_unbroadcast(_index_of(g, key), v)");
        declare(r, "at.add", null, at, "g", null, "_unbroadcast(_index_of(g, key), v)");
        declare(r, "at.multiply", null, at, "_at_mul(g, key, v)", null, "_unbroadcast(_index_of(g, key) * x[key], v)");
        declare(r, "at.get", null, List.of("x", "key"), "_index_vjp(g, x, key)", null);
    }

    /**
     * The cotangents of x1 @ x2, in differentiable functions so that they can be differentiated
     * again (jvp, hessian). Matrices use matmul; where a vector meets the contraction only through
     * an outer product, that product is a broadcast multiply (as XLA computes it: signed zeros
     * stay as JAX prints them). _materialize makes a zero cotangent (0.0, as derivatives of
     * derivatives pass it) an array shaped like the output.
     */
    private static final String G = "_materialize(g, y)";
    public static final String MATMUL_X1 = "_unbroadcast(jnp.matmul(" + G + ", jnp.swapaxes(x2, -1, -2)), x1)"
            + " if jnp.ndim(x1) > 1 and jnp.ndim(x2) > 1"
            + " else (_unbroadcast(" + G + " * x2, x1) if jnp.ndim(x1) == 1 and jnp.ndim(x2) == 1"
            + " else (_unbroadcast(jnp.expand_dims(" + G + ", -1) * x2, x1) if jnp.ndim(x2) == 1"
            + " else _reshape_like(_unbroadcast(jnp.matmul(jnp.expand_dims(" + G + ", -2), jnp.swapaxes(x2, -1, -2)),"
            + " jnp.expand_dims(x1, -2)), x1)))";
    public static final String MATMUL_X2 = "_unbroadcast(jnp.matmul(jnp.swapaxes(x1, -1, -2), " + G + "), x2)"
            + " if jnp.ndim(x1) > 1 and jnp.ndim(x2) > 1"
            + " else (_unbroadcast(" + G + " * x1, x2) if jnp.ndim(x1) == 1 and jnp.ndim(x2) == 1"
            + " else (_unbroadcast(jnp.expand_dims(x1, -1) * jnp.expand_dims(" + G + ", -2), x2) if jnp.ndim(x1) == 1"
            + " else _reshape_like(_unbroadcast(jnp.matmul(jnp.swapaxes(x1, -1, -2), jnp.expand_dims(" + G + ", -1)),"
            + " jnp.expand_dims(x2, -1)), x2)))";
}

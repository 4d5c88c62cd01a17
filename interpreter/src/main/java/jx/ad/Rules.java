package jx.ad;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jx.core.Core;
import jx.core.Lower;
import jx.diag.Diagnostic;
import jx.diag.Source;
import jx.eval.Values;
import jx.syntax.Parser;
import jx.syntax.Stmt;

/** The registry of derivative rules: by qualified name for static calls, by function for dynamic ones. */
public final class Rules {
    private Rules() {}

    private static final Map<String, Rule> BY_NAME = new LinkedHashMap<>();
    /** Weak: each session builds its own library functions, and a finished session's must go. */
    private static final Map<Values.Builtin, Rule> BY_FUNCTION = new java.util.WeakHashMap<>();

    /**
     * Registers the rule of {@code fn} (known as {@code qualified}, e.g. "jnp.tanh"). templates hold one
     * jx expression per parameter, or null where no gradient flows.
     */
    public static synchronized void register(String qualified, Values.Builtin fn, List<String> params,
            Map<String, Object> defaults, String... templates) {
        Rule rule = BY_NAME.get(qualified);
        if (rule == null) {
            rule = new Rule(qualified, List.copyOf(params), defaults, java.util.Arrays.asList(templates.clone()));
            BY_NAME.put(qualified, rule);
        }
        if (fn != null) {
            BY_FUNCTION.put(fn, rule);
        }
    }

    /**
     * The derivative of a higher-order library function (tree_map, ...), which no expression rule
     * can state: vjp(args, kwargs) returns (output, backward function), as _vjp_call does.
     */
    @FunctionalInterface
    public interface Custom {
        Object vjp(jx.eval.Interp in, List<Object> args, Map<String, Object> kwargs);
    }

    private static final Map<Values.Builtin, Custom> CUSTOM = new java.util.WeakHashMap<>();

    public static synchronized void registerCustom(Values.Builtin fn, Custom vjp) {
        CUSTOM.put(fn, vjp);
    }

    public static synchronized Custom custom(Values.Builtin fn) {
        return CUSTOM.get(fn);
    }

    /**
     * A library function that jax.grad differentiates through a definition written in jx, in terms
     * of functions that have rules (jnp.var through mean and sum, jnp.clip through maximum and
     * minimum, ...). The function itself still computes every value a program asks for; only derived
     * programs go through the definition, which can be differentiated again like any jx function.
     */
    public record Definition(String name, java.util.function.Function<jx.eval.Interp, Values.Closure> load) {}

    private static final Map<Values.Builtin, Definition> DEFINED = new java.util.WeakHashMap<>();
    private static final Map<String, Definition> DEFINED_BY_NAME = new LinkedHashMap<>();

    public static synchronized void registerDefinition(String qualified, Values.Builtin fn,
            java.util.function.Function<jx.eval.Interp, Values.Closure> load) {
        Definition d = DEFINED_BY_NAME.computeIfAbsent(qualified, q -> new Definition(q, load));
        DEFINED.put(fn, d);
    }

    public static synchronized Definition definition(Values.Builtin fn) {
        return DEFINED.get(fn);
    }

    /** The names of every function differentiated through a definition: the checking test walks them too. */
    public static synchronized List<String> defined() {
        return List.copyOf(DEFINED_BY_NAME.keySet());
    }

    public static synchronized Rule byName(String qualified) {
        return BY_NAME.get(qualified);
    }

    public static synchronized Rule byFunction(Values.Builtin fn) {
        return BY_FUNCTION.get(fn);
    }

    /** Every registered rule: what the derivative-checking test walks. */
    public static synchronized List<Rule> all() {
        return List.copyOf(BY_NAME.values());
    }

    private static final Map<String, List<Core>> PARSED = new java.util.concurrent.ConcurrentHashMap<>();

    static List<Core> parsed(Rule rule) {
        return PARSED.computeIfAbsent(rule.name(), n -> {
            List<Core> cts = new ArrayList<>();
            for (String t : rule.templates()) {
                cts.add(t == null ? null : parse(t));
            }
            return java.util.Collections.unmodifiableList(cts);
        });
    }

    /** Parses a template expression; its free names become module-level names to substitute. */
    static Core parse(String template) {
        Source src = Source.of("<rule>", template);
        Parser.Parsed parsed = Parser.parseFile(src);
        List<Diagnostic> problems = new ArrayList<>(parsed.problems());
        Core.Module m = new Lower(src, n -> true, problems).module(parsed.body());
        if (!problems.isEmpty() || parsed.body().size() != 1 || !(parsed.body().get(0) instanceof Stmt.ExprStmt)) {
            throw new IllegalArgumentException("bad derivative rule: " + template);
        }
        return Subst.unplaced(((Core.Eval) m.code().body().get(0)).expr());
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

    static {
        // Python's operators on arrays; x1 and x2 are the operands, y the result.
        List<String> bin = List.of("x1", "x2");
        // On tuples and lists + concatenates: x1 gets the head of the cotangent, x2 the tail.
        register("op.+", null, bin, Map.of(), "_unbroadcast(g, x1)", "_unbroadcast_tail(g, x2)");
        register("op.-", null, bin, Map.of(), "_unbroadcast(g, x1)", "_unbroadcast(-g, x2)");
        register("op.*", null, bin, Map.of(), "_unbroadcast(g * x2, x1)", "_unbroadcast(g * x1, x2)");
        register("op./", null, bin, Map.of(), "_unbroadcast(g / x2, x1)", "_unbroadcast(-(g * y) / x2, x2)");
        register("op.**", null, bin, Map.of(), "_unbroadcast(g * (x2 * 1.0 * x1 ** (x2 - 1)), x1)",
                "_unbroadcast(g * (y * _log_or_zero(x1)), x2)");
        register("op.@", null, bin, Map.of(), MATMUL_X1, MATMUL_X2);
        register("op.neg", null, List.of("x"), Map.of(), "-g");
        register("op.index", null, List.of("x", "key"), Map.of(), "_index_vjp(g, x, key)", null);
        register("op.T", null, List.of("x"), Map.of(), "jnp.transpose(_materialize(g, y))");
        register("op.//", null, bin, Map.of(), null, null);
        register("op.%", null, bin, Map.of(), "_unbroadcast(g, x1)", "_unbroadcast(-g * jnp.floor(x1 / x2), x2)");
        // JAX's functional updates: x.at[key].set(v) and friends.
        List<String> at = List.of("x", "key", "v");
        register("at.set", null, at, Map.of(), "_at_zero(g, key)", null, "_unbroadcast(_index_of(g, key), v)");
        register("at.add", null, at, Map.of(), "g", null, "_unbroadcast(_index_of(g, key), v)");
        register("at.multiply", null, at, Map.of(), "_at_mul(g, key, v)", null, "_unbroadcast(_index_of(g, key) * x[key], v)");
        register("at.get", null, List.of("x", "key"), Map.of(), "_index_vjp(g, x, key)", null);
    }
}

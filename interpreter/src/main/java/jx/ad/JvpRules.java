package jx.ad;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jx.core.Core;
import jx.eval.EvalError;
import jx.prim.Derivative;
import jx.prim.Prim;
import jx.prim.Registry;
import jx.prim.Tag;

/**
 * Forward mode's rule of a primitive, read from its registry row: for each parameter, the output's
 * tangent that parameter's tangent {@code t} contributes (null: none), over the row's names and
 * {@code y}. The output's tangent is the sum over the parameters that carry one, so a symbolic zero
 * costs nothing. Where a row states none, the rule is derived or declared here:
 * <ul>
 * <li>a row whose vjp is null for every parameter has a zero derivative: so has its jvp;</li>
 * <li>an elementwise row (tagged so, or one of Python's arithmetic operators) has a diagonal
 * Jacobian per broadcast element, J_i = diag(d_i) after broadcasting x_i, so J_i^T = unbroadcast_i
 * after diag(d_i): its vjp template is {@code _unbroadcast(E(g), x_i)} or {@code E(g)} with E
 * elementwise and linear in g, and J_i t = E(t) broadcast to y's shape. The derivation checks that
 * every call in E is elementwise (else the row has no jvp and forward mode says so);</li>
 * <li>the rows jx.ad declares itself (operators, functional updates, the helpers of reverse-mode
 * programs, which are linear in their first argument) have theirs in {@link #OWN}.</li>
 * </ul>
 */
final class JvpRules {
    private JvpRules() {}

    /** A parsed forward rule: one term per parameter (null: no tangent flows from it); broadcast: wrap the sum. */
    record Forward(String name, List<String> params, List<String> names, Map<String, Object> defaults,
                   List<Core> terms, boolean broadcast) {}

    private static final Set<String> ELEMENTWISE_OPS = Set.of("op.-", "op.*", "op./", "op.**", "op.neg", "op.%");

    /** The rules of the rows jx.ad declares: operators, updates and reverse mode's helpers. */
    private static final Map<String, List<String>> OWN = new HashMap<>();

    static {
        own("op.@", "jnp.matmul(t, x2)", "jnp.matmul(x1, t)");
        own("op.index", "t[key]", null);
        own("op.T", "jnp.transpose(t)");
        own("op.//", null, null);
        own("at.set", "_at_zero(t, key)", null, "_tzeros(y).at[key].set(t)");
        own("at.add", "t", null, "_tzeros(y).at[key].add(t)");
        own("at.multiply", "t.at[key].multiply(v)", null, "_tzeros(y).at[key].set(x[key] * t)");
        own("at.get", "t[key]", null);
        own("_reshape_like", "_reshape_like(t, like)", null);
        own("_at_zero", "_at_zero(t, key)", null);
        own("_at_mul", "_at_mul(t, key, v)", null, "_tzeros(y).at[key].set(a[key] * t)");
        own("_reduce_ct", "_reduce_ct(t, axis, keepdims, mean)", null, null, null);
        own("_extremum_vjp", "_extremum_vjp(t, x, m, axis, keepdims)", null, null, null, null);
        own("_extremum_t", "_extremum_t(t, x, m, axis, keepdims)", null, null, null, null);
        own("_unstack", "_unstack(t, arrays, axis)", null, null);
        own("_stack_ct", "_stack_ct(t, arrays, axis)", null, null);
        own("_split_like", "_split_like(t, arrays, axis)", null, null);
        own("_concat_ct", "_concat_ct(t, arrays, axis)", null, null);
        own("_materialize", "_materialize(t, like)", null);
        own("_unbroadcast", "_unbroadcast(t, like)", null);
        own("_unbroadcast_tail", "_unbroadcast_tail(t, like)", null);
        own("_broadcast_tail_like", "_broadcast_tail_like(t, like)", null);
        own("_broadcast_like", "_broadcast_like(t, like)", null);
        own("_seq_like", "_seq_like(t, like)", null);
        own("_array_to_tree", "_array_to_tree(t, like)", null);
        // jax.vmap's layout helpers are linear in their array: the tangent takes the same layout.
        own("_vmap_bcast", "_vmap_bcast(t, n, at)", null, null);
        own("_vmap_unbcast", "_vmap_unbcast(t, n, at)", null, null);
        own("_vmap_align", "_vmap_align(t, r, at)", null, null);
        own("_vmap_in", "_vmap_in(t, spec, n)", null, null);
        own("_vmap_in_t", "_vmap_in_t(t, spec, n)", null, null);
        own("_vmap_out", "_vmap_out(t, spec)", null);
        own("_vmap_out_t", "_vmap_out_t(t, spec)", null);
        own("_tree_to_array", "_tree_to_array(t, like)", null);
        own("_sum_transpose", "_sum_transpose(t, x, axis, keepdims)", null, null, null);
        own("_mean_transpose", "_mean_transpose(t, x, axis, keepdims)", null, null, null);
        own("_ct_get", "_ct_get(t, key)", null);
        own("_index_vjp", "_index_vjp(t, x, key)", null, null);
        own("_index_of", "_index_of(t, key)", null);
        own("_log_or_zero", "t / x");
        // _keep(y, ...) reshapes a reduction's output to keepdims: linear in y (its vjp declares no
        // cotangent, which is not a zero derivative).
        own("_keep", "_keep(t, a, axis, keepdims)", null, null, null);
        // Cotangents of pytrees add by _acc (tuples would concatenate by +): Jvp sums its terms so.
        own("_acc", "t", "t");
        own("list", "list(t)");
        own("tuple", "tuple(t)");
    }

    private static void own(String name, String... terms) {
        OWN.put(name, Collections.unmodifiableList(java.util.Arrays.asList(terms)));
    }

    /** The forward rule of a row, parsed once per session, or null where it has none. */
    static Forward of(Registry registry, Prim row) {
        if (row == null || !(row.derivative() instanceof Derivative.Rule rule)) {
            return null;
        }
        Object made = registry.derived(List.of("jvp rule", row), k -> {
            Forward f = derive(registry, row, rule);
            return f == null ? Boolean.FALSE : f;
        });
        return made instanceof Forward f ? f : null;
    }

    private static Forward derive(Registry registry, Prim row, Derivative.Rule rule) {
        if (rule.names().contains("t")) {
            throw new IllegalStateException(row.name() + ": a parameter named t hides the tangent of its jvp rule");
        }
        List<String> declared = rule.jvps() != null ? rule.jvps() : OWN.get(row.name());
        if (declared != null) {
            List<Core> terms = new ArrayList<>();
            for (String s : declared) {
                terms.add(s == null ? null : Rules.parse(registry, s));
            }
            return new Forward(row.name(), row.params(), rule.names(), row.defaults(), terms, false);
        }
        if (rule.templates().stream().allMatch(java.util.Objects::isNull)) {
            return new Forward(row.name(), row.params(), rule.names(), row.defaults(),
                    Collections.nCopies(row.params().size(), null), false);
        }
        if (!row.has(Tag.ELEMENTWISE) && !ELEMENTWISE_OPS.contains(row.name())) {
            return null;
        }
        List<Core> terms = new ArrayList<>();
        for (int i = 0; i < rule.templates().size(); i++) {
            String s = rule.templates().get(i);
            if (s == null) {
                terms.add(null);
                continue;
            }
            Core e = Rules.parse(registry, s);
            if (e instanceof Core.Call c && c.fn() instanceof Core.Global gl && gl.name().equals("_unbroadcast")
                    && c.args().size() == 2 && c.args().get(1).value() instanceof Core.Global x
                    && x.name().equals(rule.names().get(i))) {
                e = c.args().get(0).value();
            }
            if (!elementwise(e)) {
                return null;
            }
            terms.add(Subst.names(e, Map.of("g", new Core.Global("t", jx.diag.Pos.NONE))));
        }
        return new Forward(row.name(), row.params(), rule.names(), row.defaults(), terms, rule.names().size() > 1);
    }

    /** Whether every call in e is of an elementwise primitive or an arithmetic operator (the derivation's premise). */
    private static boolean elementwise(Core e) {
        return switch (e) {
            case Core.Lit l -> true;
            case Core.Global g -> true;
            case Core.Call c -> c.fn() instanceof Core.Global f && f.name().equals("_log_or_zero")
                    && c.args().stream().allMatch(a -> a instanceof Core.Positional && elementwise(a.value()));
            case Core.Unary u -> elementwise(u.operand());
            case Core.Binary b -> !b.op().equals("@") && elementwise(b.left()) && elementwise(b.right());
            case Core.Compare c -> c.operands().stream().allMatch(JvpRules::elementwise);
            case Core.Prim p -> (((Prim) p.primitive()).has(Tag.ELEMENTWISE) || p.primitive().name().equals("jnp.where"))
                    && p.args().stream().allMatch(a -> a instanceof Core.Positional && elementwise(a.value()));
            default -> false;
        };
    }

    static EvalError none(String name) {
        return new EvalError("NotImplementedError: forward-mode differentiation (jax.jvp, jax.jacfwd) has no rule for "
                + name + " yet", "use jax.jacrev / jax.grad, or write it in jx with functions that have rules");
    }
}

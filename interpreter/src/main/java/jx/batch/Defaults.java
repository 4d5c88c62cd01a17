package jx.batch;

import java.util.LinkedHashMap;
import java.util.Map;

import jx.prim.Batching;
import jx.prim.Prim;

/**
 * The batching rules of rows declared below the library, where a Table cannot give them: the
 * helpers of grad's derived programs (so that vmap(grad(f)) is one batched program). A row's own
 * rule comes first.
 */
final class Defaults {
    private Defaults() {}

    private static final Map<String, Batching> HELPERS = new LinkedHashMap<>();

    private static void t(String name, String... setsAndTemplates) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < setsAndTemplates.length; i += 2) {
            m.put(setsAndTemplates[i], setsAndTemplates[i + 1]);
        }
        HELPERS.put(name, new Batching.Templates(m, true));
    }

    static {
        // Per example, _unbroadcast(a, like) sums a down to like's shape: the example's shape, not the batch's.
        t("_unbroadcast", "a", "_vmap_unbroadcast(a, like, False)", "a,like", "_vmap_unbroadcast(a, like, True)");
        t("_unbroadcast_tail", "a", "_vmap_unbroadcast(a, like, False)", "a,like", "_vmap_unbroadcast(a, like, True)");
        t("_materialize", "a,like", "_materialize(a, like)");
        t("_acc", "a,b", "_acc(a, b)");
        t("_sum_transpose", "a,x", "_sum_transpose(a, x, _vmap_axes(axis, jnp.ndim(x), False), keepdims)");
        t("_mean_transpose", "a,x", "_mean_transpose(a, x, _vmap_axes(axis, jnp.ndim(x), False), keepdims)");
        t("_reduce_ct", "a", "_reduce_ct(a, _vmap_axes(axis, jnp.ndim(a), False), keepdims, mean)");
        t("_index_vjp", "a", "_vmap_index_vjp(a, x, key)", "a,x", "_index_vjp(a, x, _vmap_fullkey(x, key))");
        t("_index_of", "a", "_index_of(a, _vmap_fullkey(a, key))");
        t("_at_zero", "a", "_at_zero(a, _vmap_fullkey(a, key))");
        t("_ct_get", "a", "_ct_get(a, key)");
        t("_reshape_like", "a,like", "_reshape_like(a, like)");
        t("_broadcast_like", "a,like", "_broadcast_like(_vmap_align(a, jnp.ndim(like) - 1, 1), like)");
        t("_zeros_like", "x", "_zeros_like(x)");
        t("_ones_like_output", "out", "_vmap_seed(out)");
        t("_check_output", "out", "_vmap_check_output(out, holomorphic)");
        t("_check_input", "x", "_check_input(x, holomorphic)");
        // A batched cotangent is an array, never reverse mode's plain 0.0: the guard holds for every example.
        HELPERS.put("_nonzero", new Batching.Templates(Map.of("g", "True"), false));
        // A NamedTuple's field has the same position in every example.
        HELPERS.put("_field_index", new Batching.Templates(Map.of("x", "_field_index(x, name)"), false));
    }

    static Batching rule(Prim row) {
        return row.batch() != null ? row.batch() : HELPERS.get(row.name());
    }
}

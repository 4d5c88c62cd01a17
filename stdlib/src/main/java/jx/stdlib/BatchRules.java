package jx.stdlib;

import java.util.Map;

import jx.prim.Batching;

/**
 * How jax.vmap batches the library's rows (elementwise rows need no rule; a row without one loops
 * over the examples). Templates read their arguments in the batched layout, batch axis first;
 * {@code _B} is the batch size. Kept apart from the rows' other declarations so that each table
 * reads as it did.
 */
final class BatchRules {
    private BatchRules() {}

    private static final Batching REDUCE = new Batching.Axis("axis", Batching.None.REDUCE);
    private static final Batching FLATTEN = new Batching.Axis("axis", Batching.None.FLATTEN);

    static final String MATMUL_1 = "jnp.squeeze(jnp.matmul(jnp.expand_dims(_vmap_align(x1, jnp.ndim(x2) - 1, 1), -2), x2), -2)"
            + " if jnp.ndim(x1) == 2 and jnp.ndim(x2) > 2"
            + " else (jnp.matmul(_vmap_align(x1, jnp.ndim(x2), 1), x2) if jnp.ndim(x2) > 1 and jnp.ndim(x1) > 2"
            + " else jnp.matmul(x1, x2))";
    // A matrix times a batch of vectors is the batch times the matrix's transpose: one product.
    static final String MATMUL_2 = "((jnp.matmul(x2, x1) if jnp.ndim(x1) == 1"
            + " else jnp.matmul(x2, jnp.swapaxes(x1, -1, -2)) if jnp.ndim(x1) == 2"
            + " else jnp.squeeze(jnp.matmul(x1, jnp.expand_dims(_vmap_align(x2, jnp.ndim(x1) - 1, 1), -1)), -1))"
            + " if jnp.ndim(x2) == 2"
            + " else (jnp.matmul(x1, x2) if jnp.ndim(x1) == 1 else jnp.matmul(x1, _vmap_align(x2, jnp.ndim(x1), 1))))";
    static final String MATMUL_12 = "(jnp.sum(x1 * x2, axis=-1) if jnp.ndim(x2) == 2"
            + " else jnp.squeeze(jnp.matmul(jnp.expand_dims(_vmap_align(x1, jnp.ndim(x2) - 2, 1), -2), x2), -2))"
            + " if jnp.ndim(x1) == 2"
            + " else (jnp.squeeze(jnp.matmul(x1, jnp.expand_dims(_vmap_align(x2, jnp.ndim(x1) - 2, 1), -1)), -1)"
            + " if jnp.ndim(x2) == 2"
            + " else jnp.matmul(_vmap_align(x1, jnp.ndim(x2) - 1, 1), _vmap_align(x2, jnp.ndim(x1) - 1, 1)))";

    private static String sub(String template, String x1, String x2) {
        return template.replace("x1", "\u0001").replace("x2", x2).replace("\u0001", x1);
    }

    static void numpy(Table t) {
        for (String r : new String[] {"sum", "prod", "max", "min", "amax", "amin", "mean", "any", "all", "var", "std",
                "count_nonzero", "ptp", "nanmean", "flip"}) {
            rule(t, r, REDUCE);
        }
        for (String r : new String[] {"argmax", "argmin", "cumsum", "cumprod", "sort", "argsort"}) {
            rule(t, r, FLATTEN);
        }
        t.row("matmul").batch("x1", MATMUL_1, "x2", MATMUL_2, "x1,x2", MATMUL_12);
        // dot is matmul for vectors and matrices; beyond, it loops.
        String big = " if jnp.ndim(a) <= %d and jnp.ndim(b) <= %d else _vmap_loop(jnp.dot, %s, ())(a, b)";
        t.row("dot").batch("a", "(" + sub(MATMUL_1, "a", "b") + ")" + big.formatted(3, 2, "(True, False)"),
                "b", "(" + sub(MATMUL_2, "a", "b") + ")" + big.formatted(2, 3, "(False, True)"),
                "a,b", "(" + sub(MATMUL_12, "a", "b") + ")" + big.formatted(3, 3, "(True, True)"));
        t.row("vdot").batch("a,b", "jnp.sum(jnp.conj(jnp.reshape(a, (_B, -1))) * jnp.reshape(b, (_B, -1)), axis=1)");
        t.row("inner").batch("a,b", "jnp.sum(_vmap_align(a, jnp.ndim(b) - 1, 1) * _vmap_align(b, jnp.ndim(a) - 1, 1), axis=-1)"
                + " if jnp.ndim(a) <= 2 or jnp.ndim(b) <= 2 else _vmap_loop(jnp.inner, (True, True), ())(a, b)");
        t.row("outer").batch("a", "jnp.expand_dims(jnp.reshape(a, (_B, -1)), -1) * jnp.ravel(b)",
                "a,b", "jnp.expand_dims(jnp.reshape(a, (_B, -1)), -1) * jnp.expand_dims(jnp.reshape(b, (_B, -1)), 1)");
        t.row("tensordot").batch("a", "jnp.tensordot(a, b, axes) if isinstance(axes, int) else _vmap_loop(jnp.tensordot, (True, False, False), ())(a, b, axes)",
                "b", "jnp.moveaxis(jnp.tensordot(a, jnp.moveaxis(b, 0, -1), axes), -1, 0) if isinstance(axes, int)"
                        + " and axes <= jnp.ndim(b) - 1 else _vmap_loop(jnp.tensordot, (False, True, False), ())(a, b, axes)",
                "a,b", "_vmap_loop(jnp.tensordot, (True, True, False), ())(a, b, axes)");
        t.row("reshape").batch("a", "jnp.reshape(a, (_B,) + _vmap_tuple(newshape if shape is None else shape))");
        t.row("ravel").batch("a", "jnp.reshape(a, (_B, -1))");
        t.row("transpose").batch("a", "jnp.transpose(a, _vmap_perm(axes, jnp.ndim(a)))");
        t.row("permute_dims").batch("a", "jnp.transpose(a, _vmap_perm(axes, jnp.ndim(a)))");
        t.row("swapaxes").batch("a", "jnp.swapaxes(a, _vmap_axes(axis1, jnp.ndim(a), False), _vmap_axes(axis2, jnp.ndim(a), False))");
        t.row("moveaxis").batch("a", "jnp.moveaxis(a, _vmap_axes(source, jnp.ndim(a), False), _vmap_axes(destination, jnp.ndim(a), False))");
        t.row("expand_dims").batch("a", "jnp.expand_dims(a, _vmap_axes(axis, jnp.ndim(a) + 1, False))");
        t.row("squeeze").batch("a", "jnp.squeeze(a, _vmap_units(a) if axis is None else _vmap_axes(axis, jnp.ndim(a), False))");
        t.row("broadcast_to").batch("array", "jnp.broadcast_to(_vmap_align(array, len(_vmap_tuple(shape)), 1), (_B,) + _vmap_tuple(shape))");
        t.row("_atleast_1d").batch("x", "_vmap_align(x, 1, 1)");
        t.row("_atleast_2d").batch("x", "jnp.expand_dims(x, 1) if jnp.ndim(x) == 2 else _vmap_align(x, 2, 1)");
        t.row("concatenate").batch("arrays", "jnp.concatenate([jnp.reshape(x, (_B, -1)) for x in arrays], axis=1) if axis is None"
                + " else jnp.concatenate(arrays, axis=_vmap_axes(axis, jnp.ndim(arrays[0]), False))");
        t.row("stack").batch("arrays", "jnp.stack(arrays, axis=_vmap_axes(axis, jnp.ndim(arrays[0]) + 1, False))");
        t.row("where").batch("condition,x,y", "jnp.where(_vmap_align(condition, max(jnp.ndim(x), jnp.ndim(y)) - 1, 1),"
                + " _vmap_align(x, max(jnp.ndim(condition), jnp.ndim(y)) - 1, 1), _vmap_align(y, max(jnp.ndim(condition), jnp.ndim(x)) - 1, 1))"
                + " if x is not None else _vmap_concrete(condition)");
        t.row("take").batch("a", "jnp.take(jnp.reshape(a, (_B, -1)), indices, axis=1) if axis is None"
                + " else jnp.take(a, indices, axis=_vmap_axes(axis, jnp.ndim(a), False))");
        t.row("take_along_axis").batch("arr,indices", "jnp.take_along_axis(arr, indices, axis=_vmap_axes(axis, jnp.ndim(arr), False))");
        t.row("diagonal").batch("a", "jnp.diagonal(a, offset, _vmap_axes(axis1, jnp.ndim(a), False), _vmap_axes(axis2, jnp.ndim(a), False))");
        t.row("trace").batch("a", "jnp.trace(a, offset, _vmap_axes(axis1, jnp.ndim(a), False), _vmap_axes(axis2, jnp.ndim(a), False), dtype)");
        t.row("triu").batch("m", "jnp.triu(m, k) if jnp.ndim(m) > 2 else _vmap_loop(jnp.triu, (True, False), ())(m, k)");
        t.row("tril").batch("m", "jnp.tril(m, k) if jnp.ndim(m) > 2 else _vmap_loop(jnp.tril, (True, False), ())(m, k)");
        t.row("array").batch("object", "jnp.moveaxis(jnp.array(object, dtype), _vmap_depth(object), 0) if ndmin == 0"
                + " else _vmap_loop(jnp.array, (True, False, False, False, False), ())(object, dtype, copy, order, ndmin)");
        t.row("asarray").batch("a", "jnp.moveaxis(jnp.asarray(a, dtype), _vmap_depth(a), 0)");
        t.row("astype").batch("x", "jnp.astype(x, dtype)");
        t.row("zeros_like").batch("a", "jnp.zeros_like(a, dtype)");
        t.row("ones_like").batch("a", "jnp.ones_like(a, dtype)");
        t.row("full_like").batch("a,fill_value", "jnp.full_like(a, 0, dtype) + _vmap_align(fill_value, jnp.ndim(a) - 1, 1)");
        t.row("round").batch("a", "jnp.round(a, decimals)");
        t.row("nan_to_num").batch("x", "jnp.nan_to_num(x, copy, nan, posinf, neginf)");
        meta(t, "shape", "a", "jnp.shape(a)[1:]");
        meta(t, "ndim", "a", "jnp.ndim(a) - 1");
        meta(t, "size", "a", "jnp.size(a) // _B");
        // The same for every example (abs's rule asks it under vmap).
        meta(t, "iscomplexobj", "x", "jnp.iscomplexobj(x)");
        meta(t, "isrealobj", "x", "jnp.isrealobj(x)");
    }

    static void linalg(Table t) {
        for (String r : new String[] {"inv", "det", "cholesky", "eigvalsh", "svdvals"}) {
            t.row(r).batch(r.equals("svdvals") ? "x" : "a", "jnp.linalg." + r + "(" + (r.equals("svdvals") ? "x" : "a")
                    + (r.equals("eigvalsh") ? ", UPLO" : "") + ")");
        }
        t.row("qr").batch("a", "jnp.linalg.qr(a, mode)");
        t.row("eigh").batch("a", "jnp.linalg.eigh(a, UPLO, symmetrize_input)");
        t.row("svd").batch("a", "jnp.linalg.svd(a, full_matrices, compute_uv)");
        t.row("matrix_power").batch("a", "jnp.linalg.matrix_power(a, n)");
        // solve(a, b): b is a vector when it has one axis less than a, per example as in the batch.
        t.row("solve").batch("a,b", "jnp.squeeze(jnp.linalg.solve(a, jnp.expand_dims(b, -1)), -1)"
                + " if jnp.ndim(b) == jnp.ndim(a) - 1 else jnp.linalg.solve(a, b)");
        t.row("norm").batch("x", "jnp.linalg.norm(x, ord, _vmap_axes(axis, jnp.ndim(x), False), keepdims)"
                + " if axis is not None or jnp.ndim(x) <= 3"
                + " else jnp.sqrt(jnp.sum(x * x, axis=_vmap_axes(None, jnp.ndim(x), False), keepdims=keepdims))");
    }

    static void lax(Table t) {
        t.row("stop_gradient").batch("x", "jax.lax.stop_gradient(x)");
        // scan batches its body (carry and x batch-first, an unbatched init broadcast to the batch, as
        // JAX's carry is once anything in it is batched) and scans the scanned axis, which a batched
        // xs holds second; the stacked ys come back batch-first. The broadcast carry gives the body's
        // vmap its size. A body that closes over batched values still loops over the examples: its
        // vmap inside a nested vmap would batch a closure made per example, which jx cannot yet.
        String[] scan = new String[6];
        int k = 0;
        for (String set : new String[] {"init", "xs", "init,xs"}) {
            boolean init = set.contains("init");
            boolean xs = set.contains("xs");
            scan[k++] = set;
            scan[k++] = "(lambda r: (r[0], jax.tree_util.tree_map(lambda y: jnp.swapaxes(y, 0, 1), r[1])))(jax.lax.scan("
                    + "jax.vmap(f, in_axes=(0, " + (xs ? "0" : "None") + ")), "
                    + (init ? "init" : "_vmap_bcast(init, _B, 0)") + ", "
                    + (xs ? "jax.tree_util.tree_map(lambda x: jnp.swapaxes(x, 0, 1), xs)" : "xs")
                    + ", length=length, reverse=reverse))";
        }
        t.row("scan").batch(scan);
        t.row("select").batch("pred,on_true,on_false", "jnp.where(_vmap_align(pred, max(jnp.ndim(on_true), jnp.ndim(on_false)) - 1, 1),"
                + " _vmap_align(on_true, max(jnp.ndim(pred), jnp.ndim(on_false)) - 1, 1),"
                + " _vmap_align(on_false, max(jnp.ndim(pred), jnp.ndim(on_true)) - 1, 1))");
        // The batch folds into the first axis (n of the patches), and out again.
        t.row("_im2col").batch("x", "(lambda r: jnp.reshape(r, (_B, -1) + jnp.shape(r)[1:]))(jax.lax._im2col("
                + "jnp.reshape(x, (-1,) + jnp.shape(x)[2:]), kernel, strides, dilation))");
        t.row("_col2im").batch("cols", "jnp.reshape(jax.lax._col2im(jnp.reshape(cols, (-1,) + jnp.shape(cols)[2:]),"
                + " (_B * x_shape[0],) + tuple(x_shape)[1:], kernel, strides, dilation), (_B,) + tuple(x_shape))");
        t.row("pad").batch("operand", "jax.lax.pad(operand, padding_value, ((0, 0, 0),) + tuple(padding_config))");
        t.row("_pad_transpose").batch("operand", "jax.lax._pad_transpose(operand, ((0, 0, 0),) + tuple(padding_config))");
    }

    private static void rule(Table t, String row, Batching b) {
        t.row(row).batch(b);
    }

    private static void meta(Table t, String row, String param, String template) {
        t.row(row).batch(new Batching.Templates(Map.of(param, template), false));
    }
}

package jx.stdlib;

import static jx.stdlib.NumpyModule.arrayLike;
import static jx.stdlib.NumpyModule.axes;
import static jx.stdlib.NumpyModule.axis;
import static jx.stdlib.NumpyModule.cast;
import static jx.stdlib.NumpyModule.dtype;
import static jx.stdlib.NumpyModule.flag;
import static jx.stdlib.NumpyModule.none;

import jx.array.Array;
import jx.array.Backend.ScanOp;
import jx.array.Backend.UnaryOp;
import jx.array.Ops;
import jx.eval.Builtins;
import jx.eval.EvalError;
import jx.prim.Tag;

/** jax.numpy's reductions and running reductions over axes, with keepdims and dtype=. */
final class NumpyReductions {
    private NumpyReductions() {}

    interface Reduction {
        Array apply(Array a, int[] axes, boolean keepdims);
    }

    /**
     * A reduction with NumPy's and JAX's signature: where= masks entries out (they count as the
     * identity), initial= joins the result as one more entry; out= is unsupported (arrays are immutable).
     */
    private static Table.Row reduction(Table t, String name, Double identity, Reduction r) {
        return t.fn(name + "(a, axis=None, dtype=None, out=None, keepdims=False, initial=None, where=None)", (in, a) -> {
            Array x = arrayLike(in, a[0], name, 0);
            if (!none(a[3])) {
                throw new EvalError("NotImplementedError: The 'out' argument to jnp." + name + " is not supported.");
            }
            if (!none(a[2])) {
                x = x.astype(dtype(a[2]));
            }
            int[] ax = axes(in, a[1]);
            boolean keep = flag(a[4]);
            if (!none(a[6])) {
                if (identity == null) {
                    throw new EvalError("NotImplementedError: jnp." + name + " with where= is not supported yet");
                }
                boolean extremum = Double.isInfinite(identity);
                if (extremum && none(a[5])) {
                    throw new EvalError("ValueError: reduction operation " + name + " does not have an identity, so to use a where mask"
                            + " one has to specify 'initial'");
                }
                Array fill = extremum ? arrayLike(in, a[5], name, 5) : Array.weak(identity).astype(x.dtype());
                x = Ops.where(arrayLike(in, a[6], name, 6), x, fill).astype(x.dtype());
                if (name.equals("mean")) {
                    Array count = Ops.sum(Ops.broadcastTo(arrayLike(in, a[6], name, 6), x.shape()), ax, keep);
                    return Ops.div(Ops.sum(x, ax, keep), count);
                }
            }
            Array out = r.apply(x, ax, keep);
            if (!none(a[5])) {
                Array init = arrayLike(in, a[5], name, 5);
                out = switch (name) {
                    case "sum" -> Ops.add(out, init).astype(out.dtype());
                    case "prod" -> Ops.mul(out, init).astype(out.dtype());
                    case "max", "amax" -> Ops.maximum(out, init).astype(out.dtype());
                    case "min", "amin" -> Ops.minimum(out, init).astype(out.dtype());
                    default -> throw new EvalError("TypeError: jnp." + name + "() got an unexpected keyword argument 'initial'");
                };
            }
            return out;
        }).tags(Tag.REDUCTION, Tag.ARRAY);
    }

    private static Table.Row nanReduction(Table t, String name, double identity, Reduction r) {
        return t.fn(name + "(a, axis=None, dtype=None, keepdims=False)", (in, a) -> {
            Array x = cast(arrayLike(in, a[0], name, 0), a[2]);
            Array clean = x.dtype().isInexact() ? Ops.where(Ops.unary(UnaryOp.ISNAN, x), Array.weak(identity), x) : x;
            return r.apply(clean, axes(in, a[1]), flag(a[3]));
        }).tags(Tag.REDUCTION, Tag.ARRAY);
    }

    static void register(Table t) {
        reduction(t, "sum", 0.0, Ops::sum).tags(Tag.METHOD)
                .vjp("_sum_transpose(g, a, axis, keepdims) if where is None else jnp.where(where, _sum_transpose(g, a, axis, keepdims), 0.0)", null, null, null, null, null, null)
                .jvp("jnp.sum(t, axis, keepdims=keepdims, where=where)", null, null, null, null, null, null).tags(Tag.ARRAY);
        reduction(t, "prod", 1.0, Ops::prod).tags(Tag.METHOD).definedInJx();
        reduction(t, "max", Double.NEGATIVE_INFINITY, Ops::max).tags(Tag.METHOD)
                .vjp("_extremum_vjp(g, a, y, axis, keepdims) if where is None else jnp.where(where, _extremum_vjp(g, a, y, axis, keepdims), 0.0)", null, null, null, null, null, null)
                .jvp("jnp.sum(t * _extremum_vjp(jnp.ones_like(y), a, y, axis, keepdims), axis, keepdims=keepdims) if where is None else jnp.sum(jnp.where(where, t * _extremum_vjp(jnp.ones_like(y), a, y, axis, keepdims), 0.0), axis, keepdims=keepdims)", null, null, null, null, null, null);
        reduction(t, "min", Double.POSITIVE_INFINITY, Ops::min).tags(Tag.METHOD)
                .vjp("_extremum_vjp(g, a, y, axis, keepdims) if where is None else jnp.where(where, _extremum_vjp(g, a, y, axis, keepdims), 0.0)", null, null, null, null, null, null)
                .jvp("jnp.sum(t * _extremum_vjp(jnp.ones_like(y), a, y, axis, keepdims), axis, keepdims=keepdims) if where is None else jnp.sum(jnp.where(where, t * _extremum_vjp(jnp.ones_like(y), a, y, axis, keepdims), 0.0), axis, keepdims=keepdims)", null, null, null, null, null, null);
        reduction(t, "amax", Double.NEGATIVE_INFINITY, Ops::max)
                .like(t.row("max"));
        reduction(t, "amin", Double.POSITIVE_INFINITY, Ops::min)
                .like(t.row("min"));
        // mean with where= divides by the number of entries kept.
        reduction(t, "mean", 0.0, Ops::mean).tags(Tag.METHOD)
                .vjp("_mean_transpose(g, a, axis, keepdims) if where is None else jnp.where(where, _sum_transpose(g, a, axis, keepdims)"
                        + " / jnp.sum(jnp.broadcast_to(where, jnp.shape(a)), axis=axis, keepdims=True), 0.0)",
                        null, null, null, null, null, null)
                .jvp("jnp.mean(t, axis, keepdims=keepdims) if where is None else jnp.sum(jnp.where(where, t, 0.0), axis, keepdims=keepdims)"
                        + " / jnp.sum(jnp.broadcast_to(where, jnp.shape(a)), axis=axis, keepdims=keepdims)", null, null, null, null, null, null).tags(Tag.ARRAY);
        reduction(t, "any", 0.0, Ops::any).tags(Tag.METHOD);
        reduction(t, "all", 1.0, Ops::all).tags(Tag.METHOD);
        t.fn("var(a, axis=None, dtype=None, ddof=0, keepdims=False)", (in, a) ->
                Ops.var(cast(arrayLike(in, a[0], "var", 0), a[2]), axes(in, a[1]), (int) Builtins.asIndex(a[3], null), flag(a[4]))).definedInJx().tags(Tag.ARRAY, Tag.METHOD);
        t.fn("std(a, axis=None, dtype=None, ddof=0, keepdims=False)", (in, a) ->
                Ops.std(cast(arrayLike(in, a[0], "std", 0), a[2]), axes(in, a[1]), (int) Builtins.asIndex(a[3], null), flag(a[4]))).definedInJx().tags(Tag.ARRAY, Tag.METHOD);
        t.fn("argmax(a, axis=None, keepdims=False)", (in, a) -> Ops.argmax(arrayLike(in, a[0], "argmax", 0), axis(a[1]), flag(a[2]))).tags(Tag.ARRAY, Tag.NONDIFF, Tag.METHOD);
        t.fn("argmin(a, axis=None, keepdims=False)", (in, a) -> Ops.argmin(arrayLike(in, a[0], "argmin", 0), axis(a[1]), flag(a[2]))).tags(Tag.ARRAY, Tag.NONDIFF, Tag.METHOD);
        t.fn("cumsum(a, axis=None, dtype=None)", (in, a) -> Ops.scan(ScanOp.CUMSUM, cast(arrayLike(in, a[0], "cumsum", 0), a[2]), axis(a[1])))
                .vjp("_reshape_like(jnp.flip(jnp.cumsum(jnp.flip(_materialize(g, y), axis), axis), axis), a)", null, null).jvp("_reshape_like(jnp.cumsum(t, axis), y)", null, null).tags(Tag.ARRAY, Tag.METHOD);
        t.fn("cumprod(a, axis=None, dtype=None)", (in, a) -> Ops.scan(ScanOp.CUMPROD, cast(arrayLike(in, a[0], "cumprod", 0), a[2]), axis(a[1]))).tags(Tag.ARRAY, Tag.METHOD).definedInJx();
        t.fn("count_nonzero(a, axis=None, keepdims=False)", (in, a) -> {
            Array x = arrayLike(in, a[0], "count_nonzero", 0);
            return Ops.sum(Ops.ne(x, Array.weak(0L)), axes(in, a[1]), flag(a[2]));
        }).tags(Tag.NONDIFF);
        t.fn("ptp(a, axis=None, keepdims=False)", (in, a) -> {
            Array x = arrayLike(in, a[0], "ptp", 0);
            return Ops.sub(Ops.max(x, axes(in, a[1]), flag(a[2])), Ops.min(x, axes(in, a[1]), flag(a[2])));
        }).definedInJx().tags(Tag.METHOD);
        t.fn("average(a, axis=None, weights=None, keepdims=False)", (in, a) -> {
            Array x = arrayLike(in, a[0], "average", 0);
            if (none(a[2])) {
                return Ops.mean(x, axes(in, a[1]), flag(a[3]));
            }
            Array w = arrayLike(in, a[2], "average", 2);
            return Ops.div(Ops.sum(Ops.mul(x, w), axes(in, a[1]), flag(a[3])), Ops.sum(Ops.broadcastTo(w, x.shape()),
                    axes(in, a[1]), flag(a[3])));
        }).definedInJx();
        // The nan* reductions replace NaNs by the reduction's identity first.
        nanReduction(t, "nansum", 0.0, Ops::sum).definedInJx();
        nanReduction(t, "nanprod", 1.0, Ops::prod);
        nanReduction(t, "nanmax", Double.NEGATIVE_INFINITY, Ops::max);
        nanReduction(t, "nanmin", Double.POSITIVE_INFINITY, Ops::min);
        t.fn("nanmean(a, axis=None, dtype=None, keepdims=False)", (in, a) -> {
            Array x = arrayLike(in, a[0], "nanmean", 0);
            Array ok = Ops.logicalNot(Ops.unary(UnaryOp.ISNAN, x));
            Array s = Ops.sum(Ops.where(ok, x, Array.weak(0L)), axes(in, a[1]), flag(a[3]));
            return Ops.div(s, Ops.sum(ok, axes(in, a[1]), flag(a[3])));
        }).definedInJx();
    }
}

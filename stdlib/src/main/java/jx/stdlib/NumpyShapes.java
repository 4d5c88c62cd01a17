package jx.stdlib;

import static jx.stdlib.NumpyModule.arr;
import static jx.stdlib.NumpyModule.arrays;
import static jx.stdlib.NumpyModule.axes;
import static jx.stdlib.NumpyModule.axis;
import static jx.stdlib.NumpyModule.flag;
import static jx.stdlib.NumpyModule.none;

import java.util.ArrayList;
import java.util.List;

import jx.array.Array;
import jx.array.DType;
import jx.array.Ops;
import jx.array.Shaping;
import jx.array.Sorting;
import jx.eval.Builtins;
import jx.eval.EvalError;
import jx.eval.Interp;
import jx.eval.Values;
import jx.prim.Tag;

/** jax.numpy's shape, rearranging, selection and ordering functions. */
final class NumpyShapes {
    private NumpyShapes() {}

    static void register(Table t) {
        shapes(t);
        rearranging(t);
        selection(t);
        ordering(t);
    }

    static Values.PyList list(List<Array> xs) {
        return new Values.PyList(new ArrayList<>(xs));
    }

    /** NumPy's rot90: k quarter turns from the first axis towards the second, as flips and one transpose. */
    private static Array rot90(Array m, long k, int[] axes) {
        if (axes.length != 2) {
            throw new EvalError("ValueError: len(axes) must be 2.");
        }
        if (axes[0] == axes[1] || Math.abs(axes[0] - axes[1]) == m.ndim()) {
            throw new EvalError("ValueError: Axes must be different.");
        }
        if (axes[0] >= m.ndim() || axes[0] < -m.ndim() || axes[1] >= m.ndim() || axes[1] < -m.ndim()) {
            throw new EvalError("ValueError: Axes=(" + axes[0] + ", " + axes[1] + ") out of range for array of ndim=" + m.ndim() + ".");
        }
        int a0 = Math.floorMod(axes[0], m.ndim());
        int a1 = Math.floorMod(axes[1], m.ndim());
        int[] perm = new int[m.ndim()];
        for (int i = 0; i < perm.length; i++) {
            perm[i] = i;
        }
        perm[a0] = a1;
        perm[a1] = a0;
        return switch ((int) Math.floorMod(k, 4)) {
            case 0 -> m;
            case 1 -> Ops.transpose(Ops.flip(m, new int[] {a1}), perm);
            case 2 -> Ops.flip(m, new int[] {a0, a1});
            default -> Ops.flip(Ops.transpose(m, perm), new int[] {a1});
        };
    }

    static Values.Tuple tuple(List<Array> xs) {
        return new Values.Tuple(new ArrayList<>(xs));
    }

    private static int integer(Object v) {
        return (int) Builtins.asIndex(v, null);
    }

    private static void shapes(Table t) {
        // order='F' is the methods' (jx.eval.ArrayMethods) at run time; as a jnp argument it is unknown (an error).
        t.fn("reshape(a, newshape=None, shape=None)", (in, a) ->
                Ops.reshape(arr(in, a[0]), Builtins.shape(in, none(a[2]) ? a[1] : a[2])))
                .vjp("_reshape_like(g, a)", null, null).jvp("_reshape_like(t, y)", null, null).tags(Tag.ARRAY, Tag.METHOD);
        t.fn("transpose(a, axes=None)", (in, a) -> Ops.transpose(arr(in, a[0]), axes(in, a[1])))
                .vjp("jnp.transpose(_materialize(g, y), _inverse_perm(axes))", null).jvp("jnp.transpose(t, axes)", null).tags(Tag.ARRAY, Tag.METHOD);
        t.fn("permute_dims(a, axes=None)", (in, a) -> Ops.transpose(arr(in, a[0]), axes(in, a[1])))
                .like(t.row("transpose"));
        t.fn("swapaxes(a, axis1, axis2)", (in, a) -> Ops.swapaxes(arr(in, a[0]), axis(a[1]), axis(a[2])))
                .vjp("jnp.swapaxes(_materialize(g, y), axis1, axis2)", null, null).jvp("jnp.swapaxes(t, axis1, axis2)", null, null).tags(Tag.METHOD);
        t.fn("moveaxis(a, source, destination)", (in, a) -> moveaxis(arr(in, a[0]), axes(in, a[1]), axes(in, a[2])))
                .vjp("jnp.moveaxis(_materialize(g, y), destination, source)", null, null).jvp("jnp.moveaxis(t, source, destination)", null, null);
        t.fn("expand_dims(a, axis)", (in, a) -> Shaping.expandDims(arr(in, a[0]), axes(in, a[1])))
                .vjp("_reshape_like(g, a)", null).jvp("_reshape_like(t, y)", null).tags(Tag.ARRAY);
        t.fn("squeeze(a, axis=None)", (in, a) -> Ops.squeeze(arr(in, a[0]), axes(in, a[1])))
                .vjp("_reshape_like(g, a)", null).jvp("_reshape_like(t, y)", null).tags(Tag.ARRAY, Tag.METHOD);
        t.fn("ravel(a)", (in, a) -> Ops.reshape(arr(in, a[0]), new int[] {-1}))
                .vjp("_reshape_like(g, a)").jvp("_reshape_like(t, y)").tags(Tag.METHOD);
        t.fn("broadcast_to(array, shape)", (in, a) -> Ops.broadcastTo(arr(in, a[0]), Builtins.shape(in, a[1])))
                .vjp("_unbroadcast(g, array)", null).jvp("jnp.broadcast_to(t, shape)", null).tags(Tag.ARRAY);
        t.raw("broadcast_arrays", (in, a, kw) -> {
            List<Array> xs = a.stream().map(x -> arr(in, x)).toList();
            int[] shape = Ops.broadcastShapes(xs.stream().map(Array::shape).toArray(int[][]::new));
            return list(xs.stream().map(x -> Ops.broadcastTo(x, shape)).toList());
        });
        // One array each; jnp.atleast_1d/2d of several (a list) are _numpy_extra.jx's over these.
        t.fn("_atleast_1d(x)", (in, a) -> atLeast(arr(in, a[0]), 1))
                .vjp("_reshape_like(g, x)").jvp("_reshape_like(t, y)");
        t.fn("_atleast_2d(x)", (in, a) -> atLeast(arr(in, a[0]), 2))
                .like(t.row("_atleast_1d"));
        t.fn("shape(a)", (in, a) -> {
            List<Object> dims = new ArrayList<>();
            for (int d : arr(in, a[0]).shape()) {
                dims.add((long) d);
            }
            return new Values.Tuple(dims);
        }).tags(Tag.NONDIFF);
        t.fn("ndim(a)", (in, a) -> (long) arr(in, a[0]).ndim()).tags(Tag.NONDIFF);
        t.fn("size(a, axis=None)", (in, a) -> {
            Array x = arr(in, a[0]);
            if (none(a[1])) {
                return (long) x.size();
            }
            long ax = Builtins.asIndex(a[1], "axis must be an integer");
            if (ax < -x.ndim() || ax >= x.ndim()) {
                throw new EvalError("ValueError: axis " + ax + " is out of bounds for array of dimension " + x.ndim());
            }
            return (long) x.shape()[(int) (ax < 0 ? ax + x.ndim() : ax)];
        }).tags(Tag.NONDIFF);
    }

    private static Array atLeast(Array x, int n) {
        return switch (x.ndim()) {
            case 0 -> Ops.reshape(x, n == 1 ? new int[] {1} : new int[] {1, 1});
            case 1 -> n == 2 ? Ops.reshape(x, new int[] {1, -1}) : x;
            default -> x;
        };
    }

    /** NumPy's moveaxis with one or several axes: the others keep their order. */
    static Array moveaxis(Array x, int[] src, int[] dst) {
        if (src.length != dst.length) {
            throw new EvalError("ValueError: `source` and `destination` arguments must have the same number of elements");
        }
        int n = x.ndim();
        Ops.normalizeAxes(src, n);
        Ops.normalizeAxes(dst, n);
        int[] s = norm(src, n);
        int[] d = norm(dst, n);
        int[] order = new int[n];
        java.util.Arrays.fill(order, -1);
        for (int i = 0; i < s.length; i++) {
            order[d[i]] = s[i];
        }
        List<Integer> rest = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            final int axis = i;
            if (java.util.Arrays.stream(s).noneMatch(v -> v == axis)) {
                rest.add(i);
            }
        }
        for (int i = 0, r = 0; i < n; i++) {
            if (order[i] < 0) {
                order[i] = rest.get(r++);
            }
        }
        return Ops.transpose(x, order);
    }

    private static int[] norm(int[] axes, int n) {
        int[] out = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            out[i] = axes[i] < 0 ? axes[i] + n : axes[i];
        }
        return out;
    }

    private static void rearranging(Table t) {
        t.fn("concatenate(arrays, axis=0)", (in, a) -> {
            List<Array> xs = arrays(in, a[0]);
            if (none(a[1])) {
                return Ops.concatenate(xs.stream().map(x -> Ops.reshape(x, new int[] {-1})).toList(), 0);
            }
            return Ops.concatenate(xs, axis(a[1]));
        }).vjp("_split_like(g, arrays, axis)", null).jvp("jnp.concatenate(t, axis)", null).tags(Tag.ARRAY);
        t.fn("stack(arrays, axis=0)", (in, a) -> Ops.stack(arrays(in, a[0]), axis(a[1])))
                .vjp("_unstack(g, arrays, axis)", null).jvp("jnp.stack(t, axis)", null).tags(Tag.ARRAY);
        t.fn("hstack(tup)", (in, a) -> {
            List<Array> xs = arrays(in, a[0]).stream().map(x -> atLeast(x, 1)).toList();
            return Ops.concatenate(xs, xs.get(0).ndim() == 1 ? 0 : 1);
        });
        t.fn("vstack(tup)", (in, a) -> Ops.concatenate(arrays(in, a[0]).stream().map(x -> atLeast(x, 2)).toList(), 0));
        t.fn("column_stack(tup)", (in, a) -> Ops.concatenate(arrays(in, a[0]).stream()
                .map(x -> x.ndim() < 2 ? Ops.reshape(x, new int[] {-1, 1}) : x).toList(), 1));
        t.fn("split(ary, indices_or_sections, axis=0)", (in, a) -> split(in, a, true))
                .vjp("_concat_ct(g, y, axis)", null, null).jvp("jnp.split(t, indices_or_sections, axis)", null, null);
        t.fn("array_split(ary, indices_or_sections, axis=0)", (in, a) -> split(in, a, false))
                .like(t.row("split"));
        t.fn("tile(A, reps)", (in, a) -> Shaping.tile(arr(in, a[0]), Builtins.shape(in, a[1]))).definedInJx().tags(Tag.ARRAY);
        t.fn("repeat(a, repeats, axis=None, total_repeat_length=None)", (in, a) -> {
            Array x = arr(in, a[0]);
            Integer ax = axis(a[2]);
            if (a[1] instanceof Long || a[1] instanceof Boolean) {
                return Shaping.repeat(x, integer(a[1]), ax);
            }
            return Shaping.repeat(x, arr(in, a[1]).astype(DType.INT32).toHost().ints(), ax);
        }).tags(Tag.ARRAY, Tag.METHOD);
        t.fn("roll(a, shift, axis=None)", (in, a) ->
                Shaping.roll(arr(in, a[0]), Builtins.shape(in, a[1]), axes(in, a[2])))
                .vjp("jnp.roll(_materialize(g, y), jax.tree_util.tree_map(lambda s: -s, shift), axis)", null, null).jvp("jnp.roll(t, shift, axis)", null, null).tags(Tag.ARRAY);
        t.fn("flip(m, axis=None)", (in, a) -> Ops.flip(arr(in, a[0]), axes(in, a[1])))
                .vjp("jnp.flip(_materialize(g, y), axis)", null).jvp("jnp.flip(t, axis)", null).tags(Tag.ARRAY);
        t.fn("rot90(m, k=1, axes=(0, 1))", (in, a) -> rot90(arr(in, a[0]), Builtins.asIndex(a[1], null), Builtins.shape(in, a[2])))
                .vjp("jnp.rot90(_materialize(g, y), -k, axes)", null, null).jvp("jnp.rot90(t, k, axes)", null, null).tags(Tag.ARRAY).domain("-1.0, 1.0");
        t.fn("fliplr(m)", (in, a) -> Ops.flip(arr(in, a[0]), new int[] {1}));
        t.fn("flipud(m)", (in, a) -> Ops.flip(arr(in, a[0]), new int[] {0}));
        t.fn("diag(v, k=0)", (in, a) -> Shaping.diag(arr(in, a[0]), integer(a[1]))).definedInJx();
        t.fn("diagonal(a, offset=0, axis1=0, axis2=1)", (in, a) ->
                Shaping.diagonal(arr(in, a[0]), integer(a[1]), integer(a[2]), integer(a[3]))).definedInJx().tags(Tag.METHOD);
        t.fn("trace(a, offset=0, axis1=0, axis2=1, dtype=None)", (in, a) -> Ops.sum(NumpyModule.cast(
                Shaping.diagonal(arr(in, a[0]), integer(a[1]), integer(a[2]), integer(a[3])), a[4]), new int[] {-1}, false)).definedInJx().tags(Tag.METHOD);
        t.fn("triu(m, k=0)", (in, a) -> Shaping.triangle(arr(in, a[0]), integer(a[1]), true))
                .vjp("jnp.triu(_materialize(g, y), k)", null).jvp("jnp.triu(t, k)", null);
        t.fn("tril(m, k=0)", (in, a) -> Shaping.triangle(arr(in, a[0]), integer(a[1]), false))
                .vjp("jnp.tril(_materialize(g, y), k)", null).jvp("jnp.tril(t, k)", null);
        t.raw("meshgrid", (in, a, kw) -> {
            Object indexing = kw.getOrDefault("indexing", "xy");
            for (String k : kw.keySet()) {
                if (!k.equals("indexing") && !k.equals("sparse") && !k.equals("copy")) {
                    throw new EvalError("TypeError: meshgrid() got an unexpected keyword argument '" + k + "'");
                }
            }
            if (!indexing.equals("xy") && !indexing.equals("ij")) {
                throw new EvalError("ValueError: Valid values for `indexing` are 'xy' and 'ij'.");
            }
            return list(meshgrid(a.stream().map(x -> Ops.reshape(arr(in, x), new int[] {-1})).toList(),
                    indexing.equals("xy"), flag(kw.getOrDefault("sparse", false))));
        });
    }

    private static List<Array> meshgrid(List<Array> xs, boolean xy, boolean sparse) {
        int n = xs.size();
        int[] shape = new int[n];
        for (int i = 0; i < n; i++) {
            shape[i] = xs.get(i).size();
        }
        if (xy && n >= 2) {
            int s0 = shape[0];
            shape[0] = shape[1];
            shape[1] = s0;
        }
        List<Array> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int place = xy && n >= 2 && i < 2 ? 1 - i : i;
            int[] s = new int[n];
            java.util.Arrays.fill(s, 1);
            s[place] = shape[place];
            Array placed = Ops.reshape(xs.get(i), s);
            out.add(sparse ? placed : Ops.broadcastTo(placed, shape));
        }
        return out;
    }

    private static Object split(Interp in, Object[] a, boolean equal) {
        Array x = arr(in, a[0]);
        int ax = axis(a[2]);
        if (a[1] instanceof Long || a[1] instanceof Array s && s.ndim() == 0) {
            return list(Shaping.split(x, integer(a[1]), ax, equal));
        }
        if (x.ndim() == 0) {
            throw new EvalError("ValueError: array split does not work on 0-d arrays");
        }
        int n = x.shape()[Math.floorMod(ax, x.ndim())];
        int[] cuts = Builtins.shape(in, a[1]);
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = cuts[i] < 0 ? Math.max(cuts[i] + n, 0) : cuts[i];
        }
        return list(Shaping.splitAt(x, cuts, ax));
    }

    private static void selection(Table t) {
        t.fn("take(a, indices, axis=None, mode=None, unique_indices=False, indices_are_sorted=False, fill_value=None)",
                (in, a) -> Shaping.take(arr(in, a[0]), arr(in, a[1]), axis(a[2]), none(a[3]) ? "fill" : NumpyModule.text(a[3], "mode"),
                        none(a[6]) ? null : arr(in, a[6]))).definedInJx().tags(Tag.ARRAY, Tag.METHOD);
        t.fn("take_along_axis(arr, indices, axis)", (in, a) -> {
            Array x = arr(in, a[0]);
            if (none(a[2])) {
                return Shaping.takeAlongAxis(Ops.reshape(x, new int[] {-1}), Ops.reshape(arr(in, a[1]), new int[] {-1}), 0);
            }
            return Shaping.takeAlongAxis(x, arr(in, a[1]), axis(a[2]));
        }).definedInJx().tags(Tag.ARRAY);
        t.fn("nonzero(a)", (in, a) -> tuple(Sorting.nonzero(arr(in, a[0])))).tags(Tag.NONDIFF, Tag.METHOD);
        t.fn("flatnonzero(a)", (in, a) -> Sorting.nonzero(Ops.reshape(arr(in, a[0]), new int[] {-1})).get(0)).tags(Tag.NONDIFF);
        t.fn("argwhere(a)", (in, a) -> {
            Array x = atLeast(arr(in, a[0]), 1);
            return Ops.stack(Sorting.nonzero(x), -1);
        }).tags(Tag.NONDIFF);
    }

    /** The numbers of a Python scalar, (nested) sequence or array, in row-major order, and its shape. */
    private static void pythonNumbers(Interp in, Object v, List<Double> out, List<Integer> dims, int depth) {
        switch (v) {
            case Long l -> out.add(l.doubleValue());
            case Double d -> out.add(d);
            case Array x -> {
                jx.array.HostData h = x.toHost();
                for (int d : x.shape()) {
                    dims.add(d);
                }
                for (int i = 0; i < h.size(); i++) {
                    out.add(h.floats() != null ? h.floats()[i] : (double) h.ints()[i]);
                }
            }
            default -> {
                List<Object> items = in.list(v);
                if (dims.size() == depth) {
                    dims.add(items.size());
                }
                for (Object item : items) {
                    pythonNumbers(in, item, out, dims, depth + 1);
                }
            }
        }
    }

    private static void ordering(Table t) {
        t.fn("sort(a, axis=-1, kind=None, order=None, stable=True, descending=False)", (in, a) -> {
            NumpyModule.unsupported(a[3], "sort", "order");
            return Sorting.sort(arr(in, a[0]), axis(a[1]), flag(a[5]));
        })
                .vjp("_reshape_like(jnp.take_along_axis(_materialize(g, y), jnp.argsort(jnp.argsort(a, axis, descending=descending), axis), axis), a)", null, null, null, null, null).jvp("jnp.take_along_axis(t, jnp.argsort(a, axis, descending=descending), axis)", null, null, null, null, null).tags(Tag.ARRAY, Tag.METHOD);
        t.fn("argsort(a, axis=-1, kind=None, order=None, stable=True, descending=False)", (in, a) -> {
            NumpyModule.unsupported(a[3], "argsort", "order");
            return Sorting.argsort(arr(in, a[0]), axis(a[1]), flag(a[5]));
        }).tags(Tag.NONDIFF, Tag.METHOD);
        t.fn("median(a, axis=None, out=None, overwrite_input=False, keepdims=False)", (in, a) -> {
            NumpyModule.unsupported(a[2], "median", "out");
            return Sorting.quantile(arr(in, a[0]), new double[] {0.5}, new int[0], axes(in, a[1]), "midpoint", flag(a[4]));
        });
        t.fn("quantile(a, q, axis=None, out=None, overwrite_input=False, method='linear', keepdims=False)", (in, a) ->
                quantile(in, a, 1, false));
        t.fn("percentile(a, q, axis=None, out=None, overwrite_input=False, method='linear', keepdims=False)", (in, a) ->
                quantile(in, a, 100, false));
        t.fn("nanmedian(a, axis=None, out=None, overwrite_input=False, keepdims=False)", (in, a) -> {
            NumpyModule.unsupported(a[2], "nanmedian", "out");
            return Sorting.quantile(arr(in, a[0]), new double[] {0.5}, new int[0], axes(in, a[1]), "midpoint", flag(a[4]), true);
        });
        t.fn("nanquantile(a, q, axis=None, out=None, overwrite_input=False, method='linear', keepdims=False)", (in, a) ->
                quantile(in, a, 1, true));
        t.fn("nanpercentile(a, q, axis=None, out=None, overwrite_input=False, method='linear', keepdims=False)", (in, a) ->
                quantile(in, a, 100, true));
    }

    /** q is read in double precision (a Python float is not rounded to float32 first), as NumPy does. */
    private static Array quantile(Interp in, Object[] a, double scale, boolean skipNan) {
        NumpyModule.unsupported(a[3], (skipNan ? "nan" : "") + (scale == 1 ? "quantile" : "percentile"), "out");
        List<Double> qs = new ArrayList<>();
        List<Integer> dims = new ArrayList<>();
        pythonNumbers(in, a[1], qs, dims, 0);
        double[] q = qs.stream().mapToDouble(v -> v / scale).toArray();
        int[] qShape = dims.stream().mapToInt(Integer::intValue).toArray();
        return Sorting.quantile(arr(in, a[0]), q, qShape, axes(in, a[2]), NumpyModule.text(a[5], "method"), flag(a[6]), skipNan);
    }
}

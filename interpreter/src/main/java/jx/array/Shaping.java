package jx.array;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * jax.numpy's rearranging ops (split, tile, repeat, roll, diagonal, triangles, take, ...), built
 * from {@link Ops}' indexing, broadcasting and concatenation, so they need no kernels of their own.
 */
public final class Shaping {
    private Shaping() {}

    private static List<Index> along(int axis, Index ix) {
        List<Index> items = new ArrayList<>();
        for (int d = 0; d < axis; d++) {
            items.add(Index.Slice.all());
        }
        items.add(ix);
        return items;
    }

    private static Array ints(long[] v, int... shape) {
        return Array.fromHost(new HostData(DType.INT32, shape, false, null, v));
    }

    private static Array iota(int n) {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = i;
        }
        return ints(v, n);
    }

    /**
     * reshape in NumPy's index order: "C" row-major, "F" column-major (the reversed axes reshaped in
     * C order, reversed back); "A" and "K" depend on memory layouts jx arrays do not have.
     */
    public static Array reshape(Array a, int[] shape, String order, String fn) {
        return switch (order) {
            case "C" -> Ops.reshape(a, shape);
            case "F" -> {
                int[] reversed = new int[shape.length];
                for (int i = 0; i < shape.length; i++) {
                    reversed[i] = shape[shape.length - 1 - i];
                }
                yield Ops.transpose(Ops.reshape(Ops.transpose(a, null), reversed), null);
            }
            case "A", "K" -> throw new ArrayException("NotImplementedError: " + fn + " with order='" + order
                    + "' is not supported in jx (use 'C' or 'F')");
            default -> throw new ArrayException("ValueError: order must be one of 'C', 'F', 'A', or 'K' (got '" + order + "')");
        };
    }

    /** Pieces of {@code a} along {@code axis}, cut before each of {@code cuts} (NumPy's split points, clamped). */
    public static List<Array> splitAt(Array a, int[] cuts, int axis) {
        int ax = Ops.normAxis(axis, a.ndim());
        int n = a.shapeRef()[ax];
        List<Array> out = new ArrayList<>();
        long start = 0;
        for (int i = 0; i <= cuts.length; i++) {
            long stop = i < cuts.length ? cuts[i] : n;
            long lo = Math.min(Math.max(start, 0), n);
            long hi = Math.max(Math.min(stop, n), lo);
            out.add(ArrayIndexing.index(a, along(ax, new Index.Slice(lo, hi, 1L))));
            start = stop;
        }
        return out;
    }

    /** {@code sections} pieces: equal ones for split (an error when they cannot be), NumPy's array_split sizes otherwise. */
    public static List<Array> split(Array a, int sections, int axis, boolean equal) {
        if (a.ndim() == 0) {
            throw new ArrayException("array split does not work on 0-d arrays");
        }
        int ax = Ops.normAxis(axis, a.ndim());
        int n = a.shapeRef()[ax];
        if (sections <= 0) {
            throw new ArrayException("number sections must be larger than 0.");
        }
        if (equal && n % sections != 0) {
            throw new ArrayException("array split does not result in an equal division");
        }
        int each = n / sections;
        int extra = n % sections;
        int[] cuts = new int[sections - 1];
        int at = 0;
        for (int i = 0; i < sections - 1; i++) {
            at += each + (i < extra ? 1 : 0);
            cuts[i] = at;
        }
        return splitAt(a, cuts, ax);
    }

    /** NumPy's tile: the array repeated {@code reps[i]} times along each axis (shapes aligned at the right). */
    public static Array tile(Array a, int[] reps) {
        int d = Math.max(a.ndim(), reps.length);
        int[] s = new int[d];
        int[] r = new int[d];
        Arrays.fill(s, 1);
        Arrays.fill(r, 1);
        System.arraycopy(a.shapeRef(), 0, s, d - a.ndim(), a.ndim());
        System.arraycopy(reps, 0, r, d - reps.length, reps.length);
        int[] interleaved = new int[2 * d];
        int[] ones = new int[2 * d];
        int[] result = new int[d];
        for (int i = 0; i < d; i++) {
            if (r[i] < 0) {
                throw new ArrayException("negative dimensions are not allowed");
            }
            interleaved[2 * i] = r[i];
            interleaved[2 * i + 1] = s[i];
            ones[2 * i] = 1;
            ones[2 * i + 1] = s[i];
            result[i] = r[i] * s[i];
        }
        return Ops.reshape(Ops.broadcastTo(a.withShape(ones), interleaved), result);
    }

    /** NumPy's repeat with one count for every element (axis null: of the flattened array). */
    public static Array repeat(Array a, int repeats, Integer axis) {
        if (repeats < 0) {
            throw new ArrayException("repeats may not contain negative values.");
        }
        Array x = axis == null ? Ops.reshape(a, new int[] {-1}) : a;
        int ax = axis == null ? 0 : Ops.normAxis(axis, a.ndim());
        int[] s = x.shapeRef();
        int[] expanded = new int[s.length + 1];
        int[] target = new int[s.length + 1];
        for (int i = 0, j = 0; i <= s.length; i++) {
            expanded[i] = i == ax + 1 ? 1 : s[j];
            target[i] = i == ax + 1 ? repeats : s[j];
            j += i == ax + 1 ? 0 : 1;
        }
        int[] out = s.clone();
        out[ax] = s[ax] * repeats;
        return Ops.reshape(Ops.broadcastTo(x.withShape(expanded), target), out);
    }

    /** NumPy's repeat with a count per element along the axis (the result's length depends on the counts' values). */
    public static Array repeat(Array a, long[] counts, Integer axis) {
        Array x = axis == null ? Ops.reshape(a, new int[] {-1}) : a;
        int ax = axis == null ? 0 : Ops.normAxis(axis, a.ndim());
        int n = x.shapeRef()[ax];
        if (counts.length == 1) {
            return repeat(a, (int) counts[0], axis);
        }
        if (counts.length != n) {
            throw new ArrayException("operands could not be broadcast together with shape (" + n + ",) ("
                    + counts.length + ",)");
        }
        List<Long> picks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (counts[i] < 0) {
                throw new ArrayException("repeats may not contain negative values.");
            }
            for (long c = 0; c < counts[i]; c++) {
                picks.add((long) i);
            }
        }
        long[] idx = picks.stream().mapToLong(Long::longValue).toArray();
        return ArrayIndexing.index(x, along(ax, new Index.Take(ints(idx, idx.length))));
    }

    /** NumPy's roll; {@code axes} null rolls the flattened array. */
    public static Array roll(Array a, int[] shifts, int[] axes) {
        if (axes == null) {
            return Ops.reshape(roll(Ops.reshape(a, new int[] {-1}), shifts, new int[] {0}), a.shapeRef());
        }
        if (shifts.length != axes.length && shifts.length != 1 && axes.length != 1) {
            throw new ArrayException("'shift' and 'axis' should be scalars or 1D sequences of the same length");
        }
        int k = Math.max(shifts.length, axes.length);
        Array x = a;
        for (int i = 0; i < k; i++) {
            int ax = Ops.normAxis(axes[axes.length == 1 ? 0 : i], a.ndim());
            int n = x.shapeRef()[ax];
            if (n == 0) {
                continue;
            }
            int sh = Math.floorMod(shifts[shifts.length == 1 ? 0 : i], n);
            if (sh != 0) {
                x = Ops.concatenate(List.of(ArrayIndexing.index(x, along(ax, new Index.Slice((long) n - sh, null, null))),
                        ArrayIndexing.index(x, along(ax, new Index.Slice(null, (long) n - sh, null)))), ax);
            }
        }
        return x;
    }

    /** NumPy's expand_dims with several axes, each counted in the result's rank. */
    public static Array expandDims(Array a, int[] axes) {
        int nd = a.ndim() + axes.length;
        int[] norm = Ops.normalizeAxes(axes, nd);
        int[] s = new int[nd];
        for (int i = 0, j = 0; i < nd; i++) {
            s[i] = Arrays.binarySearch(norm, i) >= 0 ? 1 : a.shapeRef()[j++];
        }
        return a.withShape(s);
    }

    /** NumPy's diagonal: the two axes are removed and the diagonal becomes the last axis. */
    public static Array diagonal(Array a, int offset, int axis1, int axis2) {
        int nd = a.ndim();
        if (nd < 2) {
            throw new ArrayException("diagonal requires an array of at least two dimensions.");
        }
        int i1 = Ops.normAxis(axis1, nd);
        int i2 = Ops.normAxis(axis2, nd);
        if (i1 == i2) {
            throw new ArrayException("axis1 and axis2 cannot be the same");
        }
        int[] perm = new int[nd];
        for (int d = 0, p = 0; d < nd; d++) {
            if (d != i1 && d != i2) {
                perm[p++] = d;
            }
        }
        perm[nd - 2] = i1;
        perm[nd - 1] = i2;
        Array x = Ops.transpose(a, perm);
        int rows = a.shapeRef()[i1];
        int cols = a.shapeRef()[i2];
        int len = Math.max(0, Math.min(offset >= 0 ? rows : rows + offset, offset >= 0 ? cols - offset : cols));
        long[] r = new long[len];
        long[] c = new long[len];
        for (int k = 0; k < len; k++) {
            r[k] = offset >= 0 ? k : k - offset;
            c[k] = offset >= 0 ? k + offset : k;
        }
        List<Index> items = new ArrayList<>();
        for (int d = 0; d < nd - 2; d++) {
            items.add(Index.Slice.all());
        }
        items.add(new Index.Take(ints(r, len)));
        items.add(new Index.Take(ints(c, len)));
        return ArrayIndexing.index(x, items);
    }

    /** NumPy's diag: a 1-d input becomes a square matrix with it on diagonal k, a 2-d input gives its diagonal k. */
    public static Array diag(Array v, int k) {
        if (v.ndim() == 2) {
            return diagonal(v, k, 0, 1);
        }
        if (v.ndim() != 1) {
            throw new ArrayException("diag input must be 1d or 2d");
        }
        int n = v.shapeRef()[0] + Math.abs(k);
        Array mask = Ops.eye(n, null, k, DType.BOOL);
        Array pad = Ops.concatenate(List.of(v, Ops.zeros(new int[] {Math.abs(k)}, v.dtype())), 0);
        // Row i of the result holds v[i] (k >= 0) or v[i + k] (k < 0) on the diagonal.
        Array col = k >= 0 ? Ops.reshape(pad, new int[] {n, 1})
                : Ops.reshape(roll(pad, new int[] {-k}, new int[] {0}), new int[] {n, 1});
        return Ops.where(mask, col, Ops.zeros(new int[0], v.dtype())).withWeak(v.weak());
    }

    /** triu (upper = true: keep j - i >= k) and tril (keep j - i <= k) over the last two axes. */
    public static Array triangle(Array m, int k, boolean upper) {
        if (m.ndim() < 2) {
            throw new ArrayException((upper ? "triu" : "tril") + " requires an array of at least two dimensions");
        }
        int rows = m.shapeRef()[m.ndim() - 2];
        int cols = m.shapeRef()[m.ndim() - 1];
        Array i = iota(rows).withShape(new int[] {rows, 1});
        Array j = iota(cols).withShape(new int[] {1, cols});
        Array diff = Ops.sub(j, i);
        Array kk = Array.scalar((long) k, DType.INT32);
        Array keep = upper ? Ops.ge(diff, kk) : Ops.le(diff, kk);
        return Ops.where(keep, m, Ops.zeros(new int[0], m.dtype())).withWeak(m.weak());
    }

    /** jnp.take along one axis (null: of the flattened array); JAX's modes: fill (default), clip, wrap. */
    public static Array take(Array a, Array indices, Integer axis, String mode, Array fill) {
        Array x = axis == null ? Ops.reshape(a, new int[] {-1}) : a;
        int ax = axis == null ? 0 : Ops.normAxis(axis, a.ndim());
        if (indices.dtype().isFloat()) {
            throw new ArrayException("take: indices must be integers, got " + indices.dtype());
        }
        List<Index> items = along(ax, new Index.Take(indices));
        return switch (mode) {
            // Like NumPy, JAX's clip mode clamps negative indices to 0 rather than counting from the end.
            case "clip" -> ArrayIndexing.index(x, along(ax, new Index.Take(Ops.clip(indices.astype(DType.INT32),
                    Array.scalar(0L, DType.INT32), Array.scalar((long) Math.max(x.shapeRef()[ax] - 1, 0), DType.INT32)))));
            case "wrap" -> ArrayIndexing.index(x, along(ax, new Index.Take(Ops.mod(indices.astype(DType.INT32),
                    Array.scalar((long) x.shapeRef()[ax], DType.INT32)))));
            case "fill" -> ArrayIndexing.atGet(x, items, ArrayIndexing.OutOfBounds.FILL_OR_DROP, fill);
            default -> throw new ArrayException("Invalid mode '" + mode + "' for np.take. Valid modes are 'fill', "
                    + "'clip', and 'wrap'.");
        };
    }

    /** NumPy's take_along_axis: picks along {@code axis} by {@code indices}, broadcast over the other axes. */
    public static Array takeAlongAxis(Array a, Array indices, int axis) {
        int nd = a.ndim();
        if (indices.ndim() != nd) {
            throw new ArrayException("indices and arr must have the same number of dimensions; " + indices.ndim()
                    + " vs. " + nd);
        }
        int ax = Ops.normAxis(axis, nd);
        List<Index> items = new ArrayList<>();
        for (int d = 0; d < nd; d++) {
            if (d == ax) {
                items.add(new Index.Take(indices));
            } else {
                int[] shape = new int[nd];
                Arrays.fill(shape, 1);
                shape[d] = a.shapeRef()[d];
                items.add(new Index.Take(iota(shape[d]).withShape(shape)));
            }
        }
        return ArrayIndexing.atGet(a, items, ArrayIndexing.OutOfBounds.FILL_OR_DROP, null);
    }
}

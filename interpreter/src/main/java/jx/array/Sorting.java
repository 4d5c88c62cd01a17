package jx.array;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Sorting and order statistics (sort, argsort, quantiles, nonzero). They run on the host: a sort
 * is no data-parallel map and the Backend has no kernel for it, so rows are sorted on a host copy.
 */
public final class Sorting {
    private Sorting() {}

    /** The permutation that moves {@code axis} last, and its inverse. */
    private static int[][] lastPerm(int nd, int axis) {
        int[] perm = new int[nd];
        int[] inv = new int[nd];
        for (int d = 0, p = 0; d < nd; d++) {
            if (d != axis) {
                perm[p++] = d;
            }
        }
        perm[nd - 1] = axis;
        for (int i = 0; i < nd; i++) {
            inv[perm[i]] = i;
        }
        return new int[][] {perm, inv};
    }

    /** NaN sorts last, as in NumPy; otherwise ascending; -0.0 and 0.0 are equal. */
    private static int compare(double x, double y) {
        boolean nx = Double.isNaN(x);
        boolean ny = Double.isNaN(y);
        if (nx || ny) {
            return nx == ny ? 0 : nx ? 1 : -1;
        }
        return x < y ? -1 : x > y ? 1 : 0;
    }

    /** Stable argsort of each row of length n of the host values. */
    private static int[] rowOrder(HostData h, int row, int n, boolean descending) {
        Comparator<Integer> cmp = h.dtype().isFloat()
                ? (i, j) -> compare(h.floats()[row * n + i], h.floats()[row * n + j])
                : (i, j) -> Long.compare(h.ints()[row * n + i], h.ints()[row * n + j]);
        if (descending) {
            cmp = cmp.reversed();
        }
        return IntStream.range(0, n).boxed().sorted(cmp).mapToInt(Integer::intValue).toArray();
    }

    private static Array sorted(Array a, Integer axis, boolean indices, boolean descending) {
        Array x = axis == null ? Ops.reshape(a, new int[] {-1}) : a;
        if (x.ndim() == 0) {
            if (indices) {
                throw new ArrayException("Cannot argsort a 0-d array; use axis=None");
            }
            return x;
        }
        int ax = axis == null ? 0 : Ops.normAxis(axis, x.ndim());
        int[][] p = lastPerm(x.ndim(), ax);
        Array t = Ops.transpose(x, p[0]);
        HostData h = t.toHost();
        int n = t.shapeRef()[t.ndim() - 1];
        int rows = n == 0 ? 0 : h.size() / n;
        boolean floats = h.dtype().isFloat();
        double[] fv = floats && !indices ? new double[h.size()] : null;
        long[] iv = floats && !indices ? null : new long[h.size()];
        for (int r = 0; r < rows; r++) {
            int[] order = rowOrder(h, r, n, descending);
            for (int i = 0; i < n; i++) {
                if (indices) {
                    iv[r * n + i] = order[i];
                } else if (floats) {
                    fv[r * n + i] = h.floats()[r * n + order[i]];
                } else {
                    iv[r * n + i] = h.ints()[r * n + order[i]];
                }
            }
        }
        DType out = indices ? Promotion.defaultInt() : h.dtype();
        Array s = Array.fromHost(new HostData(out, t.shape(), !indices && a.weak(), fv, iv));
        return Ops.transpose(s, p[1]);
    }

    public static Array sort(Array a, Integer axis, boolean descending) {
        return sorted(a, axis, false, descending);
    }

    public static Array argsort(Array a, Integer axis, boolean descending) {
        return sorted(a, axis, true, descending);
    }

    /**
     * NumPy's quantile with method 'linear' (q in [0, 1], given in double precision as NumPy
     * computes positions), or 'lower', 'higher', 'nearest', 'midpoint'; the result is inexact and
     * has q's shape in front, as in NumPy.
     */
    public static Array quantile(Array a, double[] qs, int[] qShape, int[] axes, String method, boolean keepdims) {
        return quantile(a, qs, qShape, axes, method, keepdims, false);
    }

    /** With skipNan (nanquantile), each row's NaNs are left out; a row of only NaNs gives NaN. */
    public static Array quantile(Array a, double[] qs, int[] qShape, int[] axes, String method, boolean keepdims, boolean skipNan) {
        int nd = a.ndim();
        int[] ax = Ops.normalizeAxes(axes, nd);
        DType d = Promotion.toInexact(a.dtype());
        // Move the reduced axes last and merge them, so each row holds one sample.
        int[] perm = new int[nd];
        int p = 0;
        for (int i = 0; i < nd; i++) {
            if (java.util.Arrays.binarySearch(ax, i) < 0) {
                perm[p++] = i;
            }
        }
        for (int i : ax) {
            perm[p++] = i;
        }
        int[] keptShape = Ops.reduceShape(a.shapeRef(), ax, keepdims);
        Array t = Ops.transpose(a.astype(d), perm);
        int n = 1;
        for (int i : ax) {
            n *= a.shapeRef()[i];
        }
        HostData h = t.toHost();
        for (double qv : qs) {
            if (!(qv >= 0 && qv <= 1)) {
                throw new ArrayException("Quantiles must be in the range [0, 1]");
            }
        }
        int rows = n == 0 ? 0 : h.size() / n;
        int nq = qs.length;
        double[] out = new double[nq * rows];
        for (int r = 0; r < rows; r++) {
            double[] row = new double[n];
            System.arraycopy(h.floats(), r * n, row, 0, n);
            boolean nan = false;
            for (double v : row) {
                nan |= Double.isNaN(v);
            }
            if (skipNan && nan) {
                row = java.util.Arrays.stream(row).filter(v -> !Double.isNaN(v)).toArray();
                nan = false;
            }
            java.util.Arrays.sort(row);
            for (int k = 0; k < nq; k++) {
                out[k * rows + r] = nan ? Double.NaN : pick(row, qs[k], method);
            }
        }
        int[] shape = new int[qShape.length + keptShape.length];
        System.arraycopy(qShape, 0, shape, 0, qShape.length);
        System.arraycopy(keptShape, 0, shape, qShape.length, keptShape.length);
        return Array.fromHost(new HostData(d, shape, false, out, null));
    }

    private static double pick(double[] sorted, double q, String method) {
        int n = sorted.length;
        if (n == 0) {
            return Double.NaN;
        }
        double pos = q * (n - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, n - 1);
        double frac = pos - lo;
        return switch (method) {
            case "linear" -> frac >= 0.5 ? sorted[hi] - (sorted[hi] - sorted[lo]) * (1 - frac)
                    : sorted[lo] + (sorted[hi] - sorted[lo]) * frac;
            case "lower" -> sorted[lo];
            case "higher" -> frac > 0 ? sorted[hi] : sorted[lo];
            case "nearest" -> sorted[(int) Math.rint(pos)];
            case "midpoint" -> frac > 0 ? (sorted[lo] + sorted[hi]) / 2 : sorted[lo];
            default -> throw new ArrayException("method '" + method + "' not recognized");
        };
    }

    /** NumPy's nonzero: one int32 index array per axis (its length depends on the values: not traceable). */
    public static List<Array> nonzero(Array a) {
        if (a.ndim() == 0) {
            throw new ArrayException("Calling nonzero on 0d arrays is not allowed. Use jnp.atleast_1d(scalar).nonzero() instead.");
        }
        HostData h = a.toHost();
        int[] shape = a.shapeRef();
        int[] strides = Ops.contiguousStrides(shape);
        List<Integer> hits = new ArrayList<>();
        for (int i = 0; i < h.size(); i++) {
            boolean nz = h.dtype().isFloat() ? h.floats()[i] != 0 : h.ints()[i] != 0;
            if (nz) {
                hits.add(i);
            }
        }
        List<Array> out = new ArrayList<>();
        for (int d = 0; d < shape.length; d++) {
            long[] v = new long[hits.size()];
            for (int k = 0; k < v.length; k++) {
                v[k] = (hits.get(k) / strides[d]) % shape[d];
            }
            out.add(Array.fromHost(new HostData(Promotion.defaultInt(), new int[] {v.length}, false, null, v)));
        }
        return out;
    }
}

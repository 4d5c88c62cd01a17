package jx.array;

import static jx.array.Ops.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import jx.array.Backend.Buffer;
import jx.array.Backend.ScatterOp;

/**
 * NumPy indexing of arrays and JAX's .at[] updates: basic (ints, slices, None, Ellipsis) and
 * advanced (int arrays, boolean masks) indexes become one flat index array, and every read is a
 * gather and every update a scatter over it, with JAX's out-of-bounds modes.
 */
public final class ArrayIndexing {
    private ArrayIndexing() {}

    /** How out-of-range indices are treated: clamp (gathers), drop (scatters). */
    private enum Mode { CLAMP, DROP }

    /** Python's slice.indices: (start, step, length). */
    private static int[] sliceIndices(Index.Slice s, int n) {
        long step = s.step() == null ? 1 : s.step();
        if (step == 0) {
            throw new ArrayException("slice step cannot be zero");
        }
        long lower = step > 0 ? 0 : -1;
        long upper = step > 0 ? n : n - 1;
        long start = s.start() == null ? (step < 0 ? upper : lower)
                : s.start() < 0 ? Math.max(s.start() + n, lower) : Math.min(s.start(), upper);
        long stop = s.stop() == null ? (step < 0 ? lower : upper)
                : s.stop() < 0 ? Math.max(s.stop() + n, lower) : Math.min(s.stop(), upper);
        long len = step > 0 ? Math.max(0, (stop - start + step - 1) / step) : Math.max(0, (start - stop - step - 1) / -step);
        return new int[] {(int) start, (int) step, (int) len};
    }

    private static int staticIndex(long i, int n) {
        long j = i < 0 ? i + n : i;
        if (j < 0 || j >= n) {
            return (int) Math.max(0, Math.min(j, n - 1));
        }
        return (int) j;
    }

    /**
     * Expands the ellipsis, converts masks to integer index arrays (their nonzero positions, read on
     * the host: a mask's result shape depends on its values), so each item is NewAxis or consumes one dim.
     */
    private static List<Index> expand(Array a, List<Index> idx) {
        int nd = a.ndim();
        int consumed = 0;
        int ellipses = 0;
        for (Index ix : idx) {
            switch (ix) {
                case Index.Ellipsis e -> ellipses++;
                case Index.NewAxis na -> { }
                case Index.Mask m -> consumed += m.bools().ndim();
                case Index.Take t -> consumed += t.ints().dtype() == DType.BOOL ? t.ints().ndim() : 1;
                default -> consumed++;
            }
        }
        if (ellipses > 1) {
            throw new ArrayException("an index can only have a single ellipsis ('...')");
        }
        if (consumed > nd) {
            throw new ArrayException("too many indices for array: array is " + nd + "-dimensional, but " + consumed
                    + " were indexed");
        }
        List<Index> withEllipsis = new ArrayList<>(idx);
        int at = -1;
        for (int i = 0; i < withEllipsis.size(); i++) {
            if (withEllipsis.get(i) instanceof Index.Ellipsis) {
                at = i;
            }
        }
        List<Index> fill = new ArrayList<>();
        for (int i = 0; i < nd - consumed; i++) {
            fill.add(Index.Slice.all());
        }
        if (at >= 0) {
            withEllipsis.remove(at);
            withEllipsis.addAll(at, fill);
        } else {
            withEllipsis.addAll(fill);
        }
        List<Index> out = new ArrayList<>();
        int dim = 0;
        for (Index ix : withEllipsis) {
            Array mask = ix instanceof Index.Mask m ? m.bools()
                    : ix instanceof Index.Take t && t.ints().dtype() == DType.BOOL ? t.ints() : null;
            if (mask == null) {
                out.add(ix);
                dim += ix instanceof Index.NewAxis ? 0 : 1;
                continue;
            }
            out.addAll(maskToTakes(mask, a.shapeRef(), dim));
            dim += mask.ndim();
        }
        return out;
    }

    private static List<Index> maskToTakes(Array mask, int[] shape, int dim) {
        int[] ms = mask.shapeRef();
        if (ms.length == 0) {
            throw new ArrayException("0-dimensional boolean indices are not supported");
        }
        for (int d = 0; d < ms.length; d++) {
            if (ms[d] != shape[dim + d]) {
                throw new ArrayException("boolean index did not match indexed array along axis " + (dim + d)
                        + "; size of axis is " + shape[dim + d] + " but size of corresponding boolean axis is " + ms[d]);
            }
        }
        long[] bits = mask.toHost().ints();
        int count = 0;
        for (long b : bits) {
            count += b != 0 ? 1 : 0;
        }
        long[][] coords = new long[ms.length][count];
        int[] cs = contiguousStrides(ms);
        int c = 0;
        for (int i = 0; i < bits.length; i++) {
            if (bits[i] != 0) {
                for (int d = 0; d < ms.length; d++) {
                    coords[d][c] = (i / cs[d]) % ms[d];
                }
                c++;
            }
        }
        List<Index> takes = new ArrayList<>();
        for (long[] coord : coords) {
            takes.add(new Index.Take(Array.fromHost(new HostData(DType.INT32, new int[] {count}, false, null, coord))));
        }
        return takes;
    }

    /** The flat element index (INT32) of every element the subscript selects, in result order; -1 marks a dropped one. */
    private record Flat(Array index, int[] shape) {}

    private static Array placed(Array x, int axis, int rank) {
        int[] s = new int[rank];
        Arrays.fill(s, 1);
        int[] xs = x.shapeRef();
        System.arraycopy(xs, 0, s, axis, xs.length);
        return x.withShape(s);
    }

    private static Flat flatIndex(Array a, List<Index> items, Mode mode) {
        int[] shape = a.shapeRef();
        int[] strides = contiguousStrides(shape);
        List<Integer> advItems = new ArrayList<>();
        List<int[]> advShapes = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Index ix = items.get(i);
            if (ix instanceof Index.Take t) {
                advItems.add(i);
                advShapes.add(t.ints().shapeRef());
            } else if (ix instanceof Index.At) {
                advItems.add(i);
                advShapes.add(new int[0]);
            }
        }
        int[] advShape = broadcastShapes(advShapes.toArray(new int[0][]));
        boolean adjacent = advItems.isEmpty() || advItems.get(advItems.size() - 1) - advItems.get(0) == advItems.size() - 1;
        // Output layout: basic dims in order, the broadcast advanced block where NumPy puts it.
        List<Integer> outShape = new ArrayList<>();
        int advPos = adjacent ? -1 : 0;
        List<int[]> basicTerms = new ArrayList<>(); // {outAxis, start, step, len, stride}
        int dim = 0;
        for (int i = 0; i < items.size(); i++) {
            Index ix = items.get(i);
            if (ix instanceof Index.Take || ix instanceof Index.At) {
                if (adjacent && advPos < 0) {
                    advPos = outShape.size();
                }
                dim++;
            } else if (ix instanceof Index.NewAxis) {
                outShape.add(1);
            } else if (ix instanceof Index.Slice s) {
                int[] sl = sliceIndices(s, shape[dim]);
                basicTerms.add(new int[] {outShape.size(), sl[0], sl[1], sl[2], strides[dim]});
                outShape.add(sl[2]);
                dim++;
            }
        }
        if (advPos < 0) {
            advPos = 0;
        }
        int rank = outShape.size() + advShape.length;
        int[] out = new int[rank];
        for (int i = 0, j = 0; i < rank; i++) {
            if (i >= advPos && i < advPos + advShape.length) {
                out[i] = advShape[i - advPos];
            } else {
                out[i] = outShape.get(j++);
            }
        }
        Backend be = a.backend();
        Array flat = make(be, be.fill(DType.INT32, 1, 0L), new int[0], false);
        for (int[] t : basicTerms) {
            int axis = t[0] >= advPos ? t[0] + advShape.length : t[0];
            Array iota = make(be, be.iota(DType.INT32, t[3]), new int[] {t[3]}, false);
            Array term = add(mul(iota, scalar(be, DType.INT32, (double) t[2] * t[4])), scalar(be, DType.INT32, (double) t[1] * t[4]));
            flat = add(flat, placed(term, axis, rank));
        }
        Array valid = null;
        dim = 0;
        for (Index ix : items) {
            if (ix instanceof Index.NewAxis) {
                continue;
            }
            int n = shape[dim];
            if (ix instanceof Index.At at) {
                if (mode == Mode.DROP) {
                    long j = at.i() < 0 ? at.i() + n : at.i();
                    if (j < 0 || j >= n) {
                        valid = make(be, be.fill(DType.BOOL, 1, 0L), new int[0], false);
                    } else {
                        flat = add(flat, scalar(be, DType.INT32, j * (double) strides[dim]));
                    }
                } else {
                    flat = add(flat, scalar(be, DType.INT32, staticIndex(at.i(), n) * (double) strides[dim]));
                }
            } else if (ix instanceof Index.Take t) {
                if (t.ints().dtype().isInexact()) {
                    throw new ArrayException("Indexer must have integer or boolean type, got indexer with type "
                            + t.ints().dtype());
                }
                Array idx = t.ints().castTo(DType.INT32, false);
                Array nArr = scalar(be, DType.INT32, n);
                Array zero = scalar(be, DType.INT32, 0);
                idx = where(lt(idx, zero), add(idx, nArr), idx);
                if (mode == Mode.DROP) {
                    Array ok = logicalAnd(ge(idx, zero), lt(idx, nArr));
                    ok = placed(ok.withShape(padLeft(ok.shapeRef(), advShape.length)), advPos, rank);
                    valid = valid == null ? ok : logicalAnd(valid, ok);
                } else {
                    idx = clip(idx, zero, scalar(be, DType.INT32, Math.max(n - 1, 0)));
                }
                Array term = mul(idx, scalar(be, DType.INT32, strides[dim]));
                flat = add(flat, placed(term.withShape(padLeft(term.shapeRef(), advShape.length)), advPos, rank));
            }
            dim++;
        }
        if (valid != null) {
            flat = where(valid, flat, scalar(be, DType.INT32, -1));
        }
        return new Flat(broadcastTo(flat, out), out);
    }

    private static int[] padLeft(int[] s, int rank) {
        int[] r = new int[rank];
        Arrays.fill(r, 1);
        System.arraycopy(s, 0, r, rank - s.length, s.length);
        return r;
    }

    private static boolean hasTake(List<Index> items) {
        return items.stream().anyMatch(ix -> ix instanceof Index.Take);
    }

    private static Array basicIndex(Array a, List<Index> items) {
        int[] shape = a.shapeRef();
        int[] strides = contiguousStrides(shape);
        List<Integer> outShape = new ArrayList<>();
        List<Integer> outStrides = new ArrayList<>();
        int offset = 0;
        int dim = 0;
        for (Index ix : items) {
            switch (ix) {
                case Index.At at -> {
                    offset += staticIndex(at.i(), shape[dim]) * strides[dim];
                    dim++;
                }
                case Index.Slice s -> {
                    int[] sl = sliceIndices(s, shape[dim]);
                    if (sl[2] > 0) {
                        offset += sl[0] * strides[dim];
                    }
                    outShape.add(sl[2]);
                    outStrides.add(sl[1] * strides[dim]);
                    dim++;
                }
                case Index.NewAxis na -> {
                    outShape.add(1);
                    outStrides.add(0);
                }
                default -> throw new IllegalStateException("not a basic index: " + ix);
            }
        }
        int[] os = outShape.stream().mapToInt(Integer::intValue).toArray();
        int[] st = outStrides.stream().mapToInt(Integer::intValue).toArray();
        if (offset == 0 && sizeOf(os) == a.size() && Arrays.equals(dropOnes(os, st), dropOnes(os, contiguousStrides(os)))) {
            return a.withShape(os);
        }
        return strided(a, offset, st, os);
    }

    /** Strides of the non-singleton dims: equal lists mean the same memory order. */
    private static int[] dropOnes(int[] shape, int[] strides) {
        return java.util.stream.IntStream.range(0, shape.length).filter(d -> shape[d] != 1).map(d -> strides[d]).toArray();
    }

    private static Array gatherFlat(Array a, Flat f) {
        if (a.size() == 0 && sizeOf(f.shape()) > 0) {
            throw new ArrayException("index is out of bounds for axis with size 0");
        }
        return gather(a, f.index(), f.shape());
    }

    private static Array gather(Array a, Array index, int[] shape) {
        if (a.dtype().isComplex()) {
            return ComplexOps.each(a, part -> gather(part, index, shape));
        }
        Backend be = a.backend();
        return make(be, be.gather(a.buffer(), index.bufferOn(be)), shape, a.weak());
    }

    /** A scatter of updates already broadcast to the index's shape and cast to a's dtype. */
    private static Array scatterFlat(ScatterOp op, Array a, Array index, Array upd) {
        if (a.dtype().isComplex()) {
            if (op != ScatterOp.SET && op != ScatterOp.ADD) {
                throw new ArrayException("NotImplementedError: .at[].multiply/min/max/divide/power of a complex array"
                        + " is not implemented in jx");
            }
            Array re = scatterFlat(op, a.realPart(), index, upd.realPart());
            Array im = scatterFlat(op, a.imagPart(), index, upd.imagPart());
            return Array.complex(re, im, a.weak());
        }
        Backend be = a.backend();
        return make(be, be.scatter(op, a.buffer(), index.bufferOn(be), upd.bufferOn(be)), a.shapeRef(), a.weak());
    }

    /**
     * {@code a[idx]} as JAX reads it: a gather, so an integer out of range (static or in an index
     * array) is clamped into range ({@code jnp.arange(10)[11]} is 9), never an error.
     */
    public static Array index(Array a, List<Index> idx) {
        return atGet(a, idx);
    }

    /** {@code a.at[idx].get()}: like indexing, with every out-of-range index clamped. */
    public static Array atGet(Array a, List<Index> idx) {
        List<Index> items = expand(a, idx);
        if (!hasTake(items)) {
            return basicIndex(a, items);
        }
        return gatherFlat(a, flatIndex(a, items, Mode.CLAMP));
    }

    /** JAX's out-of-bounds modes of gathers and scatters ({@code mode=} of {@code .at[]} and {@code take}). */
    public enum OutOfBounds {
        /** Indices are clamped into range. */
        CLIP,
        /** A gather yields the fill value, a scatter drops the update. */
        FILL_OR_DROP
    }

    /**
     * {@code a.at[idx].get(mode=...)}: CLIP clamps; FILL_OR_DROP yields {@code fill} (null: JAX's default,
     * NaN for floats, the minimum int32, the maximum uint32, True) where an index is out of range.
     */
    public static Array atGet(Array a, List<Index> idx, OutOfBounds mode, Array fill) {
        if (mode == OutOfBounds.CLIP) {
            return atGet(a, idx);
        }
        Flat f = flatIndex(a, expand(a, idx), Mode.DROP);
        Backend be = a.backend();
        Array zero = scalar(be, DType.INT32, 0);
        Array valid = ge(f.index(), zero);
        Array safe = where(valid, f.index(), zero);
        Array got = a.size() == 0 ? broadcastTo(zerosLike(a), f.shape()) : gather(a, safe, f.shape());
        Array filler = (fill == null ? defaultFill(a.dtype()) : fill).castTo(a.dtype(), false);
        return where(valid, got, filler).withWeak(a.weak());
    }

    private static Array zerosLike(Array a) {
        return zeros(new int[0], a.dtype()).withWeak(a.weak());
    }

    private static Array defaultFill(DType d) {
        // JAX's fill for out-of-bounds reads: NaN, True, an unsigned dtype's largest value, a signed one's smallest.
        if (d.isInexact()) {
            return full(new int[0], d, Double.NaN);
        }
        return full(new int[0], d, d.isUnsigned() || d.isBool() ? Narrow.max(d) : Narrow.min(d));
    }

    /** A scatter ({@code .at[idx].set/add/...}) with JAX's mode: out-of-range updates dropped, or their indices clamped. */
    public static Array atUpdate(ScatterOp op, Array a, List<Index> idx, Array v, OutOfBounds mode) {
        Flat f = flatIndex(a, expand(a, idx), mode == OutOfBounds.CLIP ? Mode.CLAMP : Mode.DROP);
        Array upd = broadcastTo(v.castTo(a.dtype(), false), f.shape());
        return scatterFlat(op, a, f.index(), upd);
    }

    private static Array scatter(ScatterOp op, Array a, List<Index> idx, Array v) {
        Flat f = flatIndex(a, expand(a, idx), Mode.DROP);
        Array upd = broadcastTo(v.castTo(a.dtype(), false), f.shape());
        return scatterFlat(op, a, f.index(), upd);
    }

    public static Array atSet(Array a, List<Index> idx, Array v) {
        return scatter(ScatterOp.SET, a, idx, v);
    }

    public static Array atAdd(Array a, List<Index> idx, Array v) {
        return scatter(ScatterOp.ADD, a, idx, v);
    }

    public static Array atMultiply(Array a, List<Index> idx, Array v) {
        return scatter(ScatterOp.MUL, a, idx, v);
    }

    public static Array atMin(Array a, List<Index> idx, Array v) {
        return scatter(ScatterOp.MIN, a, idx, v);
    }

    public static Array atMax(Array a, List<Index> idx, Array v) {
        return scatter(ScatterOp.MAX, a, idx, v);
    }

    /** As JAX: {@code a / ones_like(a).at[idx].multiply(v)}, so the result is inexact. */
    public static Array atDivide(Array a, List<Index> idx, Array v) {
        return atDivide(a, idx, v, OutOfBounds.FILL_OR_DROP);
    }

    public static Array atDivide(Array a, List<Index> idx, Array v, OutOfBounds mode) {
        return div(a, atUpdate(ScatterOp.MUL, onesLike(a), idx, v, mode));
    }

    /** As JAX: {@code a ** ones_like(a).at[idx].multiply(v)}. */
    public static Array atPower(Array a, List<Index> idx, Array v) {
        return atPower(a, idx, v, OutOfBounds.FILL_OR_DROP);
    }

    public static Array atPower(Array a, List<Index> idx, Array v, OutOfBounds mode) {
        return pow(a, atUpdate(ScatterOp.MUL, onesLike(a), idx, v, mode));
    }

    private static Array onesLike(Array a) {
        return ones(a.shapeRef(), a.dtype()).withWeak(a.weak());
    }
}

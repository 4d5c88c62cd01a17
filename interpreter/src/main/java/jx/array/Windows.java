package jx.array;

import jx.array.Backend.Buffer;
import jx.array.Backend.ScatterOp;

/**
 * The sliding-window data movement convolutions and pooling are built from, each one strided copy
 * (a gather) or one scatter: im2col and its transpose col2im, and XLA's pad (low, high and interior
 * padding, negative low/high cropping) and its transpose. Each pair are each other's transposes,
 * which is what makes their derivatives (and so convolutions') go to any order.
 */
public final class Windows {
    private Windows() {}

    /**
     * The (n, c * K, P) patches of x (n, c, s1, ..., sd): column p of row (ci, k) is x[:, ci] at output
     * position p (row-major over the output's spatial sizes) plus kernel offset k (row-major over
     * kernel) times dilation, stepping by strides. One strided view, copied once.
     */
    public static Array im2col(Array x, int[] kernel, int[] strides, int[] dilation) {
        Geometry g = geometry(x.shapeRef(), kernel, strides, dilation);
        return Ops.strided(x, 0, g.viewStrides, g.viewShape).withShape(g.colsShape());
    }

    /** The transpose of {@link #im2col}: every column entry added back where it was read from x. */
    public static Array col2im(Array cols, int[] xShape, int[] kernel, int[] strides, int[] dilation) {
        Geometry g = geometry(xShape, kernel, strides, dilation);
        int[] want = g.colsShape();
        if (!java.util.Arrays.equals(cols.shapeRef(), want)) {
            throw new ArrayException("col2im: patches of shape " + Ops.shapeString(cols.shapeRef()) + " do not come from an input of shape "
                    + Ops.shapeString(xShape) + " (expected " + Ops.shapeString(want) + ")");
        }
        Backend be = cols.backend();
        Buffer index = be.copy(be.iota(DType.INT32, Ops.sizeOf(xShape)), 0, g.viewStrides, g.viewShape);
        Buffer zeros = be.fill(cols.dtype(), Ops.sizeOf(xShape), 0L);
        return Ops.make(be, be.scatter(ScatterOp.ADD, zeros, index, cols.buffer()), xShape.clone(), cols.weak());
    }

    private record Geometry(int n, int c, int k, int p, int[] viewShape, int[] viewStrides) {
        int[] colsShape() {
            return new int[] {n, c * k, p};
        }
    }

    private static Geometry geometry(int[] xs, int[] kernel, int[] strides, int[] dilation) {
        int d = kernel.length;
        if (xs.length != d + 2 || strides.length != d || dilation.length != d) {
            throw new ArrayException("im2col: an input of shape " + Ops.shapeString(xs) + " needs " + (xs.length - 2)
                    + " kernel sizes, strides and dilations, got " + kernel.length + ", " + strides.length + " and " + dilation.length);
        }
        int[] xStrides = Ops.contiguousStrides(xs);
        // View axes: n, c, kernel offsets (d), output positions (d).
        int[] shape = new int[2 + 2 * d];
        int[] st = new int[2 + 2 * d];
        shape[0] = xs[0];
        shape[1] = xs[1];
        st[0] = xStrides[0];
        st[1] = xStrides[1];
        int k = 1;
        int p = 1;
        for (int i = 0; i < d; i++) {
            if (kernel[i] < 1 || strides[i] < 1 || dilation[i] < 1) {
                throw new ArrayException("im2col: kernel sizes, strides and dilations must be positive, got " + kernel[i] + ", "
                        + strides[i] + " and " + dilation[i]);
            }
            int span = (kernel[i] - 1) * dilation[i] + 1;
            int out = xs[2 + i] < span ? 0 : (xs[2 + i] - span) / strides[i] + 1;
            shape[2 + i] = kernel[i];
            st[2 + i] = xStrides[2 + i] * dilation[i];
            shape[2 + d + i] = out;
            st[2 + d + i] = xStrides[2 + i] * strides[i];
            k *= kernel[i];
            p *= out;
        }
        return new Geometry(xs[0], xs[1], k, p, shape, st);
    }

    /**
     * lax.pad: per axis (low, high, interior) — interior copies of value between neighbours, then
     * low and high copies at the ends, a negative low or high cutting entries off instead.
     */
    public static Array pad(Array x, Array value, int[][] config) {
        int[] xs = x.shapeRef();
        check(xs.length, config);
        Array v = value.astype(x.dtype());
        int nd = xs.length;
        int[] grown = new int[nd];
        int[] cut = new int[nd];
        int[] kept = new int[nd];
        for (int d = 0; d < nd; d++) {
            int lo = config[d][0];
            int hi = config[d][1];
            int interior = config[d][2];
            if (interior < 0) {
                throw new ArrayException("lax.pad: interior padding must be nonnegative, got " + interior);
            }
            int body = xs[d] == 0 ? 0 : xs[d] + (xs[d] - 1) * interior;
            grown[d] = Math.max(lo, 0) + body + Math.max(hi, 0);
            cut[d] = Math.max(-lo, 0);
            kept[d] = grown[d] - cut[d] - Math.max(-hi, 0);
            if (kept[d] < 0) {
                throw new ArrayException("lax.pad: dimension size after padding is negative (" + kept[d] + ") for axis " + d
                        + " of shape " + Ops.shapeString(xs) + " with padding " + java.util.Arrays.toString(config[d]));
            }
        }
        if (java.util.Arrays.equals(grown, xs) && java.util.Arrays.equals(kept, xs)) {
            return x;
        }
        boolean interior = false;
        for (int[] c : config) {
            interior |= c[2] > 0;
        }
        Array padded = interior ? scatterPad(x, v, config, grown) : concatPad(x, v, config);
        return crop(padded, cut, kept);
    }

    /** Edge padding only: per padded axis one concatenation of fill, x and fill (row copies). */
    private static Array concatPad(Array x, Array v, int[][] config) {
        Backend be = x.backend();
        Array a = x;
        for (int d = 0; d < config.length; d++) {
            int lo = Math.max(config[d][0], 0);
            int hi = Math.max(config[d][1], 0);
            if (lo == 0 && hi == 0) {
                continue;
            }
            int[] s = a.shapeRef();
            int outer = 1;
            int inner = 1;
            for (int i = 0; i < d; i++) {
                outer *= s[i];
            }
            for (int i = d + 1; i < s.length; i++) {
                inner *= s[i];
            }
            int[] grownShape = s.clone();
            grownShape[d] = lo + s[d] + hi;
            java.util.List<Buffer> parts = new java.util.ArrayList<>();
            java.util.List<Integer> chunks = new java.util.ArrayList<>();
            if (lo > 0) {
                parts.add(Ops.broadcastTo(v, new int[] {outer * lo * inner}).bufferOn(be));
                chunks.add(lo * inner);
            }
            parts.add(a.bufferOn(be));
            chunks.add(s[d] * inner);
            if (hi > 0) {
                parts.add(Ops.broadcastTo(v, new int[] {outer * hi * inner}).bufferOn(be));
                chunks.add(hi * inner);
            }
            a = Ops.make(be, be.concat(parts, outer, chunks.stream().mapToInt(Integer::intValue).toArray()), grownShape, x.weak());
        }
        return a;
    }

    /** Interior padding: x's entries scattered into a filled array at their strided places. */
    private static Array scatterPad(Array x, Array v, int[][] config, int[] grown) {
        int[] xs = x.shapeRef();
        int nd = xs.length;
        Backend be = x.backend();
        int[] gs = Ops.contiguousStrides(grown);
        int offset = 0;
        int[] place = new int[nd];
        for (int d = 0; d < nd; d++) {
            offset += Math.max(config[d][0], 0) * gs[d];
            place[d] = gs[d] * (config[d][2] + 1);
        }
        Buffer filled = Ops.broadcastTo(v, grown).bufferOn(be);
        Buffer index = be.copy(be.iota(DType.INT32, Ops.sizeOf(grown)), offset, place, xs);
        return Ops.make(be, be.scatter(ScatterOp.SET, filled, index, x.bufferOn(be)), grown, x.weak());
    }

    /** The transpose of {@link #pad} in its operand: the entries of g (pad's output) that came from x. */
    public static Array padTranspose(Array g, int[][] config) {
        int[] gsIn = g.shapeRef();
        check(gsIn.length, config);
        int nd = gsIn.length;
        int[][] uncut = new int[nd][];
        for (int d = 0; d < nd; d++) {
            uncut[d] = new int[] {Math.max(-config[d][0], 0), Math.max(-config[d][1], 0), 0};
        }
        Array whole = pad(g, Array.scalar(0L, g.dtype()), uncut);
        int[] ws = whole.shapeRef();
        int[] xs = new int[nd];
        int[] st = Ops.contiguousStrides(ws);
        int offset = 0;
        int[] step = new int[nd];
        for (int d = 0; d < nd; d++) {
            int lo = Math.max(config[d][0], 0);
            int hi = Math.max(config[d][1], 0);
            int body = ws[d] - lo - hi;
            xs[d] = body <= 0 ? 0 : (body - 1) / (config[d][2] + 1) + 1;
            offset += lo * st[d];
            step[d] = st[d] * (config[d][2] + 1);
        }
        return Ops.strided(whole, Ops.sizeOf(xs) == 0 ? 0 : offset, step, xs);
    }

    private static Array crop(Array a, int[] start, int[] sizes) {
        int[] st = Ops.contiguousStrides(a.shapeRef());
        int offset = 0;
        boolean whole = true;
        for (int d = 0; d < sizes.length; d++) {
            offset += start[d] * st[d];
            whole &= sizes[d] == a.shapeRef()[d];
        }
        return whole ? a : Ops.strided(a, Ops.sizeOf(sizes) == 0 ? 0 : offset, st, sizes);
    }

    private static void check(int nd, int[][] config) {
        if (config.length != nd) {
            throw new ArrayException("lax.pad: padding_config has " + config.length + " entries for an operand of rank " + nd);
        }
        for (int[] c : config) {
            if (c.length != 3) {
                throw new ArrayException("lax.pad: each padding_config entry is (low, high, interior), got " + java.util.Arrays.toString(c));
            }
        }
    }
}

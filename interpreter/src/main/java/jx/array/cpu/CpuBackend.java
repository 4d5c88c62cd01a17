package jx.array.cpu;

import static jx.array.cpu.Storage.*;

import java.util.Arrays;
import java.util.List;
import jx.array.Backend;
import jx.array.DType;
import jx.array.HostData;
import jx.array.Narrow;

/**
 * The reference backend: loops over Java primitive arrays, by kernel family (Elementwise,
 * Reductions, Matmul, Movement). Float kernels evaluate in double and round once per operation,
 * which for +, -, *, / and sqrt is exactly float32 arithmetic; the float32 hot loops
 * (Float32Loops) compute in float32 directly where that is exact or within an ulp.
 */
public final class CpuBackend implements Backend {
    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public String toString() {
        return "cpu";
    }

    // ---- host transfer and creation ----

    @Override
    public Buffer fromHost(HostData h) {
        if (h.dtype().isFloat()) {
            return ofDoubles(h.floats().clone(), h.dtype());
        }
        return ofLongs(h.ints().clone(), h.dtype());
    }

    @Override
    public HostData toHost(Buffer buffer, int[] shape, boolean weak) {
        CpuBuffer b = cpu(buffer);
        if (b.dtype.isFloat()) {
            return new HostData(b.dtype, shape.clone(), weak, doubles(b).clone(), null);
        }
        return new HostData(b.dtype, shape.clone(), weak, null, longs(b).clone());
    }

    @Override
    public Buffer fill(DType dtype, int size, double value) {
        if (dtype == DType.FLOAT32) {
            // Directly, not through a double[]: every Python float meeting an array is a fill of one.
            float[] f = new float[size];
            Arrays.fill(f, (float) value);
            return new CpuBuffer(dtype, f);
        }
        double[] v = new double[size];
        Arrays.fill(v, value);
        return ofDoubles(v, dtype);
    }

    @Override
    public Buffer fill(DType dtype, int size, long value) {
        long[] v = new long[size];
        Arrays.fill(v, value);
        return ofLongs(v, dtype);
    }

    @Override
    public Buffer iota(DType dtype, int size) {
        long[] v = new long[size];
        for (int i = 0; i < size; i++) {
            v[i] = i;
        }
        return ofLongs(v, dtype);
    }

    @Override
    public Buffer cast(Buffer a, DType to) {
        CpuBuffer b = cpu(a);
        return b.dtype.isFloat() ? ofDoubles(doubles(b).clone(), to) : ofLongs(longs(b).clone(), to);
    }

    // ---- compute kernels: the narrow dtypes run as their wide dtype (the same storage, relabelled),
    // and the result is wrapped or rounded back once (jx.array.Narrow) ----

    @Override
    public Buffer unary(UnaryOp op, Buffer a, DType out) {
        return narrow(Elementwise.unary(op, wide(a), out.wide()), out);
    }

    @Override
    public Buffer binary(BinaryOp op, Buffer a, int[] aStrides, Buffer b, int[] bStrides, int[] shape, DType out) {
        return narrow(Elementwise.binary(op, wide(a), aStrides, wide(b), bStrides, shape, out.wide()), out);
    }

    @Override
    public Buffer ternary(TernaryOp op, Buffer a, int[] aStrides, Buffer b, int[] bStrides, Buffer c, int[] cStrides,
                          int[] shape, DType out) {
        return narrow(Elementwise.ternary(op, wide(a), aStrides, wide(b), bStrides, wide(c), cStrides, shape, out.wide()),
                out);
    }

    /** A narrow float's sum and product accumulate in float32 and round once, as jnp.sum's upcast_f16_for_computation. */
    @Override
    public Buffer reduce(ReduceOp op, Buffer a, int outer, int n, int inner, DType out) {
        return narrow(Reductions.reduce(op, wide(a), outer, n, inner, out.wide()), out);
    }

    @Override
    public Buffer scan(ScanOp op, Buffer a, int outer, int n, int inner) {
        return narrow(Reductions.scan(op, wide(a), outer, n, inner), a.dtype());
    }

    /** A narrow float's products accumulate in float32 and round once, as XLA's CPU dot does. */
    @Override
    public Buffer matmul(Buffer a, int aBatchStride, Buffer b, int bBatchStride, int batch, int m, int k, int n) {
        return narrow(Matmul.matmul(wide(a), aBatchStride, wide(b), bBatchStride, batch, m, k, n), a.dtype());
    }

    /** A narrow buffer seen as its wide dtype: the storage already is the wide one's. */
    private static CpuBuffer wide(Buffer a) {
        CpuBuffer b = cpu(a);
        return b.dtype.isNarrow() ? new CpuBuffer(b.dtype.wide(), b.data) : b;
    }

    /** A wide kernel result stored as {@code to}: wrapped or rounded where {@code to} is narrow. */
    private static Buffer narrow(Buffer r, DType to) {
        if (!to.isNarrow()) {
            return r;
        }
        CpuBuffer b = cpu(r);
        if (to.isFloat()) {
            float[] s = (float[]) b.data;
            float[] o = new float[s.length];
            for (int i = 0; i < s.length; i++) {
                o[i] = Narrow.round(s[i], to);
            }
            return new CpuBuffer(to, o);
        }
        int[] s = (int[]) b.data;
        int[] o = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            o[i] = (int) Narrow.wrap(s[i], to);
        }
        return new CpuBuffer(to, o);
    }

    @Override
    public Buffer copy(Buffer a, int offset, int[] strides, int[] shape) {
        return Movement.copy(a, offset, strides, shape);
    }

    @Override
    public Buffer gather(Buffer a, Buffer index) {
        return Movement.gather(a, index);
    }

    @Override
    public Buffer scatter(ScatterOp op, Buffer a, Buffer index, Buffer updates) {
        return Movement.scatter(op, a, index, updates);
    }

    @Override
    public Buffer fused(jx.array.Fused group, List<Buffer> inputs) {
        return FusedLoops.handles(group, inputs) ? FusedLoops.run(group, inputs) : group.runByKernels(this, inputs);
    }

    @Override
    public Buffer concat(List<Buffer> parts, int outer, int[] chunks) {
        return Movement.concat(parts, outer, chunks);
    }

    /** LAPACK's sgesv or dgesv (OpenBLAS's) for systems of 64 equations or more; null for the rest. */
    @Override
    public double[][] solveOnHost(double[][] a, double[][] b, boolean single) {
        return Lapack.solve(a, b, single);
    }
}

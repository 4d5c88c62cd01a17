package jx.gpu;

import static jcuda.driver.JCudaDriver.cuMemcpy2D;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoD;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;

import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;

import jcuda.Pointer;
import jcuda.driver.CUDA_MEMCPY2D;
import jcuda.driver.CUmemorytype;
import jx.array.Backend;
import jx.array.DType;
import jx.array.HostData;

/**
 * The Backend on a CUDA device: every method is one or two launches of a generated kernel (or a
 * driver copy) on device-resident buffers; data crosses to the host only in {@link #toHost}.
 * Semantics are the CPU backend's (the reference); where a parallel order cannot reproduce its
 * sequential float rounding (long sums, scatter-add with atomics) results agree to rounding.
 */
public final class CudaBackend implements Backend {
    /** Rows up to this length are reduced by one thread each, in the CPU backend's order. */
    private static final int SHORT_ROW = 128;
    /** Elements per block of the first pass of a long reduction. */
    private static final int CHUNK = 4096;
    private static final int MAX_GRID_Z = 65535;

    private final CudaDevice device;
    private final DevicePool pool;

    private CudaBackend(CudaDevice device) {
        this.device = device;
        // Reserve from the driver freely up to 3/4 of the device; beyond, collect garbage first.
        this.pool = new DevicePool(device.totalMemory() / 4 * 3);
    }

    /** The backend on device 0, or an exception whose first line says why there is none. */
    public static CudaBackend open() throws Exception {
        return new CudaBackend(CudaDevice.open());
    }

    @Override
    public String name() {
        return "cuda";
    }

    /** What the pool may still hand out: jx.array.Budget refuses a bigger array before allocating. */
    @Override
    public long freeBytes() {
        return pool.budget() - pool.inUse();
    }

    /** The device as the REPL banner and jax.devices() name it. */
    @Override
    public String toString() {
        return "cuda:0 (" + device.name() + ")";
    }

    DevicePool pool() {
        return pool;
    }

    private CudaBuffer alloc(DType d, int size) {
        if (!DevType.held(d)) {
            throw DevType.notHeld(d);
        }
        device.enter();
        return CudaBuffer.allocate(pool, d, size);
    }

    private static CudaBuffer cuda(Buffer b) {
        if (b instanceof CudaBuffer c) {
            return c;
        }
        throw new IllegalArgumentException("buffer of another backend: " + b);
    }

    private static int sizeOf(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    // ---- host transfer and creation ----

    @Override
    public Buffer fromHost(HostData h) {
        int n = h.size();
        CudaBuffer out = alloc(h.dtype(), n);
        if (n == 0) {
            return out;
        }
        Pointer src = switch (h.dtype()) {
            case FLOAT32 -> {
                float[] v = new float[n];
                for (int i = 0; i < n; i++) {
                    v[i] = (float) h.floats()[i];
                }
                yield Pointer.to(v);
            }
            case FLOAT64 -> Pointer.to(h.floats());
            case INT32, UINT32 -> {
                int[] v = new int[n];
                for (int i = 0; i < n; i++) {
                    v[i] = (int) h.ints()[i];
                }
                yield Pointer.to(v);
            }
            case INT64 -> Pointer.to(h.ints());
            case BOOL -> {
                byte[] v = new byte[n];
                for (int i = 0; i < n; i++) {
                    v[i] = (byte) (h.ints()[i] != 0 ? 1 : 0);
                }
                yield Pointer.to(v);
            }
            case COMPLEX64, COMPLEX128 -> throw DevType.notReal(h.dtype());
            default -> throw DevType.notHeld(h.dtype());
        };
        cuMemcpyHtoD(out.ptr(), src, out.bytes());
        return out;
    }

    @Override
    public HostData toHost(Buffer buffer, int[] shape, boolean weak) {
        CudaBuffer b = cuda(buffer);
        device.enter();
        int n = b.size();
        DType d = b.dtype();
        double[] floats = d.isFloat() ? new double[n] : null;
        long[] ints = d.isFloat() ? null : new long[n];
        if (n > 0) {
            switch (d) {
                case FLOAT32 -> {
                    float[] v = new float[n];
                    cuMemcpyDtoH(Pointer.to(v), b.ptr(), b.bytes());
                    for (int i = 0; i < n; i++) {
                        floats[i] = v[i];
                    }
                }
                case FLOAT64 -> cuMemcpyDtoH(Pointer.to(floats), b.ptr(), b.bytes());
                case INT32, UINT32 -> {
                    int[] v = new int[n];
                    cuMemcpyDtoH(Pointer.to(v), b.ptr(), b.bytes());
                    for (int i = 0; i < n; i++) {
                        ints[i] = d == DType.UINT32 ? v[i] & 0xFFFFFFFFL : v[i];
                    }
                }
                case INT64 -> cuMemcpyDtoH(Pointer.to(ints), b.ptr(), b.bytes());
                case BOOL -> {
                    byte[] v = new byte[n];
                    cuMemcpyDtoH(Pointer.to(v), b.ptr(), b.bytes());
                    for (int i = 0; i < n; i++) {
                        ints[i] = v[i] != 0 ? 1 : 0;
                    }
                }
                default -> throw DevType.notHeld(d);
            }
        }
        Reference.reachabilityFence(b);
        return new HostData(d, shape.clone(), weak, floats, ints);
    }

    /** The bits of {@code value} stored as {@code d}, converted as the CPU backend converts a double. */
    private static long bitsOf(DType d, double value) {
        return switch (d) {
            case FLOAT32 -> Float.floatToRawIntBits((float) value) & 0xFFFFFFFFL;
            case FLOAT64 -> Double.doubleToRawLongBits(value);
            case INT32 -> (int) value & 0xFFFFFFFFL;
            case UINT32 -> (int) (long) value & 0xFFFFFFFFL;
            case INT64 -> (long) value;
            case BOOL -> value != 0 ? 1 : 0;
            case COMPLEX64, COMPLEX128 -> throw DevType.notReal(d);
            default -> throw DevType.notHeld(d);
        };
    }

    /** The bits of {@code value} stored as {@code d}, converted as the CPU backend converts a long. */
    private static long bitsOf(DType d, long value) {
        return switch (d) {
            case FLOAT32 -> Float.floatToRawIntBits((float) value) & 0xFFFFFFFFL;
            case FLOAT64 -> Double.doubleToRawLongBits((double) value);
            case INT32, UINT32 -> value & 0xFFFFFFFFL;
            case INT64 -> value;
            case BOOL -> value != 0 ? 1 : 0;
            case COMPLEX64, COMPLEX128 -> throw DevType.notReal(d);
            default -> throw DevType.notHeld(d);
        };
    }

    private Buffer fillBits(DType d, int size, long bits) {
        CudaBuffer out = alloc(d, size);
        if (size > 0) {
            int item = d.itemSize();
            device.launch1d(KernelKey.fill(item), size, out, size, item == 8 ? (Object) bits : (Object) (int) bits);
        }
        return out;
    }

    @Override
    public Buffer fill(DType dtype, int size, double value) {
        return fillBits(dtype, size, bitsOf(dtype, value));
    }

    @Override
    public Buffer fill(DType dtype, int size, long value) {
        return fillBits(dtype, size, bitsOf(dtype, value));
    }

    @Override
    public Buffer iota(DType dtype, int size) {
        CudaBuffer out = alloc(dtype, size);
        if (size > 0) {
            device.launch1d(KernelKey.iota(dtype), size, out, size);
        }
        return out;
    }

    @Override
    public Buffer cast(Buffer a, DType to) {
        CudaBuffer x = cuda(a);
        if (x.dtype() == to) {
            return x;
        }
        CudaBuffer out = alloc(to, x.size());
        if (x.size() > 0) {
            device.launch1d(KernelKey.cast(x.dtype(), to), x.size(), out, x, 1, x.size());
        }
        return out;
    }

    // ---- elementwise ----

    @Override
    public Buffer unary(UnaryOp op, Buffer a, DType out) {
        CudaBuffer x = cuda(a);
        DType d = x.dtype();
        if (!Alu.supports(op, d)) {
            throw new IllegalArgumentException(op + " on " + d);
        }
        DType natural = Alu.out(op, d);
        CudaBuffer r = alloc(natural, x.size());
        if (x.size() > 0) {
            device.launch1d(KernelKey.unary(op, d), x.size(), r, x, 1, x.size());
        }
        return cast(r, out);
    }

    @Override
    public Buffer binary(BinaryOp op, Buffer a, int[] aStrides, Buffer b, int[] bStrides, int[] shape, DType out) {
        DType d = a.dtype();
        if (!Alu.supports(op, d)) {
            throw new IllegalArgumentException(op + " on " + d);
        }
        CudaBuffer r = elementwise(KernelKey.binary(op, d, false), KernelKey.binary(op, d, true), Alu.out(op, d),
                shape, new CudaBuffer[] {cuda(a), cuda(b)}, new int[][] {aStrides, bStrides});
        return cast(r, out);
    }

    @Override
    public Buffer ternary(TernaryOp op, Buffer a, int[] aStrides, Buffer b, int[] bStrides, Buffer c, int[] cStrides,
                          int[] shape, DType out) {
        DType d = b.dtype();
        CudaBuffer r = elementwise(KernelKey.ternary(op, d, false), KernelKey.ternary(op, d, true), d, shape,
                new CudaBuffer[] {cuda(a), cuda(b), cuda(c)}, new int[][] {aStrides, bStrides, cStrides});
        return cast(r, out);
    }

    /**
     * Runs a flat or strided elementwise kernel over {@code shape}. Beyond MAX_RANK merged
     * dimensions the operands are first copied into contiguous broadcast form.
     */
    private CudaBuffer elementwise(KernelKey flat, KernelKey strided, DType outType, int[] shape,
                                   CudaBuffer[] operands, int[][] strides) {
        int n = sizeOf(shape);
        CudaBuffer r = alloc(outType, n);
        if (n == 0) {
            return r;
        }
        Layout layout = Layout.of(shape, strides);
        List<Object> args = new ArrayList<>();
        args.add(r);
        if (layout.rank() > Elementwise.MAX_RANK) {
            for (int o = 0; o < operands.length; o++) {
                operands[o] = (CudaBuffer) copy(operands[o], 0, strides[o], shape);
            }
            for (CudaBuffer op : operands) {
                args.add(op);
                args.add(1);
            }
        } else if (layout.flat()) {
            for (int o = 0; o < operands.length; o++) {
                args.add(operands[o]);
                args.add(layout.step(o));
            }
        }
        if (args.size() > 1) {
            args.add(n);
            device.launch1d(flat, n, args.toArray());
            return r;
        }
        for (CudaBuffer op : operands) {
            args.add(op);
        }
        args.add(n);
        args.addAll(layout.params());
        device.launch1d(strided, n, args.toArray());
        return r;
    }

    // ---- reductions and scans ----

    @Override
    public Buffer reduce(ReduceOp op, Buffer a, int outer, int n, int inner, DType out) {
        CudaBuffer x = cuda(a);
        if ((op == ReduceOp.ANY || op == ReduceOp.ALL) && x.dtype() != DType.BOOL) {
            x = (CudaBuffer) cast(x, DType.BOOL);
        }
        DType d = x.dtype();
        boolean arg = Reductions.isArg(op);
        DType natural = arg ? (out == DType.INT64 ? DType.INT64 : DType.INT32) : d;
        int outputs = outer * inner;
        CudaBuffer r = alloc(natural, outputs);
        if (outputs > 0) {
            if (n <= SHORT_ROW || inner > 1 && outputs >= 2048) {
                if (op == ReduceOp.SUM && d.isFloat() && inner == 1) {
                    device.launch1d(KernelKey.reducePairwise(d), outputs, r, x, outputs, n);
                } else {
                    device.launch1d(KernelKey.reduceSeq(op, d, natural), outputs, r, x, outputs, n, inner);
                }
            } else {
                treeReduce(op, d, natural, x, r, outputs, n, inner);
            }
        }
        return cast(r, out);
    }

    /** One pass when a row fits a block's chunk, else chunk partials then a pass over them. */
    private void treeReduce(ReduceOp op, DType d, DType natural, CudaBuffer x, CudaBuffer r, int outputs, int n,
                            int inner) {
        KernelKey key = KernelKey.reduceTree(op, d, natural);
        int chunks = (n + CHUNK - 1) / CHUNK;
        boolean arg = Reductions.isArg(op);
        if (chunks == 1) {
            if (arg) {
                device.launch(key, outputs, 1, 1, Reductions.BLOCK, r, r, x, x, n, inner, n, 1, 1, 1);
            } else {
                device.launch(key, outputs, 1, 1, Reductions.BLOCK, r, x, n, inner, n, 1);
            }
            return;
        }
        int partials = outputs * chunks;
        CudaBuffer values = alloc(d, partials);
        if (arg) {
            CudaBuffer indices = alloc(DType.INT32, partials);
            device.launch(key, partials, 1, 1, Reductions.BLOCK, values, indices, x, x, n, inner, CHUNK, chunks, 1, 0);
            device.launch(key, outputs, 1, 1, Reductions.BLOCK, r, r, values, indices, chunks, 1, chunks, 1, 0, 1);
        } else {
            device.launch(key, partials, 1, 1, Reductions.BLOCK, values, x, n, inner, CHUNK, chunks);
            device.launch(key, outputs, 1, 1, Reductions.BLOCK, r, values, chunks, 1, chunks, 1);
        }
    }

    @Override
    public Buffer scan(ScanOp op, Buffer a, int outer, int n, int inner) {
        CudaBuffer x = cuda(a);
        CudaBuffer r = alloc(x.dtype(), x.size());
        int columns = outer * inner;
        if (columns > 0 && n > 0) {
            device.launch1d(KernelKey.scan(op, x.dtype()), columns, r, x, columns, n, inner);
        }
        return r;
    }

    // ---- matmul ----

    @Override
    public Buffer matmul(Buffer a, int aBatchStride, Buffer b, int bBatchStride, int batch, int m, int k, int n) {
        CudaBuffer x = cuda(a);
        CudaBuffer y = cuda(b);
        DType d = x.dtype();
        CudaBuffer r = alloc(d, batch * m * n);
        if (r.size() == 0) {
            return r;
        }
        int gx = (n + Matmul.TILE - 1) / Matmul.TILE;
        int gy = (m + Matmul.TILE - 1) / Matmul.TILE;
        for (int b0 = 0; b0 < batch; b0 += MAX_GRID_Z) {
            int gz = Math.min(MAX_GRID_Z, batch - b0);
            device.launch(KernelKey.matmul(d), gx, gy, gz, Matmul.THREADS,
                    new CudaDevice.At(r, (long) b0 * m * n), new CudaDevice.At(x, (long) b0 * aBatchStride),
                    new CudaDevice.At(y, (long) b0 * bBatchStride), aBatchStride, bBatchStride, m, k, n);
        }
        return r;
    }

    // ---- data movement ----

    @Override
    public Buffer copy(Buffer a, int offset, int[] strides, int[] shape) {
        CudaBuffer x = cuda(a);
        int n = sizeOf(shape);
        CudaBuffer r = alloc(x.dtype(), n);
        if (n == 0) {
            return r;
        }
        Layout layout = Layout.of(shape, strides);
        if (layout.flat() && layout.step(0) == 1) {
            cuMemcpyDtoD(r.ptr(), x.at(offset), r.bytes());
            Reference.reachabilityFence(x);
            return r;
        }
        copyInto(r, 0, x, offset, layout.shape(), layout.strides()[0]);
        return r;
    }

    /**
     * Copies the strided view (innermost-first shape and strides) to out[outStart...]: in one
     * launch up to MAX_RANK dimensions, else one launch per index of the outermost dimension.
     */
    private void copyInto(CudaBuffer out, long outStart, CudaBuffer x, int offset, int[] shape, int[] strides) {
        int rank = shape.length;
        if (rank > Elementwise.MAX_RANK) {
            int[] innerShape = java.util.Arrays.copyOf(shape, rank - 1);
            int[] innerStrides = java.util.Arrays.copyOf(strides, rank - 1);
            long innerSize = sizeOf(innerShape);
            for (int i = 0; i < shape[rank - 1]; i++) {
                copyInto(out, outStart + i * innerSize, x, offset + i * strides[rank - 1], innerShape, innerStrides);
            }
            return;
        }
        int n = sizeOf(shape);
        Layout layout = new Layout(shape, new int[][] {strides});
        List<Object> args = new ArrayList<>(List.of(new CudaDevice.At(out, outStart), x, n, offset));
        args.addAll(layout.params());
        device.launch1d(KernelKey.copy(x.dtype().itemSize()), n, args.toArray());
    }

    @Override
    public Buffer gather(Buffer a, Buffer index) {
        CudaBuffer x = cuda(a);
        CudaBuffer idx = cuda(index);
        CudaBuffer r = alloc(x.dtype(), idx.size());
        if (r.size() > 0) {
            device.launch1d(KernelKey.gather(x.dtype().itemSize()), r.size(), r, x, idx, r.size());
        }
        return r;
    }

    @Override
    public Buffer scatter(ScatterOp op, Buffer a, Buffer index, Buffer updates) {
        CudaBuffer x = cuda(a);
        CudaBuffer idx = cuda(index);
        CudaBuffer u = cuda(updates);
        CudaBuffer r = alloc(x.dtype(), x.size());
        if (r.size() == 0) {
            return r;
        }
        cuMemcpyDtoD(r.ptr(), x.ptr(), r.bytes());
        int n = idx.size();
        if (n > 0) {
            if (op == ScatterOp.SET) {
                CudaBuffer winner = (CudaBuffer) fill(DType.INT32, r.size(), -1L);
                device.launch1d(KernelKey.scatterWinner(), n, winner, idx, n, r.size());
                device.launch1d(KernelKey.scatterSet(x.dtype().itemSize()), n, r, idx, u, winner, n, r.size());
            } else {
                device.launch1d(KernelKey.scatter(op, x.dtype()), n, r, idx, u, n, r.size());
            }
        }
        Reference.reachabilityFence(x);
        return r;
    }

    @Override
    public Buffer concat(List<Buffer> parts, int outer, int[] chunks) {
        DType d = parts.get(0).dtype();
        int row = 0;
        for (int c : chunks) {
            row += c;
        }
        CudaBuffer r = alloc(d, outer * row);
        long size = d.itemSize();
        long column = 0;
        for (int p = 0; p < chunks.length; p++) {
            CudaBuffer part = cuda(parts.get(p));
            if (chunks[p] > 0 && outer > 0) {
                // Each part is a (outer, chunk) block placed at its column of the (outer, row) result.
                CUDA_MEMCPY2D c = new CUDA_MEMCPY2D();
                c.srcMemoryType = CUmemorytype.CU_MEMORYTYPE_DEVICE;
                c.srcDevice = part.ptr();
                c.srcPitch = chunks[p] * size;
                c.dstMemoryType = CUmemorytype.CU_MEMORYTYPE_DEVICE;
                c.dstDevice = r.at(column);
                c.dstPitch = row * size;
                c.WidthInBytes = chunks[p] * size;
                c.Height = outer;
                cuMemcpy2D(c);
            }
            column += chunks[p];
            Reference.reachabilityFence(part);
        }
        return r;
    }
}

package jx.check;

import java.util.List;

import jx.array.Backend;
import jx.array.DType;
import jx.array.HostData;
import jx.eval.Unknown;

/**
 * A backend whose buffers hold no elements, only a dtype and a size. With it current, every
 * {@link jx.array.Ops} call still runs its shape and dtype rule (and reports what it rejects) but
 * computes nothing: the checker's abstract evaluation uses the very rules the run uses. Reading
 * elements is impossible, so it throws {@link Unknown} and the checker leaves that path to the run.
 */
final class ShapeBackend implements Backend {
    static final ShapeBackend INSTANCE = new ShapeBackend();

    private record Shaped(DType dtype, int size) implements Buffer {}

    private ShapeBackend() {}

    private static int product(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    @Override
    public String name() {
        return "shapes";
    }

    @Override
    public Buffer fromHost(HostData data) {
        return new Shaped(data.dtype(), data.size());
    }

    @Override
    public HostData toHost(Buffer buffer, int[] shape, boolean weak) {
        throw new Unknown();
    }

    @Override
    public Buffer fill(DType dtype, int size, double value) {
        return new Shaped(dtype, size);
    }

    @Override
    public Buffer fill(DType dtype, int size, long value) {
        return new Shaped(dtype, size);
    }

    @Override
    public Buffer iota(DType dtype, int size) {
        return new Shaped(dtype, size);
    }

    @Override
    public Buffer cast(Buffer a, DType to) {
        return new Shaped(to, a.size());
    }

    @Override
    public Buffer unary(UnaryOp op, Buffer a, DType out) {
        return new Shaped(out, a.size());
    }

    @Override
    public Buffer binary(BinaryOp op, Buffer a, int[] aStrides, Buffer b, int[] bStrides, int[] shape, DType out) {
        return new Shaped(out, product(shape));
    }

    @Override
    public Buffer ternary(TernaryOp op, Buffer a, int[] aStrides, Buffer b, int[] bStrides, Buffer c, int[] cStrides,
                          int[] shape, DType out) {
        return new Shaped(out, product(shape));
    }

    @Override
    public Buffer reduce(ReduceOp op, Buffer a, int outer, int n, int inner, DType out) {
        return new Shaped(out, outer * inner);
    }

    @Override
    public Buffer scan(ScanOp op, Buffer a, int outer, int n, int inner) {
        return new Shaped(a.dtype(), a.size());
    }

    @Override
    public Buffer matmul(Buffer a, int aBatchStride, Buffer b, int bBatchStride, int batch, int m, int k, int n) {
        return new Shaped(a.dtype(), batch * m * n);
    }

    @Override
    public Buffer copy(Buffer a, int offset, int[] strides, int[] shape) {
        return new Shaped(a.dtype(), product(shape));
    }

    @Override
    public Buffer gather(Buffer a, Buffer index) {
        return new Shaped(a.dtype(), index.size());
    }

    @Override
    public Buffer scatter(ScatterOp op, Buffer a, Buffer index, Buffer updates) {
        return new Shaped(a.dtype(), a.size());
    }

    @Override
    public Buffer concat(List<Buffer> parts, int outer, int[] chunks) {
        int row = 0;
        for (int c : chunks) {
            row += c;
        }
        return new Shaped(parts.get(0).dtype(), outer * row);
    }
}

package jx.jit;

import java.util.ArrayList;
import java.util.List;

import jx.array.Backend;
import jx.array.DType;
import jx.array.HostData;

/**
 * The backend a function runs on while it is staged: every kernel call becomes a {@link Node}
 * instead of work, so jx.array's own rules (shapes, dtypes, promotion, broadcasting) decide the
 * program and the staged program means exactly what eager evaluation computes. Reading elements
 * of a value that depends on an input is impossible here ({@link NeedsValue}); constants are
 * computed on the real backend when read.
 */
final class Tracer implements Backend {
    private final Backend real;
    final List<Node> nodes = new ArrayList<>();
    /** Nested jit calls seen while staging: printed as pjit by make_jaxpr. */
    final List<Region> regions = new ArrayList<>();

    /** The nodes a nested jitted call made, from its inputs to its outputs. */
    record Region(String name, List<Node> inputs, List<Node> outputs, int first, int end) {}

    Tracer(Backend real) {
        this.real = real;
    }

    Backend real() {
        return real;
    }

    Node input(int index, DType dtype, int[] shape) {
        return add(dtype, sizeOf(shape), new Node.Op.Input(index), shape);
    }

    private Node add(DType dtype, int size, Node.Op op, int[] shape) {
        Node n = new Node(nodes.size(), dtype, size, op, shape.clone());
        nodes.add(n);
        return n;
    }

    private static int sizeOf(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    private static Node node(Buffer b) {
        if (b instanceof Node n) {
            return n;
        }
        throw new IllegalStateException("a buffer of another backend reached the staging backend: " + b);
    }

    @Override
    public String name() {
        return real.name();
    }

    @Override
    public String toString() {
        return real.toString();
    }

    @Override
    public long freeBytes() {
        return real.freeBytes();
    }

    @Override
    public Buffer fromHost(HostData data) {
        return add(data.dtype(), sizeOf(data.shape()), new Node.Op.Host(data), data.shape());
    }

    @Override
    public HostData toHost(Buffer buffer, int[] shape, boolean weak) {
        Node n = node(buffer);
        if (!n.constant) {
            throw new NeedsValue("the value of a staged array");
        }
        return real.toHost(Program.evaluate(real, nodes, n), shape, weak);
    }

    @Override
    public Buffer fill(DType dtype, int size, double value) {
        return add(dtype, size, new Node.Op.Fill(value, 0, true), fillShape(size));
    }

    @Override
    public Buffer fill(DType dtype, int size, long value) {
        return add(dtype, size, new Node.Op.Fill(value, value, false), fillShape(size));
    }

    /**
     * A buffer has no shape; a fill of one element is taken for a scalar (a Python number such as
     * the 2.0 of {@code jnp.log(2.0)}, far more common than a one-element array), so that what is
     * computed from it prints as {@code f32[]}, as in JAX.
     */
    private static int[] fillShape(int size) {
        return size == 1 ? new int[0] : new int[] {size};
    }

    @Override
    public Buffer iota(DType dtype, int size) {
        return add(dtype, size, new Node.Op.Iota(), new int[] {size});
    }

    @Override
    public Buffer cast(Buffer a, DType to) {
        Node x = node(a);
        return add(to, x.size, new Node.Op.Cast(x), x.shape);
    }

    @Override
    public Buffer unary(UnaryOp op, Buffer a, DType out) {
        Node x = node(a);
        return add(out, x.size, new Node.Op.Unary(op, x), x.shape);
    }

    @Override
    public Buffer binary(BinaryOp op, Buffer a, int[] aStrides, Buffer b, int[] bStrides, int[] shape, DType out) {
        return add(out, sizeOf(shape), new Node.Op.Binary(op, node(a), aStrides.clone(), node(b), bStrides.clone(),
                shape.clone()), shape);
    }

    @Override
    public Buffer ternary(TernaryOp op, Buffer a, int[] aStrides, Buffer b, int[] bStrides, Buffer c, int[] cStrides,
            int[] shape, DType out) {
        return add(out, sizeOf(shape), new Node.Op.Ternary(op, node(a), aStrides.clone(), node(b), bStrides.clone(),
                node(c), cStrides.clone(), shape.clone()), shape);
    }

    @Override
    public Buffer reduce(ReduceOp op, Buffer a, int outer, int n, int inner, DType out) {
        Node x = node(a);
        return add(out, outer * inner, new Node.Op.Reduce(op, x, outer, n, inner), Jaxpr.reducedShape(x.shape, outer, n, inner));
    }

    @Override
    public Buffer scan(ScanOp op, Buffer a, int outer, int n, int inner) {
        Node x = node(a);
        return add(x.dtype, x.size, new Node.Op.Scan(op, x, outer, n, inner), x.shape);
    }

    @Override
    public Buffer matmul(Buffer a, int aBatchStride, Buffer b, int bBatchStride, int batch, int m, int k, int n) {
        // A vector operand (jx multiplies it as a 1-row or 1-column matrix) drops its axis, as jnp.matmul's result does.
        boolean vecA = node(a).shape.length == 1 && m == 1;
        boolean vecB = node(b).shape.length == 1 && n == 1;
        int[] shape = batch == 1 ? new int[] {m, n} : new int[] {batch, m, n};
        if (batch == 1 && (vecA || vecB)) {
            shape = vecA && vecB ? new int[0] : vecA ? new int[] {n} : new int[] {m};
        }
        return add(node(a).dtype, batch * m * n, new Node.Op.Matmul(node(a), aBatchStride, node(b), bBatchStride, batch,
                m, k, n), shape);
    }

    @Override
    public Buffer copy(Buffer a, int offset, int[] strides, int[] shape) {
        Node x = node(a);
        return add(x.dtype, sizeOf(shape), new Node.Op.Copy(x, offset, strides.clone(), shape.clone()), shape);
    }

    @Override
    public Buffer gather(Buffer a, Buffer index) {
        Node x = node(a);
        Node i = node(index);
        return add(x.dtype, i.size, new Node.Op.Gather(x, i), i.shape);
    }

    @Override
    public Buffer scatter(ScatterOp op, Buffer a, Buffer index, Buffer updates) {
        Node x = node(a);
        return add(x.dtype, x.size, new Node.Op.Scatter(op, x, node(index), node(updates)), x.shape);
    }

    @Override
    public Buffer concat(List<Buffer> parts, int outer, int[] chunks) {
        List<Node> ns = parts.stream().map(Tracer::node).toList();
        int size = 0;
        for (int c : chunks) {
            size += c * outer;
        }
        return add(ns.get(0).dtype, size, new Node.Op.Concat(ns, outer, chunks.clone()), new int[] {outer, size / Math.max(1, outer)});
    }
}

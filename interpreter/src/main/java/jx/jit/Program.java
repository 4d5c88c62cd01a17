package jx.jit;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import jx.array.Backend;
import jx.array.Backend.Buffer;

/**
 * A staged, simplified program: its nodes in an order where operands come first, the flattened
 * arguments it reads and the nodes it returns. Running it calls the backend's kernels (and fused
 * loops) directly: no interpreter, no shape rules, no Python values.
 */
record Program(List<Node> nodes, int inputs, List<Node> outputs) {

    /** The outputs for the given input buffers, on be. */
    Buffer[] run(Backend be, Buffer[] args) {
        Buffer[] values = new Buffer[nodes.isEmpty() ? 0 : nodes.get(nodes.size() - 1).id + 1];
        for (Node n : nodes) {
            values[n.id] = n.op instanceof Node.Op.Input in ? args[in.index()] : exec(be, n, m -> values[m.id]);
        }
        Buffer[] out = new Buffer[outputs.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values[outputs.get(i).id];
        }
        return out;
    }

    /** A constant node's value, computed on the real backend from the nodes it depends on. */
    static Buffer evaluate(Backend be, List<Node> nodes, Node target) {
        Map<Node, Buffer> memo = new HashMap<>();
        return evaluate(be, target, memo);
    }

    private static Buffer evaluate(Backend be, Node n, Map<Node, Buffer> memo) {
        Buffer b = memo.get(n);
        if (b == null) {
            for (Node operand : n.op.operands()) {
                evaluate(be, operand, memo);
            }
            b = exec(be, n, memo::get);
            memo.put(n, b);
        }
        return b;
    }

    /** One node's kernel call on be, its operands' values given by value. */
    static Buffer exec(Backend be, Node n, Function<Node, Buffer> value) {
        return switch (n.op) {
            case Node.Op.Input in -> throw new IllegalStateException("input %" + n.id + " has no value here");
            case Node.Op.Const c -> c.value();
            case Node.Op.Host h -> be.fromHost(h.data());
            case Node.Op.Fill f -> f.isFloat() ? be.fill(n.dtype, n.size, f.value()) : be.fill(n.dtype, n.size, f.bits());
            case Node.Op.Iota i -> be.iota(n.dtype, n.size);
            case Node.Op.Cast c -> be.cast(value.apply(c.a()), n.dtype);
            case Node.Op.Unary u -> be.unary(u.op(), value.apply(u.a()), n.dtype);
            case Node.Op.Binary b -> be.binary(b.op(), value.apply(b.a()), b.aStrides(), value.apply(b.b()), b.bStrides(),
                    b.shape(), n.dtype);
            case Node.Op.Ternary t -> be.ternary(t.op(), value.apply(t.a()), t.aStrides(), value.apply(t.b()),
                    t.bStrides(), value.apply(t.c()), t.cStrides(), t.shape(), n.dtype);
            case Node.Op.Reduce r -> be.reduce(r.op(), value.apply(r.a()), r.outer(), r.n(), r.inner(), n.dtype);
            case Node.Op.Scan s -> be.scan(s.op(), value.apply(s.a()), s.outer(), s.n(), s.inner());
            case Node.Op.Matmul m -> be.matmul(value.apply(m.a()), m.aBatchStride(), value.apply(m.b()), m.bBatchStride(),
                    m.batch(), m.m(), m.k(), m.n());
            case Node.Op.Copy c -> be.copy(value.apply(c.a()), c.offset(), c.strides(), c.shape());
            case Node.Op.Gather g -> be.gather(value.apply(g.a()), value.apply(g.index()));
            case Node.Op.Scatter s -> be.scatter(s.op(), value.apply(s.a()), value.apply(s.index()),
                    value.apply(s.updates()));
            case Node.Op.Concat c -> be.concat(c.parts().stream().map(value).toList(), c.outer(), c.chunks());
            case Node.Op.Group g -> be.fused(g.kernel(), g.inputs().stream().map(value).toList());
        };
    }
}

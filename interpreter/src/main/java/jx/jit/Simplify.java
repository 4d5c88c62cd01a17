package jx.jit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import jx.array.Backend;

/**
 * The simplifications of a staged program before it runs: constants are computed once, now
 * (folding: whatever depends on no input, captured arrays included, becomes a buffer of the real
 * backend), equal kernel calls of equal operands are made once (common subexpressions), and what
 * no output needs is dropped (dead code).
 */
final class Simplify {
    private Simplify() {}

    static Program program(Backend be, List<Node> traced, int inputs, List<Node> outputs) {
        Map<Node, Node> to = new HashMap<>();
        Map<String, Node> seen = new HashMap<>();
        List<Node> kept = new ArrayList<>();
        List<Node> live = live(traced, outputs);
        for (Node n : live) {
            Node.Op op = remap(n.op, to::get);
            if (n.constant && !(op instanceof Node.Op.Const)) {
                op = new Node.Op.Const(Program.exec(be, new Node(0, n.dtype, n.size, op, n.shape), m -> ((Node.Op.Const) m.op).value()));
            }
            String key = key(op);
            Node same = key == null ? null : seen.get(key);
            if (same != null && same.dtype == n.dtype && same.size == n.size) {
                to.put(n, same);
                continue;
            }
            Node m = new Node(kept.size(), n.dtype, n.size, op, n.shape);
            kept.add(m);
            if (key != null) {
                seen.put(key, m);
            }
            to.put(n, m);
        }
        return new Program(kept, inputs, outputs.stream().map(to::get).toList());
    }

    /** The nodes some output depends on, in their order. */
    static List<Node> live(List<Node> nodes, List<Node> outputs) {
        boolean[] needed = new boolean[nodes.size()];
        for (Node o : outputs) {
            needed[o.id] = true;
        }
        for (int i = nodes.size() - 1; i >= 0; i--) {
            if (needed[i]) {
                for (Node operand : nodes.get(i).op.operands()) {
                    needed[operand.id] = true;
                }
            }
        }
        List<Node> out = new ArrayList<>();
        for (Node n : nodes) {
            if (needed[n.id]) {
                out.add(n);
            }
        }
        return out;
    }

    /** A key equal for two calls that compute the same buffer; null for values that are only themselves. */
    private static String key(Node.Op op) {
        return switch (op) {
            case Node.Op.Input in -> "in" + in.index();
            case Node.Op.Const c -> null;
            case Node.Op.Host h -> null;
            case Node.Op.Group g -> null;
            case Node.Op.Fill f -> "fill" + f.value() + "/" + f.bits() + f.isFloat();
            case Node.Op.Iota i -> "iota";
            case Node.Op.Cast c -> "cast" + c.a();
            case Node.Op.Unary u -> u.op() + " " + u.a();
            case Node.Op.Binary b -> b.op() + " " + b.a() + Arrays.toString(b.aStrides()) + b.b()
                    + Arrays.toString(b.bStrides()) + Arrays.toString(b.shape());
            case Node.Op.Ternary t -> t.op() + " " + t.a() + Arrays.toString(t.aStrides()) + t.b()
                    + Arrays.toString(t.bStrides()) + t.c() + Arrays.toString(t.cStrides()) + Arrays.toString(t.shape());
            case Node.Op.Reduce r -> r.op() + " " + r.a() + "/" + r.outer() + "," + r.n() + "," + r.inner();
            case Node.Op.Scan s -> s.op() + " " + s.a() + "/" + s.outer() + "," + s.n() + "," + s.inner();
            case Node.Op.Matmul m -> "matmul " + m.a() + "," + m.aBatchStride() + m.b() + "," + m.bBatchStride() + "/"
                    + m.batch() + "," + m.m() + "," + m.k() + "," + m.n();
            case Node.Op.Copy c -> "copy " + c.a() + "/" + c.offset() + Arrays.toString(c.strides())
                    + Arrays.toString(c.shape());
            case Node.Op.Gather g -> "gather " + g.a() + g.index();
            case Node.Op.Scatter s -> "scatter" + s.op() + " " + s.a() + s.index() + s.updates();
            case Node.Op.Concat c -> "concat " + c.parts() + c.outer() + Arrays.toString(c.chunks());
        };
    }

    /** The same call over the nodes f gives for its operands. */
    static Node.Op remap(Node.Op op, Function<Node, Node> f) {
        return switch (op) {
            case Node.Op.Input in -> in;
            case Node.Op.Const c -> c;
            case Node.Op.Host h -> h;
            case Node.Op.Fill fl -> fl;
            case Node.Op.Iota i -> i;
            case Node.Op.Cast c -> new Node.Op.Cast(f.apply(c.a()));
            case Node.Op.Unary u -> new Node.Op.Unary(u.op(), f.apply(u.a()));
            case Node.Op.Binary b -> new Node.Op.Binary(b.op(), f.apply(b.a()), b.aStrides(), f.apply(b.b()), b.bStrides(),
                    b.shape());
            case Node.Op.Ternary t -> new Node.Op.Ternary(t.op(), f.apply(t.a()), t.aStrides(), f.apply(t.b()),
                    t.bStrides(), f.apply(t.c()), t.cStrides(), t.shape());
            case Node.Op.Reduce r -> new Node.Op.Reduce(r.op(), f.apply(r.a()), r.outer(), r.n(), r.inner());
            case Node.Op.Scan s -> new Node.Op.Scan(s.op(), f.apply(s.a()), s.outer(), s.n(), s.inner());
            case Node.Op.Matmul m -> new Node.Op.Matmul(f.apply(m.a()), m.aBatchStride(), f.apply(m.b()), m.bBatchStride(),
                    m.batch(), m.m(), m.k(), m.n());
            case Node.Op.Copy c -> new Node.Op.Copy(f.apply(c.a()), c.offset(), c.strides(), c.shape());
            case Node.Op.Gather g -> new Node.Op.Gather(f.apply(g.a()), f.apply(g.index()));
            case Node.Op.Scatter s -> new Node.Op.Scatter(s.op(), f.apply(s.a()), f.apply(s.index()), f.apply(s.updates()));
            case Node.Op.Concat c -> new Node.Op.Concat(c.parts().stream().map(f).toList(), c.outer(), c.chunks());
            case Node.Op.Group g -> new Node.Op.Group(g.kernel(), g.inputs().stream().map(f).toList());
        };
    }
}

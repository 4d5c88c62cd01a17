package jx.jit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jx.array.Backend.ReduceOp;
import jx.array.DType;
import jx.array.Fused;

/**
 * Fusion of a simplified program: a float32 elementwise node whose only reader is another
 * elementwise node of the same shape, reading it in order, joins that reader's group, and a sum,
 * max or min of a group's result ends it; each group becomes one {@link Node.Op.Group} the backend
 * runs as one loop. Matrix products, copies, gathers and the rest stay calls.
 */
final class Fuse {
    private Fuse() {}

    static Program program(Program p) {
        Map<Node, Integer> uses = new HashMap<>();
        for (Node n : p.nodes()) {
            for (Node o : n.op.operands()) {
                uses.merge(o, 1, Integer::sum);
            }
        }
        Set<Node> outputs = new HashSet<>(p.outputs());
        Map<Node, Node> rows = RowRegions.find(p, outputs);
        // Which nodes are absorbed into their single reader's group, or into their row-wise region.
        Set<Node> absorbed = new HashSet<>();
        rows.forEach((n, root) -> {
            if (n != root) {
                absorbed.add(n);
            }
        });
        for (Node n : p.nodes()) {
            int[] shape = groupShape(n);
            if (shape == null || rows.containsKey(n)) {
                continue;
            }
            for (Node o : n.op.operands()) {
                if (elementwise(o) && !rows.containsKey(o) && uses.get(o) == 1 && !outputs.contains(o) && readsInOrder(n, o)
                        && compatible(o, shape)) {
                    absorbed.add(o);
                }
            }
        }
        Map<Node, Node> to = new HashMap<>();
        List<Node> kept = new ArrayList<>();
        for (Node n : p.nodes()) {
            if (absorbed.contains(n)) {
                continue;
            }
            Node.Op op = Simplify.remap(n.op, to::get);
            boolean grouped = n.op.operands().stream().anyMatch(absorbed::contains);
            if (grouped) {
                op = group(n, absorbed, to);
            }
            Node m = new Node(kept.size(), n.dtype, n.size, op, n.shape);
            kept.add(m);
            to.put(n, m);
        }
        return new Program(kept, p.inputs(), p.outputs().stream().map(to::get).toList());
    }

    /** Whether n is an elementwise float32 kernel call that can be a step of a group. */
    private static boolean elementwise(Node n) {
        boolean f32 = n.dtype == DType.FLOAT32 && n.op.operands().stream().allMatch(o -> o.dtype == DType.FLOAT32);
        return f32 && (n.op instanceof Node.Op.Unary || n.op instanceof Node.Op.Binary
                || n.op instanceof Node.Op.Ternary t && t.op() == jx.array.Backend.TernaryOp.CLIP);
    }

    /** The shape an elementwise node iterates over, or null where n is not one. */
    static int[] elementwiseShape(Node n) {
        return n.op instanceof Node.Op.Reduce ? null : groupShape(n);
    }

    /** The shape a group rooted at n iterates over, or null where n cannot hold a group. */
    private static int[] groupShape(Node n) {
        return switch (n.op) {
            case Node.Op.Binary b when elementwise(n) -> b.shape();
            case Node.Op.Ternary t when elementwise(n) -> t.shape();
            case Node.Op.Unary u when elementwise(n) -> n.shape;
            case Node.Op.Reduce r when n.dtype == DType.FLOAT32 && r.a().dtype == DType.FLOAT32
                    && (r.op() == ReduceOp.SUM || r.op() == ReduceOp.MAX || r.op() == ReduceOp.MIN) -> r.a().shape;
            default -> null;
        };
    }

    /** An absorbed operand of the same size read at index i for output i. */
    private static boolean readsInOrder(Node reader, Node o) {
        return switch (reader.op) {
            case Node.Op.Unary u -> true;
            case Node.Op.Reduce r -> true;
            case Node.Op.Binary b -> o.size == reader.size && (b.a() == o ? contiguous(b.aStrides(), b.shape())
                    : contiguous(b.bStrides(), b.shape())) && (b.a() != o || b.b() != o);
            case Node.Op.Ternary t -> o.size == reader.size && Arrays.asList(t.a(), t.b(), t.c()).stream()
                    .filter(x -> x == o).count() == 1 && contiguous(t.a() == o ? t.aStrides() : t.b() == o ? t.bStrides()
                    : t.cStrides(), t.shape());
            default -> false;
        };
    }

    /** Whether an absorbed node iterates over the group's shape (a unary one takes any). */
    private static boolean compatible(Node o, int[] shape) {
        return switch (o.op) {
            case Node.Op.Binary b -> Arrays.equals(b.shape(), shape);
            case Node.Op.Ternary t -> Arrays.equals(t.shape(), shape);
            default -> o.size == sizeOf(shape);
        };
    }

    private static int sizeOf(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    private static boolean contiguous(int[] strides, int[] shape) {
        int s = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] != 1 && strides[d] != s) {
                return false;
            }
            s *= shape[d];
        }
        return true;
    }

    /** The group rooted at root: its absorbed operands as steps, everything else as inputs. */
    private static Node.Op group(Node root, Set<Node> absorbed, Map<Node, Node> to) {
        int[] shape = groupShape(root);
        int[] flat = new int[shape.length];
        int s = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            flat[d] = s;
            s *= shape[d];
        }
        Builder b = new Builder(shape, flat, absorbed, to);
        Fused.Reduction reduction = null;
        if (root.op instanceof Node.Op.Reduce r) {
            b.value(r.a(), flat);
            reduction = new Fused.Reduction(r.op(), r.outer(), r.n(), r.inner(), root.dtype);
        } else {
            b.step(root);
        }
        return new Node.Op.Group(new Fused(shape, b.strides, b.steps, reduction), b.inputs);
    }

    private static final class Builder {
        final int[] shape;
        final int[] flat;
        final Set<Node> absorbed;
        final Map<Node, Node> to;
        final List<Fused.Step> steps = new ArrayList<>();
        final List<Node> inputs = new ArrayList<>();
        final List<int[]> strides = new ArrayList<>();
        final Map<String, Integer> loads = new HashMap<>();
        /** The register of each absorbed node already computed: a row-wise region reads some twice. */
        final Map<Node, Integer> done = new HashMap<>();

        Builder(int[] shape, int[] flat, Set<Node> absorbed, Map<Node, Node> to) {
            this.shape = shape;
            this.flat = flat;
            this.absorbed = absorbed;
            this.to = to;
        }

        /** The register holding operand o read at these strides. */
        int value(Node o, int[] at) {
            if (absorbed.contains(o)) {
                Integer r = done.get(o);
                return r != null ? r : step(o);
            }
            Node outer = to.get(o);
            String key = outer.id + Arrays.toString(at);
            Integer r = loads.get(key);
            if (r != null) {
                return r;
            }
            int input = inputs.indexOf(outer);
            if (input < 0 || !Arrays.equals(strides.get(input), at)) {
                inputs.add(outer);
                strides.add(at);
                input = inputs.size() - 1;
            }
            steps.add(new Fused.Load(input, o.dtype));
            loads.put(key, steps.size() - 1);
            return steps.size() - 1;
        }

        int step(Node n) {
            Fused.Step st = switch (n.op) {
                case Node.Op.Unary u -> new Fused.Unary(u.op(), value(u.a(), flat), n.dtype);
                case Node.Op.Binary b -> {
                    int x = value(b.a(), b.aStrides());
                    int y = value(b.b(), b.bStrides());
                    yield new Fused.Binary(b.op(), x, y, n.dtype);
                }
                case Node.Op.Ternary t -> {
                    int x = value(t.a(), t.aStrides());
                    int y = value(t.b(), t.bStrides());
                    int z = value(t.c(), t.cStrides());
                    yield new Fused.Ternary(t.op(), x, y, z, n.dtype);
                }
                // A row reduction inside a row-wise region, read back along the rows (RowRegions).
                case Node.Op.Reduce r -> new Fused.RowReduce(r.op(), value(r.a(), flat), n.dtype);
                default -> throw new IllegalStateException("not elementwise: " + n.op);
            };
            steps.add(st);
            done.put(n, steps.size() - 1);
            return steps.size() - 1;
        }
    }
}

package jx.jit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jx.array.Backend.ReduceOp;
import jx.array.DType;

/**
 * Row-wise fusion regions: elementwise float32 nodes over one shape together with sums, maxima and
 * minima of its rows that the region reads back along those rows (softmax's max and sum). Such a
 * region runs a row at a time with the row in cache, so a value read twice (softmax's exp, read by
 * the sum and the division) still never goes to memory. A node joins the region of its readers when
 * all of them are in one region and read it in order (a row reduction: broadcast along the rows);
 * regions without a row reduction inside are left to ordinary fusion.
 */
final class RowRegions {
    private RowRegions() {}

    /** Rows longer than this would not stay in cache through a region's steps: such shapes are not fused row-wise. */
    static final int MAX_COLS = 1 << 14;

    /** The root of each node's region, for regions with a row reduction inside (a root maps to itself). */
    static Map<Node, Node> find(Program p, Set<Node> outputs) {
        Map<Node, List<Node>> readers = new HashMap<>();
        for (Node n : p.nodes()) {
            for (Node o : n.op.operands()) {
                readers.computeIfAbsent(o, k -> new ArrayList<>()).add(n);
            }
        }
        Map<Node, Node> root = new HashMap<>();
        Map<Node, int[]> shapes = new HashMap<>();
        List<Node> nodes = p.nodes();
        for (int i = nodes.size() - 1; i >= 0; i--) {
            Node n = nodes.get(i);
            if (perRow(n) && !outputs.contains(n)) {
                Node joined = common(n, readers.getOrDefault(n, List.of()), root);
                if (joined != null && n.size * shapes.get(joined)[shapes.get(joined).length - 1] == joined.size
                        * (joined.op instanceof Node.Op.Reduce r ? r.n() : 1)) {
                    root.put(n, joined);
                    continue;
                }
            }
            int[] shape = shape(n);
            if (shape == null) {
                continue;
            }
            Node joined = outputs.contains(n) ? null : common(n, readers.getOrDefault(n, List.of()), root);
            if (joined != null && Arrays.equals(shapes.get(joined), shape)
                    && (!(n.op instanceof Node.Op.Reduce) || rowReduction(n, shape))) {
                root.put(n, joined);
            } else if (!(n.op instanceof Node.Op.Reduce) || rowReduction(n, shape)) {
                root.put(n, n);
                shapes.put(n, shape);
            }
        }
        // A member whose readers are not all in its region, or a per-row member whose operand is not, leaves it.
        for (boolean changed = true; changed; ) {
            changed = false;
            for (Node n : nodes) {
                Node r = root.get(n);
                if (r == null || r == n) {
                    continue;
                }
                boolean stays = readers.getOrDefault(n, List.of()).stream().allMatch(u -> root.get(u) == r)
                        && (!perRow(n) || root.get(((Node.Op.Unary) n.op).a()) == r);
                if (!stays) {
                    root.remove(n);
                    changed = true;
                }
            }
        }
        Set<Node> inner = new java.util.HashSet<>();
        root.forEach((n, r) -> {
            if (n != r && n.op instanceof Node.Op.Reduce) {
                inner.add(r);
            }
        });
        root.values().removeIf(r -> !inner.contains(r));
        return root;
    }

    /** The region all readers of n are in when each reads n as a region member must (in order, or along rows), else null. */
    private static Node common(Node n, List<Node> readers, Map<Node, Node> root) {
        Node r = null;
        for (Node u : readers) {
            Node ru = root.get(u);
            if (ru == null || r != null && ru != r || !readsAsMember(u, n)) {
                return null;
            }
            r = ru;
        }
        return r;
    }

    /**
     * Whether n may be a per-row member: a float32 unary step of one value per row (softmax's
     * log of the row sums), computed on the reduction's register, which holds each row's result
     * broadcast along the row; its operand must be a row reduction or per-row member of its region.
     */
    private static boolean perRow(Node n) {
        return n.op instanceof Node.Op.Unary u && n.dtype == DType.FLOAT32 && u.a().dtype == DType.FLOAT32
                && Fuse.elementwiseShape(n) != null && (u.a().op instanceof Node.Op.Reduce || perRow(u.a()));
    }

    /** The shape a region member n iterates over, or null where n cannot be one. */
    private static int[] shape(Node n) {
        int[] s = switch (n.op) {
            case Node.Op.Reduce r when n.dtype == DType.FLOAT32 && r.a().dtype == DType.FLOAT32 && r.inner() == 1
                    && (r.op() == ReduceOp.SUM || r.op() == ReduceOp.MAX || r.op() == ReduceOp.MIN) -> r.a().shape;
            case Node.Op.Reduce r -> null;
            default -> Fuse.elementwiseShape(n);
        };
        return s == null || s.length < 2 || s[s.length - 1] > MAX_COLS ? null : s;
    }

    /** Whether a reduction takes whole rows of the shape (its last axis). */
    private static boolean rowReduction(Node n, int[] shape) {
        return n.op instanceof Node.Op.Reduce r && r.n() == shape[shape.length - 1] && r.outer() * r.n() == r.a().size;
    }

    /**
     * Whether reader u, a region member, reads n as a member of its region must: a value per row (a
     * row reduction or a per-row member) along the rows, any other value in order.
     */
    private static boolean readsAsMember(Node u, Node n) {
        boolean perRowValue = n.op instanceof Node.Op.Reduce || perRow(n);
        if (perRow(u)) {
            return perRowValue;
        }
        int[] shape = shape(u);
        if (shape == null) {
            return false;
        }
        if (u.op instanceof Node.Op.Reduce r) {
            return !perRowValue && r.a() == n;
        }
        int last = shape.length - 1;
        if (perRowValue) {
            if (u.op instanceof Node.Op.Unary || n.size * shape[last] != u.size) {
                return false;
            }
            int[] along = new int[shape.length];
            for (int d = last - 1, s = 1; d >= 0; s *= shape[d], d--) {
                along[d] = s;
            }
            return strides(u, n).stream().allMatch(st -> same(st, along, shape));
        }
        if (n.size != u.size) {
            return false;
        }
        if (u.op instanceof Node.Op.Unary) {
            return true;
        }
        int[] flat = new int[shape.length];
        for (int d = last, s = 1; d >= 0; s *= shape[d], d--) {
            flat[d] = s;
        }
        return strides(u, n).stream().allMatch(st -> same(st, flat, shape));
    }

    /** The strides at which elementwise u reads each of its operands that is n. */
    private static List<int[]> strides(Node u, Node n) {
        List<int[]> out = new ArrayList<>();
        switch (u.op) {
            case Node.Op.Binary b -> {
                if (b.a() == n) {
                    out.add(b.aStrides());
                }
                if (b.b() == n) {
                    out.add(b.bStrides());
                }
            }
            case Node.Op.Ternary t -> {
                if (t.a() == n) {
                    out.add(t.aStrides());
                }
                if (t.b() == n) {
                    out.add(t.bStrides());
                }
                if (t.c() == n) {
                    out.add(t.cStrides());
                }
            }
            default -> throw new IllegalStateException("not elementwise: " + u.op);
        }
        return out;
    }

    /** Whether two strides read the same elements of shape (a stride along an axis of length 1 is never used). */
    private static boolean same(int[] a, int[] b, int[] shape) {
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] != 1 && a[d] != b[d]) {
                return false;
            }
        }
        return true;
    }
}

package jx.jit;

import java.util.List;

import jx.array.Backend;
import jx.array.Backend.BinaryOp;
import jx.array.Backend.ReduceOp;
import jx.array.Backend.ScanOp;
import jx.array.Backend.ScatterOp;
import jx.array.Backend.TernaryOp;
import jx.array.Backend.UnaryOp;
import jx.array.DType;
import jx.array.Fused;
import jx.array.HostData;

/**
 * One value of a staged program: the buffer a {@link Tracer} hands back for a kernel call, and the
 * call that makes it. Nodes are numbered in the order they were made, which is an order in which
 * every node comes after its operands. shape is the shape the kernel produced the buffer in (a
 * later reshape is free and leaves no node), for the jaxpr printer only.
 */
final class Node implements Backend.Buffer {
    final int id;
    final DType dtype;
    final int size;
    final Op op;
    final int[] shape;
    /** Whether the value depends on no input: it can be computed while staging (constant folding). */
    final boolean constant;

    Node(int id, DType dtype, int size, Op op, int[] shape) {
        this.id = id;
        this.dtype = dtype;
        this.size = size;
        this.op = op;
        this.shape = shape;
        this.constant = !(op instanceof Op.Input) && op.operands().stream().allMatch(n -> n.constant);
    }

    @Override
    public DType dtype() {
        return dtype;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public String toString() {
        return "%" + id;
    }

    /** A kernel call of {@link Backend} over other nodes, with the kernel's own parameters. */
    sealed interface Op {
        default List<Node> operands() {
            return List.of();
        }

        /** The program's index-th flattened argument. */
        record Input(int index) implements Op {}

        /** A buffer that already exists on the backend the program runs on (a folded constant). */
        record Const(Backend.Buffer value) implements Op {}

        /** A value that entered from the host (a captured array, a literal list). */
        record Host(HostData data) implements Op {}

        record Fill(double value, long bits, boolean isFloat) implements Op {}

        record Iota() implements Op {}

        record Cast(Node a) implements Op {
            public List<Node> operands() {
                return List.of(a);
            }
        }

        record Unary(UnaryOp op, Node a) implements Op {
            public List<Node> operands() {
                return List.of(a);
            }
        }

        record Binary(BinaryOp op, Node a, int[] aStrides, Node b, int[] bStrides, int[] shape) implements Op {
            public List<Node> operands() {
                return List.of(a, b);
            }
        }

        record Ternary(TernaryOp op, Node a, int[] aStrides, Node b, int[] bStrides, Node c, int[] cStrides,
                int[] shape) implements Op {
            public List<Node> operands() {
                return List.of(a, b, c);
            }
        }

        record Reduce(ReduceOp op, Node a, int outer, int n, int inner) implements Op {
            public List<Node> operands() {
                return List.of(a);
            }
        }

        record Scan(ScanOp op, Node a, int outer, int n, int inner) implements Op {
            public List<Node> operands() {
                return List.of(a);
            }
        }

        record Matmul(Node a, int aBatchStride, Node b, int bBatchStride, int batch, int m, int k, int n) implements Op {
            public List<Node> operands() {
                return List.of(a, b);
            }
        }

        record Copy(Node a, int offset, int[] strides, int[] shape) implements Op {
            public List<Node> operands() {
                return List.of(a);
            }
        }

        record Gather(Node a, Node index) implements Op {
            public List<Node> operands() {
                return List.of(a, index);
            }
        }

        record Scatter(ScatterOp op, Node a, Node index, Node updates) implements Op {
            public List<Node> operands() {
                return List.of(a, index, updates);
            }
        }

        record Concat(List<Node> parts, int outer, int[] chunks) implements Op {
            public List<Node> operands() {
                return parts;
            }
        }

        /** A fusion group: one loop over the operands (see {@link Fused}). */
        record Group(Fused kernel, List<Node> inputs) implements Op {
            public List<Node> operands() {
                return inputs;
            }
        }
    }
}

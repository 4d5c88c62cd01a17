package jx.array;

import java.util.ArrayList;
import java.util.List;

import jx.array.Backend.BinaryOp;
import jx.array.Backend.Buffer;
import jx.array.Backend.ReduceOp;
import jx.array.Backend.TernaryOp;
import jx.array.Backend.UnaryOp;

/**
 * A fusion group of a staged program (jax.jit): elementwise steps over one output shape, reading
 * its inputs through broadcast strides, optionally followed by one reduction of the result over
 * the middle axis of an (outer, n, inner) view. A group with {@link RowReduce} steps (softmax's
 * max and sum, read back along each row) runs row by row, each row's steps in cache before the
 * next row. A backend runs it as one loop over memory;
 * {@link #runByKernels} is its meaning, kernel by kernel, for backends without a fused loop.
 * Steps are registers: step i's value is register i, operands name earlier registers.
 */
public record Fused(int[] shape, List<int[]> inputStrides, List<Step> steps, Reduction reduction) {
    public sealed interface Step {
        DType out();
    }

    /** Register = input {@code input}, read at its strides over the shape. */
    public record Load(int input, DType out) implements Step {}

    public record Cast(int a, DType out) implements Step {}

    public record Unary(UnaryOp op, int a, DType out) implements Step {}

    public record Binary(BinaryOp op, int a, int b, DType out) implements Step {}

    public record Ternary(TernaryOp op, int a, int b, int c, DType out) implements Step {}

    /** Register a reduced over the last axis and broadcast back along it: every element of a row holds the row's result. */
    public record RowReduce(ReduceOp op, int a, DType out) implements Step {}

    /** A reduction of the last step's value; outer * n * inner is the shape's size. */
    public record Reduction(ReduceOp op, int outer, int n, int inner, DType out) {}

    public int size() {
        return Ops.sizeOf(shape);
    }

    /** The result's dtype. */
    public DType out() {
        return reduction != null ? reduction.out() : steps.get(steps.size() - 1).out();
    }

    /** Whether the group reduces rows inside it, so that it must run a whole row at a time. */
    public boolean rowwise() {
        return steps.stream().anyMatch(s -> s instanceof RowReduce);
    }

    /** Whether input i is read once per element in order (no broadcast). */
    public boolean contiguous(int input) {
        return java.util.Arrays.equals(inputStrides.get(input), Ops.contiguousStrides(shape));
    }

    /** The group computed with the backend's own kernels, one call per step: what a fused loop must equal. */
    public Buffer runByKernels(Backend be, List<Buffer> inputs) {
        int[] flat = Ops.contiguousStrides(shape);
        int n = size();
        List<Buffer> regs = new ArrayList<>();
        for (Step s : steps) {
            regs.add(switch (s) {
                case Load l -> contiguous(l.input()) ? inputs.get(l.input())
                        : be.copy(inputs.get(l.input()), 0, inputStrides.get(l.input()), shape);
                case Cast c -> be.cast(regs.get(c.a()), c.out());
                case Unary u -> be.unary(u.op(), regs.get(u.a()), u.out());
                case Binary b -> be.binary(b.op(), regs.get(b.a()), flat, regs.get(b.b()), flat, shape, b.out());
                case Ternary t -> be.ternary(t.op(), regs.get(t.a()), flat, regs.get(t.b()), flat, regs.get(t.c()), flat,
                        shape, t.out());
                case RowReduce r -> {
                    int cols = shape[shape.length - 1];
                    int[] along = new int[shape.length];
                    System.arraycopy(Ops.contiguousStrides(java.util.Arrays.copyOf(shape, shape.length - 1)), 0, along, 0,
                            shape.length - 1);
                    yield be.copy(be.reduce(r.op(), regs.get(r.a()), n / cols, cols, 1, r.out()), 0, along, shape);
                }
            });
        }
        Buffer last = regs.get(regs.size() - 1);
        if (last.size() != n) {
            throw new IllegalStateException("fusion group of " + n + " elements computed " + last.size());
        }
        return reduction == null ? last
                : be.reduce(reduction.op(), last, reduction.outer(), reduction.n(), reduction.inner(), reduction.out());
    }
}

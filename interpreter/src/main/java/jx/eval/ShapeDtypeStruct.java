package jx.eval;

import java.util.List;

import jx.array.DType;

/**
 * jax.ShapeDtypeStruct: an array's shape, dtype and weak type without its elements, what
 * jax.eval_shape returns for each array and accepts in place of one. A pytree leaf.
 */
public record ShapeDtypeStruct(List<Integer> shape, DType dtype, boolean weak) {
    public ShapeDtypeStruct {
        shape = List.copyOf(shape);
    }

    public int[] dims() {
        return shape.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The shape as Python's tuple of ints (what .shape gives). */
    public Values.Tuple shapeTuple() {
        return new Values.Tuple(shape.stream().map(d -> (Object) (long) d).toList());
    }

    public long size() {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /** JAX's repr: ShapeDtypeStruct(shape=(3, 3), dtype=float32), weak_type=True only when set. */
    @Override
    public String toString() {
        return "ShapeDtypeStruct(shape=" + Printer.repr(shapeTuple()) + ", dtype=" + dtype
                + (weak ? ", weak_type=True" : "") + ")";
    }
}

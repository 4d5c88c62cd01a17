package jx.array;

/**
 * A host copy of an array's elements, row-major, for printing, saving and conversion to Python
 * values. Floats are in {@code floats} (float32 values widened exactly), integers and bools
 * (0/1) in {@code ints}; the other field is null. Only these edges of the program read it.
 */
public record HostData(DType dtype, int[] shape, boolean weak, double[] floats, long[] ints) {
    public int size() {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }
}

package jx.array;

/**
 * A host copy of an array's elements, row-major, for printing, saving and conversion to Python
 * values. Floats are in {@code floats} (float32 values widened exactly), integers and bools
 * (0/1) in {@code ints}; the other field is null. A complex array's real parts are in
 * {@code floats} and its imaginary parts in {@code imag} (null for every real dtype); only
 * {@link Array#toHostComplex} makes one, so a reader that knows nothing of complex never sees it.
 * Only these edges of the program read it.
 */
public record HostData(DType dtype, int[] shape, boolean weak, double[] floats, long[] ints, double[] imag) {
    public HostData(DType dtype, int[] shape, boolean weak, double[] floats, long[] ints) {
        this(dtype, shape, weak, floats, ints, null);
    }

    public int size() {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }
}

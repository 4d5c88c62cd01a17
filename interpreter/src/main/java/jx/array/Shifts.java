package jx.array;

/**
 * jnp.left_shift and jnp.right_shift (the {@code <<} and {@code >>} operators on arrays), as JAX
 * defines them: a shift by a count outside [0, bits) gives 0 (left, and right of unsigned values)
 * or the sign (-1 or 0, arithmetic right shift of signed values), where C leaves it undefined.
 * Built from wrapping multiplication and floor division by the powers 2^(2^k) that the count's bits
 * select, which are exactly the shifts in two's complement, so no new kernel op is needed.
 */
public final class Shifts {
    private Shifts() {}

    public static Array left(Array a, Array b) {
        return shift("left_shift", a, b, true);
    }

    public static Array right(Array a, Array b) {
        return shift("right_shift", a, b, false);
    }

    private static Array shift(String name, Array a, Array b, boolean left) {
        Promotion.Typed t = Ops.promote(a, b);
        DType d = t.dtype();
        if (!d.isInteger()) {
            throw new ArrayException(name + " does not accept dtype " + d + ". It accepts dtype(s) int8, int16, int32, int64, uint8, uint16, uint32.");
        }
        Array x = a.castTo(d, t.weak());
        Array n = b.castTo(d, t.weak());
        int bits = d.itemSize() * 8;
        Array out = x;
        for (int k = 0; (1 << k) < bits; k++) {
            Array set = Ops.ne(Ops.bitAnd(n, Array.weak((long) (1 << k))), Array.weak(0L));
            Array factor = Ops.where(set, Ops.full(new int[0], d, 1L << (1 << k)), Ops.full(new int[0], d, 1L));
            out = left ? Ops.mul(out, factor) : Ops.floordiv(out, factor);
        }
        Array inRange = Ops.logicalAnd(Ops.ge(n, Array.weak(0L)), Ops.lt(n, Array.weak((long) bits)));
        Array beyond = left || d.isUnsigned()
                ? Ops.full(new int[0], d, 0L)
                : Ops.where(Ops.lt(x, Array.weak(0L)), Ops.full(new int[0], d, -1L), Ops.full(new int[0], d, 0L));
        return Ops.where(inRange, out, beyond).castTo(d, t.weak());
    }
}

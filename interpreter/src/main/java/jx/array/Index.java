package jx.array;

/** One component of a subscript {@code a[...]}, with NumPy semantics. */
public sealed interface Index {
    /** A static integer; negative counts from the end. */
    record At(long i) implements Index {}

    /** {@code start:stop:step}; null parts take Python's defaults. */
    record Slice(Long start, Long stop, Long step) implements Index {
        public static Slice all() {
            return new Slice(null, null, null);
        }
    }

    record NewAxis() implements Index {}

    record Ellipsis() implements Index {}

    /** An integer array index (advanced indexing, gather). */
    record Take(Array ints) implements Index {}

    /** A boolean mask selecting elements (its shape must match the dims it covers). */
    record Mask(Array bools) implements Index {}
}

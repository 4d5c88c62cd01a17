package jx.array;

/** An error in an array operation, worded as NumPy/JAX word it (shapes, dtypes, bounds). */
public final class ArrayException extends RuntimeException {
    public ArrayException(String message) {
        super(message);
    }
}

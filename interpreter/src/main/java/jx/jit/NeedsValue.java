package jx.jit;

/**
 * Thrown while staging where the function needs what staging cannot give: an element of a staged
 * value (Python control flow on it, float(x), printing) or an effect (print): jit then runs that
 * function eagerly for that signature, so the answer is always eager's.
 */
final class NeedsValue extends RuntimeException {
    NeedsValue(String why) {
        super(why, null, false, false);
    }
}

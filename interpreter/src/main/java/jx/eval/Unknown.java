package jx.eval;

/**
 * Thrown while the checker evaluates a program over shapes only, when a value that exists only at
 * run time is needed (an array's elements, a name whose value the checker gave up on, a loop too
 * long to follow). The checker stops following that path silently; the run checks it instead.
 */
public final class Unknown extends RuntimeException {
    /** Stands in the checker's module scope for a name whose value only the run will know. */
    public static final Object VALUE = new Object() {
        @Override
        public String toString() {
            return "<known only at run time>";
        }
    };

    public Unknown() {
        super(null, null, false, false);
    }
}

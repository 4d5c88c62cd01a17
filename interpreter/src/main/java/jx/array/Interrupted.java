package jx.array;

/** Thrown by a long kernel when the thread that called it was interrupted (Ctrl-C in the REPL): Python's KeyboardInterrupt. */
public final class Interrupted extends RuntimeException {
    public Interrupted() {
        super("KeyboardInterrupt", null, false, false);
    }
}

package jx.array.cpu;

import jx.array.Interrupted;

/**
 * Ctrl-C for long kernels: the REPL interrupts the thread that runs the program, and each chunk of
 * a kernel asks whether that thread, the caller (not the pool worker running the chunk), was
 * interrupted. The flag stays set so the evaluator sees it too.
 */
final class Interrupts {
    private Interrupts() {}

    static void check(Thread caller) {
        if (caller.isInterrupted()) {
            throw new Interrupted();
        }
    }
}

package jx.array.cpu;

import java.util.stream.IntStream;

/**
 * Runs a loop body over [0, n) in chunks: on all cores when n is big, and always in pieces small
 * enough that an interrupted caller (Ctrl-C) stops the kernel within a few milliseconds.
 */
final class Chunks {
    private Chunks() {}

    /** Below this many elements a loop runs on the calling thread: handing it off costs more. */
    static final int PARALLEL_MIN = 1 << 16;

    interface Range {
        void run(int from, int to);
    }

    static void forRange(int n, Range body) {
        forRange(n, PARALLEL_MIN, body);
    }

    /** forRange in pieces of at least grain items (a fused loop's items are blocks or rows, not elements). */
    static void forRange(int n, int grain, Range body) {
        Thread caller = Thread.currentThread();
        if (n <= grain) {
            body.run(0, n);
            Interrupts.check(caller);
            return;
        }
        int cores = Runtime.getRuntime().availableProcessors();
        int chunks = (n + grain - 1) / grain;
        int step = (n + chunks - 1) / chunks;
        IntStream ids = IntStream.range(0, chunks);
        (cores > 1 ? ids.parallel() : ids).forEach(c -> {
            Interrupts.check(caller);
            body.run(c * step, Math.min(n, (c + 1) * step));
        });
        Interrupts.check(caller);
    }
}

package jx.array.cpu;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a loop over [0, n) on the calling thread in pieces that one pool thread may help with,
 * each piece taken from a shared counter. Where Chunks hands out fixed chunks and waits for all,
 * so that on a busy machine a chunk queued behind another process's work delays the whole
 * kernel, here the caller goes on taking pieces until none is left and waits only for the piece
 * the helper is running, if any: never much slower than one thread, up to twice as fast when a
 * core is free.
 */
final class HelpedRange {
    private HelpedRange() {}

    static void forRange(int n, int piece, Chunks.Range body) {
        Thread caller = Thread.currentThread();
        int pieces = (n + piece - 1) / piece;
        if (pieces < 2 || Runtime.getRuntime().availableProcessors() < 2) {
            body.run(0, n);
            Interrupts.check(caller);
            return;
        }
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        Throwable[] failed = new Throwable[1];
        // Every index below pieces is taken exactly once and counted done once, run or skipped
        // after a failure, so done reaching pieces means no piece is still being written.
        Runnable help = () -> {
            for (int p = next.getAndIncrement(); p < pieces; p = next.getAndIncrement()) {
                try {
                    if (!stop.get()) {
                        body.run(p * piece, Math.min(n, (p + 1) * piece));
                    }
                } catch (Throwable t) {
                    synchronized (failed) {
                        failed[0] = t;
                    }
                    stop.set(true);
                } finally {
                    done.incrementAndGet();
                }
            }
        };
        ForkJoinPool.commonPool().execute(help);
        try {
            for (int p = next.getAndIncrement(); p < pieces; p = next.getAndIncrement()) {
                try {
                    if (!stop.get()) {
                        body.run(p * piece, Math.min(n, (p + 1) * piece));
                    }
                } finally {
                    done.incrementAndGet();
                }
                Interrupts.check(caller);
            }
        } catch (RuntimeException | Error e) {
            stop.set(true);
            throw e;
        }
        // Only a piece the helper took can still be running: a few microseconds' work.
        while (done.get() < pieces) {
            Thread.yield();
        }
        synchronized (failed) {
            if (failed[0] instanceof RuntimeException e) {
                throw e;
            }
            if (failed[0] instanceof Error e) {
                throw e;
            }
        }
    }
}

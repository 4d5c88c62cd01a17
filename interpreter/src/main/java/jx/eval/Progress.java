package jx.eval;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * {@code jx.progress(iterable)}, tqdm's idea: iterating it yields the same items and keeps a line on
 * stderr with the count, the rate and the time left. Nothing is drawn when stderr is not a
 * terminal (a log stays clean), nor in the checker's evaluation over shapes.
 */
record Progress(List<Object> items) {
    /** Redraws at most this often: drawing every step of a fast loop would cost more than the step. */
    private static final long REDRAW_NS = 100_000_000L;

    static Object wrap(Interp in, Object iterable) {
        if (in.overShapes() || !stderrIsTerminal()) {
            return iterable;
        }
        return new Progress(in.list(iterable));
    }

    Iterable<Object> iterate() {
        PrintStream err = System.err;
        int total = items.size();
        long start = System.nanoTime();
        return () -> new Iterator<>() {
            int done;
            long drawn = start - REDRAW_NS;

            @Override
            public boolean hasNext() {
                boolean more = done < total;
                if (!more) {
                    draw(err, done, total, start, System.nanoTime());
                    err.println();
                }
                return more;
            }

            @Override
            public Object next() {
                long now = System.nanoTime();
                if (now - drawn >= REDRAW_NS) {
                    draw(err, done, total, start, now);
                    drawn = now;
                }
                return items.get(done++);
            }
        };
    }

    private static void draw(PrintStream err, int done, int total, long start, long now) {
        double secs = (now - start) / 1e9;
        double rate = secs > 0 ? done / secs : 0;
        String eta = rate > 0 && done < total ? ", ETA " + seconds((total - done) / rate) : "";
        err.printf(Locale.ROOT, "\r%d/%d [%3d%%] %s, %.1f it/s%s\u001b[K", done, total,
                total == 0 ? 100 : done * 100 / total, seconds(secs), rate, eta);
        err.flush();
    }

    private static String seconds(double s) {
        long t = Math.round(s);
        return t >= 60 ? String.format(Locale.ROOT, "%d:%02d", t / 60, t % 60) : t + " s";
    }

    private static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "<jx.progress over " + items.size() + " items>";
    }
}

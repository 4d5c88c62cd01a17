package jx.array.cpu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How many cores no other thread is running on right now: Linux's count of runnable threads (the
 * fourth field of /proc/loadavg, "running/total"), less the caller itself. Native code that splits
 * work into pieces which wait for each other (OpenBLAS's threads meet after every block of a
 * product) must not take a busy core: one descheduled piece holds up the rest for a time slice,
 * and a stack of 64 small products then took 1 s instead of 3 ms (bench/RESULTS.md). Elsewhere,
 * or where the file cannot be read, every core counts as free.
 */
final class FreeCores {
    private FreeCores() {}

    private static final Path LOADAVG = Path.of("/proc/loadavg");

    static int now() {
        int cores = Runtime.getRuntime().availableProcessors();
        try {
            String s = Files.readString(LOADAVG);
            int slash = s.indexOf('/');
            int start = s.lastIndexOf(' ', slash) + 1;
            int running = Integer.parseInt(s, start, slash, 10);
            return Math.max(1, Math.min(cores, cores - (running - 1)));
        } catch (IOException | RuntimeException e) {
            return cores;
        }
    }
}

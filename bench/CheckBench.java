import java.nio.file.Path;
import java.util.Arrays;

import jx.run.Config;
import jx.run.Session;

/**
 * Checks one script repeatedly in one JVM and prints the first (cold) time and the median of the
 * later ones: what `jx check` costs once the JVM has started and warmed up.
 * Run: java -cp repl/target/jx.jar bench/CheckBench.java FILE [RUNS]
 */
public class CheckBench {
    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        Session session = new Session(new Config("cpu", false, java.util.List.of(), System.out));
        long[] ms = new long[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            session.check(file);
            ms[i] = (System.nanoTime() - t0) / 1_000_000;
        }
        long first = ms[0];
        long[] later = Arrays.copyOfRange(ms, runs / 2, runs);
        Arrays.sort(later);
        System.out.println("in one JVM: first check " + first + " ms; median of the last " + later.length
                + " checks " + later[later.length / 2] + " ms");
    }
}

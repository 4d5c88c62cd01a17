package jx.fuzz;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jx.run.Config;
import jx.diag.JxException;
import jx.run.Session;

/**
 * Runs seeded mutants of the repository's own programs through the parser, the checker and the
 * evaluator in one JVM, each on a big-stack thread with a time budget (interrupted when spent), and
 * sorts what happened. A defect is an exception that is not a rendered jx error (an internal error),
 * a Java name in a message, an error without file:line:col, or a program that does not stop when
 * interrupted (a hang).
 */
final class Fuzz {
    static final Pattern JAVA_NAME = Pattern.compile(
            "java\\.|javax\\.|jx\\.[a-z]+\\.[A-Z]|\\b[A-Z][A-Za-z]*Exception\\b|\\tat |internal error|OutOfMemoryError|StackOverflowError");
    private static final Pattern LOCATION = Pattern.compile("(?m)^[^\\n]*:\\d+:\\d+: ");

    record Defect(long seed, String kind, String detail, String program) {}

    record Report(int programs, Map<String, Integer> outcomes, List<Defect> defects, double seconds) {
        double perSecond() {
            return programs / seconds;
        }
    }

    private final List<String> corpus;
    private final long budgetMillis;

    Fuzz(List<String> corpus, long budgetMillis) {
        this.corpus = corpus;
        this.budgetMillis = budgetMillis;
    }

    /**
     * The corpus: every .jx under tests/, examples/ and the library's own modules, less programs
     * that write files (a mutant could write anywhere).
     */
    static List<String> corpus(Path root) throws IOException {
        List<String> out = new ArrayList<>();
        for (String dir : List.of("tests", "examples", "stdlib/src/main/resources")) {
            try (Stream<Path> s = Files.walk(root.resolve(dir))) {
                for (Path p : s.filter(p -> p.toString().endsWith(".jx")).sorted().toList()) {
                    String text = new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
                    if (!text.contains("save") && !text.contains("open(")) {
                        out.add(text);
                    }
                }
            }
        }
        return out;
    }

    Report run(long seed, int count) throws InterruptedException {
        Map<String, Integer> outcomes = new TreeMap<>();
        List<Defect> defects = new ArrayList<>();
        Mutator mutator = new Mutator(seed);
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
        Session session = new Session(new Config("cpu", false, List.of(), sink));
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            String program = mutator.next(corpus);
            long programSeed = seed * 1_000_003L + i;
            String[] outcome = {"ok", null};
            CountDownLatch done = new CountDownLatch(1);
            Session s = session;
            Thread t = new Thread(null, () -> {
                try {
                    s.runSource(program, "<fuzz>");
                } catch (JxException e) {
                    outcome[0] = classify(e);
                    outcome[1] = e.getMessage();
                } catch (Throwable e) {
                    outcome[0] = "internal error";
                    outcome[1] = e + " at " + (e.getStackTrace().length > 0 ? e.getStackTrace()[0] : "?");
                } finally {
                    done.countDown();
                }
            }, "fuzz", 512L << 20);
            t.setDaemon(true);
            t.start();
            if (!done.await(budgetMillis, TimeUnit.MILLISECONDS)) {
                t.interrupt();
                if (!done.await(Math.max(10_000, 10 * budgetMillis), TimeUnit.MILLISECONDS)) {
                    outcome[0] = "hang";
                    outcome[1] = "did not stop within 10 s of an interrupt";
                    session = new Session(new Config("cpu", false, List.of(), sink));
                } else if (outcome[1] != null && outcome[1].contains("KeyboardInterrupt")) {
                    outcome[0] = "budget spent (interrupted)";
                }
            }
            Thread.interrupted();
            outcomes.merge(outcome[0], 1, Integer::sum);
            if (outcome[0].equals("internal error") || outcome[0].equals("hang") || outcome[0].startsWith("defect")) {
                defects.add(new Defect(programSeed, outcome[0], outcome[1], program));
            }
        }
        return new Report(count, outcomes, defects, (System.nanoTime() - start) / 1e9);
    }

    private static String classify(JxException e) {
        String msg = e.getMessage() == null ? "" : e.getMessage();
        // The quoted source line and its caret are the program's own text, which may say "Exception".
        String own = msg.lines().filter(l -> !l.startsWith("    ")).reduce("", (a, b) -> a + b + "\n");
        if (JAVA_NAME.matcher(own).find()) {
            return "defect: Java name in message";
        }
        if (e.kind() != JxException.Kind.USAGE && !LOCATION.matcher(msg).find() && !msg.contains("KeyboardInterrupt")) {
            return "defect: no file:line:col";
        }
        return switch (e.kind()) {
            case SYNTAX -> "syntax error";
            case CHECK -> "check error";
            case RUNTIME -> "runtime error";
            case USAGE -> "usage error";
        };
    }
}

package jx.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

/** Runs the real fat jar (repl/target/jx.jar) in a child JVM, as a person would. */
final class Jx {
    static final Path ROOT = Path.of(System.getProperty("jx.root", "..")).toAbsolutePath().normalize();
    static final Path JAR = Path.of(System.getProperty("jx.jar", ROOT.resolve("repl/target/jx.jar").toString()))
            .toAbsolutePath().normalize();
    static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
        }
    }

    private Jx() {
    }

    /** The command line that starts jx with {@code args}. */
    static List<String> command(String... args) {
        assertTrue(Files.isRegularFile(JAR), "the fat jar is missing: " + JAR + " (mvn package builds it)");
        List<String> cmd = new ArrayList<>(List.of(JAVA.toString(), "-XX:+UseSerialGC", "-Xlog:disable",
                "-Xlog:all=warning:stderr", "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    static Result run(String... args) throws Exception {
        return runWithInput(null, args);
    }

    /** Runs jx with one more environment variable set. */
    static Result runWithEnv(String name, String value, String... args) throws Exception {
        return runWith(null, Map.of(name, value), args);
    }

    /** Runs jx with {@code stdin} (null: an empty, closed stdin) and waits at most a minute. */
    static Result runWithInput(String stdin, String... args) throws Exception {
        return runWith(stdin, Map.of(), args);
    }

    private static Result runWith(String stdin, Map<String, String> env, String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command(args)).directory(ROOT.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        FutureTask<String> out = drain(p.getInputStream());
        FutureTask<String> err = drain(p.getErrorStream());
        try (var in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("jx " + String.join(" ", args) + " did not finish within 60 s");
        }
        return new Result(p.exitValue(), out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS));
    }

    /** Reads a stream to its end on its own thread (the common pool may have a single thread). */
    private static FutureTask<String> drain(InputStream s) {
        FutureTask<String> task = new FutureTask<>(() -> {
            try (s) {
                return new String(s.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "<" + e + ">";
            }
        });
        Thread t = new Thread(task, "drain");
        t.setDaemon(true);
        t.start();
        return task;
    }
}

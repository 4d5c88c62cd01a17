package jx.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drives the real REPL in a terminal (tmux), as a person types into it. */
class ReplTest {
    private static final long TIMEOUT_MS = 30_000;

    @TempDir
    Path home;

    private final String socket = "jx-test-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void needsTmux() {
        Assumptions.assumeTrue(tmuxWorks(), "tmux is not installed: the REPL test needs it (apt-get install tmux)");
    }

    @AfterEach
    void killServer() throws Exception {
        tmux("kill-server");
    }

    @Test
    void evaluatesBlocksSurvivesErrorsAndQuits() throws Exception {
        List<String> cmd = new ArrayList<>(List.of("env", "HOME=" + home, "TERM=xterm-256color"));
        cmd.addAll(Jx.command());
        String shell = cmd.stream().map(ReplTest::quote).collect(Collectors.joining(" "))
                + "; echo \"[jx exited $?]\"; sleep 600";
        tmux("new-session", "-d", "-s", "jx", "-x", "120", "-y", "50", shell);

        waitFor("the banner and prompt", s -> s.contains("jx 0.1.0") && s.lines().anyMatch(l -> l.startsWith(">>>")));

        type("1 + 2");
        waitFor("3 echoed", s -> lineAfter(s, ">>> 1 + 2", "3"));

        type("def f(x):");
        type("    return x * 2");
        type("");
        waitForPrompt("the prompt after the block");
        type("f(4)");
        waitFor("f(4) = 8", s -> lineAfter(s, ">>> f(4)", "8"));

        type("undefined_name");
        waitFor("an error naming undefined_name",
                s -> s.lines().filter(l -> l.contains("undefined_name") && !l.startsWith(">>> ")).count() >= 1
                        && s.lines().filter(l -> l.startsWith(">>>")).reduce((a, b) -> b).orElse("").strip().equals(">>>"));

        type("f(5)");
        waitFor("f(5) = 10 after the error", s -> lineAfter(s, ">>> f(5)", "10"));

        type("w = jnp.ones((3, 2))");
        waitForPrompt("the prompt after w = ...");
        type(":type jnp.arange(4) @ jnp.ones((4, 3)) * 2.0");
        waitFor(":type computed over shapes", s -> lineAfter(s, ">>> :type jnp.arange(4) @ jnp.ones((4, 3)) * 2.0", "float32[3]"));
        type(":type (w, w.sum(axis=0).astype(jnp.int32))");
        waitFor(":type of a tuple", s -> lineAfter(s, ">>> :type (w, w.sum(axis=0).astype(jnp.int32))", "(float32[3,2], int32[2])"));
        type(":type print('ran') or w.T @ w");
        waitFor(":type runs nothing", s -> lineAfter(s, ">>> :type print('ran') or w.T @ w", "float32[2,2]"));

        type(":quit");
        waitFor("a clean exit", s -> s.contains("[jx exited 0]"));
    }

    /**
     * Waits until the last line is a fresh prompt, as a person waits before typing the next input
     * (keys typed while an input runs are echoed by the terminal before the prompt redraws them).
     */
    private void waitForPrompt(String what) throws Exception {
        waitFor(what, s -> s.lines().map(String::stripTrailing).filter(l -> !l.isEmpty()).reduce((a, b) -> b).orElse("")
                .equals(">>>"));
    }

    /** Whether a line equal to {@code input} is followed (after output lines) by a line equal to {@code value}. */
    private static boolean lineAfter(String screen, String input, String value) {
        List<String> lines = screen.lines().map(String::stripTrailing).toList();
        int i = lines.indexOf(input);
        return i >= 0 && i + 1 < lines.size() && lines.get(i + 1).equals(value);
    }

    private void type(String line) throws Exception {
        if (!line.isEmpty()) {
            tmux("send-keys", "-t", "jx", "-l", line);
        }
        tmux("send-keys", "-t", "jx", "Enter");
    }

    private void waitFor(String what, Predicate<String> done) throws Exception {
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        String screen = "";
        while (System.currentTimeMillis() < deadline) {
            screen = tmux("capture-pane", "-p", "-t", "jx", "-S", "-200");
            if (done.test(screen)) {
                return;
            }
            Thread.sleep(50);
        }
        fail("timed out waiting for " + what + "; the screen:\n" + screen);
    }

    private String tmux(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-L", socket));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return out;
    }

    private static boolean tmuxWorks() {
        try {
            Process p = new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}

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

/**
 * Ctrl-C in the real REPL (tmux) stops one long CPU kernel in the middle: the kernel sees that
 * the thread that called it was interrupted, so the prompt comes back long before the operation
 * could have finished.
 */
class ReplInterruptTest {
    @TempDir
    Path home;

    private final String socket = "jx-int-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void needsTmux() throws Exception {
        Assumptions.assumeTrue(tmux("-V").startsWith("tmux"), "tmux is not installed (apt-get install tmux)");
    }

    @AfterEach
    void killServer() throws Exception {
        tmux("kill-server");
    }

    @Test
    void ctrlCStopsALongKernel() throws Exception {
        List<String> cmd = new ArrayList<>(List.of("env", "HOME=" + home, "TERM=xterm-256color"));
        cmd.addAll(Jx.command());
        String shell = cmd.stream().map(s -> "'" + s.replace("'", "'\\''") + "'").collect(Collectors.joining(" "))
                + "; echo \"[jx exited $?]\"; sleep 600";
        tmux("new-session", "-d", "-s", "jx", "-x", "120", "-y", "50", shell);
        waitFor("the prompt", s -> s.lines().anyMatch(l -> l.startsWith(">>>")), 30_000);
        type("x = jnp.ones(50_000_000)");
        type("1 + 1");
        waitFor("x made", s -> s.contains("\n2\n"), 30_000);
        // One kernel: a double-precision arctan2 over 5e7 elements, many seconds here; a
        // sum of it would print a number.
        type("float(jnp.sum(jnp.arctan2(x, x) - jnp.arctan2(x, x)))");
        Thread.sleep(700);
        long sent = System.nanoTime();
        tmux("send-keys", "-t", "jx", "C-c");
        waitFor("KeyboardInterrupt", s -> s.contains("KeyboardInterrupt"), 20_000);
        double secs = (System.nanoTime() - sent) / 1e9;
        assertTrue(secs < 3, "the kernel took " + secs + " s to stop");
        type("2 + 3");
        waitFor("the session goes on", s -> s.contains("\n5\n"), 30_000);
        String screen = tmux("capture-pane", "-p", "-t", "jx", "-S", "-200");
        assertTrue(!screen.contains("0.0\n") && !screen.contains("\tat "), screen);
    }

    private void type(String line) throws Exception {
        tmux("send-keys", "-t", "jx", "-l", line);
        tmux("send-keys", "-t", "jx", "Enter");
    }

    private void waitFor(String what, Predicate<String> done, long ms) throws Exception {
        long deadline = System.currentTimeMillis() + ms;
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
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            return "";
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return out;
    }
}

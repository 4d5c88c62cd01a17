package jx.tests;

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

/** The real jx REPL in a tmux terminal of its own: keys in, the screen out. */
final class Tmux implements AutoCloseable {
    static final long TIMEOUT_MS = 60_000;

    private final String socket = "jx-test-" + UUID.randomUUID().toString().substring(0, 8);

    /**
     * Starts {@code jx ARGS} in a 120x50 terminal with HOME and the working directory at {@code home};
     * prints its exit code when it ends.
     */
    Tmux(Path home, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("env", "HOME=" + home, "TERM=xterm-256color"));
        cmd.addAll(Jx.command(args));
        String shell = cmd.stream().map(Tmux::quote).collect(Collectors.joining(" "))
                + "; echo \"[jx exited $?]\"; sleep 600";
        tmux("new-session", "-d", "-s", "jx", "-x", "120", "-y", "50", "-c", home.toString(), shell);
    }

    static boolean works() {
        try {
            Process p = new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    void waitForPrompt() throws Exception {
        waitFor("the banner and prompt", s -> s.contains("jx 0.1.0") && lastLine(s).equals(">>>"));
    }

    /** Types {@code line} and Enter. */
    void type(String line) throws Exception {
        if (!line.isEmpty()) {
            tmux("send-keys", "-t", "jx", "-l", line);
        }
        keys("Enter");
    }

    /** Types {@code line}, Enter, and waits for the next prompt. */
    void run(String line) throws Exception {
        int prompts = prompts(screen());
        type(line);
        waitFor("the prompt after " + line, s -> prompts(s) > prompts && lastLine(s).equals(">>>"));
    }

    /** Sends tmux key names ("C-c", "Tab", "Enter"). */
    void keys(String... keys) throws Exception {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", "jx"));
        args.addAll(List.of(keys));
        tmux(args.toArray(String[]::new));
    }

    /** Sends text as a bracketed paste, as a terminal does when a person pastes it. */
    void paste(String text) throws Exception {
        tmux("set-buffer", "--", text);
        tmux("paste-buffer", "-p", "-t", "jx");
    }

    String screen() throws Exception {
        return tmux("capture-pane", "-p", "-J", "-t", "jx", "-S", "-500");
    }

    String waitFor(String what, Predicate<String> done) throws Exception {
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        String screen = "";
        while (System.currentTimeMillis() < deadline) {
            screen = screen();
            if (done.test(screen)) {
                return screen;
            }
            Thread.sleep(50);
        }
        fail("timed out waiting for " + what + "; the screen:\n" + screen);
        return screen;
    }

    /** The lines printed after the last occurrence of the input line {@code input}, up to the next prompt. */
    static List<String> outputOf(String screen, String input) {
        List<String> lines = screen.lines().map(String::stripTrailing).toList();
        int i = lines.lastIndexOf(input);
        if (i < 0) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (int k = i + 1; k < lines.size() && !lines.get(k).startsWith(">>>"); k++) {
            out.add(lines.get(k));
        }
        while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    static int prompts(String screen) {
        return (int) screen.lines().filter(l -> l.startsWith(">>>")).count();
    }

    static String lastLine(String screen) {
        List<String> lines = screen.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
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

    @Override
    public void close() throws Exception {
        tmux("kill-server");
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}

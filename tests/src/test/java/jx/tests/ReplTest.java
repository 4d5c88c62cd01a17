package jx.tests;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives the real REPL in a terminal (tmux), as a person types into it, waiting for the prompt
 * before the next input where the last one takes a while (keys typed meanwhile are echoed by the
 * terminal before the prompt redraws them).
 */
class ReplTest {
    @TempDir
    Path home;

    @BeforeEach
    void needsTmux() {
        Assumptions.assumeTrue(Tmux.works(), "tmux is not installed: the REPL test needs it (apt-get install tmux)");
    }

    @Test
    void evaluatesBlocksSurvivesErrorsAndQuits() throws Exception {
        try (Tmux t = new Tmux(home)) {
            t.waitFor("the banner and prompt", s -> s.contains("jx 0.1.0") && s.lines().anyMatch(l -> l.startsWith(">>>")));

            t.type("1 + 2");
            t.waitFor("3 echoed", s -> lineAfter(s, ">>> 1 + 2", "3"));

            t.type("def f(x):");
            t.type("    return x * 2");
            t.run("");
            t.type("f(4)");
            t.waitFor("f(4) = 8", s -> lineAfter(s, ">>> f(4)", "8"));

            t.type("undefined_name");
            t.waitFor("an error naming undefined_name",
                    s -> s.lines().filter(l -> l.contains("undefined_name") && !l.startsWith(">>> ")).count() >= 1
                            && s.lines().filter(l -> l.startsWith(">>>")).reduce((a, b) -> b).orElse("").strip().equals(">>>"));

            t.type("f(5)");
            t.waitFor("f(5) = 10 after the error", s -> lineAfter(s, ">>> f(5)", "10"));

            t.run("w = jnp.ones((3, 2))");
            t.type(":type jnp.arange(4) @ jnp.ones((4, 3)) * 2.0");
            t.waitFor(":type computed over shapes", s -> lineAfter(s, ">>> :type jnp.arange(4) @ jnp.ones((4, 3)) * 2.0", "float32[3]"));
            t.type(":type (w, w.sum(axis=0).astype(jnp.int32))");
            t.waitFor(":type of a tuple", s -> lineAfter(s, ">>> :type (w, w.sum(axis=0).astype(jnp.int32))", "(float32[3,2], int32[2])"));
            t.type(":type print('ran') or w.T @ w");
            t.waitFor(":type runs nothing", s -> lineAfter(s, ">>> :type print('ran') or w.T @ w", "float32[2,2]"));

            t.type(":quit");
            t.waitFor("a clean exit", s -> s.contains("[jx exited 0]"));
        }
    }

    /** Whether a line equal to {@code input} is followed (after output lines) by a line equal to {@code value}. */
    private static boolean lineAfter(String screen, String input, String value) {
        List<String> lines = screen.lines().map(String::stripTrailing).toList();
        int i = lines.indexOf(input);
        return i >= 0 && i + 1 < lines.size() && lines.get(i + 1).equals(value);
    }
}

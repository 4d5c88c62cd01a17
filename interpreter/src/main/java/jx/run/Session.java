package jx.run;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One interpreter session: the module scope of a script or of the REPL. The CLI and the REPL talk
 * to jx only through this class. Every method reports problems as {@link JxException}.
 */
public final class Session {
    /** Whether REPL input so far is a whole statement, needs more lines, or can never parse. */
    public enum Completeness { COMPLETE, INCOMPLETE, INVALID }

    private final Config config;

    public Session(Config config) {
        this.config = config;
    }

    public Config config() {
        return config;
    }

    /** Checks, then runs a script file as the main module. */
    public void runFile(Path file) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Checks, then runs source text (from -c or stdin) named {@code fileName} in diagnostics. */
    public void runSource(String source, String fileName) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Parses and resolves names only; throws the first batch of diagnostics as one JxException. */
    public void check(Path file) {
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * Runs one REPL input in the session's scope. When the input is a single expression, returns its
     * value's repr to echo (empty for None, as Python's REPL does).
     */
    public Optional<String> evalInteractive(String input) {
        throw new UnsupportedOperationException("not yet");
    }

    public Completeness completeness(String input) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Names visible in the session, and members after a dot ("jnp.su" -> "jnp.sum", ...). */
    public List<String> completions(String prefix) {
        throw new UnsupportedOperationException("not yet");
    }
}

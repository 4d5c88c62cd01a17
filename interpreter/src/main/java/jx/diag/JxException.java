package jx.diag;

/**
 * Every error a user can see: a syntax, check or runtime error, already rendered for people
 * (file:line:col, the source line, a caret, the message and a hint). The CLI prints
 * {@link #getMessage()} and exits with {@link #exitCode()}; the REPL prints it and goes on.
 */
public class JxException extends RuntimeException {
    public enum Kind { SYNTAX, CHECK, RUNTIME, USAGE }

    private final Kind kind;

    public JxException(Kind kind, String rendered) {
        super(rendered, null, false, false);
        this.kind = kind;
    }

    public JxException(Kind kind, String rendered, Throwable cause) {
        super(rendered, cause, false, true);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public int exitCode() {
        return kind == Kind.RUNTIME ? 1 : 2;
    }
}

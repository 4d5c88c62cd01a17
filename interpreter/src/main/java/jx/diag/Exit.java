package jx.diag;

/**
 * Python's SystemExit, raised by {@code exit()}, {@code quit()} and {@code sys.exit()}: not an error,
 * so it passes every handler on its way to the CLI or the REPL, which ends with {@link #code()}.
 * A message (exit("why")) goes to stderr and makes the code 1, as in Python.
 */
public final class Exit extends RuntimeException {
    private final int code;

    public Exit(int code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public int code() {
        return code;
    }
}

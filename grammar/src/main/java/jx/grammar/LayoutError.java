package jx.grammar;

/**
 * An indentation the lexer cannot turn into INDENT/DEDENT: Python's TabError (tabs and spaces
 * whose meaning depends on the tab size) and IndentationError (a dedent to no enclosing level).
 * Thrown out of the token stream; the parser's caller reports it with its line.
 */
public final class LayoutError extends RuntimeException {
    public final int line;
    public final int col;

    public LayoutError(String message, int line, int col) {
        super(message, null, false, false);
        this.line = line;
        this.col = col;
    }
}

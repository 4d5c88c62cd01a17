package jx.diag;

/** A place in a source file: 1-based line, 0-based column (characters, tabs count as one). */
public record Pos(int line, int col) {
    public static final Pos NONE = new Pos(0, 0);
}

package jx.diag;

/**
 * One problem found in a program: where (1-based line, 0-based column), what is wrong, and how to
 * fix it (hint may be null). {@link #render} gives the text users see.
 */
public record Diagnostic(Source source, int line, int col, int width, String message, String hint) {
    private static final int TAB = 4;

    public Diagnostic {
        width = Math.max(1, width);
    }

    public static Diagnostic at(Source source, jx.diag.Pos pos, String message, String hint) {
        return new Diagnostic(source, pos.line(), pos.col(), 1, message, hint);
    }

    /**
     * name:line:col: error: message, then the source line and a caret under the culprit. Tabs are
     * expanded in both lines so that the caret stays under its column.
     */
    public String render(String label) {
        StringBuilder out = new StringBuilder();
        out.append(source.name()).append(':').append(line).append(':').append(col + 1).append(": ")
                .append(label).append(": ").append(message).append('\n');
        String text = source.line(line);
        if (!text.isEmpty() || line >= 1) {
            StringBuilder shown = new StringBuilder();
            int caretAt = -1;
            for (int i = 0; i <= text.length(); i++) {
                if (i == col) {
                    caretAt = shown.length();
                }
                if (i == text.length()) {
                    break;
                }
                char c = text.charAt(i);
                if (c == '\t') {
                    do {
                        shown.append(' ');
                    } while (shown.length() % TAB != 0);
                } else {
                    shown.append(c);
                }
            }
            if (caretAt < 0) {
                caretAt = shown.length();
            }
            int carets = Math.max(1, Math.min(width, shown.length() - caretAt));
            out.append("    ").append(shown).append('\n');
            out.append("    ").append(" ".repeat(caretAt)).append("^".repeat(carets)).append('\n');
        }
        if (hint != null) {
            out.append("hint: ").append(hint).append('\n');
        }
        return out.toString();
    }
}

package jx.syntax;

import jx.diag.Pos;
import java.util.List;

import jx.diag.Diagnostic;
import jx.diag.Source;

/** The {@code \N{NAME}} escape of a string literal: a Unicode character by its name. */
final class NamedEscape {
    private NamedEscape() {
    }

    /**
     * Appends the character named after the {@code N} at {@code at} in {@code s} and returns the
     * index of the closing brace; an unknown name is Python's unicode error, reported to {@code problems}.
     */
    static int append(Source source, String s, int at, StringBuilder out, Pos pos, List<Diagnostic> problems) {
        int close = s.indexOf('}', at);
        if (at + 1 >= s.length() || s.charAt(at + 1) != '{' || close < 0) {
            problems.add(error(source, pos, at - 1, Math.min(s.length(), at + 1) - 1, "malformed \\N character escape", null));
            return at;
        }
        try {
            out.appendCodePoint(Character.codePointOf(s.substring(at + 2, close)));
        } catch (IllegalArgumentException unknown) {
            problems.add(error(source, pos, at - 1, close, "unknown Unicode character name", "check the name in the Unicode tables"));
        }
        return close;
    }

    private static Diagnostic error(Source source, Pos pos, int from, int to, String what, String hint) {
        return new Diagnostic(source, pos.line(), pos.col(), 1, "(unicode error) 'unicodeescape' codec can't decode bytes in position "
                + from + "-" + to + ": " + what, hint);
    }
}

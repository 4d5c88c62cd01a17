package jx.syntax;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import org.antlr.v4.runtime.Token;

import jx.diag.Diagnostic;
import jx.diag.Source;
import jx.grammar.JxLexer;

/**
 * The errors CPython's tokenizer finds, which override a generic "invalid syntax" from the parser
 * (pegen's _PyPegen_tokenize_full_source_to_check_for_errors): an unterminated string, a closing
 * bracket with no or another opener, and, at the end, a bracket that was never closed, reported at
 * the bracket rather than at whatever line the parser gave up on.
 */
final class TokenizerErrors {
    private TokenizerErrors() {
    }

    /** A NUL byte anywhere in the source, as Python refuses it before tokenizing. */
    static Diagnostic nul(Source source) {
        int at = source.text().indexOf('\0');
        if (at < 0) {
            return null;
        }
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < at; i++) {
            if (source.text().charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new Diagnostic(source, line, at - lineStart, 1, "source code cannot contain null bytes",
                "remove the NUL character (a binary file, or a bad copy?)");
    }

    /**
     * The tokenizer error that replaces a parse error found at {@code errorLine} (0: at the end of
     * input), or null when there is none.
     */
    static Diagnostic find(Source source, List<Token> tokens, int errorLine, boolean atEnd) {
        Deque<Token> open = new ArrayDeque<>();
        for (Token t : tokens) {
            switch (t.getType()) {
                case JxLexer.UNTERMINATED_STRING -> {
                    return at(source, t, "unterminated string literal (detected at line " + t.getLine() + ")",
                            "close the string with the quote it starts with, on the same line (or use \"\"\" for several lines)");
                }
                case JxLexer.UNTERMINATED_LONG_STRING -> {
                    return at(source, t, "unterminated triple-quoted string literal (detected at line "
                            + lastLine(source) + ")", "close the string with the three quotes it starts with");
                }
                case JxLexer.OPEN_PAREN, JxLexer.OPEN_BRACK, JxLexer.OPEN_BRACE -> open.push(t);
                case JxLexer.CLOSE_PAREN, JxLexer.CLOSE_BRACK, JxLexer.CLOSE_BRACE -> {
                    if (open.isEmpty()) {
                        return at(source, t, "unmatched '" + t.getText() + "'", "remove it, or add the bracket it closes");
                    }
                    Token o = open.pop();
                    if (!matches(o.getText(), t.getText())) {
                        return at(source, t, "closing parenthesis '" + t.getText() + "' does not match opening parenthesis '"
                                + o.getText() + "'" + (o.getLine() != t.getLine() ? " on line " + o.getLine() : ""),
                                "close '" + o.getText() + "' with '" + closer(o.getText()) + "'");
                    }
                }
                default -> { }
            }
        }
        if (!open.isEmpty() && (atEnd || open.peek().getLine() < errorLine)) {
            Token o = open.peek();
            return at(source, o, "'" + o.getText() + "' was never closed", "add the matching '" + closer(o.getText()) + "'");
        }
        return null;
    }

    private static boolean matches(String open, String close) {
        return closer(open).equals(close);
    }

    private static String closer(String open) {
        return switch (open) {
            case "(" -> ")";
            case "[" -> "]";
            default -> "}";
        };
    }

    private static int lastLine(Source source) {
        return Math.max(1, source.lines().size());
    }

    private static Diagnostic at(Source source, Token t, String message, String hint) {
        return new Diagnostic(source, t.getLine(), t.getCharPositionInLine(), 1, message, hint);
    }
}

package jx.cli;

import java.util.function.Function;
import java.util.regex.Pattern;

import jx.run.Session.Completeness;

/**
 * When a REPL input is finished, as in Python's REPL: a simple statement runs as soon as it is
 * complete (an open bracket or a trailing backslash asks for more lines); a block — input whose
 * first line opens a compound statement ({@code def}, {@code if}, a decorator, ...) or ends with
 * ':' — runs on the first empty line. Input that can never parse runs at once, to show the error.
 */
final class ReplInput {
    private static final Pattern BLOCK_KEYWORD =
            Pattern.compile("\\s*(?:@|(?:def|if|elif|else|for|while|class|try|with|async)\\b)");

    private ReplInput() {
    }

    /** Whether {@code buffer} (the lines typed so far, joined with '\n') should be run now. */
    static boolean isFinished(String buffer, Function<String, Completeness> completeness) {
        if (buffer.isBlank() || buffer.startsWith(":")) {
            return true;
        }
        String[] lines = buffer.split("\n", -1);
        Completeness c = ask(completeness, buffer);
        if (c == Completeness.INVALID) {
            return true;
        }
        if (isBlockStart(lines[0])) {
            return lines.length > 1 && lines[lines.length - 1].isBlank();
        }
        // A simple statement runs once complete (Ctrl-C abandons an unfinished one).
        return c != Completeness.INCOMPLETE;
    }

    private static Completeness ask(Function<String, Completeness> completeness, String buffer) {
        try {
            Completeness c = completeness.apply(buffer);
            return c == null ? Completeness.COMPLETE : c;
        } catch (RuntimeException e) {
            return Completeness.COMPLETE; // let evaluation report it
        }
    }

    /** Whether a first line opens a block: a compound statement keyword, a decorator, or a final ':'. */
    static boolean isBlockStart(String line) {
        if (BLOCK_KEYWORD.matcher(line).lookingAt()) {
            return true;
        }
        Scan scan = scan(line);
        return scan.code().stripTrailing().endsWith(":") && scan.depth() == 0;
    }

    /** A line's code without its {@code # comment}, and the brackets still open at its end. */
    record Scan(String code, int depth) {
    }

    /** Scans one line, skipping string literals (a '#' or a bracket inside quotes does not count). */
    static Scan scan(String line) {
        int depth = 0;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quote != 0) {
                if (ch == '\\') {
                    i++;
                } else if (ch == quote) {
                    quote = 0;
                }
            } else if (ch == '\'' || ch == '"') {
                quote = ch;
            } else if (ch == '#') {
                return new Scan(line.substring(0, i), depth);
            } else if (ch == '(' || ch == '[' || ch == '{') {
                depth++;
            } else if (ch == ')' || ch == ']' || ch == '}') {
                depth = Math.max(0, depth - 1);
            }
        }
        return new Scan(line, depth);
    }

    /** The text to evaluate: the buffer without the trailing empty lines that ended a block. */
    static String source(String buffer) {
        int end = buffer.length();
        while (end > 0 && Character.isWhitespace(buffer.charAt(end - 1))) {
            end--;
        }
        return buffer.substring(0, end);
    }
}

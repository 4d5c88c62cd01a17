package jx.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Markdown note's runnable code: its fenced {@code python}/{@code py}/{@code jx} blocks, also those
 * inside {@code > } callouts. Within a block, code is followed by the output it expects as
 * {@code >>> } lines (a long value continues on {@code ... } lines); each run of code with the
 * output after it is a segment, run as one REPL cell.
 */
record Note(List<Block> blocks) {
    /** One fenced block; {@code line} is the note's 1-based line of its opening fence. */
    record Block(int line, List<Segment> segments) {
    }

    /** Code (its lines, with the note's line of the first) and the output lines that follow it. */
    record Segment(int firstLine, List<String> code, List<Expected> expected) {
        /** The code padded with empty lines so that its line numbers are the note's. */
        String source() {
            return "\n".repeat(firstLine - 1) + String.join("\n", code);
        }

        /** Whether the expected output is a doctest-style traceback: the code must raise. */
        boolean expectsError() {
            return !expected.isEmpty() && expected.get(0).text().strip().equals(TRACEBACK);
        }

        /** The lines that the error's message must contain: those after the traceback header. */
        List<Expected> expectedError() {
            return expected.subList(1, expected.size());
        }
    }

    /** One line of expected output, without its {@code >>> } or {@code ... } marker. */
    record Expected(int line, String text) {
    }

    static final String TRACEBACK = "Traceback (most recent call last):";
    private static final Pattern CALLOUT = Pattern.compile("^(?:[ \\t]*> ?)+");
    private static final Pattern FENCE = Pattern.compile("^[ \\t]*(`{3,}|~{3,})[ \\t]*([A-Za-z0-9_+-]*).*$");
    private static final List<String> LANGUAGES = List.of("python", "py", "python3", "jx");

    static Note parse(String text) {
        List<String> lines = text.lines().toList();
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String quote = calloutOf(lines.get(i));
            Matcher open = FENCE.matcher(lines.get(i).substring(quote.length()));
            if (!open.matches()) {
                continue;
            }
            String fence = open.group(1);
            boolean code = LANGUAGES.contains(open.group(2).toLowerCase(java.util.Locale.ROOT));
            List<String> body = new ArrayList<>();
            int start = i;
            for (i++; i < lines.size(); i++) {
                String inside = insideCallout(lines.get(i), quote);
                if (inside.strip().startsWith(fence) && inside.strip().replace(fence.substring(0, 1), "").isEmpty()) {
                    break;
                }
                body.add(inside);
            }
            if (code) {
                blocks.add(new Block(start + 1, segments(body, start + 2)));
            }
        }
        return new Note(blocks);
    }

    /** A line of a block opened after {@code quote} (a callout's "> ", or ""), without that prefix. */
    private static String insideCallout(String line, String quote) {
        if (line.startsWith(quote)) {
            return line.substring(quote.length());
        }
        return line.stripTrailing().equals(quote.stripTrailing()) ? "" : line;
    }

    private static String calloutOf(String line) {
        Matcher m = CALLOUT.matcher(line);
        return m.lookingAt() ? m.group() : "";
    }

    /** Splits a block's lines (the first at note line {@code first}) into code-then-output segments. */
    private static List<Segment> segments(List<String> body, int first) {
        List<Segment> out = new ArrayList<>();
        List<String> code = new ArrayList<>();
        List<Expected> expected = new ArrayList<>();
        int codeStart = first;
        boolean inOutput = false;
        for (int k = 0; k < body.size(); k++) {
            String line = body.get(k);
            String output = outputText(line, "^>>>( |$)");
            String more = inOutput ? outputText(line, "^\\.\\.\\.( |$)") : null;
            if (output != null || more != null) {
                expected.add(new Expected(first + k, output != null ? output : more));
                inOutput = true;
                continue;
            }
            if (inOutput && line.isBlank()) {
                continue; // a blank line between outputs, or before the next code
            }
            if (inOutput) {
                out.add(new Segment(codeStart, code, expected));
                code = new ArrayList<>();
                expected = new ArrayList<>();
                inOutput = false;
            }
            if (code.isEmpty()) {
                codeStart = first + k;
            }
            code.add(line);
        }
        if (!code.isEmpty() || !expected.isEmpty()) {
            out.add(new Segment(codeStart, code, expected));
        }
        return out;
    }

    private static String outputText(String line, String marker) {
        Matcher m = Pattern.compile(marker).matcher(line);
        return m.lookingAt() ? line.substring(m.end()) : null;
    }
}

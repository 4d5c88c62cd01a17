package jx.cli;

import java.util.List;
import java.util.function.Function;

import org.jline.reader.CompletingParsedLine;
import org.jline.reader.EOFError;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;

import jx.run.Session.Completeness;

/**
 * JLine's view of REPL input. On Enter it asks {@link ReplInput#isFinished}: an unfinished input
 * gets a new line with the {@code ... } prompt (JLine's EOFError protocol), so a whole block is
 * edited and recalled from history as one entry. For completion, the word is the dotted name
 * ending at the cursor ({@code jnp.su}), or a command at the start of the line.
 */
final class ReplParser implements Parser {
    private final Function<String, Completeness> completeness;

    ReplParser(Function<String, Completeness> completeness) {
        this.completeness = completeness;
    }

    @Override
    public ParsedLine parse(String line, int cursor, ParseContext context) {
        if (context == ParseContext.ACCEPT_LINE && !ReplInput.isFinished(line, completeness)) {
            throw new EOFError(-1, cursor, "incomplete input", "");
        }
        int start = wordStart(line, cursor);
        return new Word(line, cursor, line.substring(start, cursor));
    }

    /** Start of the name (letters, digits, '_', '.') or command (':name' at the line start) before cursor. */
    static int wordStart(String line, int cursor) {
        int i = Math.min(cursor, line.length());
        while (i > 0) {
            char ch = line.charAt(i - 1);
            if (Character.isLetterOrDigit(ch) || ch == '_' || ch == '.') {
                i--;
            } else {
                break;
            }
        }
        if (i == 1 && line.charAt(0) == ':') {
            i = 0;
        }
        return i;
    }

    /** A parsed line with one word: what completion replaces. */
    record Word(String line, int cursor, String word) implements CompletingParsedLine {
        @Override
        public CharSequence escape(CharSequence candidate, boolean complete) {
            return candidate; // names need no quoting
        }

        @Override
        public int rawWordCursor() {
            return word.length();
        }

        @Override
        public int rawWordLength() {
            return word.length();
        }

        @Override
        public int wordCursor() {
            return word.length();
        }

        @Override
        public int wordIndex() {
            return 0;
        }

        @Override
        public List<String> words() {
            return List.of(word);
        }
    }
}

package jx.cli;

import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

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
    private final Predicate<String> whole;

    /**
     * whole: whether a buffer arrived in one piece (pasted, or recalled from history with Ctrl-R or
     * the arrows), so that Enter runs it once it parses, without the empty line that ends a typed block.
     */
    ReplParser(Function<String, Completeness> completeness, Predicate<String> whole) {
        this.completeness = completeness;
        this.whole = whole;
    }

    @Override
    public ParsedLine parse(String line, int cursor, ParseContext context) {
        if (context == ParseContext.ACCEPT_LINE && !ReplInput.isFinished(line, completeness)
                && !(line.indexOf('\n') >= 0 && whole.test(line) && isComplete(line))) {
            throw new EOFError(-1, cursor, "incomplete input", "");
        }
        int start = wordStart(line, cursor);
        return new Word(line, cursor, line.substring(start, cursor));
    }

    private boolean isComplete(String line) {
        try {
            return completeness.apply(ReplInput.source(line)) == Completeness.COMPLETE;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The command whose argument is a path: completion takes the whole argument as the word. */
    static final String LOAD = ":load ";

    /**
     * Start of the name (letters, digits, '_', '.') or command (':name' at the line start) before
     * cursor; after {@code :load }, the start of the path.
     */
    static int wordStart(String line, int cursor) {
        if (line.startsWith(LOAD) && cursor >= LOAD.length() && line.indexOf('\n') < 0) {
            int start = LOAD.length();
            while (start < cursor && line.charAt(start) == ' ') {
                start++;
            }
            return start;
        }
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

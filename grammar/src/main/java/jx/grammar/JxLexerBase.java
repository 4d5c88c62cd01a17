package jx.grammar;

import java.util.ArrayDeque;
import java.util.Deque;

import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.CommonToken;
import org.antlr.v4.runtime.Lexer;
import org.antlr.v4.runtime.Token;

/**
 * Python's layout rules on top of the generated lexer: a NEWLINE token carries the indentation of the
 * next line, from which this class emits INDENT and DEDENT; newlines inside brackets, and blank or
 * comment-only lines, produce nothing. Tabs advance to the next multiple of 8, as in CPython.
 */
public abstract class JxLexerBase extends Lexer {
    private final Deque<Token> pending = new ArrayDeque<>();
    private final Deque<Integer> indents = new ArrayDeque<>();
    /** The same levels measured with a tab as one column: where the two orders disagree, Python raises TabError. */
    private final Deque<Integer> altIndents = new ArrayDeque<>();
    private int brackets;
    private Token last;
    private boolean atEnd;
    private boolean started;

    protected JxLexerBase(CharStream input) {
        super(input);
    }

    @Override
    public Token nextToken() {
        if (!started) {
            started = true;
            Token indent = leadingIndent();
            if (indent != null) {
                return indent;
            }
        }
        Token t = pending.isEmpty() ? super.nextToken() : pending.poll();
        if (t.getType() == EOF && !atEnd) {
            // Close the last logical line and every open block before EOF.
            atEnd = true;
            if (last != null && last.getType() != JxLexer.NEWLINE && last.getType() != JxLexer.DEDENT) {
                pending.add(synthetic(JxLexer.NEWLINE, "\n"));
            }
            while (!indents.isEmpty()) {
                indents.pop();
                altIndents.pop();
                pending.add(synthetic(JxLexer.DEDENT, ""));
            }
            pending.add(t);
            t = pending.poll();
        }
        if (t.getChannel() == Token.DEFAULT_CHANNEL) {
            last = t;
        }
        return t;
    }

    /** CPython's tokenizer limit (MAXLEVEL); deeper nesting also makes prediction quadratic here. */
    private static final int MAX_BRACKETS = 200;

    protected void openBracket() {
        if (++brackets > MAX_BRACKETS) {
            throw new LayoutError("too many nested parentheses", getLine(), _tokenStartCharPositionInLine);
        }
    }

    protected void closeBracket() {
        if (brackets > 0) {
            brackets--;
        }
    }

    /** Called by the NEWLINE rule: turn the newline and the next line's indentation into tokens. */
    protected void onNewLine() {
        String text = getText();
        int next = _input.LA(1);
        boolean blank = next == '\r' || next == '\n' || next == '\f' || next == '#' || next == EOF;
        if (brackets > 0 || blank) {
            skip();
            return;
        }
        int width = 0;
        int alt = 0;
        for (char c : text.toCharArray()) {
            if (c == ' ') {
                width++;
                alt++;
            } else if (c == '\t') {
                width += 8 - width % 8;
                alt++;
            } else if (c == '\r' || c == '\n' || c == '\f') {
                width = 0;
                alt = 0;
            }
        }
        setText("\n");
        int line = getLine();
        int current = indents.isEmpty() ? 0 : indents.peek();
        int altCurrent = altIndents.isEmpty() ? 0 : altIndents.peek();
        if (width > current) {
            if (alt <= altCurrent) {
                throw tabError(line);
            }
            indents.push(width);
            altIndents.push(alt);
            pending.add(synthetic(JxLexer.INDENT, ""));
        } else {
            while (!indents.isEmpty() && indents.peek() > width) {
                indents.pop();
                altIndents.pop();
                pending.add(synthetic(JxLexer.DEDENT, ""));
            }
            int now = indents.isEmpty() ? 0 : indents.peek();
            if (now != width) {
                throw new LayoutError("IndentationError: unindent does not match any outer indentation level",
                        line, getCharPositionInLine());
            }
            if (alt != (altIndents.isEmpty() ? 0 : altIndents.peek())) {
                throw tabError(line);
            }
        }
    }

    private static LayoutError tabError(int line) {
        return new LayoutError("TabError: inconsistent use of tabs and spaces in indentation", line, 0);
    }

    /**
     * Leading whitespace before the first statement (not before a blank or comment line) is an
     * INDENT, which the parser reports as Python's "unexpected indent"; the spaces themselves are skipped.
     */
    private Token leadingIndent() {
        int width = 0;
        int k = 1;
        for (int c = _input.LA(k); c == ' ' || c == '\t'; c = _input.LA(++k)) {
            width += c == ' ' ? 1 : 8 - width % 8;
        }
        altIndents.push(k - 1);
        int next = _input.LA(k);
        if (width == 0 || next == '\r' || next == '\n' || next == '\f' || next == '#' || next == EOF) {
            altIndents.clear();
            return null;
        }
        indents.push(width);
        CommonToken t = new CommonToken(_tokenFactorySourcePair, JxLexer.INDENT, DEFAULT_TOKEN_CHANNEL, 0, k - 2);
        t.setText(" ".repeat(k - 1));
        t.setLine(1);
        t.setCharPositionInLine(0);
        return t;
    }

    private Token synthetic(int type, String text) {
        CommonToken t = new CommonToken(_tokenFactorySourcePair, type, DEFAULT_TOKEN_CHANNEL,
                _input.index(), _input.index() - 1);
        t.setText(text);
        t.setLine(getLine());
        t.setCharPositionInLine(getCharPositionInLine());
        return t;
    }

    @Override
    public void reset() {
        super.reset();
        pending.clear();
        indents.clear();
        altIndents.clear();
        brackets = 0;
        last = null;
        atEnd = false;
        started = false;
    }
}

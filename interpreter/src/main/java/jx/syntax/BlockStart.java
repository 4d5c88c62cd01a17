package jx.syntax;

import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.Token;

import jx.grammar.JxLexer;

/**
 * Whether a syntax error sits where a block's indented body should begin (the token after a
 * line ending in ':'), and what began that block, in Python's words: "function definition on line 1",
 * "'if' statement on line 3".
 */
final class BlockStart {
    private BlockStart() {
    }

    static String after(CommonTokenStream tokens, Token t) {
        int i = t.getTokenIndex();
        if (i < 0) {
            return null;
        }
        Token newline = previous(tokens, i);
        if (newline == null || newline.getType() != JxLexer.NEWLINE) {
            // the parser reports a NEWLINE token itself when the body is missing at the end
            newline = t.getType() == JxLexer.NEWLINE || t.getType() == Token.EOF ? t : null;
        }
        if (newline == null) {
            return null;
        }
        Token colon = previous(tokens, newline.getTokenIndex());
        if (colon == null || colon.getType() != JxLexer.COLON) {
            return null;
        }
        Token first = colon;
        for (int k = colon.getTokenIndex() - 1; k >= 0; k--) {
            Token p = tokens.get(k);
            if (p.getChannel() != Token.DEFAULT_CHANNEL) {
                continue;
            }
            if (p.getType() == JxLexer.NEWLINE || p.getType() == JxLexer.INDENT || p.getType() == JxLexer.DEDENT) {
                break;
            }
            first = p;
        }
        String what = switch (first.getType()) {
            case JxLexer.DEF, JxLexer.AT -> "function definition";
            case JxLexer.CLASS -> "class definition";
            default -> "'" + first.getText() + "' statement";
        };
        return what + " on line " + first.getLine();
    }

    private static Token previous(CommonTokenStream tokens, int index) {
        for (int k = index - 1; k >= 0; k--) {
            Token p = tokens.get(k);
            if (p.getChannel() == Token.DEFAULT_CHANNEL) {
                return p;
            }
        }
        return null;
    }
}

package jx.syntax;

import java.util.List;

import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;

import jx.diag.Diagnostic;
import jx.diag.Diagnostics;
import jx.diag.Source;
import jx.grammar.JxLexer;
import jx.grammar.JxParser;
import jx.diag.JxException;

/** Text to syntax tree. A syntax error stops parsing and is thrown as one rendered JxException. */
public final class Parser {
    private Parser() {}

    /** Thrown for a syntax error; {@code atEnd} tells the REPL that more lines could complete it. */
    public static final class SyntaxError extends ParseCancellationException {
        public final Diagnostic diagnostic;
        public final boolean atEnd;

        SyntaxError(Diagnostic diagnostic, boolean atEnd) {
            super(diagnostic.message());
            this.diagnostic = diagnostic;
            this.atEnd = atEnd;
        }
    }

    /** A parsed module: its statements and the constructs rejected while building them. */
    public record Parsed(List<Stmt> body, List<Diagnostic> problems) {}

    public static Parsed parseFile(Source source) {
        try {
            return parseOrThrowSyntax(source);
        } catch (SyntaxError e) {
            Diagnostics d = new Diagnostics();
            d.add(e.diagnostic);
            d.throwIfAny(JxException.Kind.SYNTAX);
            throw e;
        }
    }

    /** Parses, throwing {@link SyntaxError} itself (the REPL inspects {@code atEnd}). */
    public static Parsed parseOrThrowSyntax(Source source) {
        JxParser parser = parser(source, source.text());
        JxParser.FileInputContext tree = parser.fileInput();
        TreeBuilder builder = new TreeBuilder(source, 0, 0);
        return new Parsed(builder.file(tree), builder.problems);
    }

    /** Parses the expression of an f-string replacement field found at (line, col). */
    static Expr parseField(Source source, String text, int line, int col, List<Diagnostic> problems) {
        JxParser parser = parser(source, text);
        JxParser.FieldInputContext tree = parser.fieldInput();
        return new TreeBuilder(source, line - 1, col, problems).field(tree);
    }

    private static JxParser parser(Source source, String text) {
        JxLexer lexer = new JxLexer(CharStreams.fromString(text, source.name()));
        lexer.removeErrorListeners();
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        JxParser parser = new JxParser(tokens);
        parser.removeErrorListeners();
        parser.addErrorListener(new BaseErrorListener() {
            @Override
            public void syntaxError(Recognizer<?, ?> recognizer, Object offending, int line, int col,
                    String msg, RecognitionException e) {
                throw describe(source, (Token) offending, line, col);
            }
        });
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
        return parser;
    }

    private static SyntaxError describe(Source source, Token t, int line, int col) {
        int type = t == null ? Token.EOF : t.getType();
        String text = t == null ? "" : t.getText();
        boolean atEnd = type == Token.EOF
                || (t != null && t.getStopIndex() < t.getStartIndex() && t.getStartIndex() >= source.text().length());
        String message;
        String hint = null;
        switch (type) {
            case Token.EOF -> {
                message = "unexpected end of input";
                hint = "an expression, a bracket or a block is not finished";
            }
            case JxLexer.INDENT -> {
                message = "unexpected indent";
                hint = "indent only the body of a def, if, for or while";
            }
            case JxLexer.DEDENT -> {
                message = atEnd ? "unexpected end of input" : "unexpected dedent";
                hint = atEnd ? "an expression, a bracket or a block is not finished"
                        : "a block needs at least one statement (use `pass`)";
            }
            case JxLexer.NEWLINE -> {
                message = atEnd ? "unexpected end of input" : "unexpected end of line";
                hint = "the statement is not finished";
            }
            case JxLexer.UNKNOWN_CHAR -> message = "invalid character '" + text + "'";
            default -> message = "invalid syntax: unexpected '" + text + "'";
        }
        if (type != JxLexer.INDENT && t != null) {
            int expectIndent = source.text().isEmpty() ? -1 : 0;
            if (expectIndent == 0 && line > 1 && source.line(line - 1).stripTrailing().endsWith(":")
                    && type != Token.EOF && type != JxLexer.DEDENT) {
                message = "expected an indented block";
                hint = "indent the body of the block on the line after the ':'";
            }
        }
        Diagnostic d = new Diagnostic(source, line, col, Math.max(1, text.length()), message, hint);
        return new SyntaxError(d, atEnd);
    }
}

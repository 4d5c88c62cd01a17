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
import jx.grammar.LayoutError;
import jx.grammar.JxParser;
import jx.diag.JxException;

/** Text to syntax tree. A syntax error stops parsing and is thrown as one rendered JxException. */
public final class Parser {
    private Parser() {}

    /** Thrown for a syntax error; {@code atEnd} tells the REPL that more lines could complete it. */
    public static final class SyntaxError extends ParseCancellationException {
        public final Diagnostic diagnostic;
        public final boolean atEnd;

        /** Python's plain "invalid syntax", which a tokenizer error found later in the file replaces. */
        final boolean generic;

        SyntaxError(Diagnostic diagnostic, boolean atEnd) {
            this(diagnostic, atEnd, false);
        }

        SyntaxError(Diagnostic diagnostic, boolean atEnd, boolean generic) {
            super(diagnostic.message());
            this.diagnostic = diagnostic;
            this.atEnd = atEnd;
            this.generic = generic;
        }
    }

    private static final java.util.concurrent.atomic.AtomicBoolean WARMING = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * Parses a small program once per JVM on a daemon thread, so that the lexer's and parser's
     * tables (the ATN deserialised at class initialisation, the first DFA states, which ANTLR shares
     * between parsers and threads) are built on the second core while the session's library loads:
     * at start-up the first parse of even {@code print(1)} costs as much as building the library.
     */
    public static void warmUpInBackground() {
        if (!WARMING.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(() -> warmUp(Source.of("<warm-up>", """
                import jax.numpy as jnp
                def f(x, *args, k=1.0, **kw):
                    y = [x[0:2, None], {"a": x.at[0].set(-1)}, (lambda z: z ** 2 if z > 0 else -z)]
                    for i in range(3):
                        x = x @ x.T + 1e-3
                    return jnp.sum(x), y
                print(f(jnp.ones((2, 2))), 'done')
                """)), "jx-parser-warm-up");
        t.setDaemon(true);
        t.start();
    }

    /** Only a head start: whatever goes wrong here goes wrong again, and is reported, in the real parse. */
    private static void warmUp(Source source) {
        try {
            parseFile(source);
        } catch (RuntimeException | StackOverflowError e) {
            // the real parse reports it
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
        Diagnostic nul = TokenizerErrors.nul(source);
        if (nul != null) {
            throw new SyntaxError(nul, false);
        }
        JxParser parser = parser(source, source.text());
        try {
            JxParser.FileInputContext tree = parser.fileInput();
            TreeBuilder builder = new TreeBuilder(source, 0, 0);
            return new Parsed(builder.file(tree), builder.problems);
        } catch (LayoutError e) {
            throw layout(source, e);
        } catch (SyntaxError e) {
            if (!e.generic) {
                throw e;
            }
            CommonTokenStream tokens = (CommonTokenStream) parser.getTokenStream();
            try {
                tokens.fill();
            } catch (LayoutError later) {
                throw layout(source, later);
            }
            Diagnostic d = TokenizerErrors.find(source, tokens.getTokens(), e.diagnostic.line(), e.atEnd);
            // An unclosed bracket at the end is still input the REPL may complete.
            throw d == null ? e : new SyntaxError(d, e.atEnd && d.message().endsWith("was never closed"));
        }
    }

    private static SyntaxError layout(Source source, LayoutError e) {
        int col = e.col > 0 || !e.getMessage().contains("Error") ? e.col
                : source.line(e.line).length() - source.line(e.line).stripLeading().length();
        String hint = e.getMessage().startsWith("TabError")
                ? "indent each block with the same characters (4 spaces, as PEP 8 says); never mix tabs and spaces"
                : e.getMessage().startsWith("IndentationError") ? "dedent to the column of an enclosing block"
                : "bind inner parts to names first";
        return new SyntaxError(new Diagnostic(source, e.line, col, 1, e.getMessage(), hint), false);
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
                throw describe(source, tokens, (Token) offending, line, col);
            }
        });
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
        return parser;
    }

    private static SyntaxError describe(Source source, CommonTokenStream tokens, Token t, int line, int col) {
        int type = t == null ? Token.EOF : t.getType();
        String text = t == null ? "" : t.getText();
        boolean atEnd = type == Token.EOF
                || (t != null && t.getStopIndex() < t.getStartIndex() && t.getStartIndex() >= source.text().length());
        String message;
        String hint = null;
        boolean generic = true;
        switch (type) {
            case JxLexer.INDENT -> {
                message = "IndentationError: unexpected indent";
                hint = "indent only the body of a def, if, for or while";
                generic = false;
            }
            case Token.EOF, JxLexer.NEWLINE, JxLexer.DEDENT -> {
                message = "invalid syntax";
                hint = atEnd ? "an expression, a bracket or a block is not finished" : "the statement is not finished";
            }
            case JxLexer.UNKNOWN_CHAR -> message = "invalid character '" + text + "'";
            default -> message = "invalid syntax: unexpected '" + text + "'";
        }
        String block = t == null ? null : BlockStart.after(tokens, t);
        if (block != null) {
            message = "IndentationError: expected an indented block after " + block;
            hint = "indent the body of the block on the line after the ':'";
            generic = false;
        }
        if (line > source.lines().size() && !source.lines().isEmpty()) {
            // The end of input lies after the last newline: point at the end of the last line instead.
            line = source.lines().size();
            col = source.line(line).length();
        }
        Diagnostic d = new Diagnostic(source, line, col, Math.max(1, text.length()), message, hint);
        return new SyntaxError(d, atEnd, generic);
    }
}

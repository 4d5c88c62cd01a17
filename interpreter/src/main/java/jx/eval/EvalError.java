package jx.eval;

import java.util.ArrayList;
import java.util.List;

import jx.diag.Source;
import jx.diag.Pos;

/**
 * A run-time error in a jx program, in Python's terms ("ZeroDivisionError: division by zero"). It
 * is thrown without a position by library code; the evaluator attaches the innermost position.
 */
public final class EvalError extends RuntimeException {
    private final String hint;
    private Pos pos;
    private Source source;
    /** The frames the error has left, innermost first; and where it is in the frame it has reached. */
    private final List<Traceback.Frame> left = new ArrayList<>();
    private Pos here;
    private Source hereSource;

    public EvalError(String message) {
        this(message, null);
    }

    public EvalError(String message, String hint) {
        super(message, null, false, false);
        this.hint = hint;
    }

    public String hint() {
        return hint;
    }

    public Pos pos() {
        return pos;
    }

    public Source source() {
        return source;
    }

    EvalError at(Pos p, Source s) {
        // The innermost position in the program's own source: a line inside jx's library (jax.grad's
        // derived transformations, lax, ...) gives way to the user's line that called it, as JAX's
        // filtered tracebacks do.
        if (p != null && p.line() > 0 && (pos == null || library(source) && !library(s))) {
            pos = p;
            source = s;
        }
        if (here == null && p != null && p.line() > 0) {
            here = p;
            hereSource = s;
        }
        return this;
    }

    /** Whether a source is one of the library's own modules (jax._transforms, jax._lax, ...). */
    private static boolean library(Source s) {
        return s != null && s.name().startsWith("<jax.");
    }

    /** The error leaves a call of {@code function}: its location there becomes a traceback entry. */
    EvalError leaving(String function) {
        if (here != null) {
            left.add(new Traceback.Frame(hereSource, here, function));
            here = null;
            hereSource = null;
        }
        return this;
    }

    /** Every frame the error passed through, the outermost ("<module>") first. */
    public List<Traceback.Frame> frames() {
        List<Traceback.Frame> out = new ArrayList<>();
        if (here != null) {
            out.add(new Traceback.Frame(hereSource, here, "<module>"));
        }
        for (int i = left.size() - 1; i >= 0; i--) {
            out.add(left.get(i));
        }
        return out;
    }
}

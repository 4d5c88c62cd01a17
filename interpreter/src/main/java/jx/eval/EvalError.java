package jx.eval;

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
        if (pos == null && p != null && p.line() > 0) {
            pos = p;
            source = s;
        }
        return this;
    }
}

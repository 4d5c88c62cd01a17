package jx.diag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import jx.diag.JxException;

/** Collects the problems of one source before anything runs, so all can be reported at once. */
public final class Diagnostics {
    private final List<Diagnostic> found = new ArrayList<>();

    public void add(Diagnostic d) {
        found.add(d);
    }

    public boolean isEmpty() {
        return found.isEmpty();
    }

    public List<Diagnostic> all() {
        return found;
    }

    /** Throws one exception carrying every diagnostic, ordered by position. */
    public void throwIfAny(JxException.Kind kind) {
        if (found.isEmpty()) {
            return;
        }
        String label = kind == JxException.Kind.SYNTAX ? "syntax error" : "error";
        StringBuilder text = new StringBuilder();
        found.stream()
                .sorted(Comparator.comparingInt(Diagnostic::line).thenComparingInt(Diagnostic::col))
                .distinct()
                .forEach(d -> text.append(d.render(label)));
        throw new JxException(kind, text.toString().stripTrailing());
    }
}

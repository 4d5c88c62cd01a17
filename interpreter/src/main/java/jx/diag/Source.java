package jx.diag;

import java.util.List;

/** A source text with its display name, kept to quote lines in diagnostics. */
public record Source(String name, String text, List<String> lines) {
    public static Source of(String name, String text) {
        return new Source(name, text, text.lines().toList());
    }

    public String line(int n) {
        return n >= 1 && n <= lines.size() ? lines.get(n - 1) : "";
    }
}

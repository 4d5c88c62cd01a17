package jx.stdlib;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import jx.run.Config;
import jx.run.Session;

/** Runs jx source in a fresh CPU session, as a script would run, and returns what it printed. */
final class JxRun {
    private JxRun() {}

    static String run(String source) {
        return run(source, "<test>", false);
    }

    /** In an x64 session when x64 (the finite-difference checks need float64). */
    static String run(String source, String name, boolean x64) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        new Session(new Config("cpu", x64, List.of(), out)).runSource(source, name);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** A test resource's text (name relative to jx/stdlib, or absolute). */
    static String resource(String name) throws IOException {
        try (InputStream in = JxRun.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The lines of a check script's output whose last field, an error, is above tol (or not a number). */
    static List<String> above(String[] lines, double tol) {
        List<String> bad = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.split(" ");
            double err = Double.parseDouble(f[f.length - 1]);
            if (!(err <= tol)) {
                bad.add(line);
            }
        }
        return bad;
    }
}

package jx.stdlib;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import jx.run.Config;
import jx.run.Session;

/** Runs jx source in a fresh CPU session, as a script would run, and returns what it printed. */
final class JxRun {
    private JxRun() {}

    static String run(String source) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        new Session(new Config("cpu", false, List.of(), out)).runSource(source, "<test>");
        return bytes.toString(StandardCharsets.UTF_8);
    }
}

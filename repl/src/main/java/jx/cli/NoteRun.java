package jx.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import jx.run.Config;
import jx.diag.Exit;
import jx.diag.JxException;
import jx.run.Session;

/**
 * {@code jx run note.md} and {@code jx test note.md}: a note's blocks run in order as the cells of
 * one session, each segment as one REPL input (a bare expression at its end echoes its repr). A
 * block that does not parse, check or run is reported and the rest of the note still runs. Testing
 * also compares each segment's output with the lines the note expects, and reports each block:
 * passed, output mismatch or error, at the note's own line numbers. Expected output that starts with
 * Python's {@code Traceback (most recent call last):} says the segment must fail, with an error
 * message that contains the lines after it (as a doctest would show the exception).
 */
final class NoteRun {
    enum Outcome { PASSED, MISMATCH, ERROR }

    private final Path file;
    private final String name;
    private final boolean test;
    private final PrintStream out;
    private final PrintStream err;

    private NoteRun(Path file, boolean test, PrintStream out, PrintStream err) {
        this.file = file;
        this.name = file.toString();
        this.test = test;
        this.out = out;
        this.err = err;
    }

    /** Whether a path names a Markdown note rather than a jx script. */
    static boolean isNote(String path) {
        String p = path.toLowerCase(java.util.Locale.ROOT);
        return p.endsWith(".md") || p.endsWith(".markdown");
    }

    /** Runs (test false) or tests a note in a session of its own; the exit code: 0 when every block passed. */
    static int run(Path file, boolean test, Main.Device device, boolean x64, PrintStream out) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return Runner.cannotOpen(file.toString());
        }
        return new NoteRun(file, test, out, System.err).all(Note.parse(text), device, x64);
    }

    private int all(Note note, Main.Device device, boolean x64) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream cellOut = test ? new PrintStream(captured, true, StandardCharsets.UTF_8) : out;
        Session session;
        try {
            session = new Session(new Config(device.name(), x64, List.of(name), cellOut));
        } catch (JxException e) {
            err.println(e.getMessage());
            return e.exitCode();
        }
        int passed = 0;
        int mismatched = 0;
        int errors = 0;
        for (Note.Block block : note.blocks()) {
            Outcome o;
            try {
                o = block(session, block, captured);
            } catch (Exit e) {
                Runner.flushOut();
                err.println(name + ":" + block.line() + ": the note called exit(); the rest does not run");
                return e.code();
            }
            switch (o) {
                case PASSED -> passed++;
                case MISMATCH -> mismatched++;
                case ERROR -> errors++;
            }
        }
        Runner.flushOut();
        if (test) {
            err.printf("%s: %d block%s: %d passed, %d output mismatch, %d error%s%n", name, note.blocks().size(),
                    note.blocks().size() == 1 ? "" : "s", passed, mismatched, errors, errors == 1 ? "" : "s");
        }
        err.flush();
        return errors + mismatched > 0 ? 1 : 0;
    }

    private Outcome block(Session session, Note.Block block, ByteArrayOutputStream captured) {
        Outcome outcome = Outcome.PASSED;
        StringBuilder report = new StringBuilder();
        for (Note.Segment seg : block.segments()) {
            captured.reset();
            try {
                Optional<String> echo = session.evalInteractive(seg.source(), name);
                echo.ifPresent(session.config().out()::println);
                session.config().out().flush();
            } catch (JxException e) {
                Runner.flushOut();
                String msg = e.getMessage().stripTrailing();
                if (test && seg.expectsError()) {
                    int at = Expect.firstMissing(seg.expectedError(), msg);
                    if (at < 0) {
                        continue;
                    }
                    report.append("    line ").append(seg.expectedError().get(at).line()).append(": expected the error\n");
                    seg.expectedError().forEach(x -> report.append("        ").append(x.text()).append('\n'));
                    report.append("    but the error was\n");
                }
                if (test) {
                    report.append(indent(msg));
                } else {
                    err.println(msg);
                }
                outcome = Outcome.ERROR;
                break;
            }
            if (test && seg.expectsError()) {
                outcome = Outcome.MISMATCH;
                report.append("    line ").append(seg.expected().get(0).line())
                        .append(": expected an error, but the code ran\n");
                continue;
            }
            if (test && !seg.expected().isEmpty()) {
                String actual = captured.toString(StandardCharsets.UTF_8);
                int at = Expect.firstDifference(seg.expected(), actual);
                if (at >= 0) {
                    outcome = Outcome.MISMATCH;
                    report.append("    line ").append(seg.expected().get(at).line()).append(": expected\n");
                    seg.expected().forEach(x -> report.append("        ").append(x.text()).append('\n'));
                    report.append("    but the code printed\n");
                    actual.stripTrailing().lines().forEach(l -> report.append("        ").append(l).append('\n'));
                }
            }
        }
        if (test) {
            String status = switch (outcome) {
                case PASSED -> "passed";
                case MISMATCH -> "output mismatch";
                case ERROR -> "error";
            };
            err.println(name + ":" + block.line() + ": " + status);
            err.print(report);
            err.flush();
        }
        return outcome;
    }

    private static String indent(String text) {
        StringBuilder sb = new StringBuilder();
        text.lines().forEach(l -> sb.append("    ").append(l).append('\n'));
        return sb.toString();
    }
}

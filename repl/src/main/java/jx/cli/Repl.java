package jx.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;

import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.UserInterruptException;
import org.jline.reader.Widget;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

import jx.run.Config;
import jx.diag.JxException;
import jx.diag.Exit;
import jx.run.Session;

/**
 * The interactive jx REPL on JLine 3: Python-style prompts and blocks, history in ~/.jx_history,
 * completion, highlighting, and the {@code :commands}. jx code runs on one worker thread with a big
 * stack; Ctrl-C interrupts it and the session goes on.
 */
final class Repl {
    record Command(String name, String args, String help) {
    }

    static final List<Command> COMMANDS = List.of(
            new Command(":help", "", "this list"),
            new Command(":type", "EXPR", "dtype and shape of EXPR, computed without running it"),
            new Command(":grad", "F", "the derived program of jax.grad(F), as jx source"),
            new Command(":time", "EXPR", "evaluate EXPR and print the elapsed time"),
            new Command(":load", "FILE", "run FILE in this session (its names join the session's)"),
            new Command(":who", "", "the names bound in this session, with their types"),
            new Command(":device", "[cpu|cuda]", "show or switch the device (switching starts a new session)"),
            new Command(":reset", "", "start a new session (forget every binding)"),
            new Command(":quit", "", "leave (exit(), quit() and Ctrl-D too)"));

    /** The widgets that put a whole input into the buffer at once: a bracketed paste and history recall. */
    private static final List<String> WHOLE_INPUT_WIDGETS = List.of(LineReader.BEGIN_PASTE,
            LineReader.UP_HISTORY, LineReader.DOWN_HISTORY, LineReader.UP_LINE_OR_HISTORY,
            LineReader.DOWN_LINE_OR_HISTORY, LineReader.UP_LINE_OR_SEARCH, LineReader.DOWN_LINE_OR_SEARCH,
            LineReader.HISTORY_SEARCH_BACKWARD, LineReader.HISTORY_SEARCH_FORWARD,
            LineReader.HISTORY_INCREMENTAL_SEARCH_BACKWARD, LineReader.HISTORY_INCREMENTAL_SEARCH_FORWARD,
            LineReader.BEGINNING_OF_HISTORY, LineReader.END_OF_HISTORY);

    private final Terminal terminal;
    private final boolean debug;
    private final PrintStream out;
    private Config config;
    private Session session;

    /** The thread running jx code right now, null between inputs. */
    private volatile Thread running;
    private final AtomicInteger interrupts = new AtomicInteger();
    /**
     * Whether the input being edited came in one piece, pasted or recalled from history, rather than
     * typed line by line: such a block runs on Enter as soon as it parses.
     */
    private volatile boolean arrivedWhole;
    /** A rehearsal for the class cache ({@link #rehearse}): it keeps no history. */
    private boolean rehearsal;
    /** The exit code once exit()/quit() ran; null while the session goes on. */
    private volatile Integer exitCode;

    private Repl(Terminal terminal, Config config, boolean debug) {
        this.terminal = terminal;
        this.config = config;
        this.debug = debug;
        this.out = config.out();
    }

    /** Starts the REPL; {@code first} runs in its new session before the first prompt (jx -i). */
    static int start(Config config, boolean debug, java.util.function.Consumer<Session> first) {
        FutureTask<Session> session = building(config);
        Runner.needsShutdown(); // JLine's native library is deleted from the temporary directory at exit
        // JLine's FFM provider links its native calls at start-up (about 0.4 s of generated
        // downcall stubs, which no class cache keeps); the JNI one is as capable and ready at once.
        try (Terminal terminal = TerminalBuilder.builder().system(true).ffm(false).name("jx").build()) {
            return new Repl(terminal, config, debug).loop(session, first);
        } catch (IOException e) {
            System.err.println("jx: cannot open the terminal: " + e.getMessage());
            return 1;
        }
    }

    /**
     * Types a short session into a REPL on an in-memory terminal, with no history file: the run
     * that records the launcher's ahead-of-time class cache, so that the cache holds the classes
     * of the REPL (JLine's included) as well as the interpreter's, and the prompt comes sooner.
     */
    static int rehearse(Config config) {
        String keys = "1 + 2\ndef f(x):\n    return x * 2\n\nf(jnp.ones(2))\n_\nundefined_name\n"
                + ":type jnp.ones(3) @ jnp.ones(3)\nx = jnp.arange(3)\nx?\n:who\n:quit\n";
        try (Terminal terminal = TerminalBuilder.builder().system(false).name("jx").type("xterm-256color")
                .streams(new java.io.ByteArrayInputStream(keys.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                        java.io.OutputStream.nullOutputStream())
                .build()) {
            Repl repl = new Repl(terminal, config, false);
            repl.rehearsal = true;
            return repl.loop(building(config), s -> { });
        } catch (IOException e) {
            return 1;
        }
    }

    /**
     * The session, built on its own big-stack thread while the terminal and the line reader are set
     * up on this one: at start-up they take about as long as each other, and there are two cores.
     */
    private static FutureTask<Session> building(Config config) {
        FutureTask<Session> task = new FutureTask<>(() -> new Session(config));
        new Thread(null, task, "jx-session", Runner.STACK_BYTES).start();
        return task;
    }

    private int loop(FutureTask<Session> building, java.util.function.Consumer<Session> first) {
        try {
            session = building.get();
        } catch (ExecutionException e) {
            Runner.report(e.getCause(), debug);
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        evaluate(() -> first.accept(session));
        if (exitCode != null) {
            return exitCode;
        }
        LineReaderBuilder builder = LineReaderBuilder.builder();
        if (!rehearsal) {
            builder.variable(LineReader.HISTORY_FILE, historyFile());
        }
        LineReader reader = builder
                .terminal(terminal)
                .appName("jx")
                .parser(new ReplParser(text -> session.completeness(ReplInput.source(text)), text -> arrivedWhole))
                .completer(new ReplCompleter())
                .highlighter(new ReplHighlighter())
                .variable(LineReader.HISTORY_SIZE, 10_000)
                .variable(LineReader.HISTORY_FILE_SIZE, 10_000)
                .variable(LineReader.SECONDARY_PROMPT_PATTERN, "... ")
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .option(LineReader.Option.INSERT_TAB, true)
                .option(LineReader.Option.HISTORY_IGNORE_SPACE, false)
                .build();
        terminal.handle(Terminal.Signal.INT, signal -> interrupt());
        for (String name : WHOLE_INPUT_WIDGETS) {
            Widget w = reader.getWidgets().get(name);
            if (w != null) {
                reader.getWidgets().put(name, () -> {
                    arrivedWhole = true;
                    return w.apply();
                });
            }
        }

        terminal.writer().println("jx " + Main.VERSION + " (" + session.device() + ") \u2014 JAX as accelerated NumPy. "
                + ":help for commands.");
        terminal.writer().flush();
        while (true) {
            String input;
            try {
                input = reader.readLine(">>> ");
            } catch (UserInterruptException e) {
                continue; // Ctrl-C at the prompt clears the line
            } catch (EndOfFileException e) {
                break; // Ctrl-D
            } finally {
                arrivedWhole = false;
            }
            String text = ReplInput.source(input);
            if (text.isBlank()) {
                continue;
            }
            if (text.startsWith(":")) {
                if (!command(text)) {
                    break;
                }
            } else if (isHelpQuery(text)) {
                String code = ReplInput.scan(text).code().strip();
                String expr = code.substring(0, code.length() - 1);
                evaluate(() -> session.evalInteractive("help(" + expr + ")"));
            } else {
                evaluate(() -> echo(session.evalInteractive(text)));
            }
            if (exitCode != null) {
                break;
            }
        }
        try {
            reader.getHistory().save();
        } catch (IOException e) {
            // history is a convenience
        }
        return exitCode == null ? 0 : exitCode;
    }

    /** IPython's {@code x?}: one expression followed by a single '?'. */
    static boolean isHelpQuery(String text) {
        if (text.contains("\n")) {
            return false;
        }
        ReplInput.Scan scan = ReplInput.scan(text);
        String code = scan.code().strip();
        return scan.depth() == 0 && code.length() > 1 && code.endsWith("?") && !code.endsWith("??");
    }

    /** Runs one command; false means quit. */
    private boolean command(String text) {
        String name = text.split("\\s+", 2)[0];
        String arg = text.substring(name.length()).strip();
        switch (name) {
            case ":quit", ":q", ":exit" -> {
                return false;
            }
            case ":help", ":h", ":?" -> help();
            case ":reset" -> {
                Session fresh = newSession(config);
                if (fresh != null) {
                    session = fresh;
                    out.println("(new session)");
                }
            }
            case ":load" -> {
                if (needs(arg, ":load FILE")) {
                    Path file = Path.of(arg);
                    if (!Files.isRegularFile(file)) {
                        error("jx: cannot open '" + arg + "': " + (Files.exists(file) ? "not a regular file" : "no such file"));
                        break;
                    }
                    evaluate(() -> session.load(file));
                }
            }
            case ":time" -> {
                if (needs(arg, ":time EXPR")) {
                    evaluate(() -> {
                        long t0 = System.nanoTime();
                        Optional<String> repr = session.evalInteractive(arg);
                        long ns = System.nanoTime() - t0;
                        echo(repr);
                        out.println("Wall time: " + formatNanos(ns));
                    });
                }
            }
            case ":type" -> {
                if (needs(arg, ":type EXPR")) {
                    evaluate(() -> out.println(session.typeOf(arg)));
                }
            }
            case ":grad" -> {
                if (needs(arg, ":grad F")) {
                    evaluate(() -> echo(session.evalInteractive("jx.show(jax.grad(" + arg + "))")));
                }
            }
            case ":device" -> device(arg);
            case ":who" -> who();
            default -> error("unknown command " + name + " (:help lists the commands)");
        }
        out.flush();
        return true;
    }

    private void help() {
        out.println("Type jx (Python + JAX) statements and expressions; a block ends with an empty line.");
        for (Command c : COMMANDS) {
            out.printf("  %-20s %s%n", c.name() + (c.args().isEmpty() ? "" : " " + c.args()), c.help());
        }
        out.println("help(x) or x? describes x; dir(x) and type(x) as in Python; _ is the last value; exit() leaves.");
        out.println("Tab completes names and members (jnp.<TAB>, x.<TAB>) and :load paths. Ctrl-C interrupts a computation.");
        out.println("History: " + historyFile());
    }

    private void device(String arg) {
        if (arg.isEmpty()) {
            out.println("device: " + session.device());
            return;
        }
        String d = arg.toLowerCase(Locale.ROOT);
        if (!d.equals("cpu") && !d.equals("cuda") && !d.equals("auto")) {
            error("usage: :device [cpu|cuda|auto]");
            return;
        }
        if (d.equals(config.device()) || d.equals(deviceKind(session.device()))) {
            out.println("device: " + session.device() + " (already)");
            return;
        }
        Config next = new Config(d, config.x64(), config.argv(), config.out());
        Session fresh = newSession(next);
        if (fresh != null) {
            config = next;
            session = fresh;
            out.println("device: " + d + " (new session: bindings do not move between devices)");
        }
    }

    /** "cpu" or "cuda" for a backend's name ("cpu", "cuda:0 NVIDIA H100 ..."). */
    private static String deviceKind(String device) {
        return device.startsWith("cuda") ? "cuda" : device.startsWith("cpu") ? "cpu" : device;
    }

    /** IPython's %whos: each name the session bound, its type and a one-line summary, sorted. */
    private void who() {
        List<String> names = new ArrayList<>(session.names().keySet());
        names.removeIf(n -> n.startsWith("_"));
        names.sort(null);
        if (names.isEmpty()) {
            out.println("(no names bound yet)");
            return;
        }
        int width = names.stream().mapToInt(String::length).max().orElse(8);
        for (String name : names) {
            String type = Session.typeName(session.names().get(name));
            String summary = Session.summary(session.names().get(name));
            out.printf("%-" + width + "s  %-12s %s%n", name, type, summary);
        }
    }

    private boolean needs(String arg, String usage) {
        if (arg.isEmpty()) {
            error("usage: " + usage);
            return false;
        }
        return true;
    }

    private void echo(Optional<String> repr) {
        if (repr != null && repr.isPresent() && !repr.get().isEmpty()) {
            out.println(repr.get());
        }
        out.flush();
    }

    private void error(String message) {
        out.flush();
        System.err.println(message);
        System.err.flush();
    }

    private Session newSession(Config c) {
        Session[] s = {null};
        evaluate(() -> s[0] = new Session(c));
        return s[0];
    }

    /**
     * Runs {@code body} on a fresh big-stack thread; reports errors; Ctrl-C interrupts it. An
     * interrupted input leaves the session's names as they were before it, even when the work it
     * interrupted finished anyway (a kernel that did not stop), as if its assignment never ran.
     */
    private void evaluate(Runnable body) {
        interrupts.set(0);
        Map<String, Object> before = session == null ? null : new LinkedHashMap<>(session.names());
        Thread t = new Thread(null, () -> {
            running = Thread.currentThread();
            try {
                body.run();
                if (interrupts.get() > 0) {
                    keyboardInterrupt(before);
                }
            } catch (Exit e) {
                exitCode = Runner.report(e, debug);
            } catch (Throwable e) {
                if (interrupts.get() > 0) {
                    keyboardInterrupt(before);
                } else {
                    Runner.report(e, debug);
                }
            } finally {
                running = null;
                out.flush();
            }
        }, "jx-eval", Runner.STACK_BYTES);
        t.start();
        boolean joined = false;
        while (!joined) {
            try {
                t.join();
                joined = true;
            } catch (InterruptedException e) {
                interrupt();
            }
        }
    }

    private void keyboardInterrupt(Map<String, Object> before) {
        if (before != null) {
            session.names().clear();
            session.names().putAll(before);
        }
        error("KeyboardInterrupt");
    }

    /** Ctrl-C while jx code runs: interrupt it; the third one gives up on an unresponsive computation. */
    private void interrupt() {
        Thread t = running;
        if (t == null) {
            return;
        }
        int n = interrupts.incrementAndGet();
        t.interrupt();
        if (n >= 3) {
            out.flush();
            System.err.println("\njx: the computation does not respond to Ctrl-C; exiting");
            System.err.flush();
            Runtime.getRuntime().halt(130);
        }
    }

    /** ~/.jx_history, where ~ is $HOME as in Python (Java's user.home ignores $HOME). */
    static Path historyFile() {
        String home = System.getenv("HOME");
        if (home == null || home.isEmpty()) {
            home = System.getProperty("user.home");
        }
        return Path.of(home, ".jx_history");
    }

    static String formatNanos(long ns) {
        if (ns < 1_000_000L) {
            return String.format(Locale.ROOT, "%.1f \u00b5s", ns / 1e3);
        } else if (ns < 1_000_000_000L) {
            return String.format(Locale.ROOT, "%.2f ms", ns / 1e6);
        }
        return String.format(Locale.ROOT, "%.3f s", ns / 1e9);
    }

    /** Names from the session ({@code jnp.<TAB>}) and, at the start of a line, the commands. */
    private final class ReplCompleter implements Completer {
        @Override
        public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
            String word = line.word();
            if (line.line().startsWith(ReplParser.LOAD)) {
                candidates.addAll(Paths.complete(word));
                return;
            }
            if (word.startsWith(":")) {
                for (Command c : COMMANDS) {
                    candidates.add(new Candidate(c.name(), c.name(), null, c.help(), null, null, true));
                }
                return;
            }
            if (word.isEmpty()) {
                return;
            }
            List<String> names;
            try {
                names = session.completions(word);
            } catch (RuntimeException e) {
                return;
            }
            List<Candidate> found = new ArrayList<>();
            for (String name : names) {
                int dot = name.lastIndexOf('.', name.length() - 2);
                String display = dot >= 0 ? name.substring(dot + 1) : name;
                found.add(new Candidate(name, display, null, null, null, null, false));
            }
            candidates.addAll(found);
        }
    }
}

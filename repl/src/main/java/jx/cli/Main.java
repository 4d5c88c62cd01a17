package jx.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;

import jx.run.Config;
import jx.run.Session;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;

/**
 * The {@code jx} command line: the REPL, scripts, {@code -c CODE}, stdin, {@code jx run} and
 * {@code jx check}. Exit codes: 0 ok, 1 runtime error, 2 usage, syntax or check error.
 */
@Command(name = "jx", version = "jx " + Main.VERSION, sortOptions = false,
        description = "jx: the pure subset of Python + JAX, as its own language.",
        synopsisHeading = "", usageHelpWidth = 90,
        customSynopsis = {
            "Usage: jx [OPTIONS]                    start the REPL (when stdin is a terminal)",
            "       jx [OPTIONS] FILE.jx [ARGS...]  run a script ('-' for stdin; ARGS go to jx.argv)",
            "       jx [OPTIONS] -c CODE [ARGS...]  run CODE (everything after CODE goes to jx.argv)",
            "       jx -i [OPTIONS] FILE.jx|-c CODE run it, then stay in the REPL with its names",
            "       jx [OPTIONS] < FILE.jx          run stdin as a script",
            "       jx run [OPTIONS] FILE...        run each file in its own session; report each",
            "                                       (a note.md runs its python blocks as cells)",
            "       jx test [OPTIONS] NOTE.md...    run each note and compare outputs with its >>> lines",
            "       jx check [OPTIONS] FILE...      check files without running them",
            "",
        },
        subcommands = {Main.RunCommand.class, Main.TestCommand.class, Main.CheckCommand.class})
public final class Main implements Callable<Integer> {
    public static final String VERSION = "0.1.0";

    /** Which device a session computes on. */
    public enum Device { cpu, cuda, auto }

    @Option(names = "-c", paramLabel = "CODE", description = "Run CODE (the rest of the arguments go to jx.argv).")
    String code;

    @Option(names = "-i", description = "After running the script or CODE, start the REPL in its session (as python -i).")
    boolean interactive;

    @Option(names = "-u", description = "Unbuffered stdout: every print reaches it at once (as python -u).")
    boolean unbuffered;

    @Option(names = "--device", paramLabel = "DEVICE", defaultValue = "auto", scope = ScopeType.INHERIT,
            description = "cpu, cuda or auto (default: auto, the GPU when one is found).")
    Device device;

    @Option(names = "--x64", scope = ScopeType.INHERIT, description = "Enable float64/int64 (like jax_enable_x64).")
    boolean x64;

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Show Java stack traces of internal errors.")
    boolean debug;

    /** The launcher's class-cache recording run: a REPL session typed on an in-memory terminal. */
    @Option(names = "--rehearse-repl", hidden = true)
    boolean rehearse;

    @Option(names = {"-h", "--help"}, usageHelp = true, scope = ScopeType.INHERIT, description = "Show this help and exit.")
    boolean help;

    @Option(names = {"-V", "--version"}, versionHelp = true, description = "Print the version and exit.")
    boolean version;

    @Parameters(paramLabel = "FILE.jx ARGS", description = "A script and its arguments (jx.argv).")
    List<String> positional = new ArrayList<>();

    /** The arguments after -c CODE, which are the program's whatever they look like. */
    private List<String> afterCode = List.of();

    public static void main(String[] args) {
        Runner.exit(run(args));
    }

    /** Parses {@code args}, runs the command and returns the exit code (never calls System.exit). */
    public static int run(String... args) {
        int own = ownArguments(args);
        Runner.unbuffered(List.of(args).subList(0, own).contains("-u"));
        Runner.out(); // UTF-8 stdout and stderr before anything prints
        Main fast = parseCommon(args, own);
        if (fast != null) {
            fast.afterCode = List.of(args).subList(own, args.length);
            try {
                return fast.call();
            } catch (RuntimeException e) {
                return Runner.report(e, fast.debug);
            } finally {
                Runner.flushOut();
            }
        }
        Main main = new Main();
        main.afterCode = List.of(args).subList(own, args.length);
        CommandLine cl = new CommandLine(main);
        cl.setStopAtPositional(true);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler(Main::usageError);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> Runner.report(ex, main.debug));
        try {
            return cl.execute(java.util.Arrays.copyOf(args, own));
        } finally {
            Runner.flushOut();
        }
    }

    /**
     * The common command lines (a script, -c CODE, the REPL, with -i -u --x64 --debug --device)
     * parsed by hand: picocli's start-up (its classes, reflection and annotation proxies) was about
     * 0.8 s of a 2 s `jx -c 'print(1)'` on a loaded machine. Null for anything else (help,
     * version, subcommands, a mistake), which picocli parses and reports.
     */
    static Main parseCommon(String[] args, int own) {
        Main m = new Main();
        m.device = Device.auto;
        int i = 0;
        for (; i < own; i++) {
            String a = args[i];
            if (!a.startsWith("-") || a.equals("-")) {
                break;
            }
            switch (a) {
                case "-c" -> {
                    if (i + 1 >= own) {
                        return null;
                    }
                    m.code = args[++i];
                }
                case "-i" -> m.interactive = true;
                case "-u" -> m.unbuffered = true;
                case "--x64" -> m.x64 = true;
                case "--debug" -> m.debug = true;
                case "--device" -> {
                    if (i + 1 >= own || (m.device = device(args[++i])) == null) {
                        return null;
                    }
                }
                default -> {
                    if (!a.startsWith("--device=") || (m.device = device(a.substring("--device=".length()))) == null) {
                        return null;
                    }
                }
            }
        }
        List<String> rest = List.of(args).subList(i, own);
        if (m.code == null && !rest.isEmpty() && List.of("run", "test", "check").contains(rest.get(0))) {
            return null;
        }
        m.positional = new ArrayList<>(rest);
        return m;
    }

    private static Device device(String name) {
        for (Device d : Device.values()) {
            if (d.name().equalsIgnoreCase(name)) {
                return d;
            }
        }
        return null;
    }

    /**
     * How many leading arguments are jx's own: as with python, everything after {@code -c CODE} is
     * the program's (jx.argv), options included. (After a script's name, picocli stops by itself.)
     */
    static int ownArguments(String[] args) {
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "-c" -> {
                    return Math.min(args.length, i + 2);
                }
                case "--device" -> i++;
                default -> {
                    if (!args[i].startsWith("-") || args[i].equals("-")) {
                        return args.length;
                    }
                }
            }
        }
        return args.length;
    }

    private static int usageError(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        var err = cl.getErr();
        err.println("jx: " + ex.getMessage());
        err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return 2;
    }

    Config config(List<String> argv) {
        if (debug) {
            System.setProperty("jx.debug", "true"); // the array layer's notes, e.g. that OpenBLAS did not load
        }
        return new Config(device.name(), x64, List.copyOf(argv), Runner.out());
    }

    @Override
    public Integer call() {
        if (rehearse) {
            return Repl.rehearse(new Config(device.name(), x64, List.of(""),
                    new java.io.PrintStream(java.io.OutputStream.nullOutputStream(), true, java.nio.charset.StandardCharsets.UTF_8)));
        }
        boolean thenRepl = interactive && Runner.stdinIsTerminal();
        if (code != null) {
            List<String> argv = new ArrayList<>();
            argv.add("-c");
            argv.addAll(positional);
            argv.addAll(afterCode);
            Config config = config(argv);
            if (thenRepl) {
                return Repl.start(config, debug, s -> s.runSource(code, "<string>"));
            }
            return Runner.onBigStack(debug, () -> new Session(config).runSource(code, "<string>"));
        }
        if (!positional.isEmpty() && !positional.get(0).equals("-")) {
            if (NoteRun.isNote(positional.get(0))) {
                return note(positional.get(0), false);
            }
            if (thenRepl) {
                Path path = Path.of(positional.get(0));
                if (!Files.isRegularFile(path)) {
                    return Runner.cannotOpen(positional.get(0));
                }
                return Repl.start(config(positional), debug, s -> s.runFile(path));
            }
            return withFile(positional.get(0), positional, Session::runFile);
        }
        if (positional.isEmpty() && Runner.stdinIsTerminal()) {
            return Repl.start(config(List.of("")), debug, s -> { });
        }
        Config config = config(positional.isEmpty() ? List.of("") : positional);
        return Runner.onBigStack(debug, () -> new Session(config).runSource(Runner.readStdin(), "<stdin>"));
    }

    /** Runs {@code action} on {@code file} in a fresh session on the big-stack thread; the exit code. */
    int withFile(String file, List<String> argv, BiConsumer<Session, Path> action) {
        Path path = Path.of(file);
        if (!Files.isRegularFile(path)) {
            return Runner.cannotOpen(file);
        }
        Config config = config(argv);
        return Runner.onBigStack(debug, () -> action.accept(new Session(config), path));
    }

    /** Runs or tests a Markdown note in a session of its own; the exit code. */
    int note(String file, boolean test) {
        Path path = Path.of(file);
        if (!Files.isRegularFile(path)) {
            return Runner.cannotOpen(file);
        }
        return Runner.exitCodeOnBigStack(debug, () -> NoteRun.run(path, test, device, x64, Runner.out()));
    }

    /** {@code jx run FILE...}: each file in its own session; a status line per file on stderr. */
    @Command(name = "run", description = "Run each FILE in its own session and report each on stderr.")
    static final class RunCommand implements Callable<Integer> {
        @ParentCommand
        Main parent;

        @Parameters(paramLabel = "FILE", arity = "1..*", description = "Scripts to run.")
        List<String> files;

        @Override
        public Integer call() {
            int worst = 0;
            int failed = 0;
            for (String file : files) {
                long t0 = System.nanoTime();
                int rc = NoteRun.isNote(file) ? parent.note(file, false) : parent.withFile(file, List.of(file), Session::runFile);
                double secs = (System.nanoTime() - t0) / 1e9;
                Runner.flushOut();
                System.err.printf("%s %s (%.2f s)%n", rc == 0 ? "ok  " : "FAIL", file, secs);
                System.err.flush();
                if (rc != 0) {
                    failed++;
                }
                worst = Math.max(worst, rc);
            }
            if (files.size() > 1) {
                System.err.printf("%d passed, %d failed%n", files.size() - failed, failed);
            }
            return worst;
        }
    }

    /** {@code jx test NOTE.md...}: run each note, compare each segment's output with its >>> lines. */
    @Command(name = "test", description = "Run each Markdown NOTE's python blocks and compare their output with "
            + "the >>> lines after the code; report each block; exit 0 only if all pass.")
    static final class TestCommand implements Callable<Integer> {
        @ParentCommand
        Main parent;

        @Parameters(paramLabel = "NOTE", arity = "1..*", description = "Markdown notes (.md).")
        List<String> files;

        @Override
        public Integer call() {
            int worst = 0;
            for (String file : files) {
                worst = Math.max(worst, parent.note(file, true));
            }
            return worst;
        }
    }

    /** {@code jx check FILE...}: parse and check only; diagnostics on stderr, exit 2 if any. */
    @Command(name = "check", description = "Check each FILE (syntax, names, immutability) without running it.")
    static final class CheckCommand implements Callable<Integer> {
        @ParentCommand
        Main parent;

        @Parameters(paramLabel = "FILE", arity = "1..*", description = "Files to check.")
        List<String> files;

        @Override
        public Integer call() {
            int worst = 0;
            for (String file : files) {
                worst = Math.max(worst, parent.withFile(file, List.of(file), Session::check));
            }
            return worst;
        }
    }
}

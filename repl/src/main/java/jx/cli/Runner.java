package jx.cli;

import java.io.BufferedOutputStream;
import java.io.Console;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import jx.diag.JxException;
import jx.diag.Exit;

/** Plumbing shared by the CLI and the REPL: output streams, the big-stack thread, error reports. */
final class Runner {
    /** Stack of the thread that runs jx code: deep recursion is the evaluator's to report, not a JVM crash. */
    static final long STACK_BYTES = 512L << 20;

    private static PrintStream out;
    private static boolean unbuffered;
    /** Whether the JVM's shutdown must run (files to delete at exit), not just stop once output is flushed. */
    private static volatile boolean shutdown;

    private Runner() {
    }

    /**
     * The program's stdout: UTF-8 whatever the locale, line-flushed on a terminal, block-buffered
     * otherwise (flushed before anything goes to stderr and at exit), unbuffered with -u, like
     * Python's. Stderr becomes UTF-8 too.
     */
    static synchronized PrintStream out() {
        if (out == null) {
            boolean tty = unbuffered || stdoutIsTerminal();
            FileOutputStream fd = new FileOutputStream(FileDescriptor.out);
            // -u: each write goes straight to the file descriptor, a print without a newline too.
            out = new PrintStream(unbuffered ? fd : new BufferedOutputStream(fd, 1 << 16), tty, StandardCharsets.UTF_8);
            System.setOut(out);
            System.setErr(new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8));
            if (!tty) {
                Runtime.getRuntime().addShutdownHook(new Thread(out::flush, "jx-flush"));
            }
        }
        return out;
    }

    /** jx -u: stdout flushed at every write, as python -u (before the first {@link #out()}). */
    static synchronized void unbuffered(boolean on) {
        unbuffered = on;
    }

    static synchronized void flushOut() {
        if (out != null) {
            out.flush();
        }
        System.out.flush();
    }

    /** Runs {@code body} on a fresh thread with a big stack; returns its exit code. */
    static int onBigStack(boolean debug, Runnable body) {
        return exitCodeOnBigStack(debug, () -> {
            body.run();
            return 0;
        });
    }

    /** Runs {@code body}, which returns an exit code, on a fresh thread with a big stack. */
    static int exitCodeOnBigStack(boolean debug, java.util.function.IntSupplier body) {
        int[] rc = {1};
        Thread t = new Thread(null, () -> {
            try {
                rc[0] = body.getAsInt();
            } catch (Throwable e) {
                rc[0] = report(e, debug);
            }
        }, "jx-main", STACK_BYTES);
        t.start();
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        flushOut();
        return rc[0];
    }

    /** Prints an error the way users see it and returns the exit code it implies. */
    static int report(Throwable e, boolean debug) {
        flushOut();
        PrintStream err = System.err;
        if (e instanceof Exit exit) {
            if (exit.getMessage() != null) {
                err.println(exit.getMessage());
                err.flush();
            }
            return exit.code();
        }
        if (e instanceof JxException jx) {
            String msg = jx.getMessage() == null ? "" : jx.getMessage();
            err.print(msg.endsWith("\n") ? msg : msg + "\n");
            if (debug && jx.getCause() != null) {
                jx.getCause().printStackTrace(err);
            }
            err.flush();
            return jx.exitCode();
        }
        String what;
        if (e instanceof StackOverflowError) {
            what = "stack overflow (recursion too deep)";
        } else if (e instanceof OutOfMemoryError) {
            what = "out of memory (" + e.getMessage() + ")";
        } else {
            what = String.valueOf(e);
        }
        err.println("internal error: " + what + (debug ? "" : " (--debug shows the Java stack trace)"));
        if (debug) {
            e.printStackTrace(err);
        }
        err.flush();
        return 1;
    }

    static int cannotOpen(String file) {
        flushOut();
        System.err.println("jx: cannot open '" + file + "': "
                + (Files.exists(Path.of(file)) ? "not a regular file" : "no such file"));
        return 2;
    }

    static String readStdin() {
        try {
            return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read stdin", e);
        }
    }

    static void needsShutdown() {
        shutdown = true;
    }

    /**
     * Ends the process with {@code code}. Not System.exit unless something asked for the shutdown
     * sequence: it first sets up the platform's logging to log the exit, tens of milliseconds of a
     * start-up measured against python3's, and everything its hooks would do is done by now (output
     * flushed, no file write in flight).
     */
    static void exit(int code) {
        flushOut();
        System.err.flush();
        if (shutdown) {
            System.exit(code);
        }
        Runtime.getRuntime().halt(code);
    }

    /**
     * Whether stdin (and stdout) is an interactive terminal. JDK 21 returns no console when
     * redirected; JDK 22+ return one anyway, so ask {@code Console.isTerminal()} too (by reflection:
     * we compile for 21). The /proc check keeps a redirected stdin a script even then.
     */
    static boolean stdinIsTerminal() {
        Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            if (!(Boolean) Console.class.getMethod("isTerminal").invoke(c)) {
                return false;
            }
        } catch (ReflectiveOperationException e) {
            // JDK 21: a non-null console means stdin and stdout are terminals.
        }
        return ttyFromProc(0) != Boolean.FALSE;
    }

    /** Whether file descriptor {@code fd} is a terminal, from /proc (Linux); null when unknown. */
    private static Boolean ttyFromProc(int fd) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return null;
        }
    }

    private static boolean stdoutIsTerminal() {
        Boolean b = ttyFromProc(1);
        return b != null ? b : System.console() != null;
    }
}

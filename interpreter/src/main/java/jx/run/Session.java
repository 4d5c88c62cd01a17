package jx.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import jx.check.ShapeCheck;
import jx.core.Core;
import jx.diag.Source;
import jx.eval.EvalError;
import jx.eval.Interp;
import jx.eval.JxModule;
import jx.eval.Printer;
import jx.eval.Values;
import jx.syntax.Parser;

/**
 * One interpreter session: the module scope of a script or of the REPL. The CLI and the REPL talk
 * to jx only through this class. Every method reports problems as {@link JxException}.
 */
public final class Session {
    /** Whether REPL input so far is a whole statement, needs more lines, or can never parse. */
    public enum Completeness { COMPLETE, INCOMPLETE, INVALID }

    private final Config config;
    private final Interp interp;
    private Values.Globals globals;
    /** The checker's evaluator over shapes, made on first use. */
    private ShapeCheck shapes;

    public Session(Config config) {
        this.config = config;
        jx.array.Promotion.setX64(config.x64());
        Devices.select(config.device());
        this.interp = new Interp(config.out(), config.argv());
        this.globals = new Values.Globals(Source.of("<stdin>", ""), Path.of("").toAbsolutePath());
    }

    public Config config() {
        return config;
    }

    /** The device arrays are computed on, as the REPL banner names it: "cpu", "cuda:0 NVIDIA H100 ...". */
    public String device() {
        return jx.array.Backends.current().toString();
    }

    /** Checks, then runs a script file as the main module. */
    public void runFile(Path file) {
        Source source = read(file);
        globals = new Values.Globals(source, dirOf(file));
        execute(source);
    }

    /** Checks, then runs source text (from -c or stdin) named {@code fileName} in diagnostics. */
    public void runSource(String source, String fileName) {
        Source src = Source.of(fileName, source);
        globals = new Values.Globals(src, globals.dir);
        execute(src);
    }

    private void execute(Source source) {
        globals.names.put("__name__", "__main__");
        Core.Module module = interp.compile(source, globals.names::containsKey, m -> shapeProblems(m, source));
        try {
            interp.run(module, globals);
        } catch (EvalError e) {
            throw Interp.render(e, source);
        } catch (StackOverflowError e) {
            throw new JxException(JxException.Kind.RUNTIME, source.name()
                    + ": error: RecursionError: maximum recursion depth exceeded");
        } finally {
            config.out().flush();
        }
    }

    /** Checks a file without running it; throws every diagnostic of the file as one JxException. */
    public void check(Path file) {
        Source source = read(file);
        globals = new Values.Globals(source, dirOf(file));
        globals.names.put("__name__", "__main__");
        interp.compile(source, name -> false, m -> shapeProblems(m, source));
    }

    /**
     * What EXPR evaluates to, as dtype and shape ({@code float32[4]}, {@code (float32[2], int32[])}),
     * found by evaluating it over shapes only: nothing runs and nothing is printed.
     */
    public String typeOf(String expr) {
        Source source = Source.of("<stdin>", expr);
        Core.Module module = interp.compile(source, globals.names::containsKey);
        List<Core.Stmt> body = module.code().body();
        if (body.size() != 1 || !(body.get(0) instanceof Core.Eval)) {
            throw new JxException(JxException.Kind.USAGE, ":type takes one expression");
        }
        try {
            Object v = shapes().valueOf(module, ShapeCheck.scopeOver(globals, source));
            return v == null ? "known only when it runs (it depends on array values)" : JxModule.typeOf(v);
        } catch (EvalError e) {
            throw new JxException(JxException.Kind.CHECK, Interp.render(e, source).getMessage());
        }
    }

    /** The errors the run of module would stop at, found over shapes and dtypes. */
    private List<jx.diag.Diagnostic> shapeProblems(Core.Module module, Source source) {
        // The program's jax.config.update runs in the check too; the run must start from the same setting.
        boolean x64 = jx.array.Promotion.x64();
        try {
            return shapes().check(module, ShapeCheck.scopeOver(globals, source));
        } finally {
            jx.array.Promotion.setX64(x64);
        }
    }

    private ShapeCheck shapes() {
        if (shapes == null) {
            shapes = new ShapeCheck(config.argv());
        }
        return shapes;
    }

    /**
     * Runs one REPL input in the session's scope. When the input is a single expression, returns its
     * value's repr to echo (empty for None, as Python's REPL does).
     */
    public Optional<String> evalInteractive(String input) {
        Source source = Source.of("<stdin>", input);
        Values.Globals scope = new Values.Globals(globals.names, source, globals.dir);
        Core.Module module = interp.compile(source, globals.names::containsKey, m -> shapeProblems(m, source));
        try {
            Object value = interp.runInteractive(module, scope);
            return value == null || value instanceof Values.None ? Optional.empty() : Optional.of(Printer.repr(value));
        } catch (EvalError e) {
            throw Interp.render(e, source);
        } catch (StackOverflowError e) {
            throw new JxException(JxException.Kind.RUNTIME, "<stdin>: error: RecursionError: maximum recursion depth exceeded");
        } finally {
            config.out().flush();
        }
    }

    public Completeness completeness(String input) {
        try {
            Parser.parseOrThrowSyntax(Source.of("<stdin>", input));
            return Completeness.COMPLETE;
        } catch (Parser.SyntaxError e) {
            return e.atEnd ? Completeness.INCOMPLETE : Completeness.INVALID;
        }
    }

    /** Names visible in the session, and members after a dot ("jnp.su" -> "jnp.sum", ...). */
    public List<String> completions(String prefix) {
        TreeSet<String> out = new TreeSet<>();
        int dot = prefix.lastIndexOf('.');
        if (dot >= 0) {
            Object owner = lookup(prefix.substring(0, dot));
            String rest = prefix.substring(dot + 1);
            if (owner instanceof Values.Module m) {
                for (String name : m.members().keySet()) {
                    if (name.startsWith(rest) && !name.startsWith("_")) {
                        out.add(prefix.substring(0, dot + 1) + name);
                    }
                }
            }
            return new ArrayList<>(out);
        }
        for (String name : globals.names.keySet()) {
            if (name.startsWith(prefix) && !name.startsWith("__")) {
                out.add(name);
            }
        }
        for (String name : interp.builtins().keySet()) {
            if (name.startsWith(prefix)) {
                out.add(name);
            }
        }
        for (String kw : List.of("def", "return", "lambda", "if", "elif", "else", "for", "while", "in", "import",
                "from", "assert", "pass", "and", "or", "not", "True", "False", "None")) {
            if (kw.startsWith(prefix)) {
                out.add(kw);
            }
        }
        return new ArrayList<>(out);
    }

    private Object lookup(String dotted) {
        String[] parts = dotted.split("\\.");
        Object v = globals.names.get(parts[0]);
        if (v == null) {
            v = interp.builtins().get(parts[0]);
        }
        for (int i = 1; i < parts.length && v instanceof Values.Module m; i++) {
            v = m.members().get(parts[i]);
        }
        return v;
    }

    /** The names bound in the session's module scope (for the REPL). */
    public Map<String, Object> names() {
        return globals.names;
    }

    private static Source read(Path file) {
        return jx.diag.SourceFile.read(file);
    }

    private static Path dirOf(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        return parent != null ? parent : Path.of("").toAbsolutePath();
    }
}

package jx.run;

import jx.diag.JxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import jx.array.ArrayContext;
import jx.check.Compile;
import jx.check.ShapeCheck;
import jx.core.Core;
import jx.core.Primitives;
import jx.prim.Registry;
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
    /** The backend and x64 setting of this session's arrays, bound to the thread for each call. */
    private final ArrayContext context;
    private final Interp interp;
    private Values.Globals globals;
    /** The checker's evaluator over shapes, made on first use. */
    private ShapeCheck shapes;

    public Session(Config config) {
        this.config = config;
        Parser.warmUpInBackground();
        this.context = new ArrayContext(Devices.open(config.device()), config.x64());
        this.interp = context.call(() -> new Interp(config.out(), config.argv(), false, Compile::module));
        // The test mode in which every function a module defines is jitted (JX_JIT_ALL=1): jit never changes meaning.
        if ("1".equals(System.getenv("JX_JIT_ALL"))) {
            // The program's own functions only: the library's jx modules are the machinery, not the program.
            interp.wrapModuleFunctions((scope, fn) -> scope == globals ? jx.jit.Jit.everywhere(fn) : fn);
        }
        this.globals = new Values.Globals(Source.of("<stdin>", ""), Path.of("").toAbsolutePath());
    }

    public Config config() {
        return config;
    }

    /** The session's primitives: every row the library declared, with its rules. */
    public Registry registry() {
        return interp.registry();
    }

    /** The device arrays are computed on, as the REPL banner names it: "cpu", "cuda:0 NVIDIA H100 ...". */
    public String device() {
        return context.backend().toString();
    }

    /** Checks, then runs a script file as the main module. */
    public void runFile(Path file) {
        Source source = read(file);
        globals = new Values.Globals(source, dirOf(file));
        context.run(() -> execute(source));
    }

    /** Checks, then runs source text (from -c or stdin) named {@code fileName} in diagnostics. */
    public void runSource(String source, String fileName) {
        Source src = Source.of(fileName, source);
        globals = new Values.Globals(src, globals.dir);
        context.run(() -> execute(src));
    }

    /** Checks, then runs a file in the session's own scope (the REPL's :load): existing bindings stay. */
    public void load(Path file) {
        Source source = read(file);
        Values.Globals module = globals;
        globals = new Values.Globals(globals.names, source, dirOf(file));
        try {
            context.run(() -> execute(source));
        } finally {
            globals = module;
        }
    }

    private void execute(Source source) {
        globals.names.put("__name__", "__main__");
        Core.Module module = Compile.module(interp, source, globals.names::containsKey, primitives(), m -> shapeProblems(m, source));
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
        context.run(() -> Compile.module(interp, source, name -> false, primitives(), m -> shapeProblems(m, source)));
    }

    /**
     * What EXPR evaluates to, as dtype and shape ({@code float32[4]}, {@code (float32[2], int32[])}),
     * found by evaluating it over shapes only: nothing runs and nothing is printed.
     */
    public String typeOf(String expr) {
        return context.call(() -> typeOfHere(expr));
    }

    private String typeOfHere(String expr) {
        Source source = Source.of("<stdin>", expr);
        Core.Module module = Compile.module(interp, source, globals.names::containsKey, primitives(), m -> List.of());
        List<Core.Stmt> body = module.code().body();
        if (body.size() != 1 || !(body.get(0) instanceof Core.Eval)) {
            throw new JxException(JxException.Kind.USAGE, ":type takes one expression");
        }
        try {
            Object v = shapes().valueOf(module, shapes().scopeOver(globals, source));
            return v == null ? "known only when it runs (it depends on array values)" : JxModule.typeOf(v);
        } catch (EvalError e) {
            throw new JxException(JxException.Kind.CHECK, Interp.render(e, source).getMessage());
        }
    }

    /**
     * The session's primitives as its programs see them: a pre-bound module name that the session's
     * scope has rebound (an earlier REPL input's jnp = ...) names no module.
     */
    private Primitives primitives() {
        Registry r = interp.registry();
        return new Primitives() {
            @Override
            public String preboundModule(String global) {
                Object bound = globals.names.get(global);
                return bound == null || bound == interp.builtins().get(global) ? r.preboundModule(global) : null;
            }

            @Override
            public String canonical(String module) {
                return r.canonical(module);
            }

            @Override
            public Core.Primitive lookup(String module, List<String> path) {
                return r.lookup(module, path);
            }

            @Override
            public boolean rebindable() {
                return true;
            }
        };
    }

    /** The errors the run of module would stop at, found over shapes and dtypes. */
    private List<jx.diag.Diagnostic> shapeProblems(Core.Module module, Source source) {
        // The check runs in a context of its own: a jax.config.update it runs leaves the session's setting.
        return shapes().check(module, shapes().scopeOver(globals, source));
    }

    private ShapeCheck shapes() {
        if (shapes == null) {
            shapes = new ShapeCheck(config.argv(), context, interp.registry());
        }
        return shapes;
    }

    /**
     * Runs one REPL input in the session's scope. When the input is a single expression, returns its
     * value's repr to echo (empty for None, as Python's REPL does).
     */
    public Optional<String> evalInteractive(String input) {
        return evalInteractive(input, "<stdin>");
    }

    /** As {@link #evalInteractive(String)}, with diagnostics naming {@code fileName} (a note's cells). */
    public Optional<String> evalInteractive(String input, String fileName) {
        return context.call(() -> evalInteractiveHere(input, fileName));
    }

    private Optional<String> evalInteractiveHere(String input, String fileName) {
        Source source = Source.of(fileName, input);
        Values.Globals scope = new Values.Globals(globals.names, source, globals.dir);
        Core.Module module = Compile.module(interp, source, globals.names::containsKey, primitives(), m -> shapeProblems(m, source));
        try {
            Object value = interp.runInteractive(module, scope);
            if (value == null || value instanceof Values.None) {
                return Optional.empty();
            }
            globals.names.put("_", value); // the last value echoed, as in Python's REPL
            return Optional.of(Printer.repr(value));
        } catch (EvalError e) {
            throw Interp.render(e, source);
        } catch (StackOverflowError e) {
            throw new JxException(JxException.Kind.RUNTIME, fileName + ": error: RecursionError: maximum recursion depth exceeded");
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
        // Completing jnp.<TAB> may load a module written in jx: it runs in the session's context.
        return context.call(() -> completionsHere(prefix));
    }

    private List<String> completionsHere(String prefix) {
        TreeSet<String> out = new TreeSet<>();
        int dot = prefix.lastIndexOf('.');
        if (dot >= 0) {
            Object owner = lookup(prefix.substring(0, dot));
            String rest = prefix.substring(dot + 1);
            List<String> members = owner == null ? List.of() : jx.eval.Introspect.dir(interp, owner);
            for (String name : members) {
                if (name.startsWith(rest) && !name.startsWith("_")) {
                    out.add(prefix.substring(0, dot + 1) + name);
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
        for (int i = 1; i < parts.length && v != null; i++) {
            // Only modules are followed: a property of a value (x.T) would compute while typing.
            v = v instanceof Values.Module m ? m.members().get(parts[i]) : null;
        }
        return v;
    }

    /** Python's type name of a value ("int", "jaxlib._jax.ArrayImpl"), for the REPL's :who. */
    public static String typeName(Object value) {
        return value instanceof jx.array.Array ? "Array" : jx.eval.PyOps.typeName(value);
    }

    /** A one-line description of a value: dtype and shape for arrays, else the start of its repr. */
    public static String summary(Object value) {
        if (value instanceof jx.array.Array) {
            return JxModule.typeOf(value);
        }
        String repr = Printer.repr(value).lines().findFirst().orElse("");
        return repr.length() > 60 ? repr.substring(0, 57) + "..." : repr;
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

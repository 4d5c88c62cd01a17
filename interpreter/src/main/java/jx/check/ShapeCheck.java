package jx.check;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jx.array.Array;
import jx.array.ArrayException;
import jx.array.ArrayContext;
import jx.array.Ops;
import jx.core.Core;
import jx.diag.Diagnostic;
import jx.diag.Source;
import jx.eval.EvalError;
import jx.eval.Interp;
import jx.eval.Unknown;
import jx.eval.Values;
import jx.diag.Pos;

/**
 * jax.eval_shape for a whole script: the program runs on an interpreter of its own whose arrays
 * have shapes and dtypes but no elements ({@link ShapeBackend}) and whose prints go nowhere.
 * Python scalars and containers stay concrete, so ranges, ints and pytrees are followed exactly and
 * every shape, dtype, grad and call error the run would raise is raised here first, by the same code.
 * Where the run would need an array's elements (an `if` on an array, a boolean mask, `float(x)`),
 * that top-level statement is given up and the names it binds become unknown: later statements that
 * read them are given up too. Giving up is silent: the run then checks that path itself.
 */
public final class ShapeCheck {
    /** Loop iterations and calls followed per top-level statement, and for a whole program. */
    private static final long STEPS_PER_STATEMENT = 20_000;
    private static final long STEPS_PER_PROGRAM = 200_000;

    private final Interp interp;
    /** The session's context: the check starts from its x64 setting, and a program's switch stays in the check. */
    private final ArrayContext session;

    public ShapeCheck(List<String> argv, ArrayContext session, jx.prim.Registry sessionRegistry) {
        this.interp = new Interp(new PrintStream(OutputStream.nullOutputStream()), argv, true, Compile::module);
        this.interp.registry().checksFor(sessionRegistry);
        this.session = session;
    }

    private ArrayContext overShapes() {
        return overShapes(session.x64());
    }

    /** A context whose arrays have shapes and dtypes but no elements: what jax.eval_shape evaluates in. */
    public static ArrayContext overShapes(boolean x64) {
        return new ArrayContext(ShapeBackend.INSTANCE, x64);
    }

    /**
     * Evaluates module over shapes in scope (which it changes: give the checker a scope of its own)
     * and returns the errors the run would stop at.
     */
    public List<Diagnostic> check(Core.Module module, Values.Globals scope) {
        List<Diagnostic> found = new ArrayList<>();
        overShapes().run(() -> {
            long budget = STEPS_PER_PROGRAM;
            for (Core.Stmt s : module.code().body()) {
                long steps = Math.min(budget, STEPS_PER_STATEMENT);
                interp.limitSteps(steps);
                try {
                    interp.run(single(module.code(), s), scope);
                } catch (Unknown u) {
                    forget(s, scope);
                } catch (EvalError e) {
                    if (isProgramError(e)) {
                        found.add(diagnostic(e, s.pos(), scope.source));
                    }
                    forget(s, scope);
                } catch (ArrayException e) {
                    found.add(new Diagnostic(scope.source, s.pos().line(), s.pos().col(), 1, e.getMessage(), null));
                    forget(s, scope);
                } catch (RuntimeException | StackOverflowError e) {
                    // A limit of the abstract evaluation itself, not the program's error: the run decides.
                    forget(s, scope);
                }
                budget -= steps - Math.max(0, interp.stepsLeft());
                if (budget <= 0) {
                    break;
                }
            }
            interp.limitSteps(Long.MAX_VALUE);
        });
        return found;
    }

    /** The value of one expression over shapes (for the REPL's :type), or null when only the run knows it. */
    public Object valueOf(Core.Module module, Values.Globals scope) {
        return overShapes().call(() -> {
            interp.limitSteps(STEPS_PER_PROGRAM);
            try {
                return interp.runInteractive(module, scope);
            } catch (Unknown e) {
                return null;
            } finally {
                interp.limitSteps(Long.MAX_VALUE);
            }
        });
    }

    /** A scope for checking REPL input: the session's names, arrays replaced by their shapes. */
    public Values.Globals scopeOver(Values.Globals session, Source source) {
        Map<String, Object> names = new LinkedHashMap<>();
        overShapes().run(() -> session.names.forEach((k, v) -> names.put(k, shapesOf(v))));
        return new Values.Globals(names, source, session.dir);
    }

    private static Object shapesOf(Object v) {
        return switch (v) {
            case Array a -> Ops.full(a.shape(), a.dtype(), 0L);
            case Values.Tuple t -> new Values.Tuple(t.items().stream().map(ShapeCheck::shapesOf).toList());
            case Values.PyList l -> new Values.PyList(l.items().stream().map(ShapeCheck::shapesOf).toList());
            case Values.PyDict d -> {
                Map<Object, Object> m = new LinkedHashMap<>();
                d.map().forEach((k, x) -> m.put(k, shapesOf(x)));
                yield new Values.PyDict(m);
            }
            default -> v;
        };
    }

    private static Core.Module single(Core.Code code, Core.Stmt s) {
        return new Core.Module(new Core.Code(code.name(), code.params(), code.kinds(), code.frameSize(),
                code.slotNames(), code.captures(), List.of(s), code.isLambda(), code.pos()));
    }

    /**
     * Errors about values rather than types and shapes (a division by zero, a failed assert, a
     * missing key or index, a missing file), what this build cannot do yet, and the limits of
     * following a program statically: these stay the run's to report, in program order.
     */
    private static final List<String> RUN_TIME_ONLY = List.of("ZeroDivisionError", "AssertionError", "KeyError",
            "IndexError", "OverflowError", "RecursionError", "NotImplementedError",
            "ModuleNotFoundError", "ImportError", "FileNotFoundError", "OSError");

    /** Whether the checker reports e: a type, shape, dtype, structure, call or name error. */
    private static boolean isProgramError(EvalError e) {
        String m = e.getMessage();
        for (String kind : RUN_TIME_ONLY) {
            if (m.startsWith(kind)) {
                return false;
            }
        }
        return true;
    }

    private static Diagnostic diagnostic(EvalError e, Pos fallback, Source source) {
        Pos p = e.pos() != null ? e.pos() : fallback;
        Source src = e.source() != null ? e.source() : source;
        if (src != source) {
            // Inside a library function: reported where the program calls it, its innermost frame in this file.
            p = fallback;
            for (jx.eval.Traceback.Frame f : e.frames()) {
                if (f.source() == source) {
                    p = f.pos();
                }
            }
            src = source;
        }
        return new Diagnostic(src, p.line(), p.col(), 1, e.getMessage(), e.hint());
    }

    /** Marks every module name that s binds as known only at run time. */
    private static void forget(Core.Stmt s, Values.Globals scope) {
        switch (s) {
            case Core.Bind b -> forget(b.target(), scope);
            case Core.Import im -> forget(im.target(), scope);
            case Core.For f -> {
                forget(f.target(), scope);
                f.body().forEach(x -> forget(x, scope));
                f.orElse().forEach(x -> forget(x, scope));
            }
            case Core.While w -> {
                w.body().forEach(x -> forget(x, scope));
                w.orElse().forEach(x -> forget(x, scope));
            }
            case Core.If i -> {
                i.bodies().forEach(b -> b.forEach(x -> forget(x, scope)));
                i.orElse().forEach(x -> forget(x, scope));
            }
            default -> { }
        }
    }

    private static void forget(Core.Bind.Target t, Values.Globals scope) {
        switch (t) {
            case Core.Bind.ToGlobal g -> scope.names.put(g.name(), Unknown.VALUE);
            case Core.Bind.Unpack u -> u.items().forEach(x -> forget(x, scope));
            case Core.Bind.ToLocal l -> { }
        }
    }
}

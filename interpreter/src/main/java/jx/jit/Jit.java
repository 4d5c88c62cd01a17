package jx.jit;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jx.array.ArrayContext;
import jx.eval.Builtins;
import jx.eval.EvalError;
import jx.eval.Interp;
import jx.eval.PyOps;
import jx.eval.Values;

/** jax.jit and jax.make_jaxpr: the API over {@link Staged} and {@link Jaxpr}. */
public final class Jit {
    private Jit() {}

    /** What jax.make_jaxpr(f)(*args) returns: JAX's ClosedJaxpr, which prints as its text. */
    public record ClosedJaxpr(String text) {
        @Override
        public String toString() {
            return text;
        }
    }

    /** jax.jit(fun, static_argnums, static_argnames); donation is accepted and changes nothing (buffers are immutable). */
    public static Values.Transformed jit(Interp interp, Object fn, Object staticArgnums, Object staticArgnames) {
        List<String> params = paramsOf(fn);
        Set<Integer> nums = new HashSet<>(ints(staticArgnums));
        Set<String> names = new HashSet<>(strings(staticArgnames));
        // As in JAX, a static parameter is static whether it is passed by position or by name.
        for (int i = 0; i < params.size(); i++) {
            if (names.contains(params.get(i))) {
                nums.add(i);
            }
            if (nums.contains(i) || nums.contains(i - params.size())) {
                names.add(params.get(i));
            }
        }
        String name = nameOf(fn);
        Staged staged = new Staged(fn, name, Set.copyOf(nums), Set.copyOf(names), true);
        return new Values.Transformed(name, params, () -> closureOf(fn), staged);
    }

    /**
     * jit for the test mode that jits every module-level function: Python scalars stay static
     * arguments and results stay as the function returned them, so that programs written for eager
     * Python semantics print the same; everything about arrays is staged as jax.jit stages it.
     */
    public static Object everywhere(Object fn) {
        Values.Closure c = (Values.Closure) fn;
        Staged staged = new Staged(fn, nameOf(fn), Set.of(), Set.of(), false);
        return new Values.Transformed(c.code().name(), c.code().params(), () -> c, staged::call);
    }

    /** jax.make_jaxpr(fun, static_argnums): a function of the arguments giving the staged program's text. */
    public static Values.Builtin makeJaxpr(Object fn, Object staticArgnums) {
        paramsOf(fn);
        Set<Integer> nums = Set.copyOf(ints(staticArgnums));
        return new Values.Builtin("make_jaxpr(" + nameOf(fn) + ")", (in, args, kw) -> {
            if (in.overShapes()) {
                in.call(fn, args, kw); // the checker: the function's own errors, before anything runs
                return new ClosedJaxpr("{ }");
            }
            ArrayContext context = ArrayContext.current();
            Tracer tr = new Tracer(context.backend());
            Staged.Traced t = Staged.trace(in, fn, tr, context.x64(), args, kw, nums, Set.of(), true, true);
            if (t.failed() || t.output() == null) {
                // Staging failed: eager evaluation raises the function's own error, if it has one.
                in.call(fn, args, kw);
                throw new EvalError("jax.errors.ConcretizationTypeError: make_jaxpr cannot stage " + nameOf(fn)
                        + ": it needs the value of a traced array (Python control flow on it, float(), printing it)",
                        "jax.jit runs such a function eagerly; make_jaxpr can only show a function that stages");
            }
            return new ClosedJaxpr(Jaxpr.print(tr, t.inputs(), t.outputs(), t.output()));
        });
    }

    private static List<Integer> ints(Object v) {
        return switch (v) {
            case Values.None n -> List.of();
            case Values.Tuple t -> t.items().stream().map(x -> (int) Builtins.asIndex(x, null)).toList();
            case Values.PyList l -> l.items().stream().map(x -> (int) Builtins.asIndex(x, null)).toList();
            default -> List.of((int) Builtins.asIndex(v, null));
        };
    }

    private static List<String> strings(Object v) {
        return switch (v) {
            case Values.None n -> List.of();
            case String s -> List.of(s);
            case Values.Tuple t -> t.items().stream().map(String::valueOf).toList();
            case Values.PyList l -> l.items().stream().map(String::valueOf).toList();
            default -> throw new EvalError("TypeError: static_argnames must be a string or a sequence of strings, got "
                    + PyOps.typeName(v));
        };
    }

    private static List<String> paramsOf(Object fn) {
        return switch (fn) {
            case Values.Closure c -> c.code().params();
            case Values.Transformed t -> t.params();
            case Values.Builtin b -> List.of();
            case Values.BoundMethod m -> List.of();
            case Values.CustomRule c -> paramsOf(c.fun());
            default -> throw new EvalError("TypeError: Expected a callable value, got " + jx.eval.Printer.repr(fn));
        };
    }

    private static String nameOf(Object fn) {
        return switch (fn) {
            case Values.Closure c -> c.code().isLambda() ? "<lambda>" : c.code().name();
            case Values.Transformed t -> t.name();
            case Values.Builtin b -> b.name();
            case Values.BoundMethod m -> m.fn().name();
            case Values.CustomRule c -> nameOf(c.fun());
            default -> "function";
        };
    }

    /** The jx function a transformation of jit(fn) works on: fn's own (jit changes no meaning). */
    private static Values.Closure closureOf(Object fn) {
        return switch (fn) {
            case Values.Closure c -> c;
            case Values.Transformed t -> t.derived();
            // A function calling it: the transformations then use its custom rule.
            case Values.CustomRule c -> jx.ad.JvpRuntime.calling(c, paramsOf(c.fun()));
            default -> throw new EvalError("TypeError: jax.jit of " + nameOf(fn) + " cannot be transformed further",
                    "wrap the function in a def or lambda: jax.jit(lambda x: f(x))");
        };
    }
}

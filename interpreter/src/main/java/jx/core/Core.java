package jx.core;

import java.util.List;

import jx.diag.Pos;

/**
 * The core IR the evaluator runs and the transforms work on: the surface syntax with every name
 * resolved to where it lives (a frame slot, a captured value, the module scope), augmented
 * assignment, decorators, f-strings and comprehensions desugared, and every loop annotated with the
 * names it carries. It is explicit: nothing in it needs a scope lookup by name except module names.
 */
public sealed interface Core {
    Pos pos();

    // ---- values and names ----

    /** A constant: Long, Double, Boolean, String, or a marker (None, Ellipsis). */
    record Lit(Object value, Pos pos) implements Core {}

    /** A local of the current frame (parameters, assigned names, comprehension variables). */
    record Local(int slot, String name, Pos pos) implements Core {}

    /** A value of an enclosing function, captured when the closure was created. */
    record Captured(int index, String name, Pos pos) implements Core {}

    /** A module-level name or a builtin, looked up when evaluated. */
    record Global(String name, Pos pos) implements Core {}

    // ---- operators ----

    record Unary(String op, Core operand, Pos pos) implements Core {}

    record Binary(String op, Core left, Core right, Pos pos) implements Core {}

    record Compare(List<Core> operands, List<String> ops, Pos pos) implements Core {}

    record And(List<Core> operands, Pos pos) implements Core {}

    record Or(List<Core> operands, Pos pos) implements Core {}

    record Not(Core operand, Pos pos) implements Core {}

    record IfExp(Core test, Core body, Core orElse, Pos pos) implements Core {}

    // ---- structure ----

    record Call(Core fn, List<Arg> args, Pos pos) implements Core {}

    /**
     * A library primitive, as its registry row (jx.prim) stands in the IR: a call whose callee names
     * a pre-bound library module's function that the program does not rebind ({@code jnp.tanh(x)},
     * {@code jax.numpy.tanh(x)}, {@code lax.stop_gradient(x)}). The passes switch on it and read the row.
     * callee is the callee as written where a later REPL input may rebind its root name (then the
     * call is of whatever the name holds, as in Python), or null where the row is always meant.
     */
    record Prim(Primitive primitive, Core callee, List<Arg> args, Pos pos) implements Core {}

    /** What the IR knows of a primitive; its registry row implements it. */
    interface Primitive {
        /** The qualified name derived programs print: "jnp.tanh", "jnp.linalg.inv", "jax.lax.stop_gradient". */
        String name();

        /** The function value evaluation calls (a jx.eval.Values.Builtin). */
        Object function();
    }

    sealed interface Arg {
        Core value();

        /** The same kind of argument (and keyword) with value f(value): what every pass that rewrites calls does. */
        default Arg map(java.util.function.UnaryOperator<Core> f) {
            return switch (this) {
                case Positional p -> new Positional(f.apply(p.value()));
                case Keyword k -> new Keyword(k.name(), f.apply(k.value()));
                case Star s -> new Star(f.apply(s.value()));
                case KwStar k -> new KwStar(f.apply(k.value()));
            };
        }
    }

    record Positional(Core value) implements Arg {}

    record Keyword(String name, Core value) implements Arg {}

    record Star(Core value) implements Arg {}

    record KwStar(Core value) implements Arg {}

    record Attr(Core obj, String name, Pos pos) implements Core {}

    /** obj[i0, i1, ...]: several entries index with a tuple. */
    record Index(Core obj, List<Core> index, Pos pos) implements Core {}

    record Slice(Core lo, Core hi, Core step, Pos pos) implements Core {}

    /** Items may be {@link Spread}: unpacked into the tuple or list. */
    record MakeTuple(List<Core> items, Pos pos) implements Core {}

    record MakeList(List<Core> items, Pos pos) implements Core {}

    record Spread(Core value, Pos pos) implements Core {}

    /** A null key spreads a mapping into the dict. */
    record MakeDict(List<Core> keys, List<Core> values, Pos pos) implements Core {}

    /** Creates a closure of {@code code}, evaluating its defaults and captures now. */
    record Closure(Code code, List<Core> defaults, Pos pos) implements Core {}

    /**
     * [element for ...] or {key: value for ...}: the clauses bind frame slots of the enclosing
     * function that nothing else can see (Python's comprehension scope). value is null for lists.
     */
    record Comprehension(Core element, Core value, List<Clause> clauses, Pos pos) implements Core {}

    record Clause(Bind.Target target, Core iter, List<Core> conditions) {}

    /** An f-string: parts are String or {@link Field}. */
    record Format(List<Object> parts, Pos pos) implements Core {}

    record Field(Core value, char conversion, List<Object> spec) {}

    // ---- statements ----

    sealed interface Stmt {
        Pos pos();
    }

    record Bind(Target target, Core value, Pos pos) implements Stmt {
        public sealed interface Target {}

        public record ToLocal(int slot, String name) implements Target {}

        public record ToGlobal(String name) implements Target {}

        public record Unpack(List<Target> items, Pos pos) implements Target {}
    }

    record Eval(Core expr, Pos pos) implements Stmt {}

    record Return(Core value, Pos pos) implements Stmt {}

    record If(List<Core> tests, List<List<Stmt>> bodies, List<Stmt> orElse, Pos pos) implements Stmt {}

    /** A fold over iter; carried lists the names its body rebinds, which hold the last values after it. */
    record For(Bind.Target target, Core iter, List<Stmt> body, List<Stmt> orElse, List<String> carried, Pos pos)
            implements Stmt {}

    record While(Core test, List<Stmt> body, List<Stmt> orElse, List<String> carried, Pos pos) implements Stmt {}

    record Break(Pos pos) implements Stmt {}

    record Continue(Pos pos) implements Stmt {}

    record Assert(Core test, Core message, Pos pos) implements Stmt {}

    /** import a.b.c as alias, or from a.b import name as alias: binds target to the module or member. */
    record Import(String module, String member, Bind.Target target, Pos pos) implements Stmt {}

    /**
     * A function body. captures are evaluated in the creating frame when the closure is made;
     * params name the first slots of the frame.
     */
    record Code(String name, List<String> params, List<ParamKind> kinds, int frameSize, List<String> slotNames,
                List<Core> captures, List<Stmt> body, boolean isLambda, Pos pos) {
        public enum ParamKind { PLAIN, VARARGS, KWARGS }

        public int arity() {
            return params.size();
        }
    }

    /** A whole module (a file or one REPL input): its code runs in a frame of its own. */
    record Module(Code code) {}
}

package jx.eval;

import java.util.Set;

/** The container methods that would mutate, and the error that refuses them (at run time and in the checker). */
public final class Immutable {
    private Immutable() {}

    public static final Set<String> MUTATORS = Set.of("append", "extend", "insert", "pop", "remove", "clear",
            "sort", "update", "setdefault", "fill", "resize", "popitem", "reverse", "add", "discard");

    /** typeName: as {@link PyOps#typeName} names the receiver's type. */
    public static EvalError error(String typeName, String name) {
        String hint = switch (name) {
            case "append" -> "use `xs = xs + [v]`";
            case "extend" -> "use `xs = xs + ys`";
            case "insert" -> "use `xs = xs[:i] + [v] + xs[i:]`";
            case "pop", "remove" -> "use slicing or a comprehension to build the list without the item";
            case "sort" -> "use `xs = sorted(xs)`";
            case "reverse" -> "use `xs = xs[::-1]`";
            case "update", "setdefault" -> "use `d = {**d, k: v}`";
            case "fill" -> "use `x = jnp.full_like(x, v)`";
            default -> "build a new value: `xs + [v]`, `{**d, k: v}`, `sorted(xs)`, …";
        };
        return new EvalError("TypeError: " + typeName + " values are immutable: `." + name + "` would modify it", hint);
    }
}

package jx.eval;

import java.util.List;

/**
 * The methods of a jax.custom_jvp / jax.custom_vjp function: defjvp(jvp), defjvps(*jvps) and
 * defvjp(fwd, bwd) record the rule (and return their argument, so that they work as decorators);
 * the transformations read it from {@link Values.CustomRule#rule()}.
 */
final class CustomRules {
    private CustomRules() {}

    static Object method(Values.CustomRule c, String name) {
        return switch (name) {
            case "defjvp" -> c.kind().equals("custom_jvp") ? new Values.Builtin("defjvp", (in, a, kw) -> {
                one(c, "defjvp", a, 1);
                c.rule()[0] = a.get(0);
                return a.get(0);
            }) : null;
            case "defjvps" -> c.kind().equals("custom_jvp") ? new Values.Builtin("defjvps", (in, a, kw) -> {
                once(c, "defjvps");
                c.rule()[0] = new Values.Tuple(List.copyOf(a));
                return Values.None.NONE;
            }) : null;
            case "defvjp" -> c.kind().equals("custom_vjp") ? new Values.Builtin("defvjp", (in, a, kw) -> {
                one(c, "defvjp", a, 2);
                c.rule()[0] = Values.Tuple.of(a.get(0), a.get(1));
                return Values.None.NONE;
            }) : null;
            case "__name__" -> c.fun() instanceof Values.Closure f ? f.name() : c.kind();
            default -> null;
        };
    }

    private static void one(Values.CustomRule c, String what, List<Object> a, int n) {
        if (a.size() != n) {
            throw new EvalError("TypeError: " + what + "() takes " + n + " positional argument" + (n == 1 ? "" : "s")
                    + " but " + a.size() + " were given");
        }
        once(c, what);
    }

    private static void once(Values.CustomRule c, String what) {
        if (c.rule()[0] != null) {
            throw new EvalError("ValueError: " + what + " was already called on this " + c.kind() + " function",
                    "define its rule once, right after the function");
        }
    }
}

package jx.eval;

import java.util.List;

import jx.array.Array;
import jx.array.Ops;

/** x.at[idx].set(v) and its siblings: JAX's functional updates, each returning a new array. */
final class AtUpdate {
    private AtUpdate() {}

    static Values.Builtin method(Values.AtIndexed at, String name) {
        Array a = at.array();
        var idx = at.index();
        return switch (name) {
            case "set" -> update(name, v -> Ops.atSet(a, idx, v));
            case "add" -> update(name, v -> Ops.atAdd(a, idx, v));
            case "multiply", "mul" -> update(name, v -> Ops.atMultiply(a, idx, v));
            case "divide" -> update(name, v -> Ops.atDivide(a, idx, v));
            case "power" -> update(name, v -> Ops.atPower(a, idx, v));
            case "min" -> update(name, v -> Ops.atMin(a, idx, v));
            case "max" -> update(name, v -> Ops.atMax(a, idx, v));
            case "get" -> new Values.Builtin("get", (in, args, kw) -> Ops.atGet(a, idx));
            case "apply" -> new Values.Builtin("apply", (in, args, kw) -> {
                Array current = Ops.atGet(a, idx);
                Object applied = in.call(args.get(0), List.of(current));
                return Ops.atSet(a, idx, PyOps.toArray(applied));
            });
            default -> throw new EvalError("AttributeError: '_IndexUpdateRef' object has no attribute '" + name + "'",
                    "use .set, .add, .multiply, .divide, .power, .min, .max, .apply or .get");
        };
    }

    private static Values.Builtin update(String name, java.util.function.Function<Array, Array> op) {
        return new Values.Builtin(name, (in, args, kw) -> {
            Object v = args.isEmpty() ? kw.get("values") : args.get(0);
            if (v == null) {
                throw new EvalError("TypeError: " + name + "() missing 1 required positional argument: 'values'");
            }
            return op.apply(Convert.toArray(in, v, null));
        });
    }
}

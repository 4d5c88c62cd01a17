package jx.eval;

import java.util.List;
import java.util.Map;
import java.util.Set;

import jx.array.Array;
import jx.array.ArrayIndexing;
import jx.array.Backend.ScatterOp;
import jx.array.Index;
import jx.array.ArrayIndexing.OutOfBounds;

/** x.at[idx].set(v) and its siblings: JAX's functional updates, each returning a new array. */
final class AtUpdate {
    private AtUpdate() {}

    private static final Set<String> UPDATE_KEYWORDS = Set.of("values", "mode", "indices_are_sorted", "unique_indices");
    private static final Set<String> GET_KEYWORDS = Set.of("mode", "fill_value", "indices_are_sorted", "unique_indices");

    static Values.Builtin method(Values.AtIndexed at, String name) {
        Array a = at.array();
        List<Index> idx = at.index();
        return switch (name) {
            case "set" -> update(name, (v, m) -> ArrayIndexing.atUpdate(ScatterOp.SET, a, idx, v, m));
            case "add" -> update(name, (v, m) -> ArrayIndexing.atUpdate(ScatterOp.ADD, a, idx, v, m));
            case "multiply", "mul" -> update(name, (v, m) -> ArrayIndexing.atUpdate(ScatterOp.MUL, a, idx, v, m));
            case "divide" -> update(name, (v, m) -> ArrayIndexing.atDivide(a, idx, v, m));
            case "power" -> update(name, (v, m) -> ArrayIndexing.atPower(a, idx, v, m));
            case "min" -> update(name, (v, m) -> ArrayIndexing.atUpdate(ScatterOp.MIN, a, idx, v, m));
            case "max" -> update(name, (v, m) -> ArrayIndexing.atUpdate(ScatterOp.MAX, a, idx, v, m));
            case "get" -> new Values.Builtin("get", (in, args, kw) -> {
                checkKeywords("get", kw, GET_KEYWORDS);
                Object fill = kw.get("fill_value");
                boolean hasFill = fill != null && !(fill instanceof Values.None);
                // JAX clamps out-of-range gathers unless asked to fill (mode='fill'/'drop' or a fill_value).
                OutOfBounds m = mode(kw.get("mode"), hasFill ? OutOfBounds.FILL_OR_DROP : OutOfBounds.CLIP);
                return ArrayIndexing.atGet(a, idx, m, hasFill ? Convert.toArray(in, fill, null) : null);
            });
            case "apply" -> new Values.Builtin("apply", (in, args, kw) -> {
                checkKeywords("apply", kw, UPDATE_KEYWORDS);
                Array current = ArrayIndexing.atGet(a, idx);
                Object applied = in.call(args.get(0), List.of(current));
                return ArrayIndexing.atUpdate(ScatterOp.SET, a, idx, PyOps.toArray(applied),
                        mode(kw.get("mode"), OutOfBounds.FILL_OR_DROP));
            });
            default -> throw new EvalError("AttributeError: '_IndexUpdateRef' object has no attribute '" + name + "'",
                    "use .set, .add, .multiply, .divide, .power, .min, .max, .apply or .get");
        };
    }

    private interface Update {
        Array apply(Array values, OutOfBounds mode);
    }

    private static Values.Builtin update(String name, Update op) {
        return new Values.Builtin(name, (in, args, kw) -> {
            checkKeywords(name, kw, UPDATE_KEYWORDS);
            Object v = args.isEmpty() ? kw.get("values") : args.get(0);
            if (v == null) {
                throw new EvalError("TypeError: " + name + "() missing 1 required positional argument: 'values'");
            }
            return op.apply(Convert.toArray(in, v, null), mode(kw.get("mode"), OutOfBounds.FILL_OR_DROP));
        });
    }

    private static void checkKeywords(String name, Map<String, Object> kw, Set<String> allowed) {
        for (String k : kw.keySet()) {
            if (!allowed.contains(k)) {
                throw new EvalError("TypeError: " + name + "() got an unexpected keyword argument '" + k + "'");
            }
        }
    }

    /** JAX's GatherScatterMode names; indices_are_sorted and unique_indices are hints that change nothing here. */
    private static OutOfBounds mode(Object m, OutOfBounds dflt) {
        return switch (m) {
            case null -> dflt;
            case Values.None n -> dflt;
            case String s when s.equals("clip") -> OutOfBounds.CLIP;
            case String s when s.equals("drop") || s.equals("fill") -> OutOfBounds.FILL_OR_DROP;
            case String s when s.equals("promise_in_bounds") -> dflt;
            default -> throw new EvalError("ValueError: Unknown gather mode \"" + Printer.str(m) + "\"",
                    "mode is one of 'clip', 'drop', 'fill', 'promise_in_bounds'");
        };
    }
}

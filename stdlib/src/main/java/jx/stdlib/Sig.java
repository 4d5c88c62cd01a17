package jx.stdlib;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jx.eval.EvalError;
import jx.eval.Values;

/**
 * A library function's Python signature, written as Python writes it ("sum(a, axis=None,
 * keepdims=False)"), used to bind positional and keyword arguments with Python's error messages.
 */
final class Sig {
    private static final Object REQUIRED = new Object();

    final String name;
    private final List<String> params = new ArrayList<>();
    private final List<Object> defaults = new ArrayList<>();

    private Sig(String name) {
        this.name = name;
    }

    static Sig of(String text) {
        int open = text.indexOf('(');
        Sig s = new Sig(text.substring(0, open));
        String inside = text.substring(open + 1, text.lastIndexOf(')')).strip();
        if (inside.isEmpty()) {
            return s;
        }
        for (String part : topLevel(inside)) {
            String p = part.strip();
            int eq = p.indexOf('=');
            s.params.add(eq < 0 ? p : p.substring(0, eq).strip());
            s.defaults.add(eq < 0 ? REQUIRED : literal(p.substring(eq + 1).strip()));
        }
        return s;
    }

    /** The parts of a parameter list between commas outside brackets: "axes=(0, 1)" stays one. */
    private static List<String> topLevel(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (c == ',' && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }

    private static Object literal(String v) {
        if (v.startsWith("(") && v.length() > 2) {
            List<Object> items = new ArrayList<>();
            for (String item : topLevel(v.substring(1, v.length() - 1))) {
                if (!item.isBlank()) {
                    items.add(literal(item.strip()));
                }
            }
            return new Values.Tuple(items);
        }
        return switch (v) {
            case "None" -> Values.None.NONE;
            case "True" -> true;
            case "False" -> false;
            case "()" -> Values.Tuple.EMPTY;
            default -> {
                if (v.startsWith("'")) {
                    yield v.substring(1, v.length() - 1);
                }
                yield v.contains(".") || v.contains("e") ? (Object) Double.parseDouble(v) : (Object) Long.parseLong(v);
            }
        };
    }

    List<String> params() {
        return params;
    }

    /** Defaults of the optional parameters, by name. */
    Map<String, Object> defaults() {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        for (int i = 0; i < params.size(); i++) {
            if (defaults.get(i) != REQUIRED) {
                out.put(params.get(i), defaults.get(i));
            }
        }
        return out;
    }

    Object[] bind(List<Object> args, Map<String, Object> kwargs) {
        if (args.size() > params.size()) {
            throw new EvalError("TypeError: " + name + "() takes " + params.size() + " positional argument"
                    + (params.size() == 1 ? "" : "s") + " but " + args.size() + " were given");
        }
        Object[] out = new Object[params.size()];
        for (int i = 0; i < args.size(); i++) {
            out[i] = args.get(i);
        }
        for (Map.Entry<String, Object> kw : kwargs.entrySet()) {
            int at = params.indexOf(kw.getKey());
            if (at < 0) {
                throw new EvalError("TypeError: " + name + "() got an unexpected keyword argument '" + kw.getKey() + "'");
            }
            if (out[at] != null) {
                throw new EvalError("TypeError: " + name + "() got multiple values for argument '" + kw.getKey() + "'");
            }
            out[at] = kw.getValue();
        }
        for (int i = 0; i < out.length; i++) {
            if (out[i] == null) {
                if (defaults.get(i) == REQUIRED) {
                    throw new EvalError("TypeError: " + name + "() missing required argument '" + params.get(i) + "'");
                }
                out[i] = defaults.get(i);
            }
        }
        return out;
    }
}

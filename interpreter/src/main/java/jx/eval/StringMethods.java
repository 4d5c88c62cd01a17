package jx.eval;

import java.util.ArrayList;
import java.util.List;

/** The str methods jx programs use for output: join, format-free helpers, case and trimming. */
public final class StringMethods {
    private StringMethods() {}

    static Object get(String s, String name) {
        return switch (name) {
            case "join" -> new Values.Builtin("join", (in, args, kw) -> {
                List<String> parts = new ArrayList<>();
                for (Object o : in.iterate(args.get(0))) {
                    if (!(o instanceof String t)) {
                        throw new EvalError("TypeError: sequence item: expected str instance, " + PyOps.typeName(o) + " found");
                    }
                    parts.add(t);
                }
                return String.join(s, parts);
            });
            case "upper" -> new Values.Builtin(name, (in, args, kw) -> s.toUpperCase());
            case "lower" -> new Values.Builtin(name, (in, args, kw) -> s.toLowerCase());
            case "strip" -> new Values.Builtin(name, (in, args, kw) -> s.strip());
            case "lstrip" -> new Values.Builtin(name, (in, args, kw) -> s.stripLeading());
            case "rstrip" -> new Values.Builtin(name, (in, args, kw) -> s.stripTrailing());
            case "startswith" -> new Values.Builtin(name, (in, args, kw) -> s.startsWith((String) args.get(0)));
            case "endswith" -> new Values.Builtin(name, (in, args, kw) -> s.endsWith((String) args.get(0)));
            case "replace" -> new Values.Builtin(name, (in, args, kw) -> s.replace((String) args.get(0), (String) args.get(1)));
            case "split" -> new Values.Builtin(name, (in, args, kw) -> {
                String[] parts = args.isEmpty() || args.get(0) instanceof Values.None ? s.strip().split("\\s+")
                        : s.split(java.util.regex.Pattern.quote((String) args.get(0)), -1);
                return new Values.PyList(new ArrayList<>(List.of((Object[]) parts)));
            });
            case "format" -> new Values.Builtin(name, (in, args, kw) -> format(s, args, kw));
            default -> null;
        };
    }

    /** str.format: {} takes the next argument, {0} a positional one, {name} a keyword; :spec as in f-strings. */
    public static String format(String s, java.util.List<Object> args, java.util.Map<String, Object> kw) {
        StringBuilder out = new StringBuilder();
        int next = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '{' && i + 1 < s.length() && s.charAt(i + 1) == '{') {
                out.append('{');
                i++;
            } else if (c == '}' && i + 1 < s.length() && s.charAt(i + 1) == '}') {
                out.append('}');
                i++;
            } else if (c == '{') {
                int close = s.indexOf('}', i);
                String field = s.substring(i + 1, close);
                String spec = "";
                int colon = field.indexOf(':');
                if (colon >= 0) {
                    spec = field.substring(colon + 1);
                    field = field.substring(0, colon);
                }
                Object v = field.isEmpty() ? args.get(next++)
                        : Character.isDigit(field.charAt(0)) ? args.get(Integer.parseInt(field)) : kw.get(field);
                if (v == null) {
                    throw new EvalError("KeyError: '" + field + "'");
                }
                out.append(Interp.formatValue(v, spec));
                i = close;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}

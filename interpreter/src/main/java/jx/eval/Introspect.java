package jx.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import jx.array.Array;
import jx.core.Core;
import jx.diag.Exit;

/**
 * The builtins a Python user explores and leaves a session with: {@code type}, {@code dir},
 * {@code help}, {@code exit} and {@code quit}.
 */
public final class Introspect {
    private Introspect() {}

    /** Python's `type(x)`: prints as {@code <class 'int'>}. */
    public record PyType(String name) {
        @Override
        public String toString() {
            return "<class '" + name + "'>";
        }
    }

    /** Signatures of library functions as the library wrote them ("sum(a, axis=None, ...)"), for help(). */

    private static final List<String> ARRAY_PROPERTIES =
            List.of("T", "at", "dtype", "itemsize", "nbytes", "ndim", "shape", "size", "weak_type");

    private static final List<String> STR_METHODS = List.of("capitalize", "count", "endswith", "find", "format",
            "index", "isalnum", "isalpha", "isdigit", "islower", "isspace", "isupper", "join", "ljust", "lower",
            "lstrip", "partition", "replace", "rfind", "rjust", "rsplit", "rstrip", "split", "splitlines",
            "startswith", "strip", "swapcase", "title", "upper", "zfill");


    static void install(Map<String, Object> into) {
        into.put("type", new Values.Builtin("type", (in, a, kw) -> {
            if (a.size() != 1) {
                throw new EvalError("TypeError: type() takes 1 argument (" + a.size() + " given)");
            }
            return new PyType(PyOps.typeName(a.get(0)));
        }));
        into.put("dir", new Values.Builtin("dir", (in, a, kw) -> {
            if (a.size() != 1) {
                throw new EvalError("TypeError: dir() takes 1 argument here (" + a.size() + " given)",
                        "the REPL's :who lists the session's names");
            }
            List<Object> names = new ArrayList<>(dir(in, a.get(0)));
            return new Values.PyList(names);
        }));
        into.put("getattr", new Values.Builtin("getattr", (in, a, kw) -> {
            if (a.size() < 2 || a.size() > 3) {
                throw new EvalError("TypeError: getattr expected 2 or 3 arguments, got " + a.size());
            }
            Object found = attribute(in, a.get(0), name("getattr", a.get(1)));
            if (found != null) {
                return found;
            }
            if (a.size() == 3) {
                return a.get(2);
            }
            return Attributes.get(in, a.get(0), (String) a.get(1)); // raises the AttributeError
        }));
        into.put("hasattr", new Values.Builtin("hasattr", (in, a, kw) -> {
            if (a.size() != 2) {
                throw new EvalError("TypeError: hasattr expected 2 arguments, got " + a.size());
            }
            return attribute(in, a.get(0), name("hasattr", a.get(1))) != null;
        }));
        into.put("help", new Values.Builtin("help", (in, a, kw) -> {
            in.out().print(a.isEmpty() ? "Type help(object) for help about object, :help for the REPL's commands.\n"
                    : help(in, a.get(0)));
            return Values.None.NONE;
        }));
        for (String name : List.of("exit", "quit")) {
            into.put(name, new Values.Builtin(name, (in, a, kw) -> {
                if (in.overShapes()) {
                    throw new Unknown(); // the checker follows the program no further
                }
                Object code = a.isEmpty() ? Values.None.NONE : a.get(0);
                throw switch (code) {
                    case Values.None n -> new Exit(0, null);
                    case Boolean b -> new Exit(b ? 1 : 0, null);
                    case Long l -> new Exit((int) (l & 0xff), null);
                    default -> new Exit(1, Printer.str(code));
                };
            }));
        }
    }

    private static String name(String fn, Object name) {
        if (!(name instanceof String s)) {
            throw new EvalError("TypeError: " + fn + "(): attribute name must be string, not '" + PyOps.typeName(name) + "'");
        }
        return s;
    }

    /** obj.name as value.NAME finds it, or null where that raises AttributeError. */
    private static Object attribute(Interp in, Object obj, String name) {
        try {
            return Attributes.get(in, obj, name);
        } catch (EvalError e) {
            if (e.getMessage().startsWith("AttributeError")) {
                return null;
            }
            throw e;
        }
    }

    /** The attribute names of a value that {@code value.NAME} finds, sorted. */
    public static List<String> dir(Interp in, Object v) {
        TreeSet<String> names = new TreeSet<>();
        switch (v) {
            case Values.Module m -> m.members().keySet().stream().filter(n -> !n.startsWith("_")).forEach(names::add);
            case Array a -> {
                names.addAll(ARRAY_PROPERTIES);
                for (String n : candidateMethods(in)) {
                    if (ArrayMethods.get(in, n) != null) {
                        names.add(n);
                    }
                }
            }
            case String s -> {
                for (String n : STR_METHODS) {
                    if (StringMethods.get(s, n) != null) {
                        names.add(n);
                    }
                }
            }
            case Values.PyDict d -> names.addAll(List.of("copy", "get", "items", "keys", "values"));
            case Values.PyList l -> names.addAll(List.of("count", "index"));
            case Values.Tuple t -> names.addAll(List.of("count", "index"));
            case jx.array.DType d -> names.addAll(List.of("itemsize", "name"));
            default -> { }
        }
        return new ArrayList<>(names);
    }

    /** Names an array method could have: the jax.numpy functions (x.sum is jnp.sum) and the array's own. */
    private static List<String> candidateMethods(Interp in) {
        List<String> out = new ArrayList<>(List.of("astype", "block_until_ready", "copy", "flatten", "item",
                "ravel", "reshape", "tolist", "transpose"));
        try {
            out.addAll(in.module("jax.numpy", null, null).members().keySet());
        } catch (EvalError e) {
            // no library: the array's own methods only
        }
        return out;
    }

    /** What help(x) prints: a signature, where the thing lives, its docstring or where its documentation is. */
    static String help(Interp in, Object v) {
        StringBuilder sb = new StringBuilder();
        switch (v) {
            case Values.Closure c -> {
                sb.append("Help on function ").append(c.name()).append(":\n\n").append(signature(c)).append('\n');
                String doc = docstring(c.code());
                if (doc != null) {
                    doc.strip().lines().forEach(l -> sb.append("    ").append(l.strip()).append('\n'));
                }
            }
            case Values.Builtin b -> {
                String module = moduleOf(in, b);
                String sig = signature(in.registry().byFunction(b), b.name());
                sb.append("Help on built-in function ").append(b.name())
                        .append(module == null ? "" : " in module " + module).append(":\n\n").append(sig).append('\n');
                String url = module == null ? "https://docs.python.org/3/library/functions.html#" + b.name()
                        : module.startsWith("jax") ? "https://jax.readthedocs.io/en/latest/_autosummary/" + module + "." + b.name() + ".html"
                        : null;
                if (url != null) {
                    sb.append("    Documentation: ").append(url).append('\n');
                }
            }
            case Values.Transformed t -> sb.append("Help on function ").append(t.name()).append(":\n\n")
                    .append(t.name()).append('(').append(String.join(", ", t.params())).append(")\n")
                    .append("    a transformed function (jx.show(f) prints its derived program)\n");
            case Values.Module m -> {
                sb.append("Help on module ").append(m.name()).append(":\n\nNAME\n    ").append(m.name()).append("\n\nMEMBERS\n");
                sb.append(columns(dir(in, m)));
            }
            default -> {
                sb.append(Printer.repr(v).lines().findFirst().orElse("")).append("\n    type: ").append(PyOps.typeName(v)).append('\n');
                if (v instanceof Array a) {
                    sb.append("    shape: ").append(Printer.repr(Attributes.get(in, a, "shape")))
                            .append(", dtype: ").append(a.dtype()).append('\n');
                }
                List<String> names = dir(in, v);
                if (!names.isEmpty()) {
                    sb.append("\nATTRIBUTES AND METHODS\n").append(columns(names));
                }
            }
        }
        return sb.toString();
    }

    /** A library primitive's signature from its registry row, as Python writes it. */
    private static String signature(jx.prim.Prim row, String name) {
        if (row == null || row.params().isEmpty()) {
            return name + "(...)";
        }
        List<String> params = new ArrayList<>();
        for (String p : row.params()) {
            params.add(row.defaults().containsKey(p) ? p + "=" + Printer.repr(row.defaults().get(p)) : p);
        }
        return name + "(" + String.join(", ", params) + ")";
    }

    private static String signature(Values.Closure c) {
        Core.Code code = c.code();
        List<String> parts = new ArrayList<>();
        int plain = (int) code.kinds().stream().filter(k -> k == Core.Code.ParamKind.PLAIN).count();
        int firstDefault = plain - c.defaults().length;
        for (int i = 0; i < code.params().size(); i++) {
            String p = code.params().get(i);
            parts.add(switch (code.kinds().get(i)) {
                case VARARGS -> "*" + p;
                case KWARGS -> "**" + p;
                case PLAIN -> i >= firstDefault ? p + "=" + Printer.repr(c.defaults()[i - firstDefault]) : p;
            });
        }
        return (code.isLambda() ? "<lambda>" : code.name()) + "(" + String.join(", ", parts) + ")";
    }

    private static String docstring(Core.Code code) {
        if (!code.body().isEmpty() && code.body().get(0) instanceof Core.Eval e && e.expr() instanceof Core.Lit l
                && l.value() instanceof String s) {
            return s;
        }
        return null;
    }

    /** The loaded module that holds this very function, if any. */
    private static String moduleOf(Interp in, Values.Builtin b) {
        for (Values.Module m : in.loadedModules()) {
            for (Object member : m.members().values()) {
                if (member == b) {
                    return m.name();
                }
            }
        }
        return null;
    }

    private static String columns(List<String> names) {
        StringBuilder sb = new StringBuilder();
        StringBuilder line = new StringBuilder("   ");
        for (String n : names) {
            if (line.length() + n.length() + 1 > 78) {
                sb.append(line).append('\n');
                line = new StringBuilder("   ");
            }
            line.append(' ').append(n);
        }
        if (line.length() > 3) {
            sb.append(line).append('\n');
        }
        return sb.toString();
    }
}

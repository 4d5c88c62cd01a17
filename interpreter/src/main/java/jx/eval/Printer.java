package jx.eval;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

import jx.array.Array;
import jx.array.DType;
import jx.array.format.JaxRepr;
import jx.array.format.NumpyFormat;
import jx.array.format.PyFormat;

/** Python's str() and repr() for every jx value; arrays print as NumPy's str and JAX's repr. */
public final class Printer {
    private Printer() {}

    public static String str(Object v) {
        return switch (v) {
            case String s -> s;
            case DType d -> d.toString();
            case Array a -> NumpyFormat.str(a.toHostComplex());
            default -> repr(v);
        };
    }

    public static String repr(Object v) {
        return switch (v) {
            case null -> "None";
            case Boolean b -> b ? "True" : "False";
            case Long l -> Long.toString(l);
            case java.math.BigInteger b -> IntMath.toString(b);
            case Double d -> PyFormat.reprFloat(d);
            case String s -> quote(s);
            case jx.syntax.PyComplex z -> PyFormat.reprComplex(z.re(), z.im());
            case Array a -> JaxRepr.repr(a.toHostComplex());
            case DType d -> "dtype('" + d + "')";
            case Values.Tuple t when t.fields() != null -> namedTuple(t);
            case Values.Tuple t -> t.items().size() == 1 ? "(" + repr(t.items().get(0)) + ",)" : "(" + join(t.items()) + ")";
            case Values.PyList l -> "[" + join(l.items()) + "]";
            case Values.PyDict d -> dict(d.map());
            case Values.Range r -> r.step() == 1 ? "range(" + r.start() + ", " + r.stop() + ")"
                    : "range(" + r.start() + ", " + r.stop() + ", " + r.step() + ")";
            case Values.SliceValue s -> "slice(" + repr(s.lo()) + ", " + repr(s.hi()) + ", " + repr(s.step()) + ")";
            case Values.Closure c -> "<function " + c.name() + ">";
            case Values.Builtin b -> "<built-in function " + b.name() + ">";
            case Values.Transformed t -> "<function " + t.name() + ">";
            case Values.BoundMethod m -> "<bound method " + m.fn().name() + ">";
            case Values.Module m -> "<module '" + m.name() + "'>";
            case Values.AtProxy a -> "_IndexUpdateHelper(" + repr(a.array()) + ")";
            case Values.AtIndexed a -> "_IndexUpdateRef(" + repr(a.array()) + ")";
            default -> v.toString();
        };
    }

    /** As Python prints a named tuple: Type(field=repr, ...). */
    private static String namedTuple(Values.Tuple t) {
        StringBuilder sb = new StringBuilder(t.fields().type()).append('(');
        for (int i = 0; i < t.items().size(); i++) {
            sb.append(i > 0 ? ", " : "").append(t.fields().names().get(i)).append('=').append(repr(t.items().get(i)));
        }
        return sb.append(')').toString();
    }

    private static String join(List<Object> items) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            if ((i & 0xfff) == 0xfff && Thread.interrupted()) {
                throw new EvalError("KeyboardInterrupt"); // printing millions of items stops on Ctrl-C too
            }
            sb.append(repr(items.get(i)));
        }
        return sb.toString();
    }

    private static String dict(Map<Object, Object> map) {
        StringBuilder sb = new StringBuilder("{");
        Iterator<Map.Entry<Object, Object>> it = map.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Object, Object> e = it.next();
            sb.append(repr(e.getKey())).append(": ").append(repr(e.getValue()));
            if (it.hasNext()) {
                sb.append(", ");
            }
        }
        return sb.append('}').toString();
    }

    /** Python's string repr: single quotes unless the text has a single quote and no double quote. */
    public static String quote(String s) {
        char q = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder sb = new StringBuilder().append(q);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c == q) {
                        sb.append('\\').append(c);
                    } else if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append(q).toString();
    }
}

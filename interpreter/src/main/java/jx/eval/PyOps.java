package jx.eval;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import jx.array.Array;
import jx.array.ArrayException;
import jx.array.DType;
import jx.array.Ops;
import jx.syntax.PyComplex;

/** Python's operators on jx values: scalars and containers as Python, arrays as jax.numpy. */
public final class PyOps {
    private PyOps() {}

    public static boolean isScalar(Object v) {
        return v instanceof Long || v instanceof Double || v instanceof Boolean || v instanceof BigInteger
                || v instanceof PyComplex;
    }

    /** A Python scalar or an array as an array: Python scalars become weakly typed, as in JAX. */
    public static Array toArray(Object v) {
        return switch (v) {
            case Array a -> a;
            case Long l -> Array.weak(l);
            case Double d -> Array.weak(d);
            case Boolean b -> Array.weak(b);
            case PyComplex z -> Array.weak(z.re(), z.im());
            case BigInteger b -> throw IntMath.tooLargeFor(b, Convert.defaultInt());
            default -> throw new EvalError("TypeError: expected an array or a number, got " + typeName(v));
        };
    }

    public static String typeName(Object v) {
        return switch (v) {
            case null -> "NoneType";
            case Values.None n -> "NoneType";
            case Long l -> "int";
            case BigInteger b -> "int";
            case Double d -> "float";
            case PyComplex z -> "complex";
            case Boolean b -> "bool";
            case String s -> "str";
            case Array a -> "jaxlib._jax.ArrayImpl";
            case Values.Tuple t -> t.fields() != null ? t.fields().type() : "tuple";
            case Values.PyList l -> "list";
            case Values.PyDict d -> "dict";
            case Values.Range r -> "range";
            case Values.SliceValue s -> "slice";
            case Values.Closure c -> "function";
            case Values.Transformed t -> "function";
            case Values.CustomRule c -> "jax." + c.kind();
            case Values.Builtin b -> "builtin_function_or_method";
            case Values.BoundMethod b -> "method";
            case Values.Module m -> "module";
            case DType d -> "dtype";
            case Introspect.PyType t -> "type";
            default -> v.getClass().getSimpleName();
        };
    }

    // ---- binary operators ----

    public static Object binary(String op, Object a, Object b) {
        if (a instanceof Array || b instanceof Array) {
            if (isScalar(a) || a instanceof Array) {
                if (isScalar(b) || b instanceof Array) {
                    return arrays(op, toArray(a), toArray(b));
                }
            }
            throw unsupported(op, a, b);
        }
        if (isScalar(a) && isScalar(b)) {
            return scalars(op, a, b);
        }
        return switch (op) {
            case "+" -> concat(a, b);
            case "*" -> repeat(a, b);
            case "%" -> {
                if (a instanceof String s) {
                    throw new EvalError("TypeError: %-formatting of strings is not supported in jx",
                            "use an f-string: f\"{value:.3f}\"");
                }
                throw unsupported(op, a, b);
            }
            case "|" -> {
                if (a instanceof Values.PyDict x && b instanceof Values.PyDict y) {
                    var m = new java.util.LinkedHashMap<>(x.map());
                    m.putAll(y.map());
                    yield new Values.PyDict(m);
                }
                throw unsupported(op, a, b);
            }
            default -> throw unsupported(op, a, b);
        };
    }

    private static EvalError unsupported(String op, Object a, Object b) {
        return new EvalError("TypeError: unsupported operand type(s) for " + op + ": '" + typeName(a) + "' and '"
                + typeName(b) + "'");
    }

    private static Object concat(Object a, Object b) {
        if (a instanceof String x && b instanceof String y) {
            return x + y;
        }
        if (a instanceof Values.Tuple x && b instanceof Values.Tuple y) {
            List<Object> out = new ArrayList<>(x.items());
            out.addAll(y.items());
            return new Values.Tuple(out);
        }
        if (a instanceof Values.PyList x && b instanceof Values.PyList y) {
            List<Object> out = new ArrayList<>(x.items());
            out.addAll(y.items());
            return new Values.PyList(out);
        }
        if (a instanceof String || b instanceof String) {
            throw new EvalError("TypeError: can only concatenate str (not \"" + typeName(a instanceof String ? b : a)
                    + "\") to str", "convert with str(...) or use an f-string");
        }
        throw unsupported("+", a, b);
    }

    private static Object repeat(Object a, Object b) {
        if (b instanceof String || b instanceof Values.Tuple || b instanceof Values.PyList) {
            Object t = a;
            a = b;
            b = t;
        }
        if (b instanceof BigInteger big) {
            b = big.signum() < 0 ? 0L : Long.MAX_VALUE; // too many items for any memory: the budget says so
        }
        if (!(b instanceof Long n)) {
            throw unsupported("*", a, b);
        }
        if (a instanceof String || a instanceof Values.Tuple || a instanceof Values.PyList) {
            jx.array.Budget.items(Math.max(0, n) * (double) Builtins.len(a), 8, "a " + typeName(a));
            if (Builtins.len(a) == 0) {
                n = 0L; // [] * 10**10 is [] at once, not 10**10 empty appends
            }
        }
        switch (a) {
            case String s -> {
                return s.repeat((int) Math.max(0, n));
            }
            case Values.Tuple t -> {
                List<Object> out = new ArrayList<>();
                for (long i = 0; i < n; i++) {
                    out.addAll(t.items());
                }
                return new Values.Tuple(out);
            }
            case Values.PyList l -> {
                List<Object> out = new ArrayList<>();
                for (long i = 0; i < n; i++) {
                    out.addAll(l.items());
                }
                return new Values.PyList(out);
            }
            default -> throw unsupported("*", a, b);
        }
    }

    static Array arrays(String op, Array a, Array b) {
        return switch (op) {
            case "+" -> Ops.add(a, b);
            case "-" -> Ops.sub(a, b);
            case "*" -> Ops.mul(a, b);
            case "/" -> Ops.div(a, b);
            case "//" -> Ops.floordiv(a, b);
            case "%" -> Ops.mod(a, b);
            case "**" -> Ops.pow(a, b);
            case "@" -> Ops.matmul(a, b);
            case "&" -> Ops.bitAnd(a, b);
            case "|" -> Ops.bitOr(a, b);
            case "^" -> Ops.bitXor(a, b);
            case "<<" -> jx.array.Shifts.left(a, b);
            case ">>" -> jx.array.Shifts.right(a, b);
            case "<" -> Ops.lt(a, b);
            case "<=" -> Ops.le(a, b);
            case ">" -> Ops.gt(a, b);
            case ">=" -> Ops.ge(a, b);
            case "==" -> Ops.eq(a, b);
            case "!=" -> Ops.ne(a, b);
            default -> throw new EvalError("TypeError: unsupported operand for arrays: " + op);
        };
    }

    private static long asLong(Object v) {
        return v instanceof Boolean b ? (b ? 1 : 0) : (Long) v;
    }

    private static Object asInt(Object v) {
        return v instanceof Boolean b ? (Object) (b ? 1L : 0L) : v;
    }

    private static double asDouble(Object v) {
        return switch (v) {
            case Boolean b -> b ? 1 : 0;
            case Long l -> l;
            case Double d -> d;
            case BigInteger b -> IntMath.toDouble(b);
            default -> throw new IllegalStateException();
        };
    }

    private static Object scalars(String op, Object a, Object b) {
        if (a instanceof PyComplex || b instanceof PyComplex) {
            return complexes(op, a, b);
        }
        boolean floats = a instanceof Double || b instanceof Double;
        if (a instanceof Boolean x && b instanceof Boolean y) {
            switch (op) {
                case "&": return x & y;
                case "|": return x | y;
                case "^": return x ^ y;
                default: break;
            }
        }
        if (!floats) {
            Object x = asInt(a);
            Object y = asInt(b);
            return switch (op) {
                case "+" -> IntMath.add(x, y);
                case "-" -> IntMath.sub(x, y);
                case "*" -> IntMath.mul(x, y);
                case "/" -> IntMath.trueDiv(x, y);
                case "//" -> IntMath.floorDiv(x, y);
                case "%" -> IntMath.mod(x, y);
                case "**" -> {
                    if (IntMath.signum(y) < 0) {
                        if (IntMath.signum(x) == 0) {
                            throw new EvalError("ZeroDivisionError: 0.0 cannot be raised to a negative power");
                        }
                        yield Math.pow(IntMath.toDouble(x), IntMath.toDouble(y));
                    }
                    yield IntMath.pow(x, y);
                }
                case "&", "|", "^" -> IntMath.bits(op, x, y);
                case "<<" -> IntMath.shiftLeft(x, y);
                case ">>" -> IntMath.shiftRight(x, y);
                case "<" -> IntMath.compare(x, y) < 0;
                case "<=" -> IntMath.compare(x, y) <= 0;
                case ">" -> IntMath.compare(x, y) > 0;
                case ">=" -> IntMath.compare(x, y) >= 0;
                case "==" -> IntMath.compare(x, y) == 0;
                case "!=" -> IntMath.compare(x, y) != 0;
                default -> throw unsupported(op, a, b);
            };
        }
        if (IntMath.isInt(a) || IntMath.isInt(b)) {
            Object exact = intAndFloat(op, a, b);
            if (exact != null) {
                return exact;
            }
        }
        double x = asDouble(a);
        double y = asDouble(b);
        return switch (op) {
            case "+" -> x + y;
            case "-" -> x - y;
            case "*" -> x * y;
            case "/" -> {
                if (y == 0) {
                    throw new EvalError("ZeroDivisionError: float division by zero");
                }
                yield x / y;
            }
            case "//" -> {
                if (y == 0) {
                    throw new EvalError("ZeroDivisionError: float floor division by zero");
                }
                yield Math.floor(x / y);
            }
            case "%" -> {
                if (y == 0) {
                    throw new EvalError("ZeroDivisionError: float modulo");
                }
                double m = x % y;
                yield m != 0 && (m < 0) != (y < 0) ? m + y : m;
            }
            case "**" -> {
                if (x == 0 && y < 0) {
                    throw new EvalError("ZeroDivisionError: 0.0 cannot be raised to a negative power");
                }
                yield Math.pow(x, y);
            }
            case "<" -> x < y;
            case "<=" -> x <= y;
            case ">" -> x > y;
            case ">=" -> x >= y;
            case "==" -> x == y;
            case "!=" -> x != y;
            default -> throw unsupported(op, a, b);
        };
    }

    /** A Python number as a complex (an int too large for a float is Python's OverflowError). */
    static PyComplex asComplex(Object v) {
        return v instanceof PyComplex z ? z : new PyComplex(asDouble(v), 0.0);
    }

    private static Object complexes(String op, Object a, Object b) {
        PyComplex x = asComplex(a);
        PyComplex y = asComplex(b);
        return switch (op) {
            case "+" -> x.plus(y);
            case "-" -> x.minus(y);
            case "*" -> x.times(y);
            case "/" -> {
                PyComplex q = x.over(y);
                if (q == null) {
                    throw new EvalError("ZeroDivisionError: complex division by zero");
                }
                yield q;
            }
            case "**" -> {
                PyComplex r = x.pow(y);
                if (r == null) {
                    throw new EvalError("ZeroDivisionError: 0.0 to a negative or complex power");
                }
                yield r;
            }
            case "==" -> x.re() == y.re() && x.im() == y.im();
            case "!=" -> !(x.re() == y.re() && x.im() == y.im());
            case "<", "<=", ">", ">=" -> throw new EvalError("TypeError: '" + op + "' not supported between instances of '"
                    + typeName(a) + "' and '" + typeName(b) + "'");
            default -> throw unsupported(op, a, b);
        };
    }

    /** A comparison of an int with a float, made exactly as Python does (converting the int could round); null for arithmetic. */
    private static Object intAndFloat(String op, Object a, Object b) {
        boolean intLeft = IntMath.isInt(a);
        double f = intLeft ? asDouble(b) : asDouble(a);
        if (!List.of("<", "<=", ">", ">=", "==", "!=").contains(op)) {
            return null;
        }
        if (Double.isNaN(f)) {
            return op.equals("!=");
        }
        int c = IntMath.compare(intLeft ? a : b, f) * (intLeft ? 1 : -1);
        return switch (op) {
            case "<" -> c < 0;
            case "<=" -> c <= 0;
            case ">" -> c > 0;
            case ">=" -> c >= 0;
            case "==" -> c == 0;
            default -> c != 0;
        };
    }

    // ---- comparisons ----

    public static Object compare(String op, Object a, Object b) {
        switch (op) {
            case "is":
                return identical(a, b);
            case "is not":
                return !identical(a, b);
            case "in":
                return contains(b, a);
            case "not in":
                return !contains(b, a);
            default:
                break;
        }
        if (a instanceof Array || b instanceof Array) {
            if ((isScalar(a) || a instanceof Array) && (isScalar(b) || b instanceof Array)) {
                return arrays(op, toArray(a), toArray(b));
            }
            if (op.equals("==") || op.equals("!=")) {
                return op.equals("!=");
            }
            throw unsupported(op, a, b);
        }
        if (isScalar(a) && isScalar(b)) {
            return scalars(op, a, b);
        }
        if (op.equals("==")) {
            return pyEquals(a, b);
        }
        if (op.equals("!=")) {
            return !pyEquals(a, b);
        }
        int c = order(a, b, op);
        return switch (op) {
            case "<" -> c < 0;
            case "<=" -> c <= 0;
            case ">" -> c > 0;
            default -> c >= 0;
        };
    }

    private static boolean identical(Object a, Object b) {
        if (a instanceof Values.None || b instanceof Values.None || a instanceof Boolean || b instanceof Boolean) {
            return Objects.equals(a, b);
        }
        return a == b;
    }

    private static int order(Object a, Object b, String op) {
        if (a instanceof String x && b instanceof String y) {
            return x.compareTo(y);
        }
        List<Object> xs = sequence(a);
        List<Object> ys = sequence(b);
        if (xs != null && ys != null && a.getClass() == b.getClass()) {
            for (int i = 0; i < Math.min(xs.size(), ys.size()); i++) {
                if (!pyEquals(xs.get(i), ys.get(i))) {
                    return truthy(compare("<", xs.get(i), ys.get(i))) ? -1 : 1;
                }
            }
            return Integer.compare(xs.size(), ys.size());
        }
        throw new EvalError("TypeError: '" + op + "' not supported between instances of '" + typeName(a) + "' and '"
                + typeName(b) + "'");
    }

    private static List<Object> sequence(Object v) {
        return switch (v) {
            case Values.Tuple t -> t.items();
            case Values.PyList l -> l.items();
            default -> null;
        };
    }

    public static boolean pyEquals(Object a, Object b) {
        if (isScalar(a) && isScalar(b)) {
            return (Boolean) scalars("==", a, b);
        }
        if (a instanceof Array || b instanceof Array) {
            return truthy(compare("==", a, b));
        }
        List<Object> xs = sequence(a);
        List<Object> ys = sequence(b);
        if (xs != null && ys != null) {
            if (a.getClass() != b.getClass() || xs.size() != ys.size()) {
                return false;
            }
            for (int i = 0; i < xs.size(); i++) {
                if (!pyEquals(xs.get(i), ys.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return Objects.equals(a, b);
    }

    /** A dict key with Python's numeric equality (1 == 1.0 == True). */
    public static Object key(Object k) {
        if (k instanceof Boolean b) {
            return b ? 1L : 0L;
        }
        if (k instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
            return IntMath.fromDouble(d);
        }
        if (k instanceof Array) {
            throw new EvalError("TypeError: unhashable type: 'jaxlib._jax.ArrayImpl'",
                    "use a Python number or string as the key");
        }
        if (k instanceof Values.PyList || k instanceof Values.PyDict) {
            throw new EvalError("TypeError: unhashable type: '" + typeName(k) + "'");
        }
        return k;
    }

    public static boolean contains(Object container, Object item) {
        switch (container) {
            case String s -> {
                if (!(item instanceof String t)) {
                    throw new EvalError("TypeError: 'in <string>' requires string as left operand, not " + typeName(item));
                }
                return s.contains(t);
            }
            case Values.PyDict d -> {
                return d.map().containsKey(key(item));
            }
            case Values.Range r -> {
                if (!(item instanceof Long || item instanceof Boolean)) {
                    return false;
                }
                long v = asLong(item);
                long n = r.length();
                return n > 0 && (r.step() > 0 ? v >= r.start() && v < r.stop() : v <= r.start() && v > r.stop())
                        && (v - r.start()) % r.step() == 0;
            }
            case Array a -> {
                return anyEqual(a, item);
            }
            default -> {
                List<Object> items = sequence(container);
                if (items == null) {
                    throw new EvalError("TypeError: argument of type '" + typeName(container) + "' is not iterable");
                }
                for (Object o : items) {
                    if (pyEquals(o, item)) {
                        return true;
                    }
                }
                return false;
            }
        }
    }

    private static boolean anyEqual(Array a, Object item) {
        jx.array.HostData h = jx.array.Ops.eq(a, toArray(item)).toHost();
        for (long v : h.ints()) {
            if (v != 0) {
                return true;
            }
        }
        return false;
    }

    // ---- unary ----

    public static Object unary(String op, Object v) {
        try {
            return switch (v) {
                case Array a -> switch (op) {
                    case "-" -> Ops.neg(a);
                    case "+" -> Ops.pos(a);
                    default -> Ops.bitNot(a);
                };
                case Boolean b -> switch (op) {
                    case "-" -> b ? -1L : 0L;
                    case "+" -> b ? 1L : 0L;
                    default -> b ? -2L : -1L;
                };
                case Long l -> switch (op) {
                    case "-" -> IntMath.neg(l);
                    case "+" -> l;
                    default -> ~l;
                };
                case BigInteger b -> switch (op) {
                    case "-" -> IntMath.neg(b);
                    case "+" -> b;
                    default -> IntMath.invert(b);
                };
                case Double d -> switch (op) {
                    case "-" -> -d;
                    case "+" -> d;
                    default -> throw new EvalError("TypeError: bad operand type for unary ~: 'float'");
                };
                case PyComplex z -> switch (op) {
                    case "-" -> new PyComplex(-z.re(), -z.im());
                    case "+" -> z;
                    default -> throw new EvalError("TypeError: bad operand type for unary ~: 'complex'");
                };
                default -> throw new EvalError("TypeError: bad operand type for unary " + op + ": '" + typeName(v) + "'");
            };
        } catch (ArrayException e) {
            throw new EvalError(e.getMessage());
        }
    }

    // ---- truth ----

    public static boolean truthy(Object v) {
        return switch (v) {
            case null -> false;
            case Values.None n -> false;
            case Boolean b -> b;
            case Long l -> l != 0;
            case BigInteger b -> true;
            case Double d -> d != 0;
            case PyComplex z -> z.re() != 0 || z.im() != 0;
            case String s -> !s.isEmpty();
            case Values.Tuple t -> !t.items().isEmpty();
            case Values.PyList l -> !l.items().isEmpty();
            case Values.PyDict d -> !d.map().isEmpty();
            case Values.Range r -> r.length() > 0;
            case Array a -> {
                if (a.size() != 1) {
                    throw new EvalError("ValueError: The truth value of an array with more than one element is ambiguous. "
                            + "Use a.any() or a.all()");
                }
                jx.array.HostData h = a.toHostComplex();
                yield h.imag() != null && h.imag()[0] != 0 || (h.floats() != null ? h.floats()[0] != 0 : h.ints()[0] != 0);
            }
            default -> true;
        };
    }
}

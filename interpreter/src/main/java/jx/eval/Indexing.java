package jx.eval;

import java.util.ArrayList;
import java.util.List;

import jx.array.Array;
import jx.array.ArrayIndexing;
import jx.array.DType;
import jx.array.Index;

/** obj[key]: Python sequences and dicts as Python, arrays as NumPy/JAX, x.at[key] as JAX. */
public final class Indexing {
    private Indexing() {}

    static Object get(Interp interp, Object obj, Object key) {
        return switch (obj) {
            case Array a -> ArrayIndexing.index(a, arrayIndex(interp, key));
            case Values.AtProxy at -> new Values.AtIndexed(at.array(), arrayIndex(interp, key));
            case Values.Tuple t -> sequence(t.items(), key, "tuple", items -> new Values.Tuple(items));
            case Values.PyList l -> sequence(l.items(), key, "list", items -> new Values.PyList(items));
            case String s -> {
                List<Object> chars = new ArrayList<>();
                s.chars().forEach(c -> chars.add(String.valueOf((char) c)));
                yield sequence(chars, key, "string", items -> {
                    StringBuilder sb = new StringBuilder();
                    items.forEach(sb::append);
                    return sb.toString();
                });
            }
            case Values.Range r -> {
                if (!(IntMath.isInt(key) || key instanceof Boolean)) {
                    throw new EvalError("TypeError: range indices must be integers");
                }
                long i = normalize(asLong(key), r.length(), "range");
                yield r.get(i);
            }
            case Values.PyDict d -> {
                Object v = d.map().get(PyOps.key(key));
                if (v == null) {
                    throw new EvalError("KeyError: " + Printer.repr(key));
                }
                yield v;
            }
            default -> throw new EvalError("TypeError: '" + PyOps.typeName(obj) + "' object is not subscriptable");
        };
    }

    private static long asLong(Object k) {
        return switch (k) {
            case Boolean b -> b ? 1 : 0;
            case Long l -> l;
            case java.math.BigInteger b -> IntMath.index(b);
            default -> throw new EvalError("TypeError: slice indices must be integers or None or have an __index__ method");
        };
    }

    private static long normalize(long i, long n, String what) {
        long j = i < 0 ? i + n : i;
        if (j < 0 || j >= n) {
            throw new EvalError("IndexError: " + what + " index out of range");
        }
        return j;
    }

    private static Object sequence(List<Object> items, Object key, String what,
            java.util.function.Function<List<Object>, Object> make) {
        if (IntMath.isInt(key) || key instanceof Boolean) {
            return items.get((int) normalize(asLong(key), items.size(), what));
        }
        if (key instanceof Values.SliceValue s) {
            List<Object> out = new ArrayList<>();
            for (int i : positions(items.size(), s)) {
                out.add(items.get(i));
            }
            return make.apply(out);
        }
        throw new EvalError("TypeError: " + what + " indices must be integers or slices, not " + PyOps.typeName(key));
    }

    /** The positions a slice selects from a sequence of n items, in order. */
    public static List<Integer> positions(int n, Values.SliceValue s) {
        long step = s.step() instanceof Values.None ? 1 : asLong(s.step());
        if (step == 0) {
            throw new EvalError("ValueError: slice step cannot be zero");
        }
        long lo = bound(s.lo(), n, step, true);
        long hi = bound(s.hi(), n, step, false);
        List<Integer> out = new ArrayList<>();
        for (long i = lo; step > 0 ? i < hi : i > hi; i += step) {
            out.add((int) i);
        }
        return out;
    }

    /** Python's slice bound clamping. */
    private static long bound(Object v, long n, long step, boolean start) {
        if (v instanceof Values.None) {
            return step > 0 ? (start ? 0 : n) : (start ? n - 1 : -1);
        }
        long i = asLong(v);
        if (i < 0) {
            i += n;
            if (i < 0) {
                i = step > 0 ? 0 : -1;
            }
        } else if (i >= n) {
            i = step > 0 ? n : n - 1;
        }
        return i;
    }

    public static List<Index> arrayIndex(Interp interp, Object key) {
        List<Index> out = new ArrayList<>();
        if (key instanceof Values.Tuple t) {
            for (Object k : t.items()) {
                out.add(one(interp, k));
            }
        } else {
            out.add(one(interp, key));
        }
        return out;
    }

    private static Index one(Interp interp, Object k) {
        return switch (k) {
            case Long l -> new Index.At(l);
            case java.math.BigInteger b -> new Index.At(IntMath.index(b));
            case Boolean b -> new Index.Mask(Array.scalar(b ? 1L : 0L, DType.BOOL));
            case Values.None n -> new Index.NewAxis();
            case Values.Ellipsis e -> new Index.Ellipsis();
            case Values.SliceValue s -> new Index.Slice(bound(s.lo()), bound(s.hi()), bound(s.step()));
            case Array a -> a.dtype() == DType.BOOL ? new Index.Mask(a) : indices(a);
            case Values.PyList l -> one(interp, Convert.toArray(interp, l, null));
            case Values.Tuple t -> one(interp, Convert.toArray(interp, t, null));
            default -> throw new EvalError("IndexError: only integers, slices (`:`), ellipsis (`...`), None and "
                    + "integer or boolean arrays are valid indices, not " + PyOps.typeName(k));
        };
    }

    private static Index indices(Array a) {
        if (a.dtype().isInexact()) {
            throw new EvalError("IndexError: indices must be integers or booleans, got an array of " + a.dtype(),
                    "convert with .astype(jnp.int32)");
        }
        if (a.ndim() == 0) {
            return new Index.At(((Number) Convert.item(a)).longValue());
        }
        return new Index.Take(a);
    }

    private static Long bound(Object v) {
        return switch (v) {
            case Values.None n -> null;
            case Long l -> l;
            case java.math.BigInteger b -> b.signum() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE; // clamped, as Python's slices
            case Boolean b -> b ? 1L : 0L;
            case Array a -> ((Number) Convert.item(a)).longValue();
            default -> throw new EvalError("TypeError: slice indices must be integers or None");
        };
    }
}

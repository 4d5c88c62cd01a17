package jx.eval;

import java.util.ArrayList;
import java.util.List;

import jx.array.Array;
import jx.array.DType;
import jx.array.HostData;
import jx.syntax.PyComplex;

/** Python values to arrays (jnp.array/asarray) and arrays to Python values (item, tolist). */
public final class Convert {
    private Convert() {}

    /** float32, or float64 under --x64: the array layer's rule, in one place. */
    public static DType defaultFloat() {
        return jx.array.Promotion.defaultFloat();
    }

    public static DType defaultInt() {
        return jx.array.Promotion.defaultInt();
    }

    /** Like jnp.asarray(v, dtype): a Python scalar without dtype stays weakly typed, as in JAX. */
    public static Array toArray(Interp interp, Object v, DType dtype) {
        switch (v) {
            case Array a -> {
                return dtype == null || dtype == a.dtype() ? a : a.astype(dtype);
            }
            case Boolean b -> {
                return dtype == null ? Array.weak(b) : Array.scalar(b ? 1L : 0L, DType.BOOL).astype(dtype);
            }
            case Long l -> {
                if (dtype != null) {
                    checkRange(l, dtype);
                }
                return dtype == null ? Array.weak(l) : dtype.isFloat() ? Array.scalar((double) l, dtype) : Array.scalar(l, dtype);
            }
            case java.math.BigInteger b -> {
                if (dtype == null || !dtype.isFloat()) {
                    throw IntMath.tooLargeFor(b, dtype == null ? defaultInt() : dtype);
                }
                return Array.scalar(IntMath.toDouble(b), dtype);
            }
            case Double d -> {
                return dtype == null ? Array.weak(d) : dtype.isFloat() ? Array.scalar(d, dtype)
                        : Array.scalar(d, defaultFloat()).astype(dtype);
            }
            case PyComplex z -> {
                Array w = Array.weak(z.re(), z.im());
                return dtype == null ? w : w.astype(dtype);
            }
            case Values.Tuple t -> {
                return nested(t.items(), dtype);
            }
            case Values.PyList l -> {
                return nested(l.items(), dtype);
            }
            default -> throw new EvalError("TypeError: cannot convert " + PyOps.typeName(v) + " to an array",
                    "pass numbers, arrays, or (nested) lists or tuples of them");
        }
    }

    private static Array nested(List<Object> items, DType dtype) {
        List<Integer> shape = new ArrayList<>();
        List<Object> leaves = new ArrayList<>();
        flatten(new Values.PyList(items), 0, shape, leaves);
        // The leaves' promoted type, Python numbers weak, as jnp.array's dtypes.result_type of them.
        jx.array.Promotion.Typed joined = new jx.array.Promotion.Typed(DType.BOOL, false);
        boolean sawInt = false;
        for (Object leaf : leaves) {
            joined = jx.array.Promotion.result(joined, switch (leaf) {
                case Boolean b -> new jx.array.Promotion.Typed(DType.BOOL, false);
                case Long l -> new jx.array.Promotion.Typed(defaultInt(), true);
                case Double d -> new jx.array.Promotion.Typed(defaultFloat(), true);
                case PyComplex z -> new jx.array.Promotion.Typed(jx.array.Promotion.defaultComplex(), true);
                case Array a -> new jx.array.Promotion.Typed(a.dtype(), a.weak());
                case java.math.BigInteger b -> throw IntMath.tooLargeFor(b, dtype == null ? defaultInt() : dtype);
                default -> throw new EvalError("TypeError: cannot convert " + PyOps.typeName(leaf) + " to an array element");
            });
            sawInt |= leaf instanceof Long;
        }
        DType inferred = joined.dtype();
        if (leaves.isEmpty()) {
            inferred = defaultFloat();
        }
        DType dt = dtype != null ? dtype : inferred;
        int[] dims = shape.stream().mapToInt(Integer::intValue).toArray();
        int n = 1;
        for (int d : dims) {
            n *= d;
        }
        if (dt.isFloat()) {
            double[] data = new double[n];
            int i = 0;
            for (Object leaf : leaves) {
                i = put(leaf, data, null, i, dt);
            }
            return Array.fromHost(new HostData(dt, dims, false, data, null));
        }
        if (dt.isComplex()) {
            return complexes(leaves, dims, n, dt);
        }
        if (inferred.isComplex()) {
            return complexes(leaves, dims, n, jx.array.Promotion.defaultComplex()).astype(dt);
        }
        long[] data = new long[n];
        int i = 0;
        for (Object leaf : leaves) {
            i = put(leaf, null, data, i, dt);
        }
        return Array.fromHost(new HostData(dt, dims, false, null, data));
    }

    /** Complex leaves (numbers, complex numbers, arrays of any dtype) as a complex array. */
    private static Array complexes(List<Object> leaves, int[] dims, int n, DType dt) {
        double[] re = new double[n];
        double[] im = new double[n];
        boolean f32 = dt == DType.COMPLEX64;
        int i = 0;
        for (Object leaf : leaves) {
            if (leaf instanceof Array a) {
                HostData h = a.astype(dt).toHostComplex();
                System.arraycopy(h.floats(), 0, re, i, h.size());
                System.arraycopy(h.imag(), 0, im, i, h.size());
                i += h.size();
                continue;
            }
            PyComplex z = PyOps.asComplex(leaf);
            re[i] = f32 ? (float) z.re() : z.re();
            im[i] = f32 ? (float) z.im() : z.im();
            i++;
        }
        return Array.fromHost(new HostData(dt, dims, false, re, null, im));
    }

    /** A Python int given an explicit 8- or 16-bit dtype must fit it: NumPy 2's error, which JAX's conversion goes through. */
    private static void checkRange(long x, DType dt) {
        if (dt.isNarrow() && dt.isInteger() && (x < jx.array.Narrow.min(dt) || x > jx.array.Narrow.max(dt))) {
            throw new EvalError("OverflowError: Python integer " + x + " out of bounds for " + dt);
        }
        // jnp.int32(2**40) and jnp.array([1, 2**40]) wrapped to 0 silently; JAX refuses them.
        boolean outside = dt == DType.INT32 ? x < Integer.MIN_VALUE || x > Integer.MAX_VALUE
                : dt == DType.UINT32 && (x < 0 || x > 0xFFFFFFFFL);
        if (outside) {
            throw IntMath.tooLargeFor(java.math.BigInteger.valueOf(x), dt);
        }
    }

    private static int put(Object leaf, double[] f, long[] l, int i, DType dt) {
        if (leaf instanceof Long x) {
            checkRange(x, dt);
        }
        if (leaf instanceof Array a) {
            HostData h = a.toHost();
            for (int k = 0; k < h.size(); k++) {
                double dv = h.floats() != null ? h.floats()[k] : h.ints()[k];
                long lv = h.ints() != null ? h.ints()[k] : jx.array.Narrow.fromFloat(h.floats()[k], dt.isNarrow() ? dt : DType.INT64);
                if (f != null) {
                    f[i++] = dt == DType.FLOAT32 ? (float) dv : dv;
                } else {
                    l[i++] = dt == DType.BOOL ? (dv != 0 ? 1 : 0) : lv;
                }
            }
            return i;
        }
        double dv = switch (leaf) {
            case Boolean b -> b ? 1 : 0;
            case Long x -> x;
            default -> (Double) leaf;
        };
        if (f != null) {
            f[i] = dt == DType.FLOAT32 ? (float) dv : dv;
        } else {
            l[i] = dt == DType.BOOL ? (dv != 0 ? 1 : 0) : leaf instanceof Long x ? x : (long) dv;
        }
        return i + 1;
    }

    private static void flatten(Object v, int depth, List<Integer> shape, List<Object> leaves) {
        List<Object> items = v instanceof Values.PyList l ? l.items() : v instanceof Values.Tuple t ? t.items() : null;
        if (items == null) {
            if (v instanceof Array a) {
                for (int d = 0; d < a.ndim(); d++) {
                    check(shape, depth + d, a.shape()[d]);
                }
                if (shape.size() > depth + a.ndim()) {
                    throw ragged();
                }
            } else if (shape.size() > depth) {
                throw ragged();
            }
            leaves.add(v);
            return;
        }
        check(shape, depth, items.size());
        for (Object item : items) {
            flatten(item, depth + 1, shape, leaves);
        }
    }

    private static void check(List<Integer> shape, int depth, int size) {
        if (shape.size() == depth) {
            shape.add(size);
        } else if (shape.size() < depth || shape.get(depth) != size) {
            throw ragged();
        }
    }

    private static EvalError ragged() {
        return new EvalError("ValueError: setting an array element with a sequence. The requested array has an "
                + "inhomogeneous shape", "every row of a nested list must have the same length");
    }

    /** A 1-element array as a Python scalar (item()). */
    public static Object item(Array a) {
        if (a.size() != 1) {
            throw new EvalError("ValueError: can only convert an array of size 1 to a Python scalar");
        }
        return scalarAt(a.toHostComplex(), 0);
    }

    static Object scalarAt(HostData h, int i) {
        return switch (h.dtype()) {
            case BOOL -> h.ints()[i] != 0;
            case FLOAT16, BFLOAT16, FLOAT32, FLOAT64 -> h.floats()[i];
            case COMPLEX64, COMPLEX128 -> new PyComplex(h.floats()[i], h.imag()[i]);
            default -> h.ints()[i];
        };
    }

    /** Nested Python lists of scalars (tolist()). */
    public static Object toList(Array a) {
        HostData h = a.toHostComplex();
        if (h.shape().length == 0) {
            return scalarAt(h, 0);
        }
        return toList(h, 0, 0);
    }

    private static Object toList(HostData h, int axis, int offset) {
        int n = h.shape()[axis];
        int stride = 1;
        for (int d = axis + 1; d < h.shape().length; d++) {
            stride *= h.shape()[d];
        }
        List<Object> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(axis == h.shape().length - 1 ? scalarAt(h, offset + i) : toList(h, axis + 1, offset + i * stride));
        }
        return new Values.PyList(out);
    }
}

package jx.array;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import jx.array.Backend.BinaryOp;
import jx.array.Backend.Buffer;
import jx.array.Backend.ReduceOp;
import jx.array.Backend.ScanOp;
import jx.array.Backend.ScatterOp;
import jx.array.Backend.TernaryOp;
import jx.array.Backend.UnaryOp;
import jx.array.Promotion.Typed;

/**
 * The jax.numpy operations on {@link Array}s. Each op applies its shape rule and dtype rule (the
 * public static ones are reused by the static checker), then calls a few backend kernels.
 */
public final class Ops {
    private Ops() {}

    // ================= shape helpers and rules =================

    static int sizeOf(int[] shape) {
        return Budget.size(shape);
    }

    /** A shape as Python prints a tuple: (), (3,), (2, 3). */
    public static String shapeString(int[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i > 0 ? ", " : "").append(shape[i]);
        }
        return sb.append(')').toString();
    }

    static int[] contiguousStrides(int[] shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            s[d] = acc;
            acc *= shape[d];
        }
        return s;
    }

    /** NumPy broadcasting of several shapes; JAX's error wording when they are incompatible. */
    public static int[] broadcastShapes(int[]... shapes) {
        int nd = 0;
        for (int[] s : shapes) {
            nd = Math.max(nd, s.length);
        }
        int[] out = new int[nd];
        Arrays.fill(out, 1);
        for (int[] s : shapes) {
            for (int i = 0; i < s.length; i++) {
                int o = nd - s.length + i;
                if (s[i] == out[o] || s[i] == 1) {
                    continue;
                }
                if (out[o] != 1) {
                    StringBuilder sb = new StringBuilder("Incompatible shapes for broadcasting: shapes=[");
                    for (int k = 0; k < shapes.length; k++) {
                        sb.append(k > 0 ? ", " : "").append(shapeString(shapes[k]));
                    }
                    throw new ArrayException(sb.append(']').toString());
                }
                out[o] = s[i];
            }
        }
        return out;
    }

    /** Strides (in elements) that read a contiguous array of shape {@code from} broadcast to {@code to}. */
    static int[] broadcastStrides(int[] from, int[] to) {
        int[] fs = contiguousStrides(from);
        int[] s = new int[to.length];
        for (int i = 0; i < from.length; i++) {
            int o = to.length - from.length + i;
            s[o] = from[i] == 1 && to[o] != 1 ? 0 : fs[i];
        }
        return s;
    }

    static int normAxis(int axis, int ndim) {
        if (axis < -ndim || axis >= ndim) {
            throw new ArrayException("axis " + axis + " is out of bounds for array of dimension " + ndim);
        }
        return axis < 0 ? axis + ndim : axis;
    }

    /** Normalized, sorted reduction axes; null means all axes. */
    public static int[] normalizeAxes(int[] axes, int ndim) {
        if (axes == null) {
            int[] all = new int[ndim];
            for (int i = 0; i < ndim; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] r = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            r[i] = normAxis(axes[i], ndim);
        }
        Arrays.sort(r);
        for (int i = 1; i < r.length; i++) {
            if (r[i] == r[i - 1]) {
                throw new ArrayException("duplicate value in 'axis'");
            }
        }
        return r;
    }

    /** The shape of a reduction over normalized {@code axes}. */
    public static int[] reduceShape(int[] shape, int[] axes, boolean keepdims) {
        List<Integer> out = new ArrayList<>();
        for (int d = 0; d < shape.length; d++) {
            boolean reduced = Arrays.binarySearch(axes, d) >= 0;
            if (!reduced) {
                out.add(shape[d]);
            } else if (keepdims) {
                out.add(1);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The result shape of {@code a @ b} (NumPy matmul: 1-d operands are promoted and their axis dropped). */
    public static int[] matmulShape(int[] a, int[] b) {
        for (int[] s : new int[][] {a, b}) {
            if (s.length == 0) {
                throw new ArrayException("matmul input operand " + (s == a ? 0 : 1)
                        + " must have ndim at least 1, but it has ndim 0");
            }
        }
        int k1 = a[a.length - 1];
        int k2 = b.length == 1 ? b[0] : b[b.length - 2];
        if (k1 != k2) {
            throw new ArrayException("dot_general requires contracting dimensions to have the same shape, got ("
                    + k1 + ",) and (" + k2 + ",).");
        }
        int[] batch = broadcastShapes(
                a.length > 2 ? Arrays.copyOf(a, a.length - 2) : new int[0],
                b.length > 2 ? Arrays.copyOf(b, b.length - 2) : new int[0]);
        List<Integer> out = new ArrayList<>();
        for (int d : batch) {
            out.add(d);
        }
        if (a.length > 1) {
            out.add(a[a.length - 2]);
        }
        if (b.length > 1) {
            out.add(b[b.length - 1]);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Resolves one -1 in a requested shape; NumPy's error when the sizes differ. */
    public static int[] reshapeShape(int size, int[] requested) {
        int[] r = requested.clone();
        int unknown = -1;
        long known = 1;
        for (int i = 0; i < r.length; i++) {
            if (r[i] == -1) {
                if (unknown >= 0) {
                    throw new ArrayException("can only specify one unknown dimension");
                }
                unknown = i;
            } else if (r[i] < 0) {
                throw new ArrayException("negative dimensions not allowed");
            } else {
                known *= r[i];
            }
        }
        if (unknown >= 0 && known != 0 && size % known == 0) {
            r[unknown] = (int) (size / known);
            known *= r[unknown];
        }
        if (known != size || (unknown >= 0 && r[unknown] < 0)) {
            throw new ArrayException("cannot reshape array of size " + size + " into shape " + shapeString(requested));
        }
        return r;
    }

    // ================= dtype helpers =================

    public static Typed typeOf(Array a) {
        return new Typed(a.dtype(), a.weak());
    }

    static Typed promote(Array... arrays) {
        List<Typed> ts = new ArrayList<>();
        for (Array a : arrays) {
            ts.add(typeOf(a));
        }
        return Promotion.result(ts);
    }

    static Array make(Backend be, Buffer buf, int[] shape, boolean weak) {
        return new Array(be, buf, shape, weak);
    }

    // ================= elementwise =================

    private static Array binaryKernel(BinaryOp op, Array a, Array b, DType compute, DType out, boolean weak) {
        int[] shape = broadcastShapes(a.shapeRef(), b.shapeRef());
        Backend be = a.backend();
        Buffer x = a.castTo(compute, false).bufferOn(be);
        Buffer y = b.castTo(compute, false).bufferOn(be);
        return make(be, be.binary(op, x, broadcastStrides(a.shapeRef(), shape), y,
                broadcastStrides(b.shapeRef(), shape), shape, out), shape, weak);
    }

    private static Array arith(BinaryOp op, Array a, Array b) {
        Typed t = promote(a, b);
        return binaryKernel(op, a, b, t.dtype(), t.dtype(), t.weak());
    }

    private static Array inexact(BinaryOp op, Array a, Array b) {
        Typed t = promote(a, b);
        DType d = Promotion.toInexact(t.dtype());
        return binaryKernel(op, a, b, d, d, t.weak());
    }

    private static Array compare(BinaryOp op, Array a, Array b) {
        return binaryKernel(op, a, b, promote(a, b).dtype(), DType.BOOL, false);
    }

    private static Array bitwise(BinaryOp op, String name, Array a, Array b) {
        Typed t = promote(a, b);
        if (t.dtype().isFloat()) {
            throw new ArrayException(name + " does not accept dtype " + t.dtype()
                    + ". It accepts dtype(s) bool, uint32, int32, int64.");
        }
        return binaryKernel(op, a, b, t.dtype(), t.dtype(), t.weak());
    }

    /** jnp.add; on bools it is logical or, as in JAX. */
    public static Array add(Array a, Array b) {
        return arith(BinaryOp.ADD, a, b);
    }

    public static Array sub(Array a, Array b) {
        if (promote(a, b).dtype() == DType.BOOL) {
            throw new ArrayException("numpy boolean subtract, the `-` operator, is not supported, use the bitwise_xor,"
                    + " the `^` operator, or the logical_xor function instead.");
        }
        return arith(BinaryOp.SUB, a, b);
    }

    /** jnp.multiply; on bools it is logical and. */
    public static Array mul(Array a, Array b) {
        return arith(BinaryOp.MUL, a, b);
    }

    /** True division: integers promote to the default float. */
    public static Array div(Array a, Array b) {
        return inexact(BinaryOp.DIV, a, b);
    }

    public static Array floordiv(Array a, Array b) {
        return arith(BinaryOp.FLOORDIV, a, b);
    }

    public static Array mod(Array a, Array b) {
        return arith(BinaryOp.MOD, a, b);
    }

    public static Array pow(Array a, Array b) {
        return arith(BinaryOp.POW, a, b);
    }

    public static Array maximum(Array a, Array b) {
        return arith(BinaryOp.MAX, a, b);
    }

    public static Array minimum(Array a, Array b) {
        return arith(BinaryOp.MIN, a, b);
    }

    public static Array arctan2(Array a, Array b) {
        return inexact(BinaryOp.ATAN2, a, b);
    }

    public static Array eq(Array a, Array b) {
        return compare(BinaryOp.EQ, a, b);
    }

    public static Array ne(Array a, Array b) {
        return compare(BinaryOp.NE, a, b);
    }

    public static Array lt(Array a, Array b) {
        return compare(BinaryOp.LT, a, b);
    }

    public static Array le(Array a, Array b) {
        return compare(BinaryOp.LE, a, b);
    }

    public static Array gt(Array a, Array b) {
        return compare(BinaryOp.GT, a, b);
    }

    public static Array ge(Array a, Array b) {
        return compare(BinaryOp.GE, a, b);
    }

    public static Array bitAnd(Array a, Array b) {
        return bitwise(BinaryOp.AND, "bitwise_and", a, b);
    }

    public static Array bitOr(Array a, Array b) {
        return bitwise(BinaryOp.OR, "bitwise_or", a, b);
    }

    public static Array bitXor(Array a, Array b) {
        return bitwise(BinaryOp.XOR, "bitwise_xor", a, b);
    }

    public static Array logicalAnd(Array a, Array b) {
        return binaryKernel(BinaryOp.AND, a, b, DType.BOOL, DType.BOOL, false);
    }

    public static Array logicalOr(Array a, Array b) {
        return binaryKernel(BinaryOp.OR, a, b, DType.BOOL, DType.BOOL, false);
    }

    private static Array unaryKernel(UnaryOp op, Array a, DType compute, DType out, boolean weak) {
        Backend be = a.backend();
        Buffer x = a.castTo(compute, false).buffer();
        return make(be, be.unary(op, x, out), a.shapeRef(), weak);
    }

    private static Array same(UnaryOp op, Array a) {
        return unaryKernel(op, a, a.dtype(), a.dtype(), a.weak());
    }

    private static Array toFloat(UnaryOp op, Array a) {
        DType d = Promotion.toInexact(a.dtype());
        return unaryKernel(op, a, d, d, a.weak());
    }

    /** Integers and bools as the default float (JAX's promote_args_inexact), keeping the weak flag. */
    public static Array toInexact(Array a) {
        return a.dtype().isFloat() ? a : a.castTo(Promotion.defaultFloat(), a.weak());
    }

    private static Array predicate(UnaryOp op, Array a) {
        return unaryKernel(op, a, a.dtype(), DType.BOOL, false);
    }

    public static Array neg(Array a) {
        if (a.dtype() == DType.BOOL) {
            throw new ArrayException("The numpy boolean negative, the `-` operator, is not supported, use the `~`"
                    + " operator or the logical_not function instead.");
        }
        return same(UnaryOp.NEG, a);
    }

    public static Array pos(Array a) {
        return a;
    }

    /** {@code ~a}: bitwise not, which is logical not on bools. */
    public static Array bitNot(Array a) {
        if (a.dtype().isFloat()) {
            throw new ArrayException("bitwise_not does not accept dtype " + a.dtype()
                    + ". It accepts dtype(s) bool, uint32, int32, int64.");
        }
        return same(a.dtype() == DType.BOOL ? UnaryOp.LOGICAL_NOT : UnaryOp.BIT_NOT, a);
    }

    public static Array abs(Array a) {
        return same(UnaryOp.ABS, a);
    }

    public static Array sign(Array a) {
        return same(UnaryOp.SIGN, a);
    }

    public static Array square(Array a) {
        return a.dtype() == DType.BOOL ? a : same(UnaryOp.SQUARE, a);
    }

    public static Array reciprocal(Array a) {
        return toFloat(UnaryOp.RECIPROCAL, a);
    }

    public static Array exp(Array a) {
        return toFloat(UnaryOp.EXP, a);
    }

    public static Array exp2(Array a) {
        return toFloat(UnaryOp.EXP2, a);
    }

    public static Array log(Array a) {
        return toFloat(UnaryOp.LOG, a);
    }

    public static Array log2(Array a) {
        return toFloat(UnaryOp.LOG2, a);
    }

    public static Array log10(Array a) {
        return toFloat(UnaryOp.LOG10, a);
    }

    public static Array log1p(Array a) {
        return toFloat(UnaryOp.LOG1P, a);
    }

    public static Array expm1(Array a) {
        return toFloat(UnaryOp.EXPM1, a);
    }

    public static Array sqrt(Array a) {
        return toFloat(UnaryOp.SQRT, a);
    }

    public static Array rsqrt(Array a) {
        return toFloat(UnaryOp.RSQRT, a);
    }

    public static Array sigmoid(Array a) {
        return toFloat(UnaryOp.SIGMOID, a);
    }

    public static Array sin(Array a) {
        return toFloat(UnaryOp.SIN, a);
    }

    public static Array cos(Array a) {
        return toFloat(UnaryOp.COS, a);
    }

    public static Array tan(Array a) {
        return toFloat(UnaryOp.TAN, a);
    }

    public static Array arcsin(Array a) {
        return toFloat(UnaryOp.ARCSIN, a);
    }

    public static Array arccos(Array a) {
        return toFloat(UnaryOp.ARCCOS, a);
    }

    public static Array arctan(Array a) {
        return toFloat(UnaryOp.ARCTAN, a);
    }

    public static Array sinh(Array a) {
        return toFloat(UnaryOp.SINH, a);
    }

    public static Array cosh(Array a) {
        return toFloat(UnaryOp.COSH, a);
    }

    public static Array tanh(Array a) {
        return toFloat(UnaryOp.TANH, a);
    }

    public static Array arcsinh(Array a) {
        return toFloat(UnaryOp.ARCSINH, a);
    }

    public static Array arccosh(Array a) {
        return toFloat(UnaryOp.ARCCOSH, a);
    }

    public static Array arctanh(Array a) {
        return toFloat(UnaryOp.ARCTANH, a);
    }

    /** Rounding ops return integer and bool inputs unchanged, as current JAX does. */
    private static Array rounding(UnaryOp op, Array a) {
        return a.dtype().isFloat() ? same(op, a) : a;
    }

    public static Array floor(Array a) {
        return rounding(UnaryOp.FLOOR, a);
    }

    public static Array ceil(Array a) {
        return rounding(UnaryOp.CEIL, a);
    }

    /** Round half to even. */
    public static Array round(Array a) {
        return rounding(UnaryOp.ROUND, a);
    }

    public static Array trunc(Array a) {
        return rounding(UnaryOp.TRUNC, a);
    }

    public static Array isnan(Array a) {
        return predicate(UnaryOp.ISNAN, a);
    }

    public static Array isinf(Array a) {
        return predicate(UnaryOp.ISINF, a);
    }

    public static Array isfinite(Array a) {
        return predicate(UnaryOp.ISFINITE, a);
    }

    public static Array logicalNot(Array a) {
        return predicate(UnaryOp.LOGICAL_NOT, a);
    }

    private static Array ternaryKernel(TernaryOp op, Array a, DType aType, Array b, Array c, Typed t) {
        int[] shape = broadcastShapes(a.shapeRef(), b.shapeRef(), c.shapeRef());
        Backend be = a.backend();
        Buffer x = a.castTo(aType, false).bufferOn(be);
        Buffer y = b.castTo(t.dtype(), false).bufferOn(be);
        Buffer z = c.castTo(t.dtype(), false).bufferOn(be);
        return make(be, be.ternary(op, x, broadcastStrides(a.shapeRef(), shape), y,
                broadcastStrides(b.shapeRef(), shape), z, broadcastStrides(c.shapeRef(), shape), shape, t.dtype()),
                shape, t.weak());
    }

    public static Array where(Array cond, Array x, Array y) {
        return ternaryKernel(TernaryOp.SELECT, cond, DType.BOOL, x, y, promote(x, y));
    }

    /** jnp.clip: maximum with lo, then minimum with hi; either bound may be null. */
    public static Array clip(Array a, Array lo, Array hi) {
        if (lo == null) {
            return hi == null ? a : minimum(a, hi);
        }
        if (hi == null) {
            return maximum(a, lo);
        }
        Typed t = promote(a, lo, hi);
        return ternaryKernel(TernaryOp.CLIP, a, t.dtype(), lo, hi, t);
    }

    // ================= matmul =================

    public static Array matmul(Array a, Array b) {
        int[] outShape = matmulShape(a.shapeRef(), b.shapeRef());
        Typed t = promote(a, b);
        Array x = a.ndim() == 1 ? a.withShape(new int[] {1, a.shapeRef()[0]}) : a;
        Array y = b.ndim() == 1 ? b.withShape(new int[] {b.shapeRef()[0], 1}) : b;
        int[] xs = x.shapeRef();
        int[] ys = y.shapeRef();
        int m = xs[xs.length - 2];
        int k = xs[xs.length - 1];
        int n = ys[ys.length - 1];
        int[] batchShape = broadcastShapes(Arrays.copyOf(xs, xs.length - 2), Arrays.copyOf(ys, ys.length - 2));
        int batch = sizeOf(batchShape);
        Backend be = a.backend();
        Buffer xb = batchOperand(x.castTo(t.dtype(), false), batchShape, be);
        Buffer yb = batchOperand(y.castTo(t.dtype(), false), batchShape, be);
        int xStride = xs.length == 2 ? 0 : m * k;
        int yStride = ys.length == 2 ? 0 : k * n;
        return make(be, be.matmul(xb, xStride, yb, yStride, batch, m, k, n), outShape, t.weak());
    }

    /** A matrix operand with its batch dims materialized to {@code batchShape}; a plain matrix is reused for every batch. */
    private static Buffer batchOperand(Array a, int[] batchShape, Backend be) {
        int[] s = a.shapeRef();
        if (s.length == 2 || Arrays.equals(Arrays.copyOf(s, s.length - 2), batchShape)) {
            return a.bufferOn(be);
        }
        int[] target = Arrays.copyOf(batchShape, batchShape.length + 2);
        target[batchShape.length] = s[s.length - 2];
        target[batchShape.length + 1] = s[s.length - 1];
        return broadcastTo(a, target).bufferOn(be);
    }

    // ================= reductions =================

    private static Array reduceKernel(ReduceOp op, Array a, int[] axes, boolean keepdims, DType out, boolean weak,
                                      String name) {
        int[] shape = a.shapeRef();
        int[] outShape = reduceShape(shape, axes, keepdims);
        int n = 1;
        for (int ax : axes) {
            n *= shape[ax];
        }
        int outSize = sizeOf(outShape);
        if (n == 0 && outSize > 0 && name != null) {
            throw new ArrayException(name);
        }
        Backend be = a.backend();
        boolean contiguousRun = axes.length == 0 || axes[axes.length - 1] - axes[0] == axes.length - 1;
        Buffer buf;
        int outer;
        int inner;
        if (contiguousRun) {
            buf = a.buffer();
            outer = 1;
            for (int d = 0; d < (axes.length == 0 ? shape.length : axes[0]); d++) {
                outer *= shape[d];
            }
            inner = 1;
            for (int d = axes.length == 0 ? shape.length : axes[axes.length - 1] + 1; d < shape.length; d++) {
                inner *= shape[d];
            }
        } else {
            int[] perm = new int[shape.length];
            int p = 0;
            for (int d = 0; d < shape.length; d++) {
                if (Arrays.binarySearch(axes, d) < 0) {
                    perm[p++] = d;
                }
            }
            for (int ax : axes) {
                perm[p++] = ax;
            }
            buf = transpose(a, perm).buffer();
            outer = outSize;
            inner = 1;
        }
        return make(be, be.reduce(op, buf, outer, n, inner, out), outShape, weak);
    }

    public static Array sum(Array a, int[] axes, boolean keepdims) {
        DType d = Promotion.sumDType(a.dtype());
        return reduceKernel(ReduceOp.SUM, a.castTo(d, a.weak()), normalizeAxes(axes, a.ndim()), keepdims, d,
                a.weak(), null);
    }

    public static Array prod(Array a, int[] axes, boolean keepdims) {
        DType d = Promotion.sumDType(a.dtype());
        return reduceKernel(ReduceOp.PROD, a.castTo(d, a.weak()), normalizeAxes(axes, a.ndim()), keepdims, d,
                a.weak(), null);
    }

    public static Array max(Array a, int[] axes, boolean keepdims) {
        return reduceKernel(ReduceOp.MAX, a, normalizeAxes(axes, a.ndim()), keepdims, a.dtype(), a.weak(),
                "zero-size array to reduction operation maximum which has no identity");
    }

    public static Array min(Array a, int[] axes, boolean keepdims) {
        return reduceKernel(ReduceOp.MIN, a, normalizeAxes(axes, a.ndim()), keepdims, a.dtype(), a.weak(),
                "zero-size array to reduction operation minimum which has no identity");
    }

    public static Array any(Array a, int[] axes, boolean keepdims) {
        return reduceKernel(ReduceOp.ANY, a.castTo(DType.BOOL, false), normalizeAxes(axes, a.ndim()), keepdims,
                DType.BOOL, false, null);
    }

    public static Array all(Array a, int[] axes, boolean keepdims) {
        return reduceKernel(ReduceOp.ALL, a.castTo(DType.BOOL, false), normalizeAxes(axes, a.ndim()), keepdims,
                DType.BOOL, false, null);
    }

    private static int count(Array a, int[] normAxes) {
        int n = 1;
        for (int ax : normAxes) {
            n *= a.shapeRef()[ax];
        }
        return n;
    }

    /** Mean: the sum in the inexact dtype divided by the count (NaN for an empty reduction, as JAX). */
    public static Array mean(Array a, int[] axes, boolean keepdims) {
        DType d = Promotion.toInexact(a.dtype());
        int[] ax = normalizeAxes(axes, a.ndim());
        Array s = sum(a.castTo(d, a.weak()), ax, keepdims);
        return div(s, scalar(a.backend(), d, count(a, ax)));
    }

    public static Array var(Array a, int[] axes, int ddof, boolean keepdims) {
        DType d = Promotion.toInexact(a.dtype());
        int[] ax = normalizeAxes(axes, a.ndim());
        Array x = a.castTo(d, a.weak());
        Array centered = sub(x, mean(x, ax, true));
        Array s = sum(mul(centered, centered), ax, keepdims);
        return div(s, scalar(a.backend(), d, count(a, ax) - ddof));
    }

    public static Array std(Array a, int[] axes, int ddof, boolean keepdims) {
        return sqrt(var(a, axes, ddof, keepdims));
    }

    static Array scalar(Backend be, DType d, double v) {
        return make(be, be.fill(d, 1, v), new int[0], false);
    }

    private static Array arg(ReduceOp op, Array a, Integer axis, boolean keepdims, String name) {
        Array x = axis == null ? reshape(a, new int[] {-1}) : a;
        int ax = axis == null ? 0 : normAxis(axis, a.ndim());
        Array r = reduceKernel(op, x, new int[] {ax}, keepdims && axis != null, Promotion.defaultInt(), false,
                "attempt to get " + name + " of an empty sequence");
        if (axis == null && keepdims) {
            int[] ones = new int[a.ndim()];
            Arrays.fill(ones, 1);
            return r.withShape(ones);
        }
        return r;
    }

    public static Array argmax(Array a, Integer axis, boolean keepdims) {
        return arg(ReduceOp.ARGMAX, a, axis, keepdims, "argmax");
    }

    public static Array argmin(Array a, Integer axis, boolean keepdims) {
        return arg(ReduceOp.ARGMIN, a, axis, keepdims, "argmin");
    }

    private static Array scanOp(ScanOp op, Array a, Integer axis) {
        Array x = axis == null ? reshape(a, new int[] {-1}) : a;
        int ax = axis == null ? 0 : normAxis(axis, a.ndim());
        DType d = Promotion.sumDType(a.dtype());
        x = x.castTo(d, a.weak());
        int[] s = x.shapeRef();
        int outer = 1;
        for (int i = 0; i < ax; i++) {
            outer *= s[i];
        }
        int inner = 1;
        for (int i = ax + 1; i < s.length; i++) {
            inner *= s[i];
        }
        Backend be = x.backend();
        return make(be, be.scan(op, x.buffer(), outer, s[ax], inner), s, x.weak());
    }

    public static Array cumsum(Array a, Integer axis) {
        return scanOp(ScanOp.CUMSUM, a, axis);
    }

    public static Array cumprod(Array a, Integer axis) {
        return scanOp(ScanOp.CUMPROD, a, axis);
    }

    // ================= shape ops =================

    public static Array reshape(Array a, int[] shape) {
        return a.withShape(reshapeShape(a.size(), shape));
    }

    static Array strided(Array a, int offset, int[] strides, int[] shape) {
        Backend be = a.backend();
        return make(be, be.copy(a.buffer(), offset, strides, shape), shape, a.weak());
    }

    /** Permutes axes; null reverses them (the .T of an array). */
    public static Array transpose(Array a, int[] perm) {
        int nd = a.ndim();
        int[] p = new int[nd];
        if (perm == null) {
            for (int i = 0; i < nd; i++) {
                p[i] = nd - 1 - i;
            }
        } else {
            if (perm.length != nd) {
                throw new ArrayException("axes don't match array");
            }
            boolean[] seen = new boolean[nd];
            for (int i = 0; i < nd; i++) {
                p[i] = normAxis(perm[i], nd);
                if (seen[p[i]]) {
                    throw new ArrayException("repeated axis in transpose");
                }
                seen[p[i]] = true;
            }
        }
        int[] s = a.shapeRef();
        int[] cs = contiguousStrides(s);
        int[] shape = new int[nd];
        int[] strides = new int[nd];
        for (int i = 0; i < nd; i++) {
            shape[i] = s[p[i]];
            strides[i] = cs[p[i]];
        }
        return strided(a, 0, strides, shape);
    }

    public static Array broadcastTo(Array a, int[] shape) {
        int[] s = a.shapeRef();
        boolean ok = s.length <= shape.length;
        for (int i = 0; ok && i < s.length; i++) {
            int t = shape[shape.length - s.length + i];
            ok = s[i] == t || s[i] == 1;
        }
        if (!ok) {
            throw new ArrayException("Incompatible shapes for broadcasting: " + shapeString(s)
                    + " and requested shape " + shapeString(shape));
        }
        if (Arrays.equals(s, shape)) {
            return a;
        }
        return strided(a, 0, broadcastStrides(s, shape), shape.clone());
    }

    public static Array expandDims(Array a, int axis) {
        int nd = a.ndim() + 1;
        int ax = normAxis(axis, nd);
        int[] s = new int[nd];
        for (int i = 0, j = 0; i < nd; i++) {
            s[i] = i == ax ? 1 : a.shapeRef()[j++];
        }
        return a.withShape(s);
    }

    /** Removes the given size-1 axes (null: all of them). */
    public static Array squeeze(Array a, int[] axes) {
        int[] s = a.shapeRef();
        int[] ax;
        if (axes == null) {
            ax = java.util.stream.IntStream.range(0, s.length).filter(d -> s[d] == 1).toArray();
        } else {
            ax = normalizeAxes(axes, s.length);
            for (int d : ax) {
                if (s[d] != 1) {
                    throw new ArrayException("cannot select an axis to squeeze out which has size not equal to one,"
                            + " got shape=" + shapeString(s) + " and dimensions=" + shapeString(ax));
                }
            }
        }
        return a.withShape(reduceShape(s, ax, false));
    }

    public static Array concatenate(List<Array> arrays, int axis) {
        if (arrays.isEmpty()) {
            throw new ArrayException("need at least one array to concatenate");
        }
        int[] first = arrays.get(0).shapeRef();
        if (first.length == 0) {
            throw new ArrayException("zero-dimensional arrays cannot be concatenated");
        }
        int ax = normAxis(axis, first.length);
        Typed t = promote(arrays.toArray(new Array[0]));
        int total = 0;
        for (int i = 0; i < arrays.size(); i++) {
            int[] s = arrays.get(i).shapeRef();
            if (s.length != first.length) {
                throw new ArrayException("all the input arrays must have same number of dimensions, but the array at"
                        + " index 0 has " + first.length + " dimension(s) and the array at index " + i + " has "
                        + s.length + " dimension(s)");
            }
            for (int d = 0; d < s.length; d++) {
                if (d != ax && s[d] != first[d]) {
                    throw new ArrayException("all the input array dimensions except for the concatenation axis must"
                            + " match exactly, but along dimension " + d + ", the array at index 0 has size "
                            + first[d] + " and the array at index " + i + " has size " + s[d]);
                }
            }
            total += s[ax];
        }
        Backend be = arrays.get(0).backend();
        int outer = 1;
        for (int d = 0; d < ax; d++) {
            outer *= first[d];
        }
        List<Buffer> parts = new ArrayList<>();
        int[] chunks = new int[arrays.size()];
        for (int i = 0; i < arrays.size(); i++) {
            Array x = arrays.get(i);
            parts.add(x.castTo(t.dtype(), false).bufferOn(be));
            chunks[i] = outer == 0 ? 0 : x.size() / outer;
        }
        int[] shape = first.clone();
        shape[ax] = total;
        return make(be, be.concat(parts, outer, chunks), shape, t.weak());
    }

    public static Array stack(List<Array> arrays, int axis) {
        if (arrays.isEmpty()) {
            throw new ArrayException("need at least one array to stack");
        }
        int[] first = arrays.get(0).shapeRef();
        int ax = normAxis(axis, first.length + 1);
        List<Array> expanded = new ArrayList<>();
        for (Array x : arrays) {
            if (!Arrays.equals(x.shapeRef(), first)) {
                throw new ArrayException("all input arrays must have the same shape");
            }
            expanded.add(expandDims(x, ax));
        }
        return concatenate(expanded, ax);
    }

    /** Reverses the given axes (null: all). */
    public static Array flip(Array a, int[] axes) {
        int[] ax = normalizeAxes(axes, a.ndim());
        int[] s = a.shapeRef();
        int[] strides = contiguousStrides(s);
        int offset = 0;
        for (int d : ax) {
            if (s[d] > 0) {
                offset += (s[d] - 1) * strides[d];
            }
            strides[d] = -strides[d];
        }
        return strided(a, offset, strides, s.clone());
    }

    public static Array swapaxes(Array a, int axis1, int axis2) {
        int nd = a.ndim();
        int[] perm = java.util.stream.IntStream.range(0, nd).toArray();
        int i = normAxis(axis1, nd);
        int j = normAxis(axis2, nd);
        perm[i] = j;
        perm[j] = i;
        return transpose(a, perm);
    }

    // ================= creation =================

    public static Array full(int[] shape, DType dtype, double value) {
        Backend be = Backends.current();
        DType d = Promotion.canonicalize(dtype);
        return make(be, be.fill(d, Budget.array(shape, d), value), shape.clone(), false);
    }

    public static Array full(int[] shape, DType dtype, long value) {
        Backend be = Backends.current();
        DType d = Promotion.canonicalize(dtype);
        return make(be, be.fill(d, Budget.array(shape, d), value), shape.clone(), false);
    }

    /** jnp.full with an array fill value; dtype null keeps the value's dtype. */
    public static Array full(int[] shape, Array value, DType dtype) {
        Array v = dtype == null ? value : value.astype(dtype);
        return broadcastTo(v, shape);
    }

    public static Array zeros(int[] shape, DType dtype) {
        return full(shape, dtype, 0L);
    }

    public static Array ones(int[] shape, DType dtype) {
        return full(shape, dtype, 1L);
    }

    static Array fromValues(double[] v, int[] shape, DType dtype) {
        DType d = Promotion.canonicalize(dtype);
        if (d.isFloat()) {
            return Array.fromHost(new HostData(d, shape, false, v, null));
        }
        long[] l = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            l[i] = d == DType.BOOL ? (v[i] != 0 ? 1 : 0) : (long) v[i];
        }
        return Array.fromHost(new HostData(d, shape, false, null, l));
    }

    /** NumPy's arange: ceil((stop - start) / step) values start + i * step, computed in double. */
    public static Array arange(double start, double stop, double step, DType dtype) {
        if (step == 0) {
            throw new ArrayException("arange: step cannot be zero");
        }
        int n = Budget.array(new long[] {(long) Math.max(0, Math.ceil((stop - start) / step))}, dtype, 8);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = start + i * step;
        }
        return fromValues(v, new int[] {n}, dtype);
    }

    /** NumPy's linspace (computed in double, then cast). */
    public static Array linspace(double start, double stop, int num, boolean endpoint, DType dtype) {
        if (num < 0) {
            throw new ArrayException("Number of samples, " + num + ", must be non-negative.");
        }
        int div = endpoint ? num - 1 : num;
        double step = div > 0 ? (stop - start) / div : Double.NaN;
        double[] v = new double[Budget.array(new long[] {num}, dtype, 8)];
        for (int i = 0; i < num; i++) {
            v[i] = div > 0 ? start + i * step : start;
        }
        if (endpoint && num > 1) {
            v[num - 1] = stop;
        }
        return fromValues(v, new int[] {num}, dtype);
    }

    /** n x m (m null: n) with ones on diagonal k. */
    public static Array eye(int n, Integer m, int k, DType dtype) {
        int cols = m == null ? n : m;
        double[] v = new double[Budget.array(new long[] {n, cols}, dtype, 8)];
        for (int i = 0; i < n; i++) {
            int j = i + k;
            if (j >= 0 && j < cols) {
                v[i * cols + j] = 1;
            }
        }
        return fromValues(v, new int[] {n, cols}, dtype);
    }

    // ================= indexing =================

    /** How out-of-range indices are treated: raise for static ints (a[i]), clamp (gather), drop (scatter). */
    private enum Mode { INDEX, CLAMP, DROP }

    /** Python's slice.indices: (start, step, length). */
    private static int[] sliceIndices(Index.Slice s, int n) {
        long step = s.step() == null ? 1 : s.step();
        if (step == 0) {
            throw new ArrayException("slice step cannot be zero");
        }
        long lower = step > 0 ? 0 : -1;
        long upper = step > 0 ? n : n - 1;
        long start = s.start() == null ? (step < 0 ? upper : lower)
                : s.start() < 0 ? Math.max(s.start() + n, lower) : Math.min(s.start(), upper);
        long stop = s.stop() == null ? (step < 0 ? lower : upper)
                : s.stop() < 0 ? Math.max(s.stop() + n, lower) : Math.min(s.stop(), upper);
        long len = step > 0 ? Math.max(0, (stop - start + step - 1) / step) : Math.max(0, (start - stop - step - 1) / -step);
        return new int[] {(int) start, (int) step, (int) len};
    }

    private static int staticIndex(long i, int n, int axis, Mode mode) {
        long j = i < 0 ? i + n : i;
        if (j < 0 || j >= n) {
            if (mode == Mode.INDEX) {
                throw new ArrayException("index " + i + " is out of bounds for axis " + axis + " with size " + n);
            }
            return (int) Math.max(0, Math.min(j, n - 1));
        }
        return (int) j;
    }

    /**
     * Expands the ellipsis, converts masks to integer index arrays (their nonzero positions, read on
     * the host: a mask's result shape depends on its values), so each item is NewAxis or consumes one dim.
     */
    private static List<Index> expand(Array a, List<Index> idx) {
        int nd = a.ndim();
        int consumed = 0;
        int ellipses = 0;
        for (Index ix : idx) {
            switch (ix) {
                case Index.Ellipsis e -> ellipses++;
                case Index.NewAxis na -> { }
                case Index.Mask m -> consumed += m.bools().ndim();
                case Index.Take t -> consumed += t.ints().dtype() == DType.BOOL ? t.ints().ndim() : 1;
                default -> consumed++;
            }
        }
        if (ellipses > 1) {
            throw new ArrayException("an index can only have a single ellipsis ('...')");
        }
        if (consumed > nd) {
            throw new ArrayException("too many indices for array: array is " + nd + "-dimensional, but " + consumed
                    + " were indexed");
        }
        List<Index> withEllipsis = new ArrayList<>(idx);
        int at = -1;
        for (int i = 0; i < withEllipsis.size(); i++) {
            if (withEllipsis.get(i) instanceof Index.Ellipsis) {
                at = i;
            }
        }
        List<Index> fill = new ArrayList<>();
        for (int i = 0; i < nd - consumed; i++) {
            fill.add(Index.Slice.all());
        }
        if (at >= 0) {
            withEllipsis.remove(at);
            withEllipsis.addAll(at, fill);
        } else {
            withEllipsis.addAll(fill);
        }
        List<Index> out = new ArrayList<>();
        int dim = 0;
        for (Index ix : withEllipsis) {
            Array mask = ix instanceof Index.Mask m ? m.bools()
                    : ix instanceof Index.Take t && t.ints().dtype() == DType.BOOL ? t.ints() : null;
            if (mask == null) {
                out.add(ix);
                dim += ix instanceof Index.NewAxis ? 0 : 1;
                continue;
            }
            out.addAll(maskToTakes(mask, a.shapeRef(), dim));
            dim += mask.ndim();
        }
        return out;
    }

    private static List<Index> maskToTakes(Array mask, int[] shape, int dim) {
        int[] ms = mask.shapeRef();
        if (ms.length == 0) {
            throw new ArrayException("0-dimensional boolean indices are not supported");
        }
        for (int d = 0; d < ms.length; d++) {
            if (ms[d] != shape[dim + d]) {
                throw new ArrayException("boolean index did not match indexed array along axis " + (dim + d)
                        + "; size of axis is " + shape[dim + d] + " but size of corresponding boolean axis is " + ms[d]);
            }
        }
        long[] bits = mask.toHost().ints();
        int count = 0;
        for (long b : bits) {
            count += b != 0 ? 1 : 0;
        }
        long[][] coords = new long[ms.length][count];
        int[] cs = contiguousStrides(ms);
        int c = 0;
        for (int i = 0; i < bits.length; i++) {
            if (bits[i] != 0) {
                for (int d = 0; d < ms.length; d++) {
                    coords[d][c] = (i / cs[d]) % ms[d];
                }
                c++;
            }
        }
        List<Index> takes = new ArrayList<>();
        for (long[] coord : coords) {
            takes.add(new Index.Take(Array.fromHost(new HostData(DType.INT32, new int[] {count}, false, null, coord))));
        }
        return takes;
    }

    /** The flat element index (INT32) of every element the subscript selects, in result order; -1 marks a dropped one. */
    private record Flat(Array index, int[] shape) {}

    private static Array placed(Array x, int axis, int rank) {
        int[] s = new int[rank];
        Arrays.fill(s, 1);
        int[] xs = x.shapeRef();
        System.arraycopy(xs, 0, s, axis, xs.length);
        return x.withShape(s);
    }

    private static Flat flatIndex(Array a, List<Index> items, Mode mode) {
        int[] shape = a.shapeRef();
        int[] strides = contiguousStrides(shape);
        List<Integer> advItems = new ArrayList<>();
        List<int[]> advShapes = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Index ix = items.get(i);
            if (ix instanceof Index.Take t) {
                advItems.add(i);
                advShapes.add(t.ints().shapeRef());
            } else if (ix instanceof Index.At) {
                advItems.add(i);
                advShapes.add(new int[0]);
            }
        }
        int[] advShape = broadcastShapes(advShapes.toArray(new int[0][]));
        boolean adjacent = advItems.isEmpty() || advItems.get(advItems.size() - 1) - advItems.get(0) == advItems.size() - 1;
        // Output layout: basic dims in order, the broadcast advanced block where NumPy puts it.
        List<Integer> outShape = new ArrayList<>();
        int advPos = adjacent ? -1 : 0;
        List<int[]> basicTerms = new ArrayList<>(); // {outAxis, start, step, len, stride}
        int dim = 0;
        for (int i = 0; i < items.size(); i++) {
            Index ix = items.get(i);
            if (ix instanceof Index.Take || ix instanceof Index.At) {
                if (adjacent && advPos < 0) {
                    advPos = outShape.size();
                }
                dim++;
            } else if (ix instanceof Index.NewAxis) {
                outShape.add(1);
            } else if (ix instanceof Index.Slice s) {
                int[] sl = sliceIndices(s, shape[dim]);
                basicTerms.add(new int[] {outShape.size(), sl[0], sl[1], sl[2], strides[dim]});
                outShape.add(sl[2]);
                dim++;
            }
        }
        if (advPos < 0) {
            advPos = 0;
        }
        int rank = outShape.size() + advShape.length;
        int[] out = new int[rank];
        for (int i = 0, j = 0; i < rank; i++) {
            if (i >= advPos && i < advPos + advShape.length) {
                out[i] = advShape[i - advPos];
            } else {
                out[i] = outShape.get(j++);
            }
        }
        Backend be = a.backend();
        Array flat = make(be, be.fill(DType.INT32, 1, 0L), new int[0], false);
        for (int[] t : basicTerms) {
            int axis = t[0] >= advPos ? t[0] + advShape.length : t[0];
            Array iota = make(be, be.iota(DType.INT32, t[3]), new int[] {t[3]}, false);
            Array term = add(mul(iota, scalar(be, DType.INT32, (double) t[2] * t[4])), scalar(be, DType.INT32, (double) t[1] * t[4]));
            flat = add(flat, placed(term, axis, rank));
        }
        Array valid = null;
        dim = 0;
        for (Index ix : items) {
            if (ix instanceof Index.NewAxis) {
                continue;
            }
            int n = shape[dim];
            if (ix instanceof Index.At at) {
                if (mode == Mode.DROP) {
                    long j = at.i() < 0 ? at.i() + n : at.i();
                    if (j < 0 || j >= n) {
                        valid = make(be, be.fill(DType.BOOL, 1, 0L), new int[0], false);
                    } else {
                        flat = add(flat, scalar(be, DType.INT32, j * (double) strides[dim]));
                    }
                } else {
                    flat = add(flat, scalar(be, DType.INT32, staticIndex(at.i(), n, dim, mode) * (double) strides[dim]));
                }
            } else if (ix instanceof Index.Take t) {
                if (t.ints().dtype().isFloat()) {
                    throw new ArrayException("Indexer must have integer or boolean type, got indexer with type "
                            + t.ints().dtype());
                }
                Array idx = t.ints().castTo(DType.INT32, false);
                Array nArr = scalar(be, DType.INT32, n);
                Array zero = scalar(be, DType.INT32, 0);
                idx = where(lt(idx, zero), add(idx, nArr), idx);
                if (mode == Mode.DROP) {
                    Array ok = logicalAnd(ge(idx, zero), lt(idx, nArr));
                    ok = placed(ok.withShape(padLeft(ok.shapeRef(), advShape.length)), advPos, rank);
                    valid = valid == null ? ok : logicalAnd(valid, ok);
                } else {
                    idx = clip(idx, zero, scalar(be, DType.INT32, Math.max(n - 1, 0)));
                }
                Array term = mul(idx, scalar(be, DType.INT32, strides[dim]));
                flat = add(flat, placed(term.withShape(padLeft(term.shapeRef(), advShape.length)), advPos, rank));
            }
            dim++;
        }
        if (valid != null) {
            flat = where(valid, flat, scalar(be, DType.INT32, -1));
        }
        return new Flat(broadcastTo(flat, out), out);
    }

    private static int[] padLeft(int[] s, int rank) {
        int[] r = new int[rank];
        Arrays.fill(r, 1);
        System.arraycopy(s, 0, r, rank - s.length, s.length);
        return r;
    }

    private static boolean hasTake(List<Index> items) {
        return items.stream().anyMatch(ix -> ix instanceof Index.Take);
    }

    private static Array basicIndex(Array a, List<Index> items, Mode mode) {
        int[] shape = a.shapeRef();
        int[] strides = contiguousStrides(shape);
        List<Integer> outShape = new ArrayList<>();
        List<Integer> outStrides = new ArrayList<>();
        int offset = 0;
        int dim = 0;
        for (Index ix : items) {
            switch (ix) {
                case Index.At at -> {
                    offset += staticIndex(at.i(), shape[dim], dim, mode) * strides[dim];
                    dim++;
                }
                case Index.Slice s -> {
                    int[] sl = sliceIndices(s, shape[dim]);
                    if (sl[2] > 0) {
                        offset += sl[0] * strides[dim];
                    }
                    outShape.add(sl[2]);
                    outStrides.add(sl[1] * strides[dim]);
                    dim++;
                }
                case Index.NewAxis na -> {
                    outShape.add(1);
                    outStrides.add(0);
                }
                default -> throw new IllegalStateException("not a basic index: " + ix);
            }
        }
        int[] os = outShape.stream().mapToInt(Integer::intValue).toArray();
        int[] st = outStrides.stream().mapToInt(Integer::intValue).toArray();
        if (offset == 0 && sizeOf(os) == a.size() && Arrays.equals(dropOnes(os, st), dropOnes(os, contiguousStrides(os)))) {
            return a.withShape(os);
        }
        return strided(a, offset, st, os);
    }

    /** Strides of the non-singleton dims: equal lists mean the same memory order. */
    private static int[] dropOnes(int[] shape, int[] strides) {
        return java.util.stream.IntStream.range(0, shape.length).filter(d -> shape[d] != 1).map(d -> strides[d]).toArray();
    }

    private static Array gatherFlat(Array a, Flat f) {
        if (a.size() == 0 && sizeOf(f.shape()) > 0) {
            throw new ArrayException("index is out of bounds for axis with size 0");
        }
        Backend be = a.backend();
        return make(be, be.gather(a.buffer(), f.index().bufferOn(be)), f.shape(), a.weak());
    }

    /** {@code a[idx]} with NumPy semantics; static ints out of range raise, integer arrays are clamped (JAX gather). */
    public static Array index(Array a, List<Index> idx) {
        List<Index> items = expand(a, idx);
        if (!hasTake(items)) {
            return basicIndex(a, items, Mode.INDEX);
        }
        return gatherFlat(a, flatIndex(a, items, Mode.INDEX));
    }

    /** {@code a.at[idx].get()}: like indexing, with every out-of-range index clamped. */
    public static Array atGet(Array a, List<Index> idx) {
        List<Index> items = expand(a, idx);
        if (!hasTake(items)) {
            return basicIndex(a, items, Mode.CLAMP);
        }
        return gatherFlat(a, flatIndex(a, items, Mode.CLAMP));
    }

    /** JAX's out-of-bounds modes of gathers and scatters ({@code mode=} of {@code .at[]} and {@code take}). */
    public enum OutOfBounds {
        /** Indices are clamped into range. */
        CLIP,
        /** A gather yields the fill value, a scatter drops the update. */
        FILL_OR_DROP
    }

    /**
     * {@code a.at[idx].get(mode=...)}: CLIP clamps; FILL_OR_DROP yields {@code fill} (null: JAX's default,
     * NaN for floats, the minimum int32, the maximum uint32, True) where an index is out of range.
     */
    public static Array atGet(Array a, List<Index> idx, OutOfBounds mode, Array fill) {
        if (mode == OutOfBounds.CLIP) {
            return atGet(a, idx);
        }
        Flat f = flatIndex(a, expand(a, idx), Mode.DROP);
        Backend be = a.backend();
        Array zero = scalar(be, DType.INT32, 0);
        Array valid = ge(f.index(), zero);
        Array safe = where(valid, f.index(), zero);
        Array got = a.size() == 0 ? broadcastTo(zerosLike(a), f.shape())
                : make(be, be.gather(a.buffer(), safe.bufferOn(be)), f.shape(), a.weak());
        Array filler = (fill == null ? defaultFill(a.dtype()) : fill).castTo(a.dtype(), false);
        return where(valid, got, filler).withWeak(a.weak());
    }

    private static Array zerosLike(Array a) {
        return make(a.backend(), a.backend().fill(a.dtype(), 1, 0L), new int[0], a.weak());
    }

    private static Array defaultFill(DType d) {
        return switch (d) {
            case FLOAT32, FLOAT64 -> full(new int[0], d, Double.NaN);
            case BOOL -> full(new int[0], d, 1L);
            case UINT32 -> full(new int[0], d, 0xFFFFFFFFL);
            case INT32 -> full(new int[0], d, (long) Integer.MIN_VALUE);
            case INT64 -> full(new int[0], d, Long.MIN_VALUE);
        };
    }

    /** A scatter ({@code .at[idx].set/add/...}) with JAX's mode: out-of-range updates dropped, or their indices clamped. */
    public static Array atUpdate(ScatterOp op, Array a, List<Index> idx, Array v, OutOfBounds mode) {
        Flat f = flatIndex(a, expand(a, idx), mode == OutOfBounds.CLIP ? Mode.CLAMP : Mode.DROP);
        Array upd = broadcastTo(v.castTo(a.dtype(), false), f.shape());
        Backend be = a.backend();
        return make(be, be.scatter(op, a.buffer(), f.index().bufferOn(be), upd.bufferOn(be)), a.shapeRef(), a.weak());
    }

    private static Array scatter(ScatterOp op, Array a, List<Index> idx, Array v) {
        Flat f = flatIndex(a, expand(a, idx), Mode.DROP);
        Array upd = broadcastTo(v.castTo(a.dtype(), false), f.shape());
        Backend be = a.backend();
        Buffer u = upd.bufferOn(be);
        return make(be, be.scatter(op, a.buffer(), f.index().bufferOn(be), u), a.shapeRef(), a.weak());
    }

    public static Array atSet(Array a, List<Index> idx, Array v) {
        return scatter(ScatterOp.SET, a, idx, v);
    }

    public static Array atAdd(Array a, List<Index> idx, Array v) {
        return scatter(ScatterOp.ADD, a, idx, v);
    }

    public static Array atMultiply(Array a, List<Index> idx, Array v) {
        return scatter(ScatterOp.MUL, a, idx, v);
    }

    public static Array atMin(Array a, List<Index> idx, Array v) {
        return scatter(ScatterOp.MIN, a, idx, v);
    }

    public static Array atMax(Array a, List<Index> idx, Array v) {
        return scatter(ScatterOp.MAX, a, idx, v);
    }

    /** As JAX: {@code a / ones_like(a).at[idx].multiply(v)}, so the result is inexact. */
    public static Array atDivide(Array a, List<Index> idx, Array v) {
        return atDivide(a, idx, v, OutOfBounds.FILL_OR_DROP);
    }

    public static Array atDivide(Array a, List<Index> idx, Array v, OutOfBounds mode) {
        return div(a, atUpdate(ScatterOp.MUL, onesLike(a), idx, v, mode));
    }

    /** As JAX: {@code a ** ones_like(a).at[idx].multiply(v)}. */
    public static Array atPower(Array a, List<Index> idx, Array v) {
        return atPower(a, idx, v, OutOfBounds.FILL_OR_DROP);
    }

    public static Array atPower(Array a, List<Index> idx, Array v, OutOfBounds mode) {
        return pow(a, atUpdate(ScatterOp.MUL, onesLike(a), idx, v, mode));
    }

    private static Array onesLike(Array a) {
        Backend be = a.backend();
        return make(be, be.fill(a.dtype(), a.size(), 1L), a.shapeRef(), a.weak());
    }
}

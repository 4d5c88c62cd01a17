package jx.array;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import jx.array.Backend.BinaryOp;
import jx.array.Backend.Buffer;
import jx.array.Backend.ReduceOp;
import jx.array.Backend.ScanOp;
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

    static Typed promote(Array a, Array b) {
        return Promotion.result(typeOf(a), typeOf(b));
    }

    static Typed promote(Array... arrays) {
        List<Typed> ts = new ArrayList<>();
        for (Array a : arrays) {
            ts.add(typeOf(a));
        }
        return Promotion.result(ts);
    }

    /**
     * The backend an operation of several arrays runs on: theirs, or the session's where they live on
     * different ones (a captured constant meeting a staged value inside jit, a host array meeting a GPU one).
     */
    static Backend common(Array... xs) {
        Backend be = xs[0].backend();
        for (Array x : xs) {
            if (x.backend() != be) {
                return ArrayContext.current().backend();
            }
        }
        return be;
    }

    static Array make(Backend be, Buffer buf, int[] shape, boolean weak) {
        return new Array(be, buf, shape, weak);
    }

    // ================= elementwise =================

    private static Array binaryKernel(BinaryOp op, Array a, Array b, DType compute, DType out, boolean weak) {
        if (compute.isComplex()) {
            return ComplexOps.binary(op, a, b, compute, weak);
        }
        int[] shape = broadcastShapes(a.shapeRef(), b.shapeRef());
        Backend be = common(a, b);
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
        if (t.dtype().isInexact()) {
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
        if (compute.isComplex()) {
            return ComplexOps.unary(op, a.castTo(compute, a.weak()));
        }
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
        return a.dtype().isInexact() ? a : a.castTo(Promotion.defaultFloat(), a.weak());
    }

    private static Array predicate(UnaryOp op, Array a) {
        return unaryKernel(op, a, a.dtype(), DType.BOOL, false);
    }

    /**
     * An elementwise function of one array, by its kernel op, with the result dtype of the op's
     * family: the same dtype (abs, sign, square), bool (isnan, ...), integers unchanged (floor, round
     * half to even, ...), and for the rest (exp, tanh, ...) integers and bools as the default float.
     */
    public static Array unary(UnaryOp op, Array a) {
        return switch (op) {
            case NEG -> neg(a);
            case BIT_NOT, LOGICAL_NOT -> bitNot(a);
            case ABS, SIGN -> same(op, a);
            case SQUARE -> a.dtype() == DType.BOOL ? a : same(op, a);
            case FLOOR, CEIL, ROUND, TRUNC -> rounding(op, a);
            case ISNAN, ISINF, ISFINITE -> predicate(op, a);
            default -> toFloat(op, a);
        };
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
        if (a.dtype().isInexact()) {
            throw new ArrayException("bitwise_not does not accept dtype " + a.dtype()
                    + ". It accepts dtype(s) bool, uint32, int32, int64.");
        }
        return same(a.dtype() == DType.BOOL ? UnaryOp.LOGICAL_NOT : UnaryOp.BIT_NOT, a);
    }

    /** Rounding ops return integer and bool inputs unchanged, as current JAX does. */
    private static Array rounding(UnaryOp op, Array a) {
        return a.dtype().isInexact() ? same(op, a) : a;
    }

    public static Array logicalNot(Array a) {
        return predicate(UnaryOp.LOGICAL_NOT, a);
    }

    private static Array ternaryKernel(TernaryOp op, Array a, DType aType, Array b, Array c, Typed t) {
        int[] shape = broadcastShapes(a.shapeRef(), b.shapeRef(), c.shapeRef());
        if (t.dtype().isComplex() || aType.isComplex()) {
            if (op == TernaryOp.SELECT) {
                return ComplexOps.select(a, b, c, t.dtype(), t.weak());
            }
            throw ComplexOps.unsupported("clip");
        }
        Backend be = common(a, b, c);
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
        if (t.dtype().isComplex()) {
            return ComplexOps.matmul(a, b, t.dtype(), t.weak());
        }
        Array x = a.ndim() == 1 ? a.withShape(new int[] {1, a.shapeRef()[0]}) : a;
        Array y = b.ndim() == 1 ? b.withShape(new int[] {b.shapeRef()[0], 1}) : b;
        int[] xs = x.shapeRef();
        int[] ys = y.shapeRef();
        int m = xs[xs.length - 2];
        int k = xs[xs.length - 1];
        int n = ys[ys.length - 1];
        int[] batchShape = broadcastShapes(Arrays.copyOf(xs, xs.length - 2), Arrays.copyOf(ys, ys.length - 2));
        int batch = sizeOf(batchShape);
        Backend be = common(a, b);
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
        if (a.dtype().isComplex()) {
            return ComplexOps.reduce(op, a, axes, keepdims);
        }
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
        if (d.isComplex()) {
            // NumPy's variance of complex values is the mean squared modulus, a real number.
            Array re = centered.realPart();
            Array im = centered.imagPart();
            Array s = sum(add(mul(re, re), mul(im, im)), ax, keepdims);
            return div(s, scalar(a.backend(), d.partType(), count(a, ax) - ddof));
        }
        Array s = sum(mul(centered, centered), ax, keepdims);
        return div(s, scalar(a.backend(), d, count(a, ax) - ddof));
    }

    public static Array std(Array a, int[] axes, int ddof, boolean keepdims) {
        return unary(UnaryOp.SQRT, var(a, axes, ddof, keepdims));
    }

    static Array scalar(Backend be, DType d, double v) {
        if (d.isComplex()) {
            return ComplexOps.fill(be, new int[0], d, v);
        }
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

    /** A running reduction along axis (None: of the flattened array), by its kernel op. */
    public static Array scan(ScanOp op, Array a, Integer axis) {
        Array x = axis == null ? reshape(a, new int[] {-1}) : a;
        int ax = axis == null ? 0 : normAxis(axis, a.ndim());
        DType d = Promotion.sumDType(a.dtype());
        x = x.castTo(d, a.weak());
        if (d.isComplex()) {
            if (op == ScanOp.CUMPROD) {
                throw new ArrayException("NotImplementedError: cumprod of a complex array is not implemented in jx");
            }
            return ComplexOps.cumsum(x, ax);
        }
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

    // ================= shape ops =================

    public static Array reshape(Array a, int[] shape) {
        return a.withShape(reshapeShape(a.size(), shape));
    }

    static Array strided(Array a, int offset, int[] strides, int[] shape) {
        if (a.dtype().isComplex()) {
            return ComplexOps.each(a, part -> strided(part, offset, strides, shape));
        }
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
        if (t.dtype().isComplex()) {
            return ComplexOps.concatenate(arrays, ax, t.dtype(), t.weak());
        }
        Backend be = common(arrays.toArray(new Array[0]));
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
        Backend be = ArrayContext.current().backend();
        DType d = Promotion.canonicalize(dtype);
        if (d.isComplex()) {
            Budget.array(shape, d);
            return ComplexOps.fill(be, shape, d, value);
        }
        return make(be, be.fill(d, Budget.array(shape, d), value), shape.clone(), false);
    }

    public static Array full(int[] shape, DType dtype, long value) {
        Backend be = ArrayContext.current().backend();
        DType d = Promotion.canonicalize(dtype);
        if (d.isComplex()) {
            Budget.array(shape, d);
            return ComplexOps.fill(be, shape, d, value);
        }
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
        if (d.isComplex()) {
            return Array.fromHost(new HostData(d, shape, false, v, null, new double[v.length]));
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
        // As NumPy and JAX: the length comes from the float bounds, the values from the first two
        // cast to the dtype (arange(0, 5, 0.5, dtype=int) is ten zeros).
        double first = dtype.isInexact() ? start : (long) start;
        double delta = dtype.isInexact() ? step : (long) (start + step) - (long) start;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = first + i * delta;
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
}

package jx.array;

import java.util.List;

/**
 * The few coarse, data-parallel kernels every array operation is built from (compare tinygrad's
 * small op set). A backend owns its buffers; {@link Ops} computes all shapes, strides and dtypes
 * and calls these with flat buffers and explicit element strides, so a GPU backend implements the
 * same contract with one kernel per method. Buffers are immutable once returned.
 */
public interface Backend {
    /** An opaque, immutable flat buffer of {@code size()} elements of {@code dtype()}. */
    interface Buffer {
        DType dtype();

        int size();
    }

    enum UnaryOp {
        NEG, BIT_NOT, LOGICAL_NOT, ABS, SIGN, SQUARE, RECIPROCAL,
        EXP, EXP2, LOG, LOG2, LOG10, LOG1P, EXPM1, SQRT, RSQRT, SIGMOID,
        SIN, COS, TAN, ARCSIN, ARCCOS, ARCTAN, SINH, COSH, TANH, ARCSINH, ARCCOSH, ARCTANH,
        FLOOR, CEIL, ROUND, TRUNC, ISNAN, ISINF, ISFINITE
    }

    enum BinaryOp {
        ADD, SUB, MUL, DIV, FLOORDIV, MOD, POW, MAX, MIN, ATAN2,
        EQ, NE, LT, LE, GT, GE, AND, OR, XOR;

        public boolean isComparison() {
            return this == EQ || this == NE || this == LT || this == LE || this == GT || this == GE;
        }
    }

    enum TernaryOp {
        /** a ? b : c with a bool. */
        SELECT,
        /** min(max(a, b), c), NaN-propagating. */
        CLIP
    }

    enum ReduceOp { SUM, PROD, MAX, MIN, ARGMAX, ARGMIN, ANY, ALL }

    enum ScanOp { CUMSUM, CUMPROD }

    enum ScatterOp { SET, ADD, MUL, MIN, MAX }

    String name();

    /** Bytes still free for new buffers where they are not on the JVM heap (a GPU's memory); checked by {@link Budget}. */
    default long freeBytes() {
        return Long.MAX_VALUE;
    }

    Buffer fromHost(HostData data);

    HostData toHost(Buffer buffer, int[] shape, boolean weak);

    Buffer fill(DType dtype, int size, double value);

    Buffer fill(DType dtype, int size, long value);

    /** 0, 1, ..., size-1. */
    Buffer iota(DType dtype, int size);

    Buffer cast(Buffer a, DType to);

    /** Elementwise over a contiguous buffer; {@code out} is the input dtype or BOOL for predicates. */
    Buffer unary(UnaryOp op, Buffer a, DType out);

    /**
     * Elementwise over {@code shape} (row-major output); operand element (i0..in) is read at
     * sum(ik * strides[k]) (stride 0 broadcasts). Operands share a dtype; {@code out} is it or BOOL.
     */
    Buffer binary(BinaryOp op, Buffer a, int[] aStrides, Buffer b, int[] bStrides, int[] shape, DType out);

    Buffer ternary(TernaryOp op, Buffer a, int[] aStrides, Buffer b, int[] bStrides, Buffer c, int[] cStrides,
                   int[] shape, DType out);

    /**
     * Reduces the middle axis of a contiguous (outer, n, inner) view to (outer, inner). SUM/PROD
     * accumulate in {@code out} = the input dtype; ARGMAX/ARGMIN give {@code out} indices; ANY/ALL take bools.
     */
    Buffer reduce(ReduceOp op, Buffer a, int outer, int n, int inner, DType out);

    /** Inclusive scan along the middle axis of a contiguous (outer, n, inner) view. */
    Buffer scan(ScanOp op, Buffer a, int outer, int n, int inner);

    /**
     * Batched matrix product of contiguous (m, k) and (k, n) blocks; block b of a starts at
     * b * aBatchStride (0 broadcasts one matrix over the batch), likewise for b.
     */
    Buffer matmul(Buffer a, int aBatchStride, Buffer b, int bBatchStride, int batch, int m, int k, int n);

    /** A contiguous copy of the strided view (offset, strides, shape): transpose, slice, flip, broadcast. */
    Buffer copy(Buffer a, int offset, int[] strides, int[] shape);

    /** out[i] = a[index[i]] for an INT32 index buffer whose values are in range. */
    Buffer gather(Buffer a, Buffer index);

    /** A copy of {@code a} with a[index[i]] op= updates[i] in order; indices outside [0, size) are dropped. */
    Buffer scatter(ScatterOp op, Buffer a, Buffer index, Buffer updates);

    /** For each of {@code outer} rows, the parts' row chunks (chunks[p] elements of part p) side by side. */
    Buffer concat(List<Buffer> parts, int outer, int[] chunks);

    /** A fusion group of a staged program in one pass where the backend can; by default kernel by kernel. */
    default Buffer fused(Fused group, List<Buffer> inputs) {
        return group.runByKernels(this, inputs);
    }

    /**
     * x with a x = b for one square system held on the host (rows as arrays), by a native solver
     * where the backend has one that pays, in the system's precision (single: float32, as JAX
     * solves it); null leaves it to Linalg's Java LU.
     */
    default double[][] solveOnHost(double[][] a, double[][] b, boolean single) {
        return null;
    }
}

package jx.gpu;

import jx.array.Backend.BinaryOp;
import jx.array.Backend.ReduceOp;
import jx.array.Backend.ScanOp;
import jx.array.Backend.ScatterOp;
import jx.array.Backend.TernaryOp;
import jx.array.Backend.UnaryOp;
import jx.array.DType;

/**
 * Identifies one generated kernel: its kind, op, dtypes and layout variant (strided or flat for
 * elementwise kernels, the element size in bytes for data movement). Unused parts are null or 0.
 */
record KernelKey(Kind kind, Enum<?> op, DType dtype, DType out, int variant) {
    enum Kind {
        UNARY, BINARY, TERNARY, CAST, FILL, IOTA, COPY, GATHER, SCATTER_WINNER, SCATTER_SET, SCATTER,
        REDUCE_SEQ, REDUCE_PAIRWISE, REDUCE_TREE, SCAN, MATMUL
    }

    static final int FLAT = 0;
    static final int STRIDED = 1;

    static KernelKey unary(UnaryOp op, DType d) {
        return new KernelKey(Kind.UNARY, op, d, null, 0);
    }

    static KernelKey binary(BinaryOp op, DType d, boolean strided) {
        return new KernelKey(Kind.BINARY, op, d, null, strided ? STRIDED : FLAT);
    }

    static KernelKey ternary(TernaryOp op, DType d, boolean strided) {
        return new KernelKey(Kind.TERNARY, op, d, null, strided ? STRIDED : FLAT);
    }

    static KernelKey cast(DType from, DType to) {
        return new KernelKey(Kind.CAST, null, from, to, 0);
    }

    static KernelKey fill(int size) {
        return new KernelKey(Kind.FILL, null, null, null, size);
    }

    static KernelKey iota(DType d) {
        return new KernelKey(Kind.IOTA, null, d, null, 0);
    }

    static KernelKey copy(int size) {
        return new KernelKey(Kind.COPY, null, null, null, size);
    }

    static KernelKey gather(int size) {
        return new KernelKey(Kind.GATHER, null, null, null, size);
    }

    static KernelKey scatterWinner() {
        return new KernelKey(Kind.SCATTER_WINNER, null, null, null, 0);
    }

    static KernelKey scatterSet(int size) {
        return new KernelKey(Kind.SCATTER_SET, null, null, null, size);
    }

    static KernelKey scatter(ScatterOp op, DType d) {
        return new KernelKey(Kind.SCATTER, op, d, null, 0);
    }

    static KernelKey reduceSeq(ReduceOp op, DType in, DType out) {
        return new KernelKey(Kind.REDUCE_SEQ, op, in, out, 0);
    }

    static KernelKey reducePairwise(DType d) {
        return new KernelKey(Kind.REDUCE_PAIRWISE, ReduceOp.SUM, d, d, 0);
    }

    static KernelKey reduceTree(ReduceOp op, DType in, DType out) {
        return new KernelKey(Kind.REDUCE_TREE, op, in, out, 0);
    }

    static KernelKey scan(ScanOp op, DType d) {
        return new KernelKey(Kind.SCAN, op, d, null, 0);
    }

    static KernelKey matmul(DType d) {
        return new KernelKey(Kind.MATMUL, null, d, null, 0);
    }

    /** Builds the kernel (see {@link PtxGen} for the cached text). */
    Ptx build() {
        return switch (kind) {
            case UNARY -> Elementwise.unary((UnaryOp) op, dtype);
            case BINARY -> Elementwise.binary((BinaryOp) op, dtype, variant == STRIDED);
            case TERNARY -> Elementwise.ternary((TernaryOp) op, dtype, variant == STRIDED);
            case CAST -> Elementwise.cast(dtype, out);
            case FILL -> Movement.fill(variant);
            case IOTA -> Movement.iota(dtype);
            case COPY -> Movement.copy(variant);
            case GATHER -> Movement.gather(variant);
            case SCATTER_WINNER -> Movement.scatterWinner();
            case SCATTER_SET -> Movement.scatterSet(variant);
            case SCATTER -> Movement.scatter((ScatterOp) op, dtype);
            case REDUCE_SEQ -> Reductions.sequential((ReduceOp) op, dtype, out);
            case REDUCE_PAIRWISE -> Reductions.pairwise(dtype);
            case REDUCE_TREE -> Reductions.tree((ReduceOp) op, dtype, out);
            case SCAN -> Reductions.scan((ScanOp) op, dtype);
            case MATMUL -> Matmul.kernel(dtype);
        };
    }
}

package jx.gpu;

import java.util.ArrayList;
import java.util.List;

import jx.array.Backend.BinaryOp;
import jx.array.Backend.ReduceOp;
import jx.array.Backend.ScanOp;
import jx.array.Backend.ScatterOp;
import jx.array.Backend.TernaryOp;
import jx.array.Backend.UnaryOp;
import jx.array.DType;

/**
 * Every kernel the CUDA backend can ask for: the keys {@link CudaBackend} builds come only from
 * these combinations, so assembling all of them with ptxas checks all the PTX the program can emit.
 */
final class Kernels {
    static final int[] SIZES = {1, 4, 8};

    private Kernels() {}

    /** The natural result dtypes of ARGMAX/ARGMIN (int32, or int64 under --x64). */
    static final DType[] INDEX_TYPES = {DType.INT32, DType.INT64};

    static List<KernelKey> all() {
        List<KernelKey> keys = new ArrayList<>();
        for (DType d : DType.values()) {
            if (d.isComplex() || !DevType.held(d)) {
                continue; // complex arrays run as real kernels on their two parts; the rest are refused at allocation
            }
            for (UnaryOp op : UnaryOp.values()) {
                if (Alu.supports(op, d)) {
                    keys.add(KernelKey.unary(op, d));
                }
            }
            for (BinaryOp op : BinaryOp.values()) {
                if (Alu.supports(op, d)) {
                    keys.add(KernelKey.binary(op, d, false));
                    keys.add(KernelKey.binary(op, d, true));
                }
            }
            for (TernaryOp op : TernaryOp.values()) {
                keys.add(KernelKey.ternary(op, d, false));
                keys.add(KernelKey.ternary(op, d, true));
            }
            for (DType to : DType.values()) {
                if (to != d && !to.isComplex() && DevType.held(to)) {
                    keys.add(KernelKey.cast(d, to));
                }
            }
            keys.add(KernelKey.iota(d));
            for (ScatterOp op : ScatterOp.values()) {
                if (op != ScatterOp.SET) {
                    keys.add(KernelKey.scatter(op, d));
                }
            }
            for (ReduceOp op : ReduceOp.values()) {
                if (Reductions.isArg(op)) {
                    for (DType out : INDEX_TYPES) {
                        keys.add(KernelKey.reduceSeq(op, d, out));
                        keys.add(KernelKey.reduceTree(op, d, out));
                    }
                } else if (op != ReduceOp.ANY && op != ReduceOp.ALL || d == DType.BOOL) {
                    keys.add(KernelKey.reduceSeq(op, d, d));
                    keys.add(KernelKey.reduceTree(op, d, d));
                }
            }
            if (d.isFloat()) {
                keys.add(KernelKey.reducePairwise(d));
            }
            for (ScanOp op : ScanOp.values()) {
                keys.add(KernelKey.scan(op, d));
            }
            keys.add(KernelKey.matmul(d));
        }
        for (int size : SIZES) {
            keys.add(KernelKey.fill(size));
            keys.add(KernelKey.copy(size));
            keys.add(KernelKey.gather(size));
            keys.add(KernelKey.scatterSet(size));
        }
        keys.add(KernelKey.scatterWinner());
        return keys;
    }
}

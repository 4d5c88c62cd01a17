package jx.gpu;

import java.util.ArrayList;
import java.util.List;

/**
 * The iteration space of a strided kernel after merging: size-1 dimensions dropped, and each pair
 * of neighbouring dimensions merged where every operand steps through them as through one
 * (stride[d] == stride[d+1] * shape[d+1]). Arrays are innermost first, as the kernels take them.
 * Typical broadcasts and transposes end up with one to three dimensions.
 */
record Layout(int[] shape, int[][] strides) {
    static Layout of(int[] shape, int[]... operandStrides) {
        List<Integer> dims = new ArrayList<>();
        List<int[]> steps = new ArrayList<>();
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] == 1) {
                continue;
            }
            int[] s = new int[operandStrides.length];
            for (int o = 0; o < s.length; o++) {
                s[o] = operandStrides[o][d];
            }
            int last = dims.size() - 1;
            if (last >= 0 && mergeable(dims.get(last), steps.get(last), s)) {
                dims.set(last, dims.get(last) * shape[d]);
            } else {
                dims.add(shape[d]);
                steps.add(s);
            }
        }
        int[][] strides = new int[operandStrides.length][dims.size()];
        for (int j = 0; j < dims.size(); j++) {
            for (int o = 0; o < strides.length; o++) {
                strides[o][j] = steps.get(j)[o];
            }
        }
        return new Layout(dims.stream().mapToInt(Integer::intValue).toArray(), strides);
    }

    private static boolean mergeable(int innerSize, int[] innerSteps, int[] outerSteps) {
        for (int o = 0; o < innerSteps.length; o++) {
            if ((long) innerSteps[o] * innerSize != outerSteps[o]) {
                return false;
            }
        }
        return true;
    }

    int rank() {
        return shape.length;
    }

    /** At most one dimension and every operand contiguous (step 1) or broadcast (step 0). */
    boolean flat() {
        if (rank() > 1) {
            return false;
        }
        for (int[] s : strides) {
            if (rank() == 1 && s[0] != 0 && s[0] != 1) {
                return false;
            }
        }
        return true;
    }

    /** Operand o's step in the flat layout. */
    int step(int o) {
        return rank() == 0 ? 0 : strides[o][0];
    }

    /** rank, the shape padded with 1s, then each operand's strides padded with 0s: the strided kernels' parameters. */
    List<Object> params() {
        List<Object> p = new ArrayList<>();
        p.add(rank());
        for (int j = 0; j < Elementwise.MAX_RANK; j++) {
            p.add(j < rank() ? shape[j] : 1);
        }
        for (int[] s : strides) {
            for (int j = 0; j < Elementwise.MAX_RANK; j++) {
                p.add(j < rank() ? s[j] : 0);
            }
        }
        return p;
    }
}

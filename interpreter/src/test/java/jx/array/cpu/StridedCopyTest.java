package jx.array.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The tiled strided copy against the generic one (a table of every source position, then a
 * gather) on seeded random views: transposes, slices with steps, reversed axes (negative
 * strides), broadcasts (zero strides), with offsets, up to 4 axes, big enough to run in chunks.
 */
class StridedCopyTest {
    @Test
    void everyViewCopiesAsTheGenericCopyDoes() {
        Random rnd = new Random(42);
        for (int t = 0; t < 300; t++) {
            int nd = rnd.nextInt(5);
            int[] shape = new int[nd];
            int[] srcShape = new int[nd];
            for (int d = 0; d < nd; d++) {
                shape[d] = rnd.nextInt(nd <= 2 && t < 60 ? 400 : 20);
                srcShape[d] = shape[d] + rnd.nextInt(3);
            }
            // Row-major strides of a bigger source array, permuted, some reversed or zeroed.
            int[] rowMajor = new int[nd];
            int size = 1;
            for (int d = nd - 1; d >= 0; d--) {
                rowMajor[d] = size;
                size *= Math.max(1, srcShape[d]);
            }
            int[] perm = permutation(rnd, nd);
            int[] strides = new int[nd];
            int offset = 0;
            for (int d = 0; d < nd; d++) {
                int s = rowMajor[perm[d]];
                int extent = Math.max(1, srcShape[perm[d]]);
                if (shape[d] > extent) {
                    shape[d] = extent;
                }
                switch (rnd.nextInt(5)) {
                    case 0 -> {
                        offset += (shape[d] - 1) * s;
                        s = -s;
                    }
                    case 1 -> s = 0;
                    default -> { }
                }
                strides[d] = s;
            }
            float[] src = new float[size];
            double[] srcD = new double[size];
            for (int i = 0; i < size; i++) {
                src[i] = rnd.nextFloat();
                srcD[i] = rnd.nextDouble();
            }
            int[] pos = Storage.positions(offset, strides, shape);
            String what = "shape " + java.util.Arrays.toString(shape) + " strides " + java.util.Arrays.toString(strides)
                    + " offset " + offset;
            float[] want = pos == null ? java.util.Arrays.copyOf(src, Storage.sizeOf(shape)) : (float[]) Movement.take(src, pos);
            double[] wantD = pos == null ? java.util.Arrays.copyOf(srcD, Storage.sizeOf(shape))
                    : (double[]) Movement.take(srcD, pos);
            assertArrayEquals(want, (float[]) StridedCopy.copy(src, offset, strides, shape), what);
            assertArrayEquals(wantD, (double[]) StridedCopy.copy(srcD, offset, strides, shape), what);
        }
    }

    @Test
    void otherStorageIsLeftToTheGenericCopy() {
        assertNull(StridedCopy.copy(new int[4], 0, new int[] {1}, new int[] {4}));
    }

    private static int[] permutation(Random rnd, int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int tmp = p[i];
            p[i] = p[j];
            p[j] = tmp;
        }
        return p;
    }
}

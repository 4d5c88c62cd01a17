package jx.array.cpu;

/**
 * Strided views of float buffers made contiguous (transposes, slices, broadcasts) without the
 * table of source positions the generic copy builds: row by row with System.arraycopy where the
 * last axis is contiguous, else in 32 x 32 tiles so that a transpose reads and writes whole cache
 * lines. A matrix operand of a product's backward pass is such a transpose.
 */
final class StridedCopy {
    private StridedCopy() {}

    private static final int TILE = 32;

    /** The view's elements in row-major order; null for storage other than float[] and double[]. */
    static Object copy(Object src, int offset, int[] strides, int[] shape) {
        if (!(src instanceof float[]) && !(src instanceof double[])) {
            return null;
        }
        int nd = shape.length;
        int rows = nd >= 2 ? shape[nd - 2] : 1;
        int cols = nd >= 1 ? shape[nd - 1] : 1;
        int rowStride = nd >= 2 ? strides[nd - 2] : 0;
        int colStride = nd >= 1 ? strides[nd - 1] : 0;
        int blocks = 1;
        for (int d = 0; d < nd - 2; d++) {
            blocks *= shape[d];
        }
        int n = blocks * rows * cols;
        Object dst = src instanceof float[] ? new float[n] : new double[n];
        if (n == 0) {
            return dst;
        }
        int[] bases = blockBases(offset, strides, shape, blocks);
        int rowTiles = (rows + TILE - 1) / TILE;
        int grain = Math.max(1, Chunks.PARALLEL_MIN / (TILE * cols));
        Chunks.forRange(blocks * rowTiles, grain, (from, to) -> {
            for (int u = from; u < to; u++) {
                int b = u / rowTiles;
                int i0 = (u % rowTiles) * TILE;
                int i1 = Math.min(rows, i0 + TILE);
                int out = b * rows * cols;
                if (colStride == 1) {
                    for (int i = i0; i < i1; i++) {
                        System.arraycopy(src, bases[b] + i * rowStride, dst, out + i * cols, cols);
                    }
                } else if (src instanceof float[] s) {
                    tile(s, (float[]) dst, bases[b], rowStride, colStride, i0, i1, cols, out);
                } else {
                    tile((double[]) src, (double[]) dst, bases[b], rowStride, colStride, i0, i1, cols, out);
                }
            }
        });
        return dst;
    }

    /** Where each matrix (the last two axes) of the view starts in the source, in row-major order of the rest. */
    private static int[] blockBases(int offset, int[] strides, int[] shape, int blocks) {
        int outerDims = Math.max(0, shape.length - 2);
        int[] bases = new int[blocks];
        int[] idx = new int[outerDims];
        int base = offset;
        for (int b = 0; b < blocks; b++) {
            bases[b] = base;
            for (int d = outerDims - 1; d >= 0; d--) {
                idx[d]++;
                base += strides[d];
                if (idx[d] < shape[d]) {
                    break;
                }
                base -= idx[d] * strides[d];
                idx[d] = 0;
            }
        }
        return bases;
    }

    private static void tile(float[] s, float[] d, int base, int rowStride, int colStride, int i0, int i1, int cols,
            int out) {
        for (int j0 = 0; j0 < cols; j0 += TILE) {
            int j1 = Math.min(cols, j0 + TILE);
            for (int i = i0; i < i1; i++) {
                int si = base + i * rowStride;
                int di = out + i * cols;
                for (int j = j0; j < j1; j++) {
                    d[di + j] = s[si + j * colStride];
                }
            }
        }
    }

    private static void tile(double[] s, double[] d, int base, int rowStride, int colStride, int i0, int i1, int cols,
            int out) {
        for (int j0 = 0; j0 < cols; j0 += TILE) {
            int j1 = Math.min(cols, j0 + TILE);
            for (int i = i0; i < i1; i++) {
                int si = base + i * rowStride;
                int di = out + i * cols;
                for (int j = j0; j < j1; j++) {
                    d[di + j] = s[si + j * colStride];
                }
            }
        }
    }
}

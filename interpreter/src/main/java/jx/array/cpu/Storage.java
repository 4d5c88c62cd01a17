package jx.array.cpu;

import jx.array.Backend.Buffer;
import jx.array.DType;
import jx.array.Narrow;

/**
 * Storage of CPU buffers and the two domains generic kernels evaluate in: double for floats
 * (float32 widened exactly, rounded once per operation on store) and long for integers and bools
 * (uint32 zero-extended, wrapped on store). The narrow dtypes are held widened, as
 * {@link jx.array.Narrow} describes: 8- and 16-bit integers in int[], float16/bfloat16 in float[].
 */
final class Storage {
    private Storage() {}

    static CpuBuffer cpu(Buffer b) {
        if (b instanceof CpuBuffer c) {
            return c;
        }
        throw new IllegalArgumentException("buffer of another backend: " + b);
    }

    static Object allocate(DType d, int n) {
        return switch (d) {
            case FLOAT16, BFLOAT16, FLOAT32 -> new float[n];
            case FLOAT64 -> new double[n];
            case INT8, UINT8, INT16, UINT16, INT32, UINT32 -> new int[n];
            case UINT64 -> throw noUint64();
            case INT64 -> new long[n];
            case BOOL -> new boolean[n];
            case COMPLEX64, COMPLEX128 -> throw notReal(d);
        };
    }

    /** Complex arrays are pairs of real buffers (jx.array.ComplexBuffer): a complex dtype here is a bug above. */
    static IllegalStateException notReal(DType d) {
        return new IllegalStateException("a CPU kernel was asked for " + d + "; complex arrays are two real buffers");
    }

    /** uint64 never reaches a backend: creation canonicalizes it to uint32, or refuses it under x64. */
    static IllegalStateException noUint64() {
        return new IllegalStateException("a CPU kernel was asked for uint64, which jx does not hold");
    }

    // ---- conversions between storage and the two evaluation domains (double, long) ----

    static double[] doubles(CpuBuffer b) {
        return switch (b.dtype) {
            case FLOAT64 -> (double[]) b.data;
            case FLOAT16, BFLOAT16, FLOAT32 -> {
                float[] s = (float[]) b.data;
                double[] r = new double[s.length];
                for (int i = 0; i < s.length; i++) {
                    r[i] = s[i];
                }
                yield r;
            }
            default -> {
                long[] s = longs(b);
                double[] r = new double[s.length];
                for (int i = 0; i < s.length; i++) {
                    r[i] = s[i];
                }
                yield r;
            }
        };
    }

    static long[] longs(CpuBuffer b) {
        return switch (b.dtype) {
            case INT64 -> (long[]) b.data;
            case INT8, UINT8, INT16, UINT16, INT32 -> {
                int[] s = (int[]) b.data;
                long[] r = new long[s.length];
                for (int i = 0; i < s.length; i++) {
                    r[i] = s[i];
                }
                yield r;
            }
            case UINT32 -> {
                int[] s = (int[]) b.data;
                long[] r = new long[s.length];
                for (int i = 0; i < s.length; i++) {
                    r[i] = s[i] & 0xFFFFFFFFL;
                }
                yield r;
            }
            case BOOL -> {
                boolean[] s = (boolean[]) b.data;
                long[] r = new long[s.length];
                for (int i = 0; i < s.length; i++) {
                    r[i] = s[i] ? 1 : 0;
                }
                yield r;
            }
            case COMPLEX64, COMPLEX128 -> throw notReal(b.dtype);
            case UINT64 -> throw noUint64();
            case FLOAT16, BFLOAT16, FLOAT32, FLOAT64 -> {
                double[] s = doubles(b);
                long[] r = new long[s.length];
                for (int i = 0; i < s.length; i++) {
                    r[i] = (long) s[i];
                }
                yield r;
            }
        };
    }

    static CpuBuffer ofDoubles(double[] v, DType to) {
        Object out = switch (to) {
            case FLOAT64 -> v;
            case FLOAT32 -> {
                float[] r = new float[v.length];
                for (int i = 0; i < v.length; i++) {
                    r[i] = (float) v[i];
                }
                yield r;
            }
            case FLOAT16, BFLOAT16 -> {
                float[] r = new float[v.length];
                for (int i = 0; i < v.length; i++) {
                    r[i] = (float) Narrow.round(v[i], to);
                }
                yield r;
            }
            case INT32 -> {
                int[] r = new int[v.length];
                for (int i = 0; i < v.length; i++) {
                    r[i] = (int) v[i];
                }
                yield r;
            }
            case INT8, UINT8, INT16, UINT16 -> {
                int[] r = new int[v.length];
                for (int i = 0; i < v.length; i++) {
                    r[i] = (int) Narrow.fromFloat(v[i], to);
                }
                yield r;
            }
            case UINT64 -> throw noUint64();
            case UINT32 -> {
                int[] r = new int[v.length];
                for (int i = 0; i < v.length; i++) {
                    r[i] = (int) (long) v[i];
                }
                yield r;
            }
            case INT64 -> {
                long[] r = new long[v.length];
                for (int i = 0; i < v.length; i++) {
                    r[i] = (long) v[i];
                }
                yield r;
            }
            case BOOL -> {
                boolean[] r = new boolean[v.length];
                for (int i = 0; i < v.length; i++) {
                    r[i] = v[i] != 0;
                }
                yield r;
            }
            case COMPLEX64, COMPLEX128 -> throw notReal(to);
        };
        return new CpuBuffer(to, out);
    }

    static CpuBuffer ofLongs(long[] v, DType to) {
        Object out = switch (to) {
            case INT64 -> v;
            case INT32, UINT32 -> {
                int[] r = new int[v.length];
                for (int i = 0; i < v.length; i++) {
                    r[i] = (int) v[i];
                }
                yield r;
            }
            case INT8, UINT8, INT16, UINT16 -> {
                int[] r = new int[v.length];
                for (int i = 0; i < v.length; i++) {
                    r[i] = (int) Narrow.wrap(v[i], to);
                }
                yield r;
            }
            case FLOAT16, BFLOAT16 -> {
                float[] r = new float[v.length];
                for (int i = 0; i < v.length; i++) {
                    r[i] = (float) Narrow.round((double) v[i], to);
                }
                yield r;
            }
            case UINT64 -> throw noUint64();
            case BOOL -> {
                boolean[] r = new boolean[v.length];
                for (int i = 0; i < v.length; i++) {
                    r[i] = v[i] != 0;
                }
                yield r;
            }
            case FLOAT32 -> {
                float[] r = new float[v.length];
                for (int i = 0; i < v.length; i++) {
                    r[i] = (float) v[i];
                }
                yield r;
            }
            case FLOAT64 -> {
                double[] r = new double[v.length];
                for (int i = 0; i < v.length; i++) {
                    r[i] = (double) v[i];
                }
                yield r;
            }
            case COMPLEX64, COMPLEX128 -> throw notReal(to);
        };
        return new CpuBuffer(to, out);
    }

    /** Element positions of a strided view in row-major order, or null when the view is the contiguous buffer. */
    static int[] positions(int offset, int[] strides, int[] shape) {
        int n = 1;
        boolean contiguous = offset == 0;
        int expect = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            n *= shape[d];
            if (shape[d] != 1 && strides[d] != expect) {
                contiguous = false;
            }
            expect *= shape[d];
        }
        if (contiguous) {
            return null;
        }
        int[] pos = new int[n];
        if (n == 0) {
            return pos;
        }
        int nd = shape.length;
        if (nd == 0) {
            pos[0] = offset;
            return pos;
        }
        int[] idx = new int[nd];
        int last = shape[nd - 1];
        int lastStride = strides[nd - 1];
        int base = offset;
        for (int i = 0; i < n; i += last) {
            for (int j = 0; j < last; j++) {
                pos[i + j] = base + j * lastStride;
            }
            for (int d = nd - 2; d >= 0; d--) {
                idx[d]++;
                base += strides[d];
                if (idx[d] < shape[d]) {
                    break;
                }
                base -= idx[d] * strides[d];
                idx[d] = 0;
            }
        }
        return pos;
    }

    static int sizeOf(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /** v rounded to the float dtype d, as a store of it would round it (each step of a scatter's accumulation). */
    static double roundTo(double v, DType d) {
        return d == DType.FLOAT32 ? (float) v : Narrow.round(v, d);
    }

    static double round32(double v, boolean f32) {
        return f32 ? (float) v : v;
    }
}

package jx.array.cpu;

import static jx.array.cpu.Storage.*;

import java.util.List;
import jx.array.Backend.Buffer;
import jx.array.Backend.ScatterOp;
import jx.array.DType;

/** Data movement: strided copies, gather, scatter, concatenation. */
final class Movement {
    private Movement() {}

    static Object take(Object src, int[] pos) {
        int n = pos.length;
        return switch (src) {
            case float[] s -> {
                float[] r = new float[n];
                Chunks.forRange(n, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        r[i] = s[pos[i]];
                    }
                });
                yield r;
            }
            case double[] s -> {
                double[] r = new double[n];
                Chunks.forRange(n, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        r[i] = s[pos[i]];
                    }
                });
                yield r;
            }
            case int[] s -> {
                int[] r = new int[n];
                Chunks.forRange(n, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        r[i] = s[pos[i]];
                    }
                });
                yield r;
            }
            case long[] s -> {
                long[] r = new long[n];
                Chunks.forRange(n, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        r[i] = s[pos[i]];
                    }
                });
                yield r;
            }
            case boolean[] s -> {
                boolean[] r = new boolean[n];
                Chunks.forRange(n, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        r[i] = s[pos[i]];
                    }
                });
                yield r;
            }
            default -> throw new IllegalStateException("unknown storage " + src.getClass());
        };
    }

    static Buffer copy(Buffer a, int offset, int[] strides, int[] shape) {
        CpuBuffer b = cpu(a);
        Object floats = StridedCopy.copy(b.data, offset, strides, shape);
        if (floats != null) {
            return new CpuBuffer(b.dtype, floats);
        }
        int[] pos = positions(offset, strides, shape);
        if (pos == null) {
            Object r = allocate(b.dtype, sizeOf(shape));
            System.arraycopy(b.data, 0, r, 0, sizeOf(shape));
            return new CpuBuffer(b.dtype, r);
        }
        return new CpuBuffer(b.dtype, take(b.data, pos));
    }

    static Buffer gather(Buffer a, Buffer index) {
        CpuBuffer b = cpu(a);
        return new CpuBuffer(b.dtype, take(b.data, (int[]) cpu(index).data));
    }

    static Buffer scatter(ScatterOp op, Buffer a, Buffer index, Buffer updates) {
        CpuBuffer b = cpu(a);
        int[] idx = (int[]) cpu(index).data;
        int size = b.size;
        if (b.dtype.isFloat()) {
            DType d = b.dtype;
            double[] v = doubles(b).clone();
            double[] u = doubles(cpu(updates));
            for (int i = 0; i < idx.length; i++) {
                int p = idx[i];
                if (p < 0 || p >= size) {
                    continue;
                }
                v[p] = switch (op) {
                    case SET -> u[i];
                    case ADD -> roundTo(v[p] + u[i], d);
                    case MUL -> roundTo(v[p] * u[i], d);
                    case MIN -> Double.isNaN(v[p]) || Double.isNaN(u[i]) ? Double.NaN : Math.min(v[p], u[i]);
                    case MAX -> Double.isNaN(v[p]) || Double.isNaN(u[i]) ? Double.NaN : Math.max(v[p], u[i]);
                };
            }
            return ofDoubles(v, b.dtype);
        }
        long[] v = longs(b).clone();
        long[] u = longs(cpu(updates));
        boolean bool = b.dtype == DType.BOOL;
        for (int i = 0; i < idx.length; i++) {
            int p = idx[i];
            if (p < 0 || p >= size) {
                continue;
            }
            v[p] = switch (op) {
                case SET -> u[i];
                case ADD -> bool ? v[p] | u[i] : v[p] + u[i];
                case MUL -> v[p] * u[i];
                case MIN -> Math.min(v[p], u[i]);
                case MAX -> Math.max(v[p], u[i]);
            };
        }
        return ofLongs(v, b.dtype);
    }

    static Buffer concat(List<Buffer> parts, int outer, int[] chunks) {
        DType dt = parts.get(0).dtype();
        int row = 0;
        for (int c : chunks) {
            row += c;
        }
        Object r = allocate(dt, outer * row);
        int pos = 0;
        for (int o = 0; o < outer; o++) {
            for (int p = 0; p < chunks.length; p++) {
                System.arraycopy(cpu(parts.get(p)).data, o * chunks[p], r, pos, chunks[p]);
                pos += chunks[p];
            }
        }
        return new CpuBuffer(dt, r);
    }
}

package jx.array;

import java.util.Arrays;

/**
 * An immutable n-dimensional array: a backend buffer (row-major, contiguous) with shape, dtype and
 * JAX's weak_type flag. Arrays share buffers freely because nothing ever writes to a buffer.
 */
public final class Array {
    private final Backend backend;
    private final Backend.Buffer buffer;
    private final int[] shape;
    private final DType dtype;
    private final boolean weak;

    Array(Backend backend, Backend.Buffer buffer, int[] shape, boolean weak) {
        if (buffer.size() != Ops.sizeOf(shape)) {
            throw new IllegalArgumentException("buffer of " + buffer.size() + " elements for shape " + Ops.shapeString(shape));
        }
        this.backend = backend;
        this.buffer = buffer;
        this.shape = shape.clone();
        this.dtype = buffer.dtype();
        this.weak = weak;
    }

    public static Array fromHost(HostData data) {
        Backend be = ArrayContext.current().backend();
        Array a = new Array(be, be.fromHost(data), data.shape(), data.weak());
        DType canonical = Promotion.canonicalize(data.dtype());
        return canonical == data.dtype() ? a : a.castTo(canonical, data.weak());
    }

    /** An array over a buffer a backend returned: how a staged program (jx.jit) hands back its results. */
    public static Array of(Backend be, Backend.Buffer buffer, int[] shape, boolean weak) {
        return new Array(be, buffer, shape, weak);
    }

    public static Array scalar(double v, DType dtype) {
        return Ops.full(new int[0], dtype, v);
    }

    public static Array scalar(long v, DType dtype) {
        return Ops.full(new int[0], dtype, v);
    }

    /** A Python float entering an array op: weak float32 (weak float64 under x64). */
    public static Array weak(double v) {
        Backend be = ArrayContext.current().backend();
        return new Array(be, be.fill(Promotion.defaultFloat(), 1, v), new int[0], true);
    }

    /** A Python int entering an array op: weak int32 (int64 under x64); too large a value is an error as in JAX. */
    public static Array weak(long v) {
        DType d = Promotion.defaultInt();
        if (d == DType.INT32 && (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE)) {
            throw new ArrayException("Python int " + v + " too large to convert to int32");
        }
        Backend be = ArrayContext.current().backend();
        return new Array(be, be.fill(d, 1, v), new int[0], true);
    }

    /** A Python bool: bool is the bottom of the lattice, never weak. */
    public static Array weak(boolean v) {
        Backend be = ArrayContext.current().backend();
        return new Array(be, be.fill(DType.BOOL, 1, v ? 1L : 0L), new int[0], false);
    }

    public int[] shape() {
        return shape.clone();
    }

    public int ndim() {
        return shape.length;
    }

    public int size() {
        return buffer.size();
    }

    public DType dtype() {
        return dtype;
    }

    public boolean weak() {
        return weak;
    }

    public HostData toHost() {
        return backend.toHost(buffer, shape, weak);
    }

    /** Conversion to another dtype (canonicalized, so float64 is float32 without x64); the result is strongly typed. */
    public Array astype(DType to) {
        return castTo(Promotion.canonicalize(to), false);
    }

    Array castTo(DType to, boolean weakResult) {
        if (to == dtype) {
            return weakResult == weak ? this : new Array(backend, buffer, shape, weakResult);
        }
        return new Array(backend, backend.cast(buffer, to), shape, weakResult);
    }

    Array withWeak(boolean w) {
        return w == weak ? this : new Array(backend, buffer, shape, w);
    }

    Array withShape(int[] newShape) {
        return new Array(backend, buffer, newShape, weak);
    }

    public Backend backend() {
        return backend;
    }

    /** The buffer on {@code be}, moved through the host when the array lives on another backend. */
    public Backend.Buffer bufferOn(Backend be) {
        return be == backend ? buffer : be.fromHost(toHost());
    }

    Backend.Buffer buffer() {
        return buffer;
    }

    int[] shapeRef() {
        return shape;
    }

    @Override
    public String toString() {
        return "Array(shape=" + Arrays.toString(shape) + ", dtype=" + dtype + (weak ? ", weak" : "") + ")";
    }
}

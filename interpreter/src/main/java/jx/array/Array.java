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
        if (data.dtype().isComplex()) {
            DType part = data.dtype().partType();
            Array re = fromHost(new HostData(part, data.shape(), data.weak(), data.floats(), null));
            Array im = fromHost(new HostData(part, data.shape(), data.weak(), data.imag(), null));
            return complex(re, im, data.weak());
        }
        if (data.dtype() == DType.UINT64) {
            data = new HostData(Promotion.canonicalize(DType.UINT64), data.shape(), data.weak(), null, data.ints());
        }
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

    /** A Python complex entering an array op: weak complex64 (weak complex128 under x64). */
    public static Array weak(double re, double im) {
        Backend be = ArrayContext.current().backend();
        DType part = Promotion.defaultComplex().partType();
        return new Array(be, new ComplexBuffer(be.fill(part, 1, re), be.fill(part, 1, im)), new int[0], true);
    }

    /** The complex array re + im*j of two real arrays of one shape and float dtype. */
    static Array complex(Array re, Array im, boolean weak) {
        if (!java.util.Arrays.equals(re.shape, im.shape) || re.dtype != im.dtype) {
            throw new IllegalArgumentException("complex parts " + re + " and " + im);
        }
        Backend be = Ops.common(re, im);
        return new Array(be, new ComplexBuffer(re.bufferOn(be), im.bufferOn(be)), re.shape, weak);
    }

    /** A complex array's real part as a real array (float32 for complex64); a real array itself. */
    public Array realPart() {
        return buffer instanceof ComplexBuffer c ? new Array(backend, c.re(), shape, weak) : this;
    }

    /** A complex array's imaginary part as a real array; null for a real array. */
    Array imagPart() {
        return buffer instanceof ComplexBuffer c ? new Array(backend, c.im(), shape, weak) : null;
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

    /** The elements on the host; a complex array is refused here (see {@link #toHostComplex}), so a reader of real parts only fails loudly. */
    public HostData toHost() {
        if (dtype.isComplex()) {
            throw new ArrayException("this operation does not support complex arrays (" + dtype + ")");
        }
        return backend.toHost(buffer, shape, weak);
    }

    /** The elements on the host, a complex array's imaginary parts in {@code imag}. */
    public HostData toHostComplex() {
        if (buffer instanceof ComplexBuffer c) {
            HostData re = backend.toHost(c.re(), shape, weak);
            HostData im = backend.toHost(c.im(), shape, weak);
            return new HostData(dtype, shape.clone(), weak, re.floats(), null, im.floats());
        }
        return toHost();
    }

    /** Conversion to another dtype (canonicalized, so float64 is float32 without x64); the result is strongly typed. */
    public Array astype(DType to) {
        return castTo(Promotion.canonicalize(to), false);
    }

    Array castTo(DType to, boolean weakResult) {
        if (to == dtype) {
            return weakResult == weak ? this : new Array(backend, buffer, shape, weakResult);
        }
        if (dtype.isComplex() || to.isComplex()) {
            return ComplexOps.cast(this, to, weakResult);
        }
        return new Array(backend, backend.cast(buffer, to), shape, weakResult);
    }

    /** This array with the weak-type flag w (jax.eval_shape makes weak abstract values with it). */
    public Array withWeak(boolean w) {
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
        if (be == backend) {
            return buffer;
        }
        return buffer instanceof ComplexBuffer ? new ComplexBuffer(realPart().bufferOn(be), imagPart().bufferOn(be))
                : be.fromHost(toHost());
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

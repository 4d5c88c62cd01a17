package jx.array;

/** jax.numpy's functions about complex numbers: real, imag, conj, angle and lax.complex. */
public final class Complex {
    private Complex() {}

    /** The real part; a real array is its own (as NumPy returns it). */
    public static Array real(Array a) {
        return a.realPart();
    }

    /** The imaginary part; zeros of a real array's dtype for a real array. */
    public static Array imag(Array a) {
        Array im = a.imagPart();
        return im != null ? im : Ops.zeros(a.shapeRef(), a.dtype()).withWeak(a.weak());
    }

    public static Array conj(Array a) {
        return a.dtype().isComplex() ? ComplexOps.conj(a) : a;
    }

    /** The argument in radians: atan2(imag, real), for real arrays too (0 or pi). */
    public static Array angle(Array a) {
        if (a.dtype().isComplex()) {
            return ComplexOps.angle(a);
        }
        Array x = Ops.toInexact(a);
        return Ops.arctan2(Ops.zeros(new int[0], x.dtype()).withWeak(true), x);
    }

    /** lax.complex(x, y): x + y*j of two broadcast real arrays, their parts promoted to a common float dtype. */
    public static Array make(Array re, Array im) {
        if (re.dtype().isComplex() || im.dtype().isComplex()) {
            throw new ArrayException("TypeError: complex does not accept dtype " + (re.dtype().isComplex() ? re : im).dtype()
                    + ". It accepts dtype(s) float32, float64.");
        }
        Promotion.Typed t = Ops.promote(re, im);
        DType part = Promotion.toInexact(t.dtype());
        int[] shape = Ops.broadcastShapes(re.shapeRef(), im.shapeRef());
        Array x = Ops.broadcastTo(re.castTo(part, false), shape);
        Array y = Ops.broadcastTo(im.castTo(part, false), shape);
        return Array.complex(x, y, t.weak());
    }

    public static boolean isComplex(Array a) {
        return a.dtype().isComplex();
    }
}

package jx.array;

/**
 * The discrete Fourier transform along one axis of a complex array, unnormalized:
 * y[k] = sum_j x[j] exp(-+2 pi i jk / n) (the sign + for the inverse direction, which is not divided
 * by n: jnp.fft scales). Each line is transformed on a host copy in double precision and the result
 * rounded to the input's dtype, as Linalg does; a power-of-two length is an iterative radix-2 FFT, any
 * other Bluestein's chirp-z, a convolution by radix-2 FFTs of a power of two at least 2n - 1 long.
 * Everything else of jnp.fft (real transforms, n, norm, several axes) is jx over this one linear map.
 */
public final class Fft {
    private Fft() {}

    public static Array c2c(Array a, int axis, boolean inverse) {
        int nd = a.ndim();
        int ax = axis < 0 ? axis + nd : axis;
        if (ax < 0 || ax >= nd) {
            throw new ArrayException("axis " + axis + " is out of bounds for array of dimension " + nd);
        }
        DType d = Promotion.toInexact(a.dtype()).partType().complexType();
        HostData h = a.astype(d).toHostComplex();
        int[] shape = a.shapeRef().clone();
        int n = shape[ax];
        double[] re = h.floats().clone();
        double[] im = h.imag().clone();
        if (n > 1 && re.length > 0) {
            int inner = 1;
            for (int i = ax + 1; i < nd; i++) {
                inner *= shape[i];
            }
            int outer = re.length / (inner * n);
            Line line = new Line(n, inverse);
            boolean single = d == DType.COMPLEX64;
            double[] lr = new double[n];
            double[] li = new double[n];
            for (int o = 0; o < outer; o++) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new Interrupted();
                }
                for (int in = 0; in < inner; in++) {
                    int base = o * n * inner + in;
                    for (int j = 0; j < n; j++) {
                        lr[j] = re[base + j * inner];
                        li[j] = im[base + j * inner];
                    }
                    line.transform(lr, li);
                    if (single) {
                        flush(lr, li);
                    }
                    for (int j = 0; j < n; j++) {
                        re[base + j * inner] = lr[j];
                        im[base + j * inner] = li[j];
                    }
                }
            }
        }
        return Array.fromHost(new HostData(d, shape, false, re, null, im));
    }

    /**
     * Parts below 2^-40 of the line's largest modulus are the double computation's rounding (a real
     * input's zero imaginary parts come out as 1e-17): zero in float32, which cannot resolve them, so
     * complex64 results print the zeros NumPy and JAX print.
     */
    private static void flush(double[] re, double[] im) {
        double max = 0;
        for (int j = 0; j < re.length; j++) {
            max = Math.max(max, Math.hypot(re[j], im[j]));
        }
        double tiny = max * 0x1p-40;
        for (int j = 0; j < re.length; j++) {
            re[j] = Math.abs(re[j]) < tiny ? 0 : re[j];
            im[j] = Math.abs(im[j]) < tiny ? 0 : im[j];
        }
    }

    /** The transform of one length and direction, its tables made once for all the lines. */
    private static final class Line {
        private final int n;
        private final double sign;
        private final Radix2 direct;
        // Bluestein: the chirp w[k] = exp(sign i pi k^2 / n), and the FFT of its conjugate's circular extension.
        private final Radix2 conv;
        private final double[] wr;
        private final double[] wi;
        private final double[] br;
        private final double[] bi;

        Line(int n, boolean inverse) {
            this.n = n;
            this.sign = inverse ? 1 : -1;
            if (Integer.bitCount(n) == 1) {
                direct = new Radix2(n, sign);
                conv = null;
                wr = wi = br = bi = null;
                return;
            }
            direct = null;
            int m = Integer.highestOneBit(2 * n - 1) << 1;
            conv = new Radix2(m, -1);
            wr = new double[n];
            wi = new double[n];
            for (int k = 0; k < n; k++) {
                // k^2 mod 2n keeps the angle small, so large k lose no digits.
                double angle = Math.PI * ((long) k * k % (2L * n)) / n;
                wr[k] = Math.cos(angle);
                wi[k] = sign * Math.sin(angle);
            }
            br = new double[m];
            bi = new double[m];
            for (int k = 0; k < n; k++) {
                br[k] = wr[k];
                bi[k] = -wi[k];
                if (k > 0) {
                    br[m - k] = wr[k];
                    bi[m - k] = -wi[k];
                }
            }
            conv.transform(br, bi);
        }

        void transform(double[] re, double[] im) {
            if (direct != null) {
                direct.transform(re, im);
                return;
            }
            int m = br.length;
            double[] ar = new double[m];
            double[] ai = new double[m];
            // a[k] = x[k] w[k]; y[k] = w[k] (a * conj(w))[k], the convolution as a product of spectra.
            for (int k = 0; k < n; k++) {
                ar[k] = re[k] * wr[k] - im[k] * wi[k];
                ai[k] = re[k] * wi[k] + im[k] * wr[k];
            }
            conv.transform(ar, ai);
            for (int k = 0; k < m; k++) {
                double r = ar[k] * br[k] - ai[k] * bi[k];
                double i = ar[k] * bi[k] + ai[k] * br[k];
                // The inverse FFT as the forward one of the conjugate.
                ar[k] = r;
                ai[k] = -i;
            }
            conv.transform(ar, ai);
            for (int k = 0; k < n; k++) {
                double r = ar[k] / m;
                double i = -ai[k] / m;
                re[k] = r * wr[k] - i * wi[k];
                im[k] = r * wi[k] + i * wr[k];
            }
        }
    }

    /** An in-place iterative radix-2 FFT of one power-of-two length, exp(sign 2 pi i jk / n). */
    private static final class Radix2 {
        private final int n;
        private final double[] cos;
        private final double[] sin;

        Radix2(int n, double sign) {
            this.n = n;
            cos = new double[n / 2];
            sin = new double[n / 2];
            for (int k = 0; k < n / 2; k++) {
                double angle = 2 * Math.PI * k / n;
                cos[k] = Math.cos(angle);
                sin[k] = sign * Math.sin(angle);
            }
        }

        void transform(double[] re, double[] im) {
            for (int i = 1, j = 0; i < n; i++) {
                int bit = n >> 1;
                for (; (j & bit) != 0; bit >>= 1) {
                    j ^= bit;
                }
                j ^= bit;
                if (i < j) {
                    double t = re[i];
                    re[i] = re[j];
                    re[j] = t;
                    t = im[i];
                    im[i] = im[j];
                    im[j] = t;
                }
            }
            for (int len = 2; len <= n; len <<= 1) {
                int half = len >> 1;
                int step = n / len;
                for (int s = 0; s < n; s += len) {
                    for (int k = 0; k < half; k++) {
                        double c = cos[k * step];
                        double si = sin[k * step];
                        int p = s + k;
                        int q = p + half;
                        double xr = re[q] * c - im[q] * si;
                        double xi = re[q] * si + im[q] * c;
                        re[q] = re[p] - xr;
                        im[q] = im[p] - xi;
                        re[p] += xr;
                        im[p] += xi;
                    }
                }
            }
        }
    }
}

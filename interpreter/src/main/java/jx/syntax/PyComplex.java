package jx.syntax;

/**
 * A Python complex number (two doubles), the value of an imaginary literal such as {@code 2.5j}.
 * It lives here, at the bottom, because a literal is one; the evaluator computes with it.
 */
public record PyComplex(double re, double im) {
    public PyComplex plus(PyComplex o) {
        return new PyComplex(re + o.re, im + o.im);
    }

    public PyComplex minus(PyComplex o) {
        return new PyComplex(re - o.re, im - o.im);
    }

    public PyComplex times(PyComplex o) {
        return new PyComplex(re * o.re - im * o.im, re * o.im + im * o.re);
    }

    /** CPython's complex division (Smith's algorithm); null for a zero divisor, which Python raises on. */
    public PyComplex over(PyComplex o) {
        double absRe = Math.abs(o.re);
        double absIm = Math.abs(o.im);
        if (absRe >= absIm) {
            if (absRe == 0) {
                return null;
            }
            double ratio = o.im / o.re;
            double den = o.re + o.im * ratio;
            return new PyComplex((re + im * ratio) / den, (im - re * ratio) / den);
        }
        if (absIm >= absRe) {
            double ratio = o.re / o.im;
            double den = o.re * ratio + o.im;
            return new PyComplex((re * ratio + im) / den, (im * ratio - re) / den);
        }
        return new PyComplex(Double.NaN, Double.NaN); // a nan part in the divisor
    }

    /** CPython's complex power: repeated squaring for small integer exponents, polar form otherwise; null for 0 ** (negative or complex). */
    public PyComplex pow(PyComplex e) {
        if (e.im == 0 && e.re == Math.rint(e.re) && Math.abs(e.re) <= 100) {
            long n = (long) e.re;
            PyComplex r = powPositive(Math.abs(n));
            return n >= 0 ? r : new PyComplex(1, 0).over(r);
        }
        if (e.re == 0 && e.im == 0) {
            return new PyComplex(1, 0);
        }
        if (re == 0 && im == 0) {
            return e.im != 0 || e.re < 0 ? null : new PyComplex(0, 0);
        }
        double vabs = Math.hypot(re, im);
        double len = Math.pow(vabs, e.re);
        double at = Math.atan2(im, re);
        double phase = at * e.re;
        if (e.im != 0) {
            len /= Math.exp(at * e.im);
            phase += e.im * Math.log(vabs);
        }
        return new PyComplex(len * Math.cos(phase), len * Math.sin(phase));
    }

    private PyComplex powPositive(long n) {
        PyComplex r = new PyComplex(1, 0);
        PyComplex x = this;
        long mask = 1;
        while (mask > 0 && n >= mask) {
            if ((n & mask) != 0) {
                r = r.times(x);
            }
            mask <<= 1;
            x = x.times(x);
        }
        return r;
    }

    public double abs() {
        return Math.hypot(re, im);
    }
}

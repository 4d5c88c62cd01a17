package jx.stdlib;

/**
 * lax.random_gamma_grad: the derivative of a Gamma(a) sample x with respect to a at a fixed
 * quantile, dx/da = -(dP(a, x)/da) / p(x; a), P the regularized lower incomplete gamma function
 * and p the density (the implicit reparameterisation JAX's gamma is differentiated by). Computed in
 * double: the series of P below x < a + 1, the continued fraction of Q = 1 - P above it, each
 * differentiated term by term in a, in which the ratio of P's prefactor to p is x / a (series) or x
 * (continued fraction), so nothing under- or overflows.
 */
final class GammaGrad {
    private GammaGrad() {}

    static double dxda(double a, double x) {
        if (!(a > 0) || !(x > 0) || Double.isInfinite(x)) {
            return x == 0 ? 0 : Double.NaN;
        }
        return x < a + 1 ? series(a, x) : continuedFraction(a, x);
    }

    /**
     * d(dx/da)/dx: with dP/dx = p and dp/da = p (log x - psi(a)), -(log x - psi(a)) - (dx/da) p'/p,
     * where p'/p = (a - 1) / x - 1.
     */
    static double d2xdadx(double a, double x) {
        return -(Math.log(x) - digamma(a)) - dxda(a, x) * ((a - 1) / x - 1);
    }

    /** d(dx/da)/da, a central difference of the double-precision dx/da (about 1e-9 relative, far below float32's). */
    static double d2xda2(double a, double x) {
        double h = 1e-5 * Math.max(a, 1e-3);
        return (dxda(a + h, x) - dxda(a - h, x)) / (2 * h);
    }

    /** P = x^a e^-x / Gamma(a + 1) * sum_n t_n, t_n = x^n / ((a + 1)...(a + n)); dt_n/da = -t_n sum_k 1/(a + k). */
    private static double series(double a, double x) {
        double t = 1;
        double s = 1;
        double h = 0;
        double ds = 0;
        for (int n = 1; n < 100000; n++) {
            t *= x / (a + n);
            h += 1 / (a + n);
            s += t;
            ds -= t * h;
            if (t < 1e-17 * s && t * h < 1e-17 * Math.abs(ds) + 1e-300) {
                break;
            }
        }
        return -(x / a) * (s * (Math.log(x) - digamma(a + 1)) + ds);
    }

    /**
     * Q = x^a e^-x / Gamma(a) * h, h the modified Lentz evaluation of 1/(x+1-a- 1(1-a)/(x+3-a- ...)),
     * carried with its derivative in a (the partial numerators -i(i-a) and denominators x+2i+1-a).
     */
    private static double continuedFraction(double a, double x) {
        final double tiny = 1e-300;
        double b = x + 1 - a;
        double db = -1;
        double c = 1 / tiny;
        double dc = 0;
        double d = 1 / b;
        double dd = -db / (b * b);
        double h = d;
        double dh = dd;
        for (int i = 1; i < 100000; i++) {
            double an = -i * (i - a);
            double dan = i;
            b += 2;
            // d = 1 / (an d + b), c = b + an / c, h *= d c.
            double den = an * d + b;
            double dden = dan * d + an * dd + db;
            if (Math.abs(den) < tiny) {
                den = tiny;
            }
            d = 1 / den;
            dd = -dden / (den * den);
            double cn = b + an / c;
            double dcn = db + (dan * c - an * dc) / (c * c);
            if (Math.abs(cn) < tiny) {
                cn = tiny;
            }
            c = cn;
            dc = dcn;
            double del = d * c;
            double ddel = dd * c + d * dc;
            dh = dh * del + h * ddel;
            h *= del;
            if (Math.abs(del - 1) < 1e-16 && Math.abs(ddel) < 1e-16 * Math.abs(dh / h) + 1e-300) {
                break;
            }
        }
        return x * (h * (Math.log(x) - digamma(a)) + dh);
    }

    /** psi(a) for a > 0: the recurrence up to 6, then the asymptotic series. */
    static double digamma(double a) {
        double r = 0;
        while (a < 6) {
            r -= 1 / a;
            a += 1;
        }
        double f = 1 / (a * a);
        return r + Math.log(a) - 0.5 / a
                - f * (1.0 / 12 - f * (1.0 / 120 - f * (1.0 / 252 - f * (1.0 / 240 - f * (1.0 / 132)))));
    }
}

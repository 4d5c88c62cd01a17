package jx.gpu;

import java.math.BigDecimal;
import java.math.MathContext;

import jx.gpu.Ptx.Reg;

/**
 * Float64 math routines emitted inline into a kernel. PTX has no accurate transcendental
 * instructions, so they are built from IEEE add/mul/fma/div/sqrt: range reduction plus Taylor
 * series whose coefficients (1/k!, 1/(2k+1)) are computed here rather than copied from a table,
 * with enough terms to reach float64 rounding on the reduced interval. float32 kernels call them
 * in float64 and round once, as the CPU backend does, so CPU and GPU agree to float32 rounding.
 * Known limit: sin/cos/tan reduce by a three-part pi/2 that is exact for |x| below about 1e7;
 * beyond that the reduced argument loses accuracy gradually (no Payne-Hanek reduction).
 */
final class PtxMath {
    private static final MathContext MC = new MathContext(60);
    private static final BigDecimal PI = new BigDecimal(
            "3.14159265358979323846264338327950288419716939937510582097494459230781640628620899863");
    private static final BigDecimal LN2 = new BigDecimal(
            "0.693147180559945309417232121458176568075500134360255254120680009493393621969694715605");
    private static final BigDecimal LN10 = new BigDecimal(
            "2.30258509299404568401799145468436420760110148862877297603332790096757260967735248023");

    /** ln 2 split so that k * LN2_HI is exact for any |k| < 2^32. */
    private static final double LN2_HI = truncate(LN2.doubleValue(), 21);
    private static final double LN2_LO = LN2.subtract(new BigDecimal(LN2_HI)).doubleValue();
    private static final double[] HALF_PI = split(PI.divide(BigDecimal.valueOf(2), MC), 3, 30);
    private static final double SQRT2 = Math.sqrt(2);
    private static final double TAN_PI_8 = Math.sqrt(2) - 1;

    private final Ptx k;

    PtxMath(Ptx k) {
        this.k = k;
    }

    /** {@code v} keeping only the top {@code bits} significant bits. */
    private static double truncate(double v, int bits) {
        long mask = -1L << (52 - (bits - 1));
        return Double.longBitsToDouble(Double.doubleToRawLongBits(v) & mask);
    }

    /** {@code v} as a sum of {@code parts} doubles, all but the last with {@code bits} significant bits. */
    private static double[] split(BigDecimal v, int parts, int bits) {
        double[] r = new double[parts];
        BigDecimal rest = v;
        for (int i = 0; i < parts; i++) {
            r[i] = i == parts - 1 ? rest.doubleValue() : truncate(rest.doubleValue(), bits);
            rest = rest.subtract(new BigDecimal(r[i]));
        }
        return r;
    }

    /** 1/k! for k = first, first + step, ... (n terms), alternating in sign when asked. */
    private static double[] factorials(int first, int step, int n, boolean alternate) {
        double[] c = new double[n];
        BigDecimal fact = BigDecimal.ONE;
        int k = 0;
        for (int i = 0; i < n; i++) {
            int target = first + i * step;
            while (k < target) {
                k++;
                fact = fact.multiply(BigDecimal.valueOf(k));
            }
            double v = BigDecimal.ONE.divide(fact, MC).doubleValue();
            c[i] = alternate && i % 2 == 1 ? -v : v;
        }
        return c;
    }

    /** 1/(2i+1) for i = 0..n-1, alternating in sign when asked. */
    private static double[] oddReciprocals(int n, boolean alternate) {
        double[] c = new double[n];
        for (int i = 0; i < n; i++) {
            double v = BigDecimal.ONE.divide(BigDecimal.valueOf(2L * i + 1), MC).doubleValue();
            c[i] = alternate && i % 2 == 1 ? -v : v;
        }
        return c;
    }

    // ---- instruction helpers ----

    static String c(double v) {
        return Ptx.f64(v);
    }

    String add(String a, String b) {
        return k.op(Reg.FD, "add.rn.f64", a, b);
    }

    String sub(String a, String b) {
        return k.op(Reg.FD, "sub.rn.f64", a, b);
    }

    String mul(String a, String b) {
        return k.op(Reg.FD, "mul.rn.f64", a, b);
    }

    String div(String a, String b) {
        return k.op(Reg.FD, "div.rn.f64", a, b);
    }

    String fma(String a, String b, String c) {
        return k.op(Reg.FD, "fma.rn.f64", a, b, c);
    }

    String sqrt(String a) {
        return k.op(Reg.FD, "sqrt.rn.f64", a);
    }

    String abs(String a) {
        return k.op(Reg.FD, "abs.f64", a);
    }

    String neg(String a) {
        return k.op(Reg.FD, "neg.f64", a);
    }

    /** |magnitude| with the sign of {@code sign}. */
    String copysign(String sign, String magnitude) {
        return k.op(Reg.FD, "copysign.f64", sign, magnitude);
    }

    String sel(String pred, String ifTrue, String ifFalse) {
        return k.op(Reg.FD, "selp.f64", ifTrue, ifFalse, pred);
    }

    String cmp(String cmp, String a, String b) {
        return k.op(Reg.P, "setp." + cmp + ".f64", a, b);
    }

    String mov(String v) {
        return k.op(Reg.FD, "mov.f64", v);
    }

    /** Horner evaluation of c[0] + c[1] x + c[2] x^2 + ... */
    String poly(String x, double[] c) {
        String r = mov(c(c[c.length - 1]));
        for (int i = c.length - 2; i >= 0; i--) {
            r = fma(r, x, c(c[i]));
        }
        return r;
    }

    /** 2^n for an s32 register n in [-1022, 1023], built from its exponent bits. */
    private String pow2(String n) {
        String wide = k.op(Reg.RD, "cvt.s64.s32", n);
        String biased = k.op(Reg.RD, "add.s64", wide, "1023");
        String bits = k.op(Reg.RD, "shl.b64", biased, "52");
        return k.op(Reg.FD, "mov.b64", bits);
    }

    /** p * 2^kf for an integral kf with |kf| <= 1100, in two steps so that each factor is a normal number. */
    private String scale(String p, String kf) {
        String n = k.op(Reg.R, "cvt.rzi.s32.f64", kf);
        String n1 = k.op(Reg.R, "shr.s32", n, "1");
        String n2 = k.op(Reg.R, "sub.s32", n, n1);
        return mul(mul(p, pow2(n1)), pow2(n2));
    }

    /** e^r for |r| <= 0.35: Taylor to degree 14 (the next term is below 2^-60). */
    private String expReduced(String r) {
        return poly(r, factorials(0, 1, 15, false));
    }

    String exp(String x) {
        String xc = k.op(Reg.FD, "max.f64", k.op(Reg.FD, "min.f64", x, c(710)), c(-746));
        String kf = k.op(Reg.FD, "cvt.rni.f64.f64", mul(xc, c(1 / Math.log(2))));
        String r = fma(kf, c(-LN2_HI), xc);
        r = fma(kf, c(-LN2_LO), r);
        String e = scale(expReduced(r), kf);
        return sel(k.op(Reg.P, "testp.notanumber.f64", x), x, e);
    }

    String exp2(String x) {
        String xc = k.op(Reg.FD, "max.f64", k.op(Reg.FD, "min.f64", x, c(1025)), c(-1076));
        String kf = k.op(Reg.FD, "cvt.rni.f64.f64", xc);
        String r = mul(sub(xc, kf), c(Math.log(2)));
        String e = scale(expReduced(r), kf);
        return sel(k.op(Reg.P, "testp.notanumber.f64", x), x, e);
    }

    /** log x as {exponent (f64), log of the mantissa in [sqrt(1/2), sqrt(2))}; specials are fixed by the callers. */
    private String[] logParts(String x) {
        String small = cmp("lt", x, c(Double.MIN_NORMAL));
        String xs = sel(small, mul(x, c(0x1p54)), x);
        String bits = k.op(Reg.RD, "mov.b64", xs);
        String expBits = k.op(Reg.RD, "shr.u64", bits, "52");
        String e = k.op(Reg.RD, "sub.s64", k.op(Reg.RD, "and.b64", expBits, "2047"), "1023");
        e = k.op(Reg.RD, "selp.b64", k.op(Reg.RD, "sub.s64", e, "54"), e, small);
        String mBits = k.op(Reg.RD, "or.b64", k.op(Reg.RD, "and.b64", bits, "4503599627370495"),
                "4607182418800017408");
        String m = k.op(Reg.FD, "mov.b64", mBits);
        String big = cmp("gt", m, c(SQRT2));
        m = sel(big, mul(m, c(0.5)), m);
        e = k.op(Reg.RD, "selp.b64", k.op(Reg.RD, "add.s64", e, "1"), e, big);
        String f = sub(m, c(1));
        String s = div(f, add(f, c(2)));
        // log m = 2 atanh(s) = 2s (1 + s^2/3 + s^4/5 + ...), |s| <= 0.172: 12 terms reach 2^-60.
        String lm = mul(add(s, s), poly(mul(s, s), oddReciprocals(12, false)));
        return new String[] {k.op(Reg.FD, "cvt.rn.f64.s64", e), lm};
    }

    /** IEEE special cases of a logarithm: NaN below zero, -inf at zero, +inf at +inf, NaN stays NaN. */
    private String logSpecials(String x, String r) {
        r = sel(cmp("eq", x, c(0)), c(Double.NEGATIVE_INFINITY), r);
        r = sel(cmp("eq", x, c(Double.POSITIVE_INFINITY)), x, r);
        return sel(cmp("ltu", x, c(0)), c(Double.NaN), r);
    }

    String log(String x) {
        String[] p = logParts(x);
        return logSpecials(x, fma(p[0], c(LN2_HI), fma(p[0], c(LN2_LO), p[1])));
    }

    String log2(String x) {
        String[] p = logParts(x);
        return logSpecials(x, fma(p[1], c(1 / Math.log(2)), p[0]));
    }

    String log10(String x) {
        return div(log(x), c(LN10.doubleValue()));
    }

    /** log(1 + x) by the exact-rounding-error trick: log(u) * x / (u - 1) with u = 1 + x. */
    String log1p(String x) {
        String u = add(x, c(1));
        String r = div(mul(log(u), x), sub(u, c(1)));
        r = sel(cmp("eq", u, c(1)), x, r);
        return sel(cmp("eq", x, c(Double.POSITIVE_INFINITY)), x, r);
    }

    /** e^x - 1 by Kahan's trick: (u - 1) * x / log(u) with u = e^x. */
    String expm1(String x) {
        String u = exp(x);
        String um1 = sub(u, c(1));
        String r = div(mul(um1, x), log(u));
        r = sel(cmp("eq", u, c(1)), x, r);
        r = sel(cmp("eq", um1, c(-1)), c(-1), r);
        return sel(cmp("eq", u, c(Double.POSITIVE_INFINITY)), u, r);
    }

    /** {sin r, cos r, quadrant} with x = r + quadrant * pi/2, |r| <= pi/4. */
    private String[] sincosParts(String x) {
        String n = k.op(Reg.FD, "cvt.rni.f64.f64", mul(x, c(2 / Math.PI)));
        String r = x;
        for (double part : HALF_PI) {
            r = fma(n, c(-part), r);
        }
        String z = mul(r, r);
        // Degree 21 for sin and 20 for cos: the next terms are below 2^-60 on |r| <= pi/4.
        String s = fma(mul(r, z), poly(z, factorials(3, 2, 10, true)), r);
        String co = poly(z, factorials(0, 2, 11, true));
        String q = k.op(Reg.R, "cvt.rzi.s32.f64", n);
        return new String[] {s, co, q};
    }

    private String bit(String q, int mask) {
        return k.op(Reg.P, "setp.ne.u32", k.op(Reg.R, "and.b32", q, Integer.toString(mask)), "0");
    }

    String sin(String x) {
        String[] p = sincosParts(x);
        String v = sel(bit(p[2], 1), p[1], p[0]);
        return sel(bit(p[2], 2), neg(v), v);
    }

    String cos(String x) {
        String[] p = sincosParts(x);
        String v = sel(bit(p[2], 1), p[0], p[1]);
        String q1 = k.op(Reg.R, "add.s32", p[2], "1");
        return sel(bit(q1, 2), neg(v), v);
    }

    String tan(String x) {
        String[] p = sincosParts(x);
        return sel(bit(p[2], 1), neg(div(p[1], p[0])), div(p[0], p[1]));
    }

    /** atan t for t >= 0 (or NaN), in [0, pi/2]. */
    private String atanPositive(String t) {
        String inv = cmp("gt", t, c(1));
        String u = sel(inv, div(c(1), t), t);
        String red = cmp("gt", u, c(TAN_PI_8));
        String v = sel(red, div(sub(u, c(1)), add(u, c(1))), u);
        // |v| <= tan(pi/8): 24 terms of the alternating odd series reach 2^-60.
        String z = mul(v, v);
        String a = fma(mul(v, z), poly(z, tail(oddReciprocals(25, true))), v);
        a = sel(red, add(a, c(Math.PI / 4)), a);
        return sel(inv, sub(c(Math.PI / 2), a), a);
    }

    private static double[] tail(double[] c) {
        double[] r = new double[c.length - 1];
        System.arraycopy(c, 1, r, 0, r.length);
        return r;
    }

    String atan(String x) {
        return copysign(x, atanPositive(abs(x)));
    }

    String atan2(String y, String x) {
        String ax = abs(x);
        String ay = abs(y);
        String base = atanPositive(div(ay, ax));
        String zeros = k.op(Reg.P, "and.pred", cmp("eq", ax, c(0)), cmp("eq", ay, c(0)));
        base = sel(zeros, c(0), base);
        String infs = k.op(Reg.P, "and.pred", cmp("eq", ax, c(Double.POSITIVE_INFINITY)),
                cmp("eq", ay, c(Double.POSITIVE_INFINITY)));
        base = sel(infs, c(Math.PI / 4), base);
        String xNegative = k.op(Reg.P, "setp.lt.s64", k.op(Reg.RD, "mov.b64", x), "0");
        base = sel(xNegative, sub(c(Math.PI), base), base);
        return copysign(y, base);
    }

    String asin(String x) {
        String d = sqrt(mul(sub(c(1), x), add(c(1), x)));
        return atan(div(x, d));
    }

    String acos(String x) {
        // acos x = 2 atan(sqrt((1 - x) / (1 + x))): exact differences near both ends.
        return mul(atanPositive(sqrt(div(sub(c(1), x), add(c(1), x)))), c(2));
    }

    String sinh(String x) {
        String a = abs(x);
        String u = expm1(a);
        String small = mul(c(0.5), add(u, div(u, add(u, c(1)))));
        String h = exp(mul(a, c(0.5)));
        String large = mul(mul(h, c(0.5)), h);
        return copysign(x, sel(cmp("lt", a, c(22)), small, large));
    }

    String cosh(String x) {
        String a = abs(x);
        String e = exp(a);
        String small = mul(c(0.5), add(e, div(c(1), e)));
        String h = exp(mul(a, c(0.5)));
        String large = mul(mul(h, c(0.5)), h);
        return sel(cmp("lt", a, c(22)), small, large);
    }

    String tanh(String x) {
        String a = abs(x);
        String u = expm1(add(a, a));
        String t = div(u, add(u, c(2)));
        return copysign(x, sel(cmp("gt", a, c(22)), c(1), t));
    }

    String sigmoid(String x) {
        return div(c(1), add(c(1), exp(neg(x))));
    }

    String asinh(String x) {
        String a = abs(x);
        String aa = mul(a, a);
        String mid = log1p(add(a, div(aa, add(c(1), sqrt(add(c(1), aa))))));
        String big = add(log(a), c(Math.log(2)));
        return copysign(x, sel(cmp("gt", a, c(1e8)), big, mid));
    }

    String acosh(String x) {
        String mid = log(add(x, sqrt(sub(mul(x, x), c(1)))));
        String big = add(log(x), c(Math.log(2)));
        return sel(cmp("gt", x, c(1e8)), big, mid);
    }

    String atanh(String x) {
        String a = abs(x);
        return copysign(x, mul(c(0.5), log1p(div(add(a, a), sub(c(1), a)))));
    }

    /** x^y with Java's Math.pow special cases; small integral exponents by repeated squaring. */
    String pow(String x, String y) {
        String ax = abs(x);
        String general = exp(mul(y, log(ax)));
        String yTrunc = k.op(Reg.FD, "cvt.rzi.f64.f64", y);
        String integral = cmp("eq", yTrunc, y);
        String half = mul(y, c(0.5));
        String odd = k.op(Reg.P, "and.pred", integral, cmp("neu", k.op(Reg.FD, "cvt.rzi.f64.f64", half), half));

        // |y| <= 64 and integral: exact-as-possible products, so x**2 is x*x as on the CPU.
        String ay = abs(y);
        String smallInt = k.op(Reg.P, "and.pred", integral, cmp("le", ay, c(64)));
        String n0 = k.op(Reg.R, "cvt.rzi.u32.f64", sel(smallInt, ay, c(0)));
        String n = k.op(Reg.R, "mov.u32", n0);
        String b = mov(ax);
        String acc = mov(c(1));
        String loop = k.label();
        String done = k.label();
        k.place(loop);
        k.bra(k.op(Reg.P, "setp.eq.u32", n, "0"), done);
        String takes = bit(n, 1);
        k.ins("@" + takes + " mul.rn.f64 " + acc + ", " + acc + ", " + b);
        k.ins("mul.rn.f64 " + b + ", " + b + ", " + b);
        k.ins("shr.u32 " + n + ", " + n + ", 1");
        k.jump(loop);
        k.place(done);
        String squared = sel(cmp("lt", y, c(0)), div(c(1), acc), acc);

        String r = sel(smallInt, squared, general);
        String signed = sel(odd, neg(r), r);
        String negBase = cmp("lt", x, c(0));
        r = sel(negBase, sel(integral, signed, c(Double.NaN)), r);
        return sel(cmp("eq", y, c(0)), c(1), r);
    }

    /** C's fmod (Java's %) for |x / y| below 2^29 when x and y are float32 values; a close approximation beyond. */
    String fmod(String x, String y) {
        String q = k.op(Reg.FD, "cvt.rzi.f64.f64", div(x, y));
        String r = fma(neg(q), y, x);
        String ay = copysign(x, abs(y));
        String wrongSign = k.op(Reg.P, "and.pred", cmp("ne", r, c(0)),
                k.op(Reg.P, "xor.pred", cmp("lt", r, c(0)), cmp("lt", x, c(0))));
        r = sel(wrongSign, add(r, ay), r);
        String tooBig = cmp("ge", abs(r), abs(y));
        return sel(tooBig, sub(r, ay), r);
    }
}

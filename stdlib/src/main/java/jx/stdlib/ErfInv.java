package jx.stdlib;

/**
 * The inverse error function exactly as XLA evaluates it (M. Giles, "Approximating the erfinv
 * function", GPU Computing Gems, 2011: xla/client/lib/math.cc ErfInv32 and ErfInv64), so that
 * jax.random.normal, which is sqrt(2) * erfinv(uniform), gives JAX's values. Float32 steps are
 * rounded to float32 one operation at a time, as XLA does; only log1p may differ from XLA's by an ulp.
 */
final class ErfInv {
    private ErfInv() {}

    private static final float[] F32_W_LT_5 = {
        2.81022636e-08f, 3.43273939e-07f, -3.5233877e-06f, -4.39150654e-06f, 0.00021858087f,
        -0.00125372503f, -0.00417768164f, 0.246640727f, 1.50140941f};
    private static final float[] F32_W_GE_5 = {
        -0.000200214257f, 0.000100950558f, 0.00134934322f, -0.00367342844f, 0.00573950773f,
        -0.0076224613f, 0.00943887047f, 1.00167406f, 2.83297682f};

    static float f32(float x) {
        if (Math.abs(x) == 1f) {
            return x * Float.POSITIVE_INFINITY;
        }
        float w = -(float) Math.log1p(-(x * x));
        boolean lt = w < 5f;
        float[] c = lt ? F32_W_LT_5 : F32_W_GE_5;
        w = lt ? w - 2.5f : (float) Math.sqrt(w) - 3f;
        float p = c[0];
        for (int i = 1; i < c.length; i++) {
            p = c[i] + p * w;
        }
        return p * x;
    }

    private static final double[] F64_W_LT_6_25 = {
        -3.6444120640178196996e-21, -1.685059138182016589e-19, 1.2858480715256400167e-18,
        1.115787767802518096e-17, -1.333171662854620906e-16, 2.0972767875968561637e-17,
        6.6376381343583238325e-15, -4.0545662729752068639e-14, -8.1519341976054721522e-14,
        2.6335093153082322977e-12, -1.2975133253453532498e-11, -5.4154120542946279317e-11,
        1.051212273321532285e-09, -4.1126339803469836976e-09, -2.9070369957882005086e-08,
        4.2347877827932403518e-07, -1.3654692000834678645e-06, -1.3882523362786468719e-05,
        0.0001867342080340571352, -0.00074070253416626697512, -0.0060336708714301490533,
        0.24015818242558961693, 1.6536545626831027356};
    private static final double[] F64_W_LT_16 = {
        2.2137376921775787049e-09, 9.0756561938885390979e-08, -2.7517406297064545428e-07,
        1.8239629214389227755e-08, 1.5027403968909827627e-06, -4.013867526981545969e-06,
        2.9234449089955446044e-06, 1.2475304481671778723e-05, -4.7318229009055733981e-05,
        6.8284851459573175448e-05, 2.4031110387097893999e-05, -0.0003550375203628474796,
        0.00095328937973738049703, -0.0016882755560235047313, 0.0024914420961078508066,
        -0.0037512085075692412107, 0.005370914553590063617, 1.0052589676941592334,
        3.0838856104922207635};
    private static final double[] F64_W_GE_16 = {
        -2.7109920616438573243e-11, -2.5556418169965252055e-10, 1.5076572693500548083e-09,
        -3.7894654401267369937e-09, 7.6157012080783393804e-09, -1.4960026627149240478e-08,
        2.9147953450901080826e-08, -6.7711997758452339498e-08, 2.2900482228026654717e-07,
        -9.9298272942317002539e-07, 4.5260625972231537039e-06, -1.9681778105531670567e-05,
        7.5995277030017761139e-05, -0.00021503011930044477347, -0.00013871931833623122026,
        1.0103004648645343977, 4.8499064014085844221};

    static double f64(double x) {
        if (Math.abs(x) == 1.0) {
            return x * Double.POSITIVE_INFINITY;
        }
        double w = -Math.log1p(-(x * x));
        // Three ranges, each with its own polynomial (degree 22, 18 and 16).
        double[] c = w < 6.25 ? F64_W_LT_6_25 : w < 16 ? F64_W_LT_16 : F64_W_GE_16;
        w = w < 6.25 ? w - 3.125 : Math.sqrt(w) - (w < 16 ? 3.25 : 5.0);
        double p = c[0];
        for (int i = 1; i < c.length; i++) {
            p = c[i] + p * w;
        }
        return p * x;
    }

    private static final float[] ERF_ALPHA = {-2.72614225801306e-10f, 2.77068142495902e-08f, -2.10102402082508e-06f,
        -5.69250639462346e-05f, -7.34990630326855e-04f, -2.95459980854025e-03f, -1.60960333262415e-02f};
    private static final float[] ERF_BETA = {-1.45660718464996e-05f, -2.13374055278905e-04f, -1.68282697438203e-03f,
        -7.37332916720468e-03f, -1.42647390514189e-02f};

    /** XLA's float32 erf (a rational polynomial on [-4, 4]), for truncated_normal's bounds. */
    static float erf32(float x) {
        float c = Math.max(-4f, Math.min(4f, x));
        float x2 = c * c;
        float p = ERF_ALPHA[0];
        for (int i = 1; i < ERF_ALPHA.length; i++) {
            p = p * x2 + ERF_ALPHA[i];
        }
        float q = ERF_BETA[0];
        for (int i = 1; i < ERF_BETA.length; i++) {
            q = q * x2 + ERF_BETA[i];
        }
        return c * p / q;
    }

    /** erf in double (Abramowitz and Stegun 7.1.26 refined by one Newton step on erfinv). */
    static double erf64(double x) {
        if (Math.abs(x) >= 6) {
            return Math.signum(x);
        }
        double t = 1 / (1 + 0.3275911 * Math.abs(x));
        double y = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
                * Math.exp(-x * x);
        y = Math.copySign(y, x);
        // Newton on erf(y) = x's inverse: f(y) = erfinv(y) - x, f' = sqrt(pi)/2 exp(erfinv(y)^2).
        for (int i = 0; i < 2 && Math.abs(y) < 1; i++) {
            double e = f64(y);
            y -= (e - x) * 2 / Math.sqrt(Math.PI) * Math.exp(-e * e);
        }
        return y;
    }
}

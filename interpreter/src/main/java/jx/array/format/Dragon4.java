package jx.array.format;

import java.math.BigDecimal;
import jx.array.DType;
import jx.array.Narrow;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * The digit generation and layout of NumPy's Dragon4 ({@code format_float_positional} /
 * {@code format_float_scientific}) in "unique" mode, which is all that NumPy's default printing
 * uses. Digits are the shortest ones that round-trip in the value's own type (float32 or
 * float64); a precision cutoff rounds the exact binary value half-to-even, as Dragon4 does.
 */
final class Dragon4 {
    /** NumPy's trim modes: 'k', '.', '0', '-'. */
    enum Trim { KEEP, ZEROS, LEAVE_ONE_ZERO, DPT_ZEROS }

    private Dragon4() {
    }

    /** The shortest decimal that reads back as {@code v} (positive, finite, nonzero). */
    static BigDecimal shortest(double v, DType type) {
        if (type == DType.FLOAT16) {
            // The closest decimal of p digits, for the first p that reads back as the same float16.
            BigDecimal exact = new BigDecimal(v);
            for (int p = 1; ; p++) {
                BigDecimal c = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
                if (Narrow.round(c.doubleValue(), type) == v) {
                    return c.stripTrailingZeros();
                }
            }
        }
        boolean f32 = type == DType.FLOAT32;
        BigDecimal d = new BigDecimal(f32 ? Float.toString((float) v) : Double.toString(v))
                .stripTrailingZeros();
        if (d.precision() == 2) {
            // Java always renders two digits; Dragon4 and Python stop at one when it round-trips.
            BigDecimal exact = new BigDecimal(v);
            BigDecimal best = null;
            for (RoundingMode m : new RoundingMode[] {RoundingMode.FLOOR, RoundingMode.CEILING}) {
                BigDecimal c = exact.round(new MathContext(1, m));
                boolean back = f32 ? Float.parseFloat(c.toString()) == (float) v
                        : Double.parseDouble(c.toString()) == v;
                if (back && (best == null
                        || c.subtract(exact).abs().compareTo(best.subtract(exact).abs()) < 0)) {
                    best = c;
                }
            }
            if (best != null) {
                return best.stripTrailingZeros();
            }
        }
        return d;
    }

    /**
     * Unique digits of |x| with at most {@code precision} fraction digits (-1: no limit). Dragon4
     * keeps generating exact digits up to {@code minDigits} fraction digits where the unique ones
     * are fewer, so padding shows the binary value's digits, not zeros.
     */
    static BigDecimal positionalDigits(double ax, DType type, int precision, int minDigits) {
        if (ax == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal s = shortest(ax, type);
        int fraction = minDigits > 0 ? Math.max(s.scale(), minDigits) : s.scale();
        if (precision >= 0) {
            fraction = Math.min(fraction, precision);
        }
        if (fraction == s.scale()) {
            return s;
        }
        return new BigDecimal(ax).setScale(fraction, RoundingMode.HALF_EVEN).stripTrailingZeros();
    }

    /** As {@link #positionalDigits}, counting digits after the first significant one. */
    static BigDecimal scientificDigits(double ax, DType type, int precision, int minDigits) {
        if (ax == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal s = shortest(ax, type);
        int digits = minDigits > 0 ? Math.max(s.precision(), minDigits + 1) : s.precision();
        if (precision >= 0) {
            digits = Math.min(digits, precision + 1);
        }
        if (digits == s.precision()) {
            return s;
        }
        return new BigDecimal(ax).round(new MathContext(digits, RoundingMode.HALF_EVEN))
                .stripTrailingZeros();
    }

    static String positional(double x, DType type, int precision, int minDigits, Trim trim,
                             boolean plus, int padLeft, int padRight) {
        String plain = positionalDigits(Math.abs(x), type, precision, minDigits).toPlainString();
        int dot = plain.indexOf('.');
        String intPart = dot < 0 ? plain : plain.substring(0, dot);
        String frac = dot < 0 ? "" : plain.substring(dot + 1);
        StringBuilder sb = new StringBuilder(sign(x, plus)).append(intPart);
        padLeft(sb, padLeft);
        int fracStart = sb.length();
        appendFraction(sb, frac, minDigits, trim);
        if (sb.length() > fracStart) {
            while (sb.length() - fracStart - 1 < padRight) {
                sb.append(' ');
            }
        }
        return sb.toString();
    }

    static String scientific(double x, DType type, int precision, int minDigits, Trim trim,
                             boolean plus, int padLeft, int expDigits) {
        BigDecimal d = scientificDigits(Math.abs(x), type, precision, minDigits);
        String digits = d.signum() == 0 ? "0" : d.unscaledValue().toString();
        int exp = d.signum() == 0 ? 0 : d.precision() - d.scale() - 1;
        StringBuilder sb = new StringBuilder(sign(x, plus)).append(digits.charAt(0));
        padLeft(sb, padLeft);
        appendFraction(sb, digits.substring(1), minDigits, trim);
        sb.append('e').append(exp < 0 ? '-' : '+');
        String e = Integer.toString(Math.abs(exp));
        for (int i = e.length(); i < Math.max(expDigits, 2); i++) {
            sb.append('0');
        }
        return sb.append(e).toString();
    }

    private static String sign(double x, boolean plus) {
        if (Math.copySign(1.0, x) < 0) {
            return "-";
        }
        return plus ? "+" : "";
    }

    private static void padLeft(StringBuilder sb, int width) {
        if (sb.length() < width) {
            sb.insert(0, " ".repeat(width - sb.length()));
        }
    }

    private static void appendFraction(StringBuilder sb, String frac, int minDigits, Trim trim) {
        StringBuilder f = new StringBuilder(frac);
        while (f.length() < minDigits) {
            f.append('0');
        }
        if (f.length() == 0) {
            switch (trim) {
                case KEEP, ZEROS -> sb.append('.');
                case LEAVE_ONE_ZERO -> sb.append(".0");
                case DPT_ZEROS -> { }
            }
            return;
        }
        sb.append('.').append(f);
    }
}

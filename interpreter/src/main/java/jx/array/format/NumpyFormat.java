package jx.array.format;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;

import jx.array.DType;
import jx.array.Narrow;
import jx.array.HostData;

/**
 * NumPy 1.24's {@code str(ndarray)} and {@code array2string}, with the default print options
 * (precision 8, floatmode 'maxprec', linewidth 75, threshold 1000, edgeitems 3). A port of
 * numpy/core/arrayprint.py: {@code _formatArray}, {@code FloatingFormat}, {@code IntegerFormat},
 * {@code BoolFormat}.
 */
public final class NumpyFormat {
    static final int LINE_WIDTH = 75;
    private static final int PRECISION = 8;
    private static final int THRESHOLD = 1000;
    private static final int EDGE_ITEMS = 3;

    private NumpyFormat() {
    }

    /** {@code str(a)}; a 0-d array prints as the NumPy scalar it holds. */
    public static String str(HostData a) {
        if (a.shape().length == 0) {
            return scalarStr(a, 0);
        }
        return array2string(a, " ", "", 0);
    }

    /** {@code str} of one element as a NumPy scalar: {@code 30.0}, {@code 1e-05}, {@code True}. */
    static String scalarStr(HostData a, int i) {
        DType t = a.dtype();
        if (t.isBool()) {
            return a.ints()[i] != 0 ? "True" : "False";
        }
        if (t.isComplex()) {
            return complexScalarStr(a.floats()[i], a.imag()[i], t.partType());
        }
        if (!t.isFloat()) {
            return Long.toString(a.ints()[i]);
        }
        if (t == DType.BFLOAT16) {
            return bfloat16Str(a.floats()[i]);
        }
        double x = a.floats()[i];
        if (Double.isNaN(x)) {
            return "nan";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "inf" : "-inf";
        }
        DType type = t;
        double ax = Math.abs(x);
        if (ax == 0 || (ax >= 1e-4 && ax < 1e16)) {
            return Dragon4.positional(x, type, -1, -1, Dragon4.Trim.LEAVE_ONE_ZERO, false, -1, -1);
        }
        return Dragon4.scientific(x, type, -1, -1, Dragon4.Trim.DPT_ZEROS, false, -1, -1);
    }

    /** NumPy's str of a complex scalar: {@code 2j}, {@code (1+2j)}, {@code (1.5-infj)}; parts trimmed of ".0". */
    private static String complexScalarStr(double re, double im, DType type) {
        if (re == 0 && Math.copySign(1.0, re) > 0) {
            return either(im, type, false) + "j";
        }
        String r = Double.isNaN(re) ? "nan" : Double.isInfinite(re) ? (re > 0 ? "inf" : "-inf") : either(re, type, false);
        String i = Double.isNaN(im) ? "+nan" : Double.isInfinite(im) ? (im > 0 ? "+inf" : "-inf") : either(im, type, true);
        return "(" + r + i + "j)";
    }

    private static String either(double x, DType type, boolean plus) {
        if (Double.isNaN(x)) {
            return "nan";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "inf" : "-inf";
        }
        double ax = Math.abs(x);
        if (ax == 0 || (ax >= 1e-4 && ax < 1e16)) {
            return Dragon4.positional(x, type, -1, -1, Dragon4.Trim.DPT_ZEROS, plus, -1, -1);
        }
        return Dragon4.scientific(x, type, -1, -1, Dragon4.Trim.DPT_ZEROS, plus, -1, -1);
    }

    /**
     * {@code np.array2string(a, separator=separator, prefix=prefix, suffix=...)} at the default
     * line width, where only the suffix's length matters.
     */
    static String array2string(HostData a, String separator, String prefix, int suffixLength) {
        int lineWidth = LINE_WIDTH - suffixLength;
        if (a.size() == 0) {
            return "[]";
        }
        boolean summarize = a.size() > THRESHOLD;
        IntFunction<String> format = formatter(a, summarize ? shownIndices(a.shape()) : null);
        int[] strides = new int[a.shape().length];
        int stride = 1;
        for (int d = strides.length - 1; d >= 0; d--) {
            strides[d] = stride;
            stride *= a.shape()[d];
        }
        Printer p = new Printer(a.shape(), strides, format, separator, summarize);
        return p.recurse(0, 0, " " + " ".repeat(prefix.length()), lineWidth);
    }

    /** Flat indices of NumPy's {@code _leading_trailing} corners, which the formatter sees. */
    private static int[] shownIndices(int[] shape) {
        List<Integer> out = new ArrayList<>();
        collect(shape, 0, 0, out);
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static void collect(int[] shape, int axis, int offset, List<Integer> out) {
        if (axis == shape.length) {
            out.add(offset);
            return;
        }
        int inner = 1;
        for (int d = axis + 1; d < shape.length; d++) {
            inner *= shape[d];
        }
        int n = shape[axis];
        for (int i = 0; i < n; i++) {
            if (n > 2 * EDGE_ITEMS && i >= EDGE_ITEMS && i < n - EDGE_ITEMS) {
                continue;
            }
            collect(shape, axis + 1, offset + i * inner, out);
        }
    }

    /**
     * A bfloat16 element as ml_dtypes' scalar str gives it, which NumPy uses unpadded for a dtype it
     * does not know as floating: C++'s {@code ostream << float}, i.e. printf's %g with 6 digits
     * ({@code 1}, {@code 0.100098}, {@code 1e+10}, {@code 1e-06}, {@code inf}, {@code nan}).
     */
    static String bfloat16Str(double x) {
        if (Double.isNaN(x)) {
            return "nan";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "inf" : "-inf";
        }
        if (x == 0) {
            return 1 / x < 0 ? "-0" : "0";
        }
        java.math.BigDecimal d = new java.math.BigDecimal(x).round(new java.math.MathContext(6, java.math.RoundingMode.HALF_EVEN));
        int exp = d.precision() - d.scale() - 1;
        if (exp >= -4 && exp < 6) {
            return d.stripTrailingZeros().toPlainString();
        }
        String mant = d.movePointLeft(exp).stripTrailingZeros().toPlainString();
        return mant + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
    }

    /** The element formatter NumPy builds from the (possibly summarized) data. */
    private static IntFunction<String> formatter(HostData a, int[] shown) {
        int n = shown == null ? a.size() : shown.length;
        IntUnaryOperator at = shown == null ? i -> i : i -> shown[i];
        DType t = a.dtype();
        if (t == DType.BFLOAT16) {
            return i -> bfloat16Str(a.floats()[i]);
        }
        if (t.isBool()) {
            String trueStr = a.shape().length == 0 ? "True" : " True";
            return i -> a.ints()[i] != 0 ? trueStr : "False";
        }
        if (t.isComplex()) {
            return complexFormatter(a, n, at);
        }
        if (!t.isFloat()) {
            int width = 0;
            for (int k = 0; k < n; k++) {
                width = Math.max(width, Long.toString(a.ints()[at.applyAsInt(k)]).length());
            }
            int w = width;
            return i -> {
                String s = Long.toString(a.ints()[i]);
                return " ".repeat(Math.max(0, w - s.length())) + s;
            };
        }
        double[] data = new double[n];
        for (int k = 0; k < n; k++) {
            data[k] = a.floats()[at.applyAsInt(k)];
        }
        FloatingFormat ff = new FloatingFormat(data, t, false);
        return i -> ff.format(a.floats()[i]);
    }

    /** ComplexFloatingFormat: a FloatingFormat for the real parts and one with sign '+' for the imaginary parts. */
    private static IntFunction<String> complexFormatter(HostData a, int n, IntUnaryOperator at) {
        double[] re = new double[n];
        double[] im = new double[n];
        for (int k = 0; k < n; k++) {
            re[k] = a.floats()[at.applyAsInt(k)];
            im[k] = a.imag()[at.applyAsInt(k)];
        }
        DType type = a.dtype().partType();
        FloatingFormat real = new FloatingFormat(re, type, false);
        FloatingFormat imag = new FloatingFormat(im, type, true);
        return i -> {
            String r = real.format(a.floats()[i]);
            String j = imag.format(a.imag()[i]);
            // NumPy puts the 'j' before the imaginary part's trailing padding.
            String trimmed = j.stripTrailing();
            return r + trimmed + "j" + j.substring(trimmed.length());
        };
    }

    /** FloatingFormat for floatmode 'maxprec', sign '-', suppress_small False. */
    private static final class FloatingFormat {
        private final DType type;
        /** NumPy's sign='+': every value carries its sign (the imaginary parts of complex numbers). */
        private final boolean plus;
        private boolean expFormat;
        private int padLeft;
        private int padRight;
        private int precision = PRECISION;
        private int expSize = -1;

        FloatingFormat(double[] data, DType type, boolean plus) {
            this.type = type;
            this.plus = plus;
            fill(data);
        }

        private void fill(double[] data) {
            List<Double> finite = new ArrayList<>();
            boolean anyNonFinite = false;
            boolean negInf = false;
            double max = 0;
            double min = Double.POSITIVE_INFINITY;
            for (double x : data) {
                if (Double.isFinite(x)) {
                    finite.add(x);
                    double ax = Math.abs(x);
                    if (ax != 0) {
                        max = Math.max(max, ax);
                        min = Math.min(min, ax);
                    }
                } else {
                    anyNonFinite = true;
                    negInf |= x == Double.NEGATIVE_INFINITY;
                }
            }
            if (max != 0) {
                // NumPy divides in the array's dtype, so float32 data gives a float32 ratio.
                double ratio = type == DType.FLOAT64 ? max / min : Narrow.round((float) max / (float) min, type);
                expFormat = max >= 1e8 || min < 1e-4 || ratio > 1000.0;
            }
            if (finite.isEmpty()) {
                padLeft = 0;
                padRight = 0;
            } else if (expFormat) {
                int maxFrac = 0;
                int maxExp = 0;
                int maxInt = 0;
                for (double x : finite) {
                    String s = Dragon4.scientific(x, type, PRECISION, -1, Dragon4.Trim.ZEROS,
                            plus, -1, -1);
                    int e = s.indexOf('e');
                    int dot = s.indexOf('.');
                    maxInt = Math.max(maxInt, dot);
                    maxFrac = Math.max(maxFrac, e - dot - 1);
                    maxExp = Math.max(maxExp, s.length() - e - 1);
                }
                expSize = maxExp - 1;
                precision = maxFrac;
                padLeft = maxInt;
                padRight = expSize + 2 + precision;
            } else {
                int maxFrac = 0;
                int maxInt = 0;
                for (double x : finite) {
                    String s = Dragon4.positional(x, type, PRECISION, 0, Dragon4.Trim.ZEROS,
                            plus, -1, -1);
                    int dot = s.indexOf('.');
                    maxInt = Math.max(maxInt, dot);
                    maxFrac = Math.max(maxFrac, s.length() - dot - 1);
                }
                padLeft = maxInt;
                padRight = maxFrac;
            }
            if (anyNonFinite) {
                int offset = padRight + 1;
                padLeft = Math.max(padLeft, Math.max(3 - offset, 3 + (negInf || plus ? 1 : 0) - offset));
            }
        }

        String format(double x) {
            if (!Double.isFinite(x)) {
                String ret = Double.isNaN(x) ? (plus ? "+nan" : "nan") : x < 0 ? "-inf" : plus ? "+inf" : "inf";
                return " ".repeat(Math.max(0, padLeft + padRight + 1 - ret.length())) + ret;
            }
            if (expFormat) {
                return Dragon4.scientific(x, type, precision, precision, Dragon4.Trim.KEEP, plus,
                        padLeft, expSize);
            }
            return Dragon4.positional(x, type, PRECISION, 0, Dragon4.Trim.ZEROS, plus, padLeft,
                    padRight);
        }
    }

    /** {@code _formatArray}'s recurser, over flat offsets instead of index tuples. */
    private record Printer(int[] shape, int[] strides, IntFunction<String> format, String separator,
                           boolean summarize) {
        String recurse(int axis, int offset, String hangingIndent, int currWidth) {
            int axesLeft = shape.length - axis;
            if (axesLeft == 0) {
                return format.apply(offset);
            }
            String nextHangingIndent = hangingIndent + " ";
            int nextWidth = currWidth - 1;
            int len = shape[axis];
            boolean showSummary = summarize && 2 * EDGE_ITEMS < len;
            int leading = showSummary ? EDGE_ITEMS : 0;
            int trailing = showSummary ? EDGE_ITEMS : len;
            int stride = strides[axis];
            StringBuilder s = new StringBuilder();
            if (axesLeft == 1) {
                int elemWidth = currWidth - Math.max(separator.stripTrailing().length(), 1);
                StringBuilder line = new StringBuilder(hangingIndent);
                for (int i = 0; i < leading; i++) {
                    String word = recurse(axis + 1, offset + i * stride, nextHangingIndent, nextWidth);
                    line = extendLine(s, line, word, elemWidth, hangingIndent);
                    line.append(separator);
                }
                if (showSummary) {
                    line = extendLine(s, line, "...", elemWidth, hangingIndent);
                    line.append(separator);
                }
                for (int i = trailing; i > 1; i--) {
                    String word = recurse(axis + 1, offset + (len - i) * stride, nextHangingIndent,
                            nextWidth);
                    line = extendLine(s, line, word, elemWidth, hangingIndent);
                    line.append(separator);
                }
                String word = recurse(axis + 1, offset + (len - 1) * stride, nextHangingIndent,
                        nextWidth);
                line = extendLine(s, line, word, elemWidth, hangingIndent);
                s.append(line);
            } else {
                String lineSep = separator.stripTrailing() + "\n".repeat(axesLeft - 1);
                for (int i = 0; i < leading; i++) {
                    s.append(hangingIndent)
                            .append(recurse(axis + 1, offset + i * stride, nextHangingIndent, nextWidth))
                            .append(lineSep);
                }
                if (showSummary) {
                    s.append(hangingIndent).append("...").append(lineSep);
                }
                for (int i = trailing; i > 1; i--) {
                    s.append(hangingIndent)
                            .append(recurse(axis + 1, offset + (len - i) * stride, nextHangingIndent,
                                    nextWidth))
                            .append(lineSep);
                }
                s.append(hangingIndent).append(recurse(axis + 1, offset + (len - 1) * stride,
                        nextHangingIndent, nextWidth));
            }
            return "[" + s.substring(hangingIndent.length()) + "]";
        }

        /** {@code _extendLine}: wrap before {@code word} unless the line holds only the indent. */
        private static StringBuilder extendLine(StringBuilder s, StringBuilder line, String word,
                                                int lineWidth, String nextLinePrefix) {
            boolean needsWrap = line.length() + word.length() > lineWidth
                    && line.length() > nextLinePrefix.length();
            if (needsWrap) {
                s.append(line.toString().stripTrailing()).append('\n');
                line = new StringBuilder(nextLinePrefix);
            }
            return line.append(word);
        }
    }
}

package jx.array.format;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

import jx.array.DType;
import jx.array.HostData;

/**
 * Python's {@code repr(float)} and {@code format(value, spec)} (the format-spec mini-language of
 * Python 3.11, C locale), following CPython's Objects/stringlib/unicode_format.h and
 * Python/pystrtod.c. Errors are {@link IllegalArgumentException}s carrying Python's ValueError
 * message.
 */
public final class PyFormat {
    private PyFormat() {
    }

    /** {@code repr(x)}: shortest round-trip digits, exponent form below 1e-4 and from 1e16. */
    public static String reprFloat(double x) {
        if (Double.isNaN(x)) {
            return "nan";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "inf" : "-inf";
        }
        String sign = Math.copySign(1.0, x) < 0 ? "-" : "";
        return sign + reprBody(Math.abs(x), false);
    }

    /**
     * Python's repr of a complex number: {@code 2j}, {@code (1+2j)}, {@code (-0-1.5j)}, {@code (nan+infj)}:
     * each part as repr prints a float without a trailing ".0", the real part left out when it is +0.
     */
    public static String reprComplex(double re, double im) {
        String i = complexPart(im) + "j";
        if (re == 0 && Math.copySign(1.0, re) > 0) {
            return i;
        }
        String sign = Double.isNaN(im) || Math.copySign(1.0, im) > 0 ? "+" : "";
        return "(" + complexPart(re) + sign + i + ")";
    }

    /**
     * {@code format(complex(re, im), spec)} as CPython: each part formatted by the spec's sign,
     * precision and type (the imaginary part always signed unless the real one is left out), then
     * "j", the whole padded to the width; no type gives repr-style parts in parentheses (the real
     * part left out when it is +0) and a precision alone means 'g'. No '0' padding, '=' or '%'.
     */
    public static String formatComplex(double re, double im, String specText) {
        Spec spec = Spec.parse(specText, '>');
        if (spec.fill == '0' && spec.align == '=' && !spec.alignGiven) {
            throw new IllegalArgumentException("Zero padding is not allowed in complex format specifier");
        }
        if (spec.alignGiven && spec.align == '=') {
            throw new IllegalArgumentException("'=' alignment flag is not allowed in complex format specifier");
        }
        if (spec.type != 0 && "eEfFgGn".indexOf(spec.type) < 0) {
            throw unknownCode(spec.type, "complex");
        }
        boolean reprParts = spec.type == 0 && spec.precision < 0;
        boolean skipRe = spec.type == 0 && re == 0 && Math.copySign(1.0, re) > 0;
        boolean parens = spec.type == 0 && !skipRe;
        char type = spec.type == 0 || spec.type == 'n' ? 'g' : spec.type;
        String reText = skipRe ? "" : complexFormatPart(re, spec.sign, spec, type, reprParts);
        String imText = complexFormatPart(im, skipRe ? spec.sign : '+', spec, type, reprParts);
        String body = (parens ? "(" : "") + reText + imText + "j" + (parens ? ")" : "");
        return align(spec, "", body);
    }

    private static String complexFormatPart(double x, char sign, Spec spec, char type, boolean repr) {
        if (repr) {
            String r = complexPart(x);
            boolean negative = r.startsWith("-");
            return negative || sign == 0 || sign == '-' ? r : sign + r;
        }
        String part = (sign == 0 ? "" : String.valueOf(sign)) + (spec.noNegZero ? "z" : "") + (spec.alternate ? "#" : "")
                + (spec.grouping == 0 ? "" : String.valueOf(spec.grouping)) + (spec.precision >= 0 ? "." + spec.precision : "") + type;
        return formatFloat(x, Spec.parse(part, '>'));
    }

    private static String complexPart(double x) {
        String r = reprFloat(x);
        return r.endsWith(".0") ? r.substring(0, r.length() - 2) : r;
    }

    /** repr of a non-negative finite value; {@code upper} gives 'E'. */
    private static String reprBody(double ax, boolean upper) {
        if (ax == 0) {
            return "0.0";
        }
        BigDecimal d = Dragon4.shortest(ax, jx.array.DType.FLOAT64);
        int exp = d.precision() - d.scale() - 1;
        if (exp >= -4 && exp < 16) {
            String s = d.toPlainString();
            return s.indexOf('.') < 0 ? s + ".0" : s;
        }
        String digits = d.unscaledValue().toString();
        String mant = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return mant + exponent(exp, upper);
    }

    private static String exponent(int exp, boolean upper) {
        String e = Integer.toString(Math.abs(exp));
        return (upper ? "E" : "e") + (exp < 0 ? "-" : "+") + (e.length() < 2 ? "0" + e : e);
    }

    /**
     * {@code format(value, spec)} for a Python int (Integer, Long, BigInteger), float (Double,
     * Float), bool (Boolean) or str (String).
     */
    public static String format(Object value, String spec) {
        if (value instanceof Boolean b) {
            // bool keeps str() for an empty spec, otherwise it formats as the int 0/1.
            return spec.isEmpty() ? (b ? "True" : "False") : formatInt(BigInteger.valueOf(b ? 1 : 0), spec);
        }
        if (value instanceof Integer || value instanceof Long) {
            return formatInt(BigInteger.valueOf(((Number) value).longValue()), spec);
        }
        if (value instanceof BigInteger bi) {
            return formatInt(bi, spec);
        }
        if (value instanceof Double || value instanceof Float) {
            return formatFloat(((Number) value).doubleValue(), Spec.parse(spec, '>'));
        }
        if (value instanceof String s) {
            return formatString(s, spec);
        }
        throw new IllegalArgumentException("unsupported format value " + value.getClass().getName());
    }

    /**
     * {@code format(a, spec)} as JAX's {@code Array.__format__}: a 0-d array formats its NumPy
     * scalar, which formats the equivalent Python int, float or bool (so even an empty spec shows
     * a float32 widened: {@code 0.10000000149011612}); otherwise an empty spec gives
     * {@code str(a)} and any other spec is an error, as for ndarray.
     */
    public static String formatArray(HostData a, String spec) {
        if (a.shape().length != 0) {
            if (spec.isEmpty()) {
                return NumpyFormat.str(a);
            }
            throw new IllegalArgumentException("unsupported format string passed to numpy.ndarray.__format__");
        }
        DType t = a.dtype();
        if (t.isFloat()) {
            return format(a.floats()[0], spec);
        }
        if (t.isBool()) {
            return format(a.ints()[0] != 0, spec);
        }
        return format(a.ints()[0], spec);
    }

    /** A parsed format spec: {@code [[fill]align][sign][z][#][0][width][grouping][.precision][type]}. */
    private record Spec(char fill, char align, boolean alignGiven, char sign, boolean noNegZero,
                        boolean alternate, int width, char grouping, int precision, char type) {
        static Spec parse(String s, char defaultAlign) {
            int pos = 0;
            int n = s.length();
            char fill = ' ';
            char align = defaultAlign;
            boolean fillGiven = false;
            boolean alignGiven = false;
            if (n >= 2 && "<>=^".indexOf(s.charAt(1)) >= 0) {
                fill = s.charAt(0);
                align = s.charAt(1);
                fillGiven = true;
                alignGiven = true;
                pos = 2;
            } else if (n >= 1 && "<>=^".indexOf(s.charAt(0)) >= 0) {
                align = s.charAt(0);
                alignGiven = true;
                pos = 1;
            }
            char sign = 0;
            if (pos < n && "+- ".indexOf(s.charAt(pos)) >= 0) {
                sign = s.charAt(pos++);
            }
            boolean noNegZero = false;
            if (pos < n && s.charAt(pos) == 'z') {
                noNegZero = true;
                pos++;
            }
            boolean alternate = false;
            if (pos < n && s.charAt(pos) == '#') {
                alternate = true;
                pos++;
            }
            if (!fillGiven && pos < n && s.charAt(pos) == '0') {
                fill = '0';
                if (!alignGiven && defaultAlign == '>') {
                    align = '=';
                }
                pos++;
            }
            int start = pos;
            while (pos < n && Character.isDigit(s.charAt(pos))) {
                pos++;
            }
            int width = pos > start ? SpecLimit.parse(s.substring(start, pos), "width") : -1;
            char grouping = 0;
            if (pos < n && (s.charAt(pos) == ',' || s.charAt(pos) == '_')) {
                grouping = s.charAt(pos++);
                if (pos < n && (s.charAt(pos) == ',' || s.charAt(pos) == '_')) {
                    throw new IllegalArgumentException("Cannot specify both ',' and '_'.");
                }
            }
            int precision = -1;
            if (pos < n && s.charAt(pos) == '.') {
                pos++;
                start = pos;
                while (pos < n && Character.isDigit(s.charAt(pos))) {
                    pos++;
                }
                if (pos == start) {
                    throw new IllegalArgumentException("Format specifier missing precision");
                }
                precision = SpecLimit.parse(s.substring(start, pos), "precision");
            }
            if (n - pos > 1) {
                throw new IllegalArgumentException("Invalid format specifier '" + s + "'");
            }
            char type = pos < n ? s.charAt(pos) : 0;
            if (grouping != 0) {
                String allowed = grouping == ',' ? "deEfFgG%" : "deEfFgG%boxX";
                if (type != 0 && allowed.indexOf(type) < 0) {
                    throw new IllegalArgumentException("Cannot specify '" + grouping + "' with '" + type + "'.");
                }
            }
            return new Spec(fill, align, alignGiven, sign, noNegZero, alternate, width, grouping,
                    precision, type);
        }
    }

    private static String formatString(String value, String specText) {
        Spec spec = Spec.parse(specText, '<');
        if (spec.type != 0 && spec.type != 's') {
            throw unknownCode(spec.type, "str");
        }
        if (spec.sign != 0) {
            throw new IllegalArgumentException("Sign not allowed in string format specifier");
        }
        if (spec.alternate) {
            throw new IllegalArgumentException("Alternate form (#) not allowed in string format specifier");
        }
        if (spec.alignGiven && spec.align == '=') {
            throw new IllegalArgumentException("'=' alignment not allowed in string format specifier");
        }
        if (spec.grouping != 0) {
            throw new IllegalArgumentException("Cannot specify '" + spec.grouping + "' with 's'.");
        }
        String s = value;
        if (spec.precision >= 0 && s.codePointCount(0, s.length()) > spec.precision) {
            s = s.substring(0, s.offsetByCodePoints(0, spec.precision));
        }
        return align(spec, "", s);
    }

    private static IllegalArgumentException unknownCode(char type, String typeName) {
        return new IllegalArgumentException(
                "Unknown format code '" + type + "' for object of type '" + typeName + "'");
    }

    private static String formatInt(BigInteger v, String specText) {
        Spec spec = Spec.parse(specText, '>');
        char type = spec.type == 0 ? 'd' : spec.type;
        if ("eEfFgG%".indexOf(type) >= 0) {
            return formatFloat(v.doubleValue(), spec);
        }
        if ("bcdoxXn".indexOf(type) < 0) {
            throw unknownCode(type, "int");
        }
        if (spec.precision >= 0) {
            throw new IllegalArgumentException("Precision not allowed in integer format specifier");
        }
        if (type == 'c') {
            if (spec.sign != 0) {
                throw new IllegalArgumentException("Sign not allowed with integer format specifier 'c'");
            }
            if (spec.alternate) {
                throw new IllegalArgumentException("Alternate form (#) not allowed with integer format specifier 'c'");
            }
            if (v.signum() < 0 || v.compareTo(BigInteger.valueOf(0x10FFFF)) > 0) {
                throw new IllegalArgumentException("%c arg not in range(0x110000)");
            }
            return align(spec, "", new String(Character.toChars(v.intValue())));
        }
        if (type == 'n' && spec.grouping != 0) {
            throw new IllegalArgumentException("Cannot specify '" + spec.grouping + "' with 'n'.");
        }
        int radix = switch (type) {
            case 'b' -> 2;
            case 'o' -> 8;
            case 'x', 'X' -> 16;
            default -> 10;
        };
        String digits = v.abs().toString(radix);
        String prefix = "";
        if (type == 'X') {
            digits = digits.toUpperCase();
        }
        if (spec.alternate && radix != 10) {
            prefix = "0" + (type == 'X' ? 'X' : type);
        }
        String sign = signOf(v.signum() < 0, spec);
        return number(spec, sign + prefix, digits, "", radix == 10 ? 3 : 4);
    }

    private static String signOf(boolean negative, Spec spec) {
        if (negative) {
            return "-";
        }
        return spec.sign == '+' ? "+" : spec.sign == ' ' ? " " : "";
    }

    private static String formatFloat(double v, Spec spec) {
        char type = spec.type;
        if (type != 0 && "eEfFgGn%".indexOf(type) < 0) {
            throw unknownCode(type, "float");
        }
        boolean upper = type == 'E' || type == 'F' || type == 'G';
        boolean addDot0 = false;
        int precision = spec.precision;
        boolean percent = type == '%';
        if (percent) {
            v *= 100;
            type = 'f';
        }
        if (type == 0) {
            addDot0 = true;
            type = precision < 0 ? 'r' : 'g';
        } else if (type == 'n') {
            type = 'g';
        }
        if (precision < 0) {
            precision = 6;
        }
        boolean negative = Math.copySign(1.0, v) < 0 && !Double.isNaN(v);
        String body;
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            body = Double.isNaN(v) ? "nan" : "inf";
            if (upper) {
                body = body.toUpperCase();
            }
        } else {
            double ax = Math.abs(v);
            body = switch (Character.toLowerCase(type)) {
                case 'r' -> reprBody(ax, upper);
                case 'f' -> fixed(new BigDecimal(ax), precision, spec.alternate);
                case 'e' -> sci(new BigDecimal(ax), precision, spec.alternate, upper);
                default -> general(ax, precision, spec.alternate, addDot0, upper);
            };
            if (negative && spec.noNegZero && isZero(body)) {
                negative = false;
            }
        }
        if (percent) {
            body += "%";
        }
        int end = 0;
        while (end < body.length() && Character.isDigit(body.charAt(end))) {
            end++;
        }
        boolean finite = Double.isFinite(v);
        String intDigits = finite ? body.substring(0, end) : "";
        String rest = finite ? body.substring(end) : body;
        return number(spec, signOf(negative, spec), intDigits, rest, 3);
    }

    private static boolean isZero(String body) {
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == 'e' || c == 'E') {
                break;
            }
            if (c >= '1' && c <= '9') {
                return false;
            }
        }
        return true;
    }

    private static String fixed(BigDecimal x, int precision, boolean alternate) {
        String s = x.setScale(precision, RoundingMode.HALF_EVEN).toPlainString();
        return precision == 0 && alternate ? s + "." : s;
    }

    private static String sci(BigDecimal x, int precision, boolean alternate, boolean upper) {
        int exp = 0;
        String digits;
        if (x.signum() == 0) {
            digits = "0".repeat(precision + 1);
        } else {
            BigDecimal r = x.round(new MathContext(precision + 1, RoundingMode.HALF_EVEN));
            exp = r.precision() - r.scale() - 1;
            digits = r.unscaledValue().toString();
            digits = (digits + "0".repeat(precision + 1)).substring(0, precision + 1);
        }
        String mant = digits.substring(0, 1);
        if (precision > 0 || alternate) {
            mant += "." + digits.substring(1);
        }
        return mant + exponent(exp, upper);
    }

    /** 'g' (and the no-type form with a precision, which also keeps a '.0'). */
    private static String general(double ax, int precision, boolean alternate, boolean addDot0,
                                  boolean upper) {
        int p = precision == 0 ? 1 : precision;
        BigDecimal x = new BigDecimal(ax);
        int exp = 0;
        if (ax != 0) {
            BigDecimal r = x.round(new MathContext(p, RoundingMode.HALF_EVEN));
            exp = r.precision() - r.scale() - 1;
        }
        int limit = addDot0 ? p - 1 : p;
        String s;
        if (exp < -4 || exp >= limit) {
            s = sci(x, p - 1, alternate, upper);
            if (!alternate) {
                int e = s.indexOf(upper ? 'E' : 'e');
                s = stripZeros(s.substring(0, e)) + s.substring(e);
            }
        } else {
            s = fixed(x, p - 1 - exp, alternate);
            if (!alternate) {
                s = stripZeros(s);
            }
            if (addDot0 && s.indexOf('.') < 0) {
                s += ".0";
            }
        }
        return s;
    }

    private static String stripZeros(String s) {
        if (s.indexOf('.') < 0) {
            return s;
        }
        int end = s.length();
        while (s.charAt(end - 1) == '0') {
            end--;
        }
        if (s.charAt(end - 1) == '.') {
            end--;
        }
        return s.substring(0, end);
    }

    /**
     * Lays out sign/prefix, integer digits (grouped) and the rest. With '0' fill and '='
     * alignment the zero padding goes into the digits, grouped like them, as CPython does.
     */
    private static String number(Spec spec, String signPrefix, String digits, String rest, int group) {
        String grouped;
        if (spec.grouping != 0 && !digits.isEmpty()) {
            int minWidth = spec.fill == '0' && spec.align == '=' && spec.width > 0
                    ? spec.width - signPrefix.length() - rest.length() : 0;
            grouped = group(digits, spec.grouping, group, minWidth);
        } else {
            grouped = digits;
        }
        return align(spec, signPrefix, grouped + rest);
    }

    /** CPython's _PyUnicode_InsertThousandsGrouping with a repeating group size. */
    private static String group(String digits, char sep, int size, int minWidth) {
        StringBuilder out = new StringBuilder();
        int remaining = digits.length();
        boolean useSep = false;
        while (true) {
            int l = Math.min(size, Math.max(Math.max(remaining, minWidth), 1));
            int zeros = Math.max(0, l - remaining);
            int chars = Math.max(0, Math.min(remaining, l));
            if (useSep) {
                out.insert(0, sep);
            }
            out.insert(0, digits, remaining - chars, remaining);
            out.insert(0, "0".repeat(zeros));
            useSep = true;
            remaining -= chars;
            minWidth -= size;
            if (remaining <= 0 && minWidth <= 0) {
                return out.toString();
            }
            minWidth -= 1;
        }
    }

    private static String align(Spec spec, String signPrefix, String body) {
        int len = signPrefix.codePointCount(0, signPrefix.length()) + body.codePointCount(0, body.length());
        int pad = Math.max(0, spec.width - len);
        String fill = String.valueOf(spec.fill);
        return switch (spec.align) {
            case '<' -> signPrefix + body + fill.repeat(pad);
            case '^' -> fill.repeat(pad / 2) + signPrefix + body + fill.repeat(pad - pad / 2);
            case '=' -> signPrefix + fill.repeat(pad) + body;
            default -> fill.repeat(pad) + signPrefix + body;
        };
    }
}

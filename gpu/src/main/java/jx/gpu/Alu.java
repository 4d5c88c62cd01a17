package jx.gpu;

import jx.array.Backend.BinaryOp;
import jx.array.Backend.UnaryOp;
import jx.array.DType;
import jx.gpu.Ptx.Reg;

/**
 * The per-element operations, emitted on registers: the same semantics as the CPU backend's
 * lambdas (NaN-propagating max/min, Python's floor division and modulo, integer division by zero
 * giving 0, bool + as or and bool * as and). Results are in the op's natural output dtype: BOOL
 * for predicates and comparisons (0 or 1 in a 32-bit register), the input dtype otherwise.
 */
final class Alu {
    private Alu() {}

    /** Whether the CPU backend defines {@code op} on {@code d} (the others throw there, and are not generated here). */
    static boolean supports(UnaryOp op, DType d) {
        if (d.isFloat()) {
            return op != UnaryOp.BIT_NOT;
        }
        return switch (op) {
            case NEG, ABS, SIGN, SQUARE, BIT_NOT, LOGICAL_NOT, ISNAN, ISINF, ISFINITE, FLOOR, CEIL, ROUND, TRUNC -> true;
            default -> false;
        };
    }

    static boolean supports(BinaryOp op, DType d) {
        if (d.isFloat()) {
            return op != BinaryOp.AND && op != BinaryOp.OR && op != BinaryOp.XOR;
        }
        return op != BinaryOp.ATAN2;
    }

    static DType out(UnaryOp op, DType in) {
        return switch (op) {
            case ISNAN, ISINF, ISFINITE, LOGICAL_NOT -> DType.BOOL;
            default -> in;
        };
    }

    static DType out(BinaryOp op, DType in) {
        return op.isComparison() ? DType.BOOL : in;
    }

    /** A 0/1 register from a predicate. */
    static String bool(Ptx k, String pred) {
        return k.op(Reg.R, "selp.u32", "1", "0", pred);
    }

    private static boolean signed(DType d) {
        return d == DType.INT32 || d == DType.INT64;
    }

    private static String widen(Ptx k, DType d, String x) {
        return d == DType.FLOAT64 ? x : k.op(Reg.FD, "cvt.f64.f32", x);
    }

    private static String narrow(Ptx k, DType d, String x) {
        return d == DType.FLOAT64 ? x : k.op(Reg.F, "cvt.rn.f32.f64", x);
    }

    private static String nan(DType d) {
        return d == DType.FLOAT64 ? Ptx.f64(Double.NaN) : Ptx.f32(Float.NaN);
    }

    static String unary(Ptx k, UnaryOp op, DType d, String x) {
        if (!supports(op, d)) {
            throw new IllegalArgumentException(op + " on " + d);
        }
        return d.isFloat() ? floatUnary(k, op, d, x) : intUnary(k, op, d, x);
    }

    private static String floatUnary(Ptx k, UnaryOp op, DType d, String x) {
        String t = DevType.arith(d);
        Reg r = DevType.reg(d);
        String zero = DevType.constant(d, 0);
        String one = DevType.constant(d, 1);
        PtxMath m = new PtxMath(k);
        return switch (op) {
            case NEG -> k.op(r, "neg." + t, x);
            case ABS -> k.op(r, "abs." + t, x);
            case SIGN -> {
                String pos = k.op(r, "selp." + t, one, x, k.op(Reg.P, "setp.gt." + t, x, zero));
                yield k.op(r, "selp." + t, DevType.constant(d, -1), pos, k.op(Reg.P, "setp.lt." + t, x, zero));
            }
            case SQUARE -> k.op(r, "mul.rn." + t, x, x);
            case RECIPROCAL -> k.op(r, "div.rn." + t, one, x);
            case SQRT -> k.op(r, "sqrt.rn." + t, x);
            case FLOOR -> k.op(r, "cvt.rmi." + t + "." + t, x);
            case CEIL -> k.op(r, "cvt.rpi." + t + "." + t, x);
            case ROUND -> k.op(r, "cvt.rni." + t + "." + t, x);
            case TRUNC -> k.op(r, "cvt.rzi." + t + "." + t, x);
            case ISNAN -> bool(k, k.op(Reg.P, "testp.notanumber." + t, x));
            case ISINF -> bool(k, k.op(Reg.P, "testp.infinite." + t, x));
            case ISFINITE -> bool(k, k.op(Reg.P, "testp.finite." + t, x));
            case LOGICAL_NOT -> bool(k, k.op(Reg.P, "setp.eq." + t, x, zero));
            case BIT_NOT -> throw new IllegalArgumentException("bitwise not on floats");
            default -> {
                String w = widen(k, d, x);
                String v = switch (op) {
                    case EXP -> m.exp(w);
                    case EXP2 -> m.exp2(w);
                    case LOG -> m.log(w);
                    case LOG2 -> m.log2(w);
                    case LOG10 -> m.log10(w);
                    case LOG1P -> m.log1p(w);
                    case EXPM1 -> m.expm1(w);
                    case RSQRT -> m.div(PtxMath.c(1), m.sqrt(w));
                    case SIGMOID -> m.sigmoid(w);
                    case SIN -> m.sin(w);
                    case COS -> m.cos(w);
                    case TAN -> m.tan(w);
                    case ARCSIN -> m.asin(w);
                    case ARCCOS -> m.acos(w);
                    case ARCTAN -> m.atan(w);
                    case SINH -> m.sinh(w);
                    case COSH -> m.cosh(w);
                    case TANH -> m.tanh(w);
                    case ARCSINH -> m.asinh(w);
                    case ARCCOSH -> m.acosh(w);
                    case ARCTANH -> m.atanh(w);
                    default -> throw new IllegalStateException(op.toString());
                };
                yield narrow(k, d, v);
            }
        };
    }

    private static String intUnary(Ptx k, UnaryOp op, DType d, String x) {
        String t = DevType.arith(d);
        String b = DevType.bits(d);
        Reg r = DevType.reg(d);
        return switch (op) {
            case NEG -> k.op(r, "neg.s" + t.substring(1), x);
            case ABS -> signed(d) ? k.op(r, "abs." + t, x) : x;
            case SIGN -> {
                if (!signed(d)) {
                    yield k.op(r, "selp." + b, "1", "0", k.op(Reg.P, "setp.ne." + t, x, "0"));
                }
                String pos = k.op(r, "selp." + b, "1", "0", k.op(Reg.P, "setp.gt." + t, x, "0"));
                yield k.op(r, "selp." + b, "-1", pos, k.op(Reg.P, "setp.lt." + t, x, "0"));
            }
            case SQUARE -> k.op(r, "mul.lo." + t, x, x);
            case BIT_NOT -> k.op(r, "not." + b, x);
            case LOGICAL_NOT -> bool(k, k.op(Reg.P, "setp.eq." + t, x, "0"));
            case ISNAN, ISINF -> k.op(Reg.R, "mov.u32", "0");
            case ISFINITE -> k.op(Reg.R, "mov.u32", "1");
            case FLOOR, CEIL, ROUND, TRUNC -> x;
            default -> throw new IllegalArgumentException(op + " on integers");
        };
    }

    static String binary(Ptx k, BinaryOp op, DType d, String x, String y) {
        if (!supports(op, d)) {
            throw new IllegalArgumentException(op + " on " + d);
        }
        if (op.isComparison()) {
            String cmp = switch (op) {
                case EQ -> "eq";
                // NaN != NaN is true, as in Java and NumPy: the unordered form.
                case NE -> d.isFloat() ? "neu" : "ne";
                case LT -> "lt";
                case LE -> "le";
                case GT -> "gt";
                default -> "ge";
            };
            return bool(k, k.op(Reg.P, "setp." + cmp + "." + DevType.arith(d), x, y));
        }
        return d.isFloat() ? floatBinary(k, op, d, x, y) : intBinary(k, op, d, x, y);
    }

    /** NaN-propagating max or min (PTX's own max/min return the other operand for a NaN). */
    static String floatMaxMin(Ptx k, DType d, boolean max, String x, String y) {
        String t = DevType.arith(d);
        Reg r = DevType.reg(d);
        String v = k.op(r, (max ? "max." : "min.") + t, x, y);
        return k.op(r, "selp." + t, nan(d), v, k.op(Reg.P, "setp.nan." + t, x, y));
    }

    static String intMaxMin(Ptx k, DType d, boolean max, String x, String y) {
        return k.op(DevType.reg(d), (max ? "max." : "min.") + DevType.arith(d), x, y);
    }

    private static String floatBinary(Ptx k, BinaryOp op, DType d, String x, String y) {
        String t = DevType.arith(d);
        Reg r = DevType.reg(d);
        PtxMath m = new PtxMath(k);
        return switch (op) {
            case ADD -> k.op(r, "add.rn." + t, x, y);
            case SUB -> k.op(r, "sub.rn." + t, x, y);
            case MUL -> k.op(r, "mul.rn." + t, x, y);
            case DIV -> k.op(r, "div.rn." + t, x, y);
            case MAX -> floatMaxMin(k, d, true, x, y);
            case MIN -> floatMaxMin(k, d, false, x, y);
            case POW -> narrow(k, d, m.pow(widen(k, d, x), widen(k, d, y)));
            case ATAN2 -> narrow(k, d, m.atan2(widen(k, d, x), widen(k, d, y)));
            case MOD -> {
                // CPython's float %: fmod, then moved into y's sign, rounding as the dtype does.
                String mod = narrow(k, d, m.fmod(widen(k, d, x), widen(k, d, y)));
                yield k.op(r, "selp." + t, k.op(r, "add.rn." + t, mod, y), mod, signDiffers(k, d, mod, y));
            }
            case FLOORDIV -> {
                // CPython's float_divmod: (x - fmod) / y, one less when the remainder's sign differs, then rint.
                String mod = narrow(k, d, m.fmod(widen(k, d, x), widen(k, d, y)));
                String div = k.op(r, "div.rn." + t, k.op(r, "sub.rn." + t, x, mod), y);
                String less = k.op(r, "sub.rn." + t, div, DevType.constant(d, 1));
                String fixed = k.op(r, "selp." + t, less, div, signDiffers(k, d, mod, y));
                yield k.op(r, "cvt.rni." + t + "." + t, fixed);
            }
            default -> throw new IllegalStateException(op.toString());
        };
    }

    /** Whether mod is non-zero with a sign other than y's. */
    private static String signDiffers(Ptx k, DType d, String mod, String y) {
        String t = DevType.arith(d);
        String zero = DevType.constant(d, 0);
        String differ = k.op(Reg.P, "xor.pred", k.op(Reg.P, "setp.lt." + t, mod, zero), k.op(Reg.P, "setp.lt." + t, y, zero));
        return k.op(Reg.P, "and.pred", differ, k.op(Reg.P, "setp.ne." + t, mod, zero));
    }

    private static String intBinary(Ptx k, BinaryOp op, DType d, String x, String y) {
        String t = DevType.arith(d);
        String b = DevType.bits(d);
        Reg r = DevType.reg(d);
        boolean bool = d == DType.BOOL;
        return switch (op) {
            case ADD -> bool ? k.op(r, "or.b32", x, y) : k.op(r, "add." + t, x, y);
            case SUB -> k.op(r, "sub." + t, x, y);
            case MUL -> bool ? k.op(r, "and.b32", x, y) : k.op(r, "mul.lo." + t, x, y);
            case DIV, FLOORDIV -> {
                String q = k.op(r, "div." + t, x, y);
                if (signed(d)) {
                    // Round toward negative infinity: one less when the remainder is non-zero and the signs differ.
                    String rem = k.op(r, "rem." + t, x, y);
                    String differ = k.op(Reg.P, "setp.lt." + t, k.op(r, "xor." + b, x, y), "0");
                    String apply = k.op(Reg.P, "and.pred", differ, k.op(Reg.P, "setp.ne." + t, rem, "0"));
                    q = k.op(r, "selp." + b, k.op(r, "sub." + t, q, "1"), q, apply);
                }
                yield zeroWhenZero(k, d, y, q);
            }
            case MOD -> {
                String rem = k.op(r, "rem." + t, x, y);
                if (signed(d)) {
                    String differ = k.op(Reg.P, "setp.lt." + t, k.op(r, "xor." + b, rem, y), "0");
                    String apply = k.op(Reg.P, "and.pred", differ, k.op(Reg.P, "setp.ne." + t, rem, "0"));
                    rem = k.op(r, "selp." + b, k.op(r, "add." + t, rem, y), rem, apply);
                }
                yield zeroWhenZero(k, d, y, rem);
            }
            case POW -> intPow(k, d, x, y);
            case MAX -> intMaxMin(k, d, true, x, y);
            case MIN -> intMaxMin(k, d, false, x, y);
            case AND -> k.op(r, "and." + b, x, y);
            case OR -> k.op(r, "or." + b, x, y);
            case XOR -> k.op(r, "xor." + b, x, y);
            default -> throw new IllegalStateException(op.toString());
        };
    }

    /** Division by zero gives 0 for integers, as in NumPy. */
    private static String zeroWhenZero(Ptx k, DType d, String y, String v) {
        return k.op(DevType.reg(d), "selp." + DevType.bits(d), "0", v,
                k.op(Reg.P, "setp.eq." + DevType.arith(d), y, "0"));
    }

    /** Binary powering; negative exponents give integer results only for bases 1 and -1. */
    private static String intPow(Ptx k, DType d, String x, String y) {
        String t = DevType.arith(d);
        String b = DevType.bits(d);
        Reg r = DevType.reg(d);
        String acc = k.op(r, "mov." + b, "1");
        String base = k.op(r, "mov." + b, x);
        String e = k.op(r, "mov." + b, y);
        String negative = signed(d) ? k.op(Reg.P, "setp.lt." + t, y, "0") : null;
        if (negative != null) {
            k.ins("@" + negative + " mov." + b + " " + e + ", 0");
        }
        String loop = k.label();
        String done = k.label();
        k.place(loop);
        k.bra(k.op(Reg.P, "setp.eq." + t, e, "0"), done);
        String odd = k.op(Reg.P, "setp.ne." + t, k.op(r, "and." + b, e, "1"), "0");
        k.ins("@" + odd + " mul.lo." + t + " " + acc + ", " + acc + ", " + base);
        k.ins("mul.lo." + t + " " + base + ", " + base + ", " + base);
        k.ins("shr.u" + t.substring(1) + " " + e + ", " + e + ", 1");
        k.jump(loop);
        k.place(done);
        if (negative == null) {
            return acc;
        }
        String oddExp = k.op(Reg.P, "setp.ne." + t, k.op(r, "and." + b, y, "1"), "0");
        String minusOne = k.op(r, "selp." + b, "-1", "1", oddExp);
        String forNeg = k.op(r, "selp." + b, "1", "0", k.op(Reg.P, "setp.eq." + t, x, "1"));
        forNeg = k.op(r, "selp." + b, minusOne, forNeg, k.op(Reg.P, "setp.eq." + t, x, "-1"));
        return k.op(r, "selp." + b, forNeg, acc, negative);
    }
}

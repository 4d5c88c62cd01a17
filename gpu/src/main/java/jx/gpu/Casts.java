package jx.gpu;

import jx.array.DType;
import jx.gpu.Ptx.Reg;

/**
 * Conversion of a register between dtypes with the CPU backend's (Java's) rules: float to int
 * truncates and saturates with NaN giving 0 (PTX's cvt.rzi does the same), float to uint32 goes
 * through int64 as Java's {@code (int) (long) v} does, integers narrow by keeping the low bits,
 * uint32 and bool widen with zeros, anything to bool is {@code != 0} (NaN is true).
 */
final class Casts {
    private Casts() {}

    static String value(Ptx k, DType from, DType to, String x) {
        if (from == to) {
            return x;
        }
        if (to == DType.BOOL) {
            String cmp = from.isFloat() ? "setp.neu." : "setp.ne.";
            return Alu.bool(k, k.op(Reg.P, cmp + DevType.arith(from), x, DevType.constant(from, 0)));
        }
        if (from.isFloat()) {
            String f = DevType.arith(from);
            return switch (to) {
                case FLOAT32 -> k.op(Reg.F, "cvt.rn.f32.f64", x);
                case FLOAT64 -> k.op(Reg.FD, "cvt.f64.f32", x);
                case INT32 -> k.op(Reg.R, "cvt.rzi.s32." + f, x);
                case UINT32 -> k.op(Reg.R, "cvt.u32.u64", k.op(Reg.RD, "cvt.rzi.s64." + f, x));
                case INT64 -> k.op(Reg.RD, "cvt.rzi.s64." + f, x);
                case BOOL -> throw new IllegalStateException();
                case COMPLEX64, COMPLEX128 -> throw DevType.notReal(to);
                default -> throw DevType.notHeld(to);
            };
        }
        // Integer sources: int32 and int64 are signed, uint32 and bool (0/1) unsigned.
        String src = DevType.arith(from);
        return switch (to) {
            case FLOAT32 -> k.op(Reg.F, "cvt.rn.f32." + src, x);
            case FLOAT64 -> k.op(Reg.FD, "cvt.rn.f64." + src, x);
            case INT32, UINT32 -> from == DType.INT64 ? k.op(Reg.R, "cvt.u32.u64", x) : x;
            case INT64 -> k.op(Reg.RD, (from == DType.INT32 ? "cvt.s64.s32" : "cvt.u64.u32"), x);
            case BOOL -> throw new IllegalStateException();
            case COMPLEX64, COMPLEX128 -> throw DevType.notReal(to);
                default -> throw DevType.notHeld(to);
        };
    }
}

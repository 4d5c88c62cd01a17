package jx.gpu;

import jx.array.DType;

/**
 * How each jx dtype lives on the device. bool is one byte (0 or 1) in memory, like NumPy and JAX,
 * and a 0/1 value in a 32-bit register; int32, uint32 and bool compute in 32-bit registers with
 * wrap-around (the CPU backend computes in 64 bits and truncates on store, which gives the same
 * bits); int64 in 64-bit registers; floats in their own width.
 */
final class DevType {
    private DevType() {}

    /** The PTX memory type of an element: the suffix of ld/st. */
    static String mem(DType d) {
        return switch (d) {
            case BOOL -> "u8";
            case INT32 -> "s32";
            case UINT32 -> "u32";
            case INT64 -> "s64";
            case FLOAT32 -> "f32";
            case FLOAT64 -> "f64";
            case COMPLEX64, COMPLEX128 -> throw notReal(d);
            default -> throw notHeld(d);
        };
    }

    /** The instruction type for arithmetic and comparisons (unsigned for uint32 and bool). */
    static String arith(DType d) {
        return switch (d) {
            case BOOL, UINT32 -> "u32";
            case INT32 -> "s32";
            case INT64 -> "s64";
            case FLOAT32 -> "f32";
            case FLOAT64 -> "f64";
            case COMPLEX64, COMPLEX128 -> throw notReal(d);
            default -> throw notHeld(d);
        };
    }

    static Ptx.Reg reg(DType d) {
        return switch (d) {
            case BOOL, INT32, UINT32 -> Ptx.Reg.R;
            case INT64 -> Ptx.Reg.RD;
            case FLOAT32 -> Ptx.Reg.F;
            case FLOAT64 -> Ptx.Reg.FD;
            case COMPLEX64, COMPLEX128 -> throw notReal(d);
            default -> throw notHeld(d);
        };
    }

    /** Whether the device holds arrays of this dtype: not yet the 8- and 16-bit ones, nor uint64. */
    static boolean held(DType d) {
        return !d.isNarrow() && d != DType.UINT64;
    }

    /** The error for an array of a dtype the device does not hold, before any kernel is built for it. */
    static jx.array.ArrayException notHeld(DType d) {
        return new jx.array.ArrayException("TypeError: " + d + " arrays are not supported on the cuda device yet"
                + " (it holds bool, int32, uint32, int64, float32, float64 and complex); run with --device cpu");
    }

    /** Complex arrays reach the device as two real buffers (jx.array.ComplexBuffer): a complex dtype here is a bug above. */
    static IllegalStateException notReal(DType d) {
        return new IllegalStateException("a CUDA kernel was asked for " + d + "; complex arrays are two real buffers");
    }

    /** The bit type of a register of this dtype (for mov, selp, and, or). */
    static String bits(DType d) {
        return d.itemSize() == 8 ? "b64" : "b32";
    }

    static String load(Ptx k, DType d, String address) {
        return k.op(reg(d), "ld.global." + mem(d), "[" + address + "]");
    }

    static void store(Ptx k, DType d, String address, String value) {
        k.ins("st.global." + mem(d) + " [" + address + "], " + value);
    }

    /** An immediate operand of this dtype with the numeric value {@code v}. */
    static String constant(DType d, double v) {
        return switch (d) {
            case FLOAT32 -> Ptx.f32((float) v);
            case FLOAT64 -> Ptx.f64(v);
            default -> Long.toString((long) v);
        };
    }

    /** A short tag for kernel names. */
    static String tag(DType d) {
        return switch (d) {
            case BOOL -> "b8";
            case INT32 -> "i32";
            case UINT32 -> "u32";
            case INT64 -> "i64";
            case FLOAT32 -> "f32";
            case FLOAT64 -> "f64";
            case COMPLEX64, COMPLEX128 -> throw notReal(d);
            default -> throw notHeld(d);
        };
    }
}

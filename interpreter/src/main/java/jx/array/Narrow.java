package jx.array;

/**
 * Stores into the 8- and 16-bit dtypes, which every backend holds widened (int32 bit patterns of
 * the value, float32 values that the narrow float represents exactly) and computes in
 * {@link DType#wide()}: integers wrap to the width, as XLA's integer arithmetic does; floats round
 * to nearest, ties to even; a float stored into an integer dtype truncates toward zero and
 * saturates at the dtype's range, NaN giving 0, as XLA's convert does.
 */
public final class Narrow {
    private Narrow() {}

    /** v reduced modulo 2^bits into the integer dtype's range (int8: -128..127, uint8: 0..255). */
    public static long wrap(long v, DType d) {
        return switch (d) {
            case INT8 -> (byte) v;
            case UINT8 -> v & 0xFFL;
            case INT16 -> (short) v;
            case UINT16 -> v & 0xFFFFL;
            default -> v;
        };
    }

    /** v rounded to float16 or bfloat16 (other dtypes: v). */
    public static double round(double v, DType d) {
        return switch (d) {
            case FLOAT16 -> Float.float16ToFloat(Float.floatToFloat16(toOdd(v)));
            case BFLOAT16 -> bfloat16(toOdd(v));
            default -> v;
        };
    }

    /** v rounded to float16 or bfloat16, from a float32 (the narrow floats' compute type). */
    public static float round(float v, DType d) {
        return switch (d) {
            case FLOAT16 -> Float.float16ToFloat(Float.floatToFloat16(v));
            case BFLOAT16 -> bfloat16(v);
            default -> v;
        };
    }

    /**
     * v as a float rounded to odd (truncated, the last bit set when inexact): rounding that to a
     * narrower float is the correct rounding of v, where rounding v to nearest float first could
     * round twice across a tie.
     */
    private static float toOdd(double v) {
        float f = (float) v;
        if (Double.isNaN(v) || Double.isInfinite(f) || f == v) {
            return f;
        }
        if (Math.abs((double) f) > Math.abs(v)) {
            f = Math.nextAfter(f, 0.0);
        }
        return Float.intBitsToFloat(Float.floatToRawIntBits(f) | 1);
    }

    private static float bfloat16(float v) {
        int bits = Float.floatToRawIntBits(v);
        if (Float.isNaN(v)) {
            return Float.intBitsToFloat((bits | 0x00400000) & 0xFFFF0000);
        }
        bits += 0x7FFF + ((bits >>> 16) & 1);
        return Float.intBitsToFloat(bits & 0xFFFF0000);
    }

    /** The smallest value of an integer dtype (bool: 0). */
    public static long min(DType d) {
        return switch (d) {
            case INT8 -> Byte.MIN_VALUE;
            case INT16 -> Short.MIN_VALUE;
            case INT32 -> Integer.MIN_VALUE;
            case INT64 -> Long.MIN_VALUE;
            default -> 0;
        };
    }

    /** The largest value of an integer dtype (bool: 1; uint64 is not held, see {@link DType#UINT64}). */
    public static long max(DType d) {
        return switch (d) {
            case BOOL -> 1;
            case INT8 -> Byte.MAX_VALUE;
            case UINT8 -> 0xFFL;
            case INT16 -> Short.MAX_VALUE;
            case UINT16 -> 0xFFFFL;
            case INT32 -> Integer.MAX_VALUE;
            case UINT32 -> 0xFFFFFFFFL;
            case INT64, UINT64 -> Long.MAX_VALUE;
            default -> throw new IllegalArgumentException("not an integer dtype: " + d);
        };
    }

    /** A float stored into a narrow integer dtype: toward zero, saturating, NaN to 0. */
    public static long fromFloat(double v, DType d) {
        if (Double.isNaN(v)) {
            return 0;
        }
        return (long) Math.max(min(d), Math.min(max(d), v));
    }
}

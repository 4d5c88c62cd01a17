package jx.array;

import java.util.List;

/**
 * JAX's dtype promotion: the join on the type lattice of jax.numpy, with Python scalars entering
 * as weak types (i*, f*), and 64-bit types canonicalized to 32 bits unless x64 is enabled.
 * The lattice is JAX's (jax/_src/dtypes.py, _type_promotion_lattice, 'standard' promotion) restricted
 * to jx's dtypes: b1 → i*; i* → u8, i8; u8 → i16, u16; u16 → i32, u32; u32 → i64, u64; u64 → f*;
 * i8 → i16 → i32 → i64 → f*; f* → bf16, f16, c*; bf16 → f32; f16 → f32; f32 → f64, c64; f64 → c128;
 * c* → c64 → c128. So uint8 + int8 is int16, bfloat16 + float16 is float32, uint32 + int32 is int64
 * (int32 without x64), and an int8 array plus a Python int stays int8.
 */
public final class Promotion {
    /** A dtype with JAX's weak_type flag: the static type of an array value for promotion. */
    public record Typed(DType dtype, boolean weak) {}

    // Lattice nodes; UP[n] lists the nodes directly above n.
    private static final int B1 = 0, IW = 1, U1 = 2, U2 = 3, U4 = 4, U8 = 5, I1 = 6, I2 = 7, I4 = 8, I8 = 9,
            FW = 10, BF = 11, F2 = 12, F4 = 13, F8 = 14, CW = 15, C8 = 16, C16 = 17;
    private static final int[][] UP = {
        {IW}, {U1, I1}, {I2, U2}, {I4, U4}, {I8, U8}, {FW}, {I2}, {I4}, {I8}, {FW},
        {BF, F2, CW}, {F4}, {F4}, {F8, C8}, {C16}, {C8}, {C16}, {},
    };

    private Promotion() {}

    /** Whether 64-bit types are on in the session running this thread. */
    public static boolean x64() {
        return ArrayContext.current().x64();
    }

    /** The dtype of a Python float entering an array op (float32, or float64 under x64). */
    public static DType defaultFloat() {
        return x64() ? DType.FLOAT64 : DType.FLOAT32;
    }

    /** The dtype of a Python complex entering an array op (complex64, or complex128 under x64). */
    public static DType defaultComplex() {
        return x64() ? DType.COMPLEX128 : DType.COMPLEX64;
    }

    /** The dtype of a Python int entering an array op (int32, or int64 under x64). */
    public static DType defaultInt() {
        return x64() ? DType.INT64 : DType.INT32;
    }

    /** Maps 64-bit dtypes to their 32-bit counterparts when x64 is off, as jax.dtypes.canonicalize_dtype. */
    public static DType canonicalize(DType d) {
        if (x64()) {
            if (d == DType.UINT64) {
                throw new ArrayException("TypeError: jx does not hold uint64 arrays under --x64 yet"
                        + " (without x64 uint64 is uint32, as in JAX); use int64 or uint32");
            }
            return d;
        }
        return switch (d) {
            case INT64 -> DType.INT32;
            case UINT64 -> DType.UINT32;
            case FLOAT64 -> DType.FLOAT32;
            case COMPLEX128 -> DType.COMPLEX64;
            default -> d;
        };
    }

    private static int node(Typed t) {
        DType d = t.dtype();
        if (t.weak() && !d.isBool()) {
            return d.isComplex() ? CW : d.isFloat() ? FW : IW;
        }
        return switch (d) {
            case BOOL -> B1;
            case UINT8 -> U1;
            case UINT16 -> U2;
            case UINT32 -> U4;
            case UINT64 -> U8;
            case INT8 -> I1;
            case INT16 -> I2;
            case INT32 -> I4;
            case INT64 -> I8;
            case BFLOAT16 -> BF;
            case FLOAT16 -> F2;
            case FLOAT32 -> F4;
            case FLOAT64 -> F8;
            case COMPLEX64 -> C8;
            case COMPLEX128 -> C16;
        };
    }

    private static Typed ofNode(int n) {
        return switch (n) {
            case B1 -> new Typed(DType.BOOL, false);
            case IW -> new Typed(defaultInt(), true);
            case U1 -> new Typed(DType.UINT8, false);
            case U2 -> new Typed(DType.UINT16, false);
            case U4 -> new Typed(DType.UINT32, false);
            case U8 -> new Typed(canonicalize(DType.UINT64), false);
            case I1 -> new Typed(DType.INT8, false);
            case I2 -> new Typed(DType.INT16, false);
            case I4 -> new Typed(DType.INT32, false);
            case I8 -> new Typed(canonicalize(DType.INT64), false);
            case FW -> new Typed(defaultFloat(), true);
            case BF -> new Typed(DType.BFLOAT16, false);
            case F2 -> new Typed(DType.FLOAT16, false);
            case F4 -> new Typed(DType.FLOAT32, false);
            case F8 -> new Typed(canonicalize(DType.FLOAT64), false);
            case CW -> new Typed(defaultComplex(), true);
            case C8 -> new Typed(DType.COMPLEX64, false);
            default -> new Typed(canonicalize(DType.COMPLEX128), false);
        };
    }

    /** The promoted type of the operands of a binary (or n-ary) op: jnp.result_type with weak flag. */
    public static Typed result(List<Typed> operands) {
        int join = -1;
        for (Typed t : operands) {
            int n = node(t);
            join = join < 0 ? n : JOIN[join][n];
        }
        if (join < 0) {
            throw new IllegalArgumentException("result type of no operands");
        }
        return ofNode(join);
    }

    /** The two-operand case of every binary op, without a list (it is paid on each small operation). */
    public static Typed result(Typed a, Typed b) {
        return ofNode(JOIN[node(a)][node(b)]);
    }

    /** JOIN[a][b]: the lattice's join, tabulated once (the search over UP was an eighth of a 4-element op). */
    private static final int[][] JOIN = new int[UP.length][UP.length];

    static {
        for (int a = 0; a < UP.length; a++) {
            for (int b = 0; b < UP.length; b++) {
                JOIN[a][b] = join(a, b);
            }
        }
    }

    /** The least upper bound: the common upper node that every other common upper node is above. */
    private static int join(int a, int b) {
        boolean[] ua = above(a);
        boolean[] ub = above(b);
        for (int c = 0; c < UP.length; c++) {
            if (ua[c] && ub[c]) {
                boolean least = true;
                boolean[] uc = above(c);
                for (int o = 0; o < UP.length; o++) {
                    least &= !(ua[o] && ub[o]) || uc[o];
                }
                if (least) {
                    return c;
                }
            }
        }
        throw new IllegalStateException("lattice has no join");
    }

    /** The nodes at or above n. */
    private static boolean[] above(int n) {
        boolean[] seen = new boolean[UP.length];
        java.util.ArrayDeque<Integer> todo = new java.util.ArrayDeque<>(List.of(n));
        while (!todo.isEmpty()) {
            int m = todo.pop();
            if (!seen[m]) {
                seen[m] = true;
                for (int u : UP[m]) {
                    todo.push(u);
                }
            }
        }
        return seen;
    }

    /** The float type an integer or bool is promoted to by ops that need inexact inputs (true divide, exp, mean). */
    public static DType toInexact(DType d) {
        return d.isInexact() ? d : defaultFloat();
    }

    /**
     * The accumulation dtype of sum/prod/cumsum: bools and narrower signed ints go to the default
     * int, narrower unsigned ints to uint32, as JAX's promote_integers (JAX's default uint is uint64
     * under x64, which jx does not hold: uint32 stays uint32 there, as before).
     */
    public static DType sumDType(DType d) {
        return switch (d) {
            case BOOL, INT8, INT16, INT32 -> defaultInt();
            case UINT8, UINT16 -> DType.UINT32;
            default -> d;
        };
    }
}

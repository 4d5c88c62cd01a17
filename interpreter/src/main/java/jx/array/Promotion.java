package jx.array;

import java.util.List;

/**
 * JAX's dtype promotion: the join on the type lattice of jax.numpy, with Python scalars entering
 * as weak types (i*, f*), and 64-bit types canonicalized to 32 bits unless x64 is enabled.
 * The lattice below is JAX's restricted to jx's dtypes: b1 → i* → {u4, i4}; u4, i4 → i8 → f* → f4 → f8;
 * f* → c* → c8 → c16, f4 → c8, f8 → c16.
 */
public final class Promotion {
    /** A dtype with JAX's weak_type flag: the static type of an array value for promotion. */
    public record Typed(DType dtype, boolean weak) {}

    // Lattice nodes in a topological order: the join is the first node above both operands.
    private static final int B1 = 0, IW = 1, U4 = 2, I4 = 3, I8 = 4, FW = 5, F4 = 6, F8 = 7, CW = 8, C8 = 9, C16 = 10;
    private static final int[][] UP = {
        {B1, IW, U4, I4, I8, FW, F4, F8, CW, C8, C16},
        {IW, U4, I4, I8, FW, F4, F8, CW, C8, C16},
        {U4, I8, FW, F4, F8, CW, C8, C16},
        {I4, I8, FW, F4, F8, CW, C8, C16},
        {I8, FW, F4, F8, CW, C8, C16},
        {FW, F4, F8, CW, C8, C16},
        {F4, F8, C8, C16},
        {F8, C16},
        {CW, C8, C16},
        {C8, C16},
        {C16},
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
            return d;
        }
        return switch (d) {
            case INT64 -> DType.INT32;
            case FLOAT64 -> DType.FLOAT32;
            case COMPLEX128 -> DType.COMPLEX64;
            default -> d;
        };
    }

    private static int node(Typed t) {
        return switch (t.dtype()) {
            case BOOL -> B1;
            case INT32, INT64 -> t.weak() ? IW : (t.dtype() == DType.INT32 ? I4 : I8);
            case UINT32 -> t.weak() ? IW : U4;
            case FLOAT32, FLOAT64 -> t.weak() ? FW : (t.dtype() == DType.FLOAT32 ? F4 : F8);
            case COMPLEX64, COMPLEX128 -> t.weak() ? CW : (t.dtype() == DType.COMPLEX64 ? C8 : C16);
        };
    }

    private static Typed ofNode(int n) {
        return switch (n) {
            case B1 -> new Typed(DType.BOOL, false);
            case IW -> new Typed(defaultInt(), true);
            case U4 -> new Typed(DType.UINT32, false);
            case I4 -> new Typed(DType.INT32, false);
            case I8 -> new Typed(canonicalize(DType.INT64), false);
            case FW -> new Typed(defaultFloat(), true);
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

    private static int join(int a, int b) {
        for (int up : UP[a]) {
            for (int other : UP[b]) {
                if (up == other) {
                    return up;
                }
            }
        }
        throw new IllegalStateException("lattice has no join");
    }

    /** The float type an integer or bool is promoted to by ops that need inexact inputs (true divide, exp, mean). */
    public static DType toInexact(DType d) {
        return d.isInexact() ? d : defaultFloat();
    }

    /** The accumulation dtype of sum/prod/cumsum: bools and narrow ints go to the default int, as JAX's promote_integers. */
    public static DType sumDType(DType d) {
        return switch (d) {
            case BOOL, INT32 -> defaultInt();
            default -> d;
        };
    }
}

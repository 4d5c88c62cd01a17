package jx.array.format;

import jx.array.HostData;

/** JAX's {@code repr(jax.Array)}: a port of {@code ArrayImpl.__repr__} in jax/_src/array.py. */
public final class JaxRepr {
    private static final String PREFIX = "Array(";

    private JaxRepr() {
    }

    /** {@code Array([2., 4., 6., 8.], dtype=float32)}, {@code Array(1, dtype=int32, weak_type=True)}. */
    public static String repr(HostData a) {
        String dtypeStr = "dtype=" + a.dtype() + (a.weak() ? ", weak_type=True)" : ")");
        String s = a.size() == 0
                ? "[], shape=" + shapeTuple(a.shape())
                : NumpyFormat.array2string(a, ", ", PREFIX, 1);
        // JAX's own arithmetic (rfind is -1 without a newline), kept so line breaks match exactly.
        int lastLineLen = s.length() - s.lastIndexOf('\n') + 1;
        String sep = lastLineLen + dtypeStr.length() + 1 > NumpyFormat.LINE_WIDTH
                ? " ".repeat(PREFIX.length()) : " ";
        return PREFIX + s + "," + sep + dtypeStr;
    }

    /** Python's repr of a shape tuple: {@code (2, 0)}, {@code (0,)}, {@code ()}. */
    static String shapeTuple(int[] shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(shape[i]);
        }
        return sb.append(shape.length == 1 ? ",)" : ")").toString();
    }
}

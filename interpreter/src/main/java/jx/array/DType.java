package jx.array;

/** The element types of jx arrays. float64/int64 exist only under --x64, as with jax_enable_x64. */
public enum DType {
    BOOL("bool", 1),
    INT32("int32", 4),
    UINT32("uint32", 4),
    INT64("int64", 8),
    FLOAT32("float32", 4),
    FLOAT64("float64", 8),
    /** A pair of float32 parts; arrays hold the parts as two real buffers ({@link ComplexBuffer}). */
    COMPLEX64("complex64", 8),
    COMPLEX128("complex128", 16);

    private final String pyName;
    private final int itemSize;

    DType(String pyName, int itemSize) {
        this.pyName = pyName;
        this.itemSize = itemSize;
    }

    public int itemSize() {
        return itemSize;
    }

    public boolean isFloat() {
        return this == FLOAT32 || this == FLOAT64;
    }

    public boolean isInteger() {
        return this == INT32 || this == UINT32 || this == INT64;
    }

    public boolean isComplex() {
        return this == COMPLEX64 || this == COMPLEX128;
    }

    /** Float or complex: what true division, exp and mean keep. */
    public boolean isInexact() {
        return isFloat() || isComplex();
    }

    /** The dtype of a complex dtype's parts (complex64: float32); a real dtype is its own. */
    public DType partType() {
        return switch (this) {
            case COMPLEX64 -> FLOAT32;
            case COMPLEX128 -> FLOAT64;
            default -> this;
        };
    }

    /** The complex dtype whose parts are this float dtype. */
    public DType complexType() {
        return switch (this) {
            case FLOAT32, COMPLEX64 -> COMPLEX64;
            case FLOAT64, COMPLEX128 -> COMPLEX128;
            default -> throw new IllegalArgumentException("no complex dtype over " + this);
        };
    }

    public boolean isBool() {
        return this == BOOL;
    }

    @Override
    public String toString() {
        return pyName;
    }

    public static DType byName(String name) {
        for (DType d : values()) {
            if (d.pyName.equals(name)) {
                return d;
            }
        }
        return null;
    }
}

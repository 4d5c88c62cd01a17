package jx.array;

/** The element types of jx arrays. float64/int64 exist only under --x64, as with jax_enable_x64. */
public enum DType {
    BOOL("bool", 1),
    INT8("int8", 1),
    UINT8("uint8", 1),
    INT16("int16", 2),
    UINT16("uint16", 2),
    INT32("int32", 4),
    UINT32("uint32", 4),
    INT64("int64", 8),
    /** A name only: canonicalized to uint32 without x64, refused by array creation under it (see {@link #wide}). */
    UINT64("uint64", 8),
    FLOAT16("float16", 2),
    BFLOAT16("bfloat16", 2),
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
        return this == FLOAT16 || this == BFLOAT16 || this == FLOAT32 || this == FLOAT64;
    }

    public boolean isInteger() {
        return switch (this) {
            case INT8, UINT8, INT16, UINT16, INT32, UINT32, INT64, UINT64 -> true;
            default -> false;
        };
    }

    public boolean isUnsigned() {
        return this == UINT8 || this == UINT16 || this == UINT32 || this == UINT64;
    }

    /** The 8- and 16-bit dtypes, which kernels compute in {@link #wide()} and round or wrap back on store. */
    public boolean isNarrow() {
        return wide() != this;
    }

    /**
     * The dtype a narrow dtype's kernels compute in: int32 for the 8- and 16-bit integers (every
     * result wraps to the narrow width on store, exact for +, -, *, bit operations and comparisons),
     * float32 for float16/bfloat16 (one rounding of the float32 result: for +, -, *, / and sqrt the
     * correctly rounded narrow result, as float32 carries more than twice their bits; XLA's CPU
     * backend upcasts them the same way). Every other dtype is its own.
     */
    public DType wide() {
        return switch (this) {
            case INT8, UINT8, INT16, UINT16 -> INT32;
            case FLOAT16, BFLOAT16 -> FLOAT32;
            default -> this;
        };
    }

    /** Bits of an integer dtype (8 for int8/uint8, ...). */
    public int bits() {
        return itemSize * 8;
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

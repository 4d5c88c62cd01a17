package jx.array;

/** The element types of jx arrays. float64/int64 exist only under --x64, as with jax_enable_x64. */
public enum DType {
    BOOL("bool", 1),
    INT32("int32", 4),
    UINT32("uint32", 4),
    INT64("int64", 8),
    FLOAT32("float32", 4),
    FLOAT64("float64", 8);

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

package jx.array.cpu;

import jx.array.Backend;
import jx.array.DType;

/** A flat CPU buffer; {@code data} is one of float[], double[], int[] (int32 and uint32 bit patterns), long[], boolean[]. */
final class CpuBuffer implements Backend.Buffer {
    final DType dtype;
    final Object data;
    final int size;

    CpuBuffer(DType dtype, Object data) {
        this.dtype = dtype;
        this.data = data;
        this.size = java.lang.reflect.Array.getLength(data);
    }

    @Override
    public DType dtype() {
        return dtype;
    }

    @Override
    public int size() {
        return size;
    }
}

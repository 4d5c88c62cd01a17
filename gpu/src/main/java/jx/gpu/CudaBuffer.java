package jx.gpu;

import java.lang.ref.Cleaner;

import jcuda.driver.CUdeviceptr;
import jx.array.Backend;
import jx.array.DType;

/**
 * A device buffer: a pool block holding {@code size} elements. When the last Array using it dies,
 * the Cleaner hands the block back to the pool (see {@link DevicePool}). Empty buffers own no block.
 */
final class CudaBuffer implements Backend.Buffer {
    private static final Cleaner CLEANER = Cleaner.create();

    private final DType dtype;
    private final int size;
    private final CUdeviceptr ptr;

    private CudaBuffer(DType dtype, int size, CUdeviceptr ptr) {
        this.dtype = dtype;
        this.size = size;
        this.ptr = ptr;
    }

    static CudaBuffer allocate(DevicePool pool, DType dtype, int size) {
        if (size == 0) {
            return new CudaBuffer(dtype, 0, new CUdeviceptr());
        }
        DevicePool.Block block = pool.allocate((long) size * dtype.itemSize());
        CudaBuffer b = new CudaBuffer(dtype, size, block.ptr());
        // The action must not refer to the buffer, or the buffer would never become unreachable.
        CLEANER.register(b, () -> pool.giveBack(block));
        return b;
    }

    CUdeviceptr ptr() {
        return ptr;
    }

    /** The address of element {@code index}. */
    CUdeviceptr at(long index) {
        return ptr.withByteOffset(index * dtype.itemSize());
    }

    long bytes() {
        return (long) size * dtype.itemSize();
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

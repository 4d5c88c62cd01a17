package jx.gpu;

import static jcuda.driver.JCudaDriver.cuCtxSynchronize;
import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

import jcuda.CudaException;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUresult;
import jx.array.ArrayException;

/**
 * A caching allocator of device memory. Requests are rounded up to size classes (four per
 * power of two, at least 512 bytes, so waste stays under 25% and every block is word-aligned
 * and word-sized for byte atomics); a block that comes back goes to its class's free list and is
 * handed out again without calling the driver.
 *
 * <p>Blocks come back when their buffer becomes unreachable: {@link CudaBuffer} registers a
 * {@link java.lang.ref.Cleaner} action that queues the block here (the Cleaner's thread never
 * calls CUDA; the allocating thread drains the queue). The JVM's collector does not see device
 * memory, so a loop of small Java objects holding large device buffers could outrun it. So before
 * reserving more from the driver the pool asks for a collection (and waits for the Cleaner)
 * whenever {@link #COLLECT_EVERY} bytes were reserved since the last one, when the total would
 * pass {@link #budget}, and when the driver is out of memory. In a training loop whose live
 * arrays are the same from step to step, reserved memory therefore grows to the live set plus at
 * most one collection interval of temporaries, after which every step's temporaries are found
 * again in the free lists: it stays flat for any number of steps.
 */
final class DevicePool {
    private static final int MIN_BLOCK = 512;
    static final long COLLECT_EVERY = 256L << 20;

    /** A reserved block: its class size is what it occupies on the device. */
    record Block(CUdeviceptr ptr, long bytes) {}

    private final Map<Long, ArrayDeque<CUdeviceptr>> free = new HashMap<>();
    private final ConcurrentLinkedQueue<Block> returned = new ConcurrentLinkedQueue<>();
    private final long budget;
    private long reserved;
    private long inUse;
    private long sinceCollect;

    DevicePool(long budget) {
        this.budget = budget;
    }

    /** The size class of a request: the next of 2^e * {1, 1.25, 1.5, 1.75}, at least 512 bytes. */
    static long classSize(long bytes) {
        if (bytes <= MIN_BLOCK) {
            return MIN_BLOCK;
        }
        long top = Long.highestOneBit(bytes);
        long quarter = top / 4;
        return (bytes + quarter - 1) / quarter * quarter;
    }

    /** Called from the Cleaner's thread. */
    void giveBack(Block b) {
        returned.add(b);
    }

    private void drain() {
        Block b;
        while ((b = returned.poll()) != null) {
            free.computeIfAbsent(b.bytes(), k -> new ArrayDeque<>()).push(b.ptr());
            inUse -= b.bytes();
        }
    }

    synchronized Block allocate(long bytes) {
        long size = classSize(bytes);
        drain();
        CUdeviceptr p = take(size);
        if (p == null && (reserved + size > budget || sinceCollect + size > COLLECT_EVERY)) {
            collect();
            p = take(size);
        }
        if (p == null) {
            p = reserve(size);
            sinceCollect += size;
        }
        inUse += size;
        return new Block(p, size);
    }

    private CUdeviceptr take(long size) {
        ArrayDeque<CUdeviceptr> list = free.get(size);
        return list == null || list.isEmpty() ? null : list.pop();
    }

    /** Runs the collector and waits (briefly) for the Cleaner to hand back what died. */
    private void collect() {
        System.gc();
        long deadline = System.nanoTime() + 50_000_000L;
        while (returned.isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        // The Cleaner hands blocks back one by one: give it a moment to finish the batch.
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        drain();
        sinceCollect = 0;
    }

    private CUdeviceptr reserve(long size) {
        CUdeviceptr p = new CUdeviceptr();
        try {
            cuMemAlloc(p, size);
        } catch (CudaException e) {
            if (!e.getMessage().contains(CUresult.stringFor(CUresult.CUDA_ERROR_OUT_OF_MEMORY))) {
                throw e;
            }
            collect();
            CUdeviceptr again = take(size);
            if (again != null) {
                return again;
            }
            releaseFree();
            try {
                cuMemAlloc(p, size);
            } catch (CudaException e2) {
                throw new ArrayException("out of GPU memory allocating " + size + " bytes (" + inUse
                        + " bytes in live arrays)");
            }
        }
        reserved += size;
        return p;
    }

    /** Returns every cached free block to the driver (after the device finished with them). */
    private void releaseFree() {
        cuCtxSynchronize();
        for (Map.Entry<Long, ArrayDeque<CUdeviceptr>> e : free.entrySet()) {
            for (CUdeviceptr p : e.getValue()) {
                cuMemFree(p);
                reserved -= e.getKey();
            }
            e.getValue().clear();
        }
    }

    /** Bytes reserved from the driver (live plus cached). */
    synchronized long reserved() {
        return reserved;
    }

    /** The most bytes this pool hands out. */
    long budget() {
        return budget;
    }

    /** Bytes in blocks not yet given back. */
    synchronized long inUse() {
        drain();
        return inUse;
    }
}

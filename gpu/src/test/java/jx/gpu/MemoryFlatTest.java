package jx.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import jx.array.Array;
import jx.array.ArrayContext;
import jx.array.DType;
import jx.array.Ops;

/**
 * GPU-only: 10,000 steps of a gradient-descent loop (matmul, elementwise, reduction, new arrays
 * every step) keep the device memory reserved by the pool flat once warmed up.
 */
class MemoryFlatTest {
    private static Array step(Array w, Array x, Array y) {
        Array err = Ops.sub(Ops.matmul(x, w), y);
        Array grad = Ops.matmul(Ops.transpose(x, new int[] {1, 0}), err);
        return Ops.sub(w, Ops.mul(Ops.full(new int[0], DType.FLOAT32, 1e-4), grad));
    }

    @Test
    void tenThousandStepsHoldReservedMemoryFlat() {
        CudaBackend gpu = Gpu.backend();
        new ArrayContext(gpu, false).run(() -> {
            Array x = Ops.reshape(Ops.arange(0, 256 * 64, 1, DType.FLOAT32), new int[] {256, 64});
            x = Ops.mul(x, Ops.full(new int[0], DType.FLOAT32, 1e-4));
            Array y = Ops.full(new int[] {256, 1}, DType.FLOAT32, 1.0);
            Array w = Ops.full(new int[] {64, 1}, DType.FLOAT32, 0.0);
            long warm = 0;
            for (int i = 0; i < 10_000; i++) {
                w = step(w, x, y);
                if (i == 999) {
                    warm = gpu.pool().reserved();
                }
            }
            long end = gpu.pool().reserved();
            assertTrue(end <= warm + DevicePool.COLLECT_EVERY, "reserved grew from " + warm + " to " + end + " bytes");
            assertEquals(64, w.size());
            assertTrue(Double.isFinite(w.toHost().floats()[0]));
        });
    }
}

package jx.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import jx.array.Backend;
import jx.array.Backends;
import jx.run.Devices;
import jx.run.JxException;

/** Device selection through ServiceLoader, as the CLI does it. */
class CudaProviderTest {
    @Test
    void withoutADeviceCudaIsAUsageErrorOfOneLineAndAutoIsTheCpu() {
        Assumptions.assumeFalse(Gpu.available(), "a CUDA device is present: the no-device path is not taken here");
        JxException e = assertThrows(JxException.class, () -> Devices.select("cuda"));
        assertEquals(JxException.Kind.USAGE, e.kind());
        assertTrue(e.getMessage().startsWith("jx: --device cuda: no usable CUDA device: "), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        // The reason is found once and repeated: JCuda's later failures would be NoClassDefFoundError.
        assertEquals(e.getMessage(), assertThrows(JxException.class, () -> Devices.select("cuda")).getMessage());
        Devices.select("auto");
        assertEquals("cpu", Backends.current().name());
    }

    @Test
    void withADeviceCudaAndAutoBothPickIt() {
        Assumptions.assumeTrue(Gpu.available(), "no usable CUDA device");
        Backend before = Backends.current();
        try {
            Devices.select("cuda");
            assertEquals("cuda", Backends.current().name());
            Devices.select("cpu");
            assertEquals("cpu", Backends.current().name());
            Devices.select("auto");
            assertEquals("cuda", Backends.current().name());
        } finally {
            Backends.set(before);
        }
    }
}

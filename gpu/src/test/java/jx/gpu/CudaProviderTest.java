package jx.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import jx.run.Devices;
import jx.diag.JxException;

/** Device selection through ServiceLoader, as the CLI does it. */
class CudaProviderTest {
    @Test
    void withoutADeviceCudaIsAUsageErrorOfOneLineAndAutoIsTheCpu() {
        Assumptions.assumeFalse(Gpu.available(), "a CUDA device is present: the no-device path is not taken here");
        JxException e = assertThrows(JxException.class, () -> Devices.open("cuda"));
        assertEquals(JxException.Kind.USAGE, e.kind());
        assertTrue(e.getMessage().startsWith("jx: --device cuda: no usable CUDA device: "), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        // The reason is found once and repeated: JCuda's later failures would be NoClassDefFoundError.
        assertEquals(e.getMessage(), assertThrows(JxException.class, () -> Devices.open("cuda")).getMessage());
        assertEquals("cpu", Devices.open("auto").name());
    }

    @Test
    void withADeviceCudaAndAutoBothPickIt() {
        Assumptions.assumeTrue(Gpu.available(), "no usable CUDA device");
        assertEquals("cuda", Devices.open("cuda").name());
        assertEquals("cpu", Devices.open("cpu").name());
        assertEquals("cuda", Devices.open("auto").name());
    }
}

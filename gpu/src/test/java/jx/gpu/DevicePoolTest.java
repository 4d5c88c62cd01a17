package jx.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DevicePoolTest {
    @Test
    void smallRequestsShareTheSmallestClass() {
        assertEquals(512, DevicePool.classSize(1));
        assertEquals(512, DevicePool.classSize(512));
    }

    @Test
    void classesAreQuartersOfAPowerOfTwo() {
        assertEquals(640, DevicePool.classSize(513));
        assertEquals(1024, DevicePool.classSize(1000));
        assertEquals(1280, DevicePool.classSize(1025));
        assertEquals(400_000_000L / (1L << 26) * (1L << 26) + (1L << 26), DevicePool.classSize(400_000_000L));
    }

    @Test
    void everyClassFitsItsRequestWithUnderAQuarterWastedAndIsWordSized() {
        for (long bytes = 1; bytes < 1 << 22; bytes = bytes * 3 / 2 + 1) {
            long c = DevicePool.classSize(bytes);
            assertTrue(c >= bytes && (c <= 512 || c - bytes < c / 4 + 1), bytes + " -> " + c);
            assertEquals(0, c % 4);
        }
    }
}

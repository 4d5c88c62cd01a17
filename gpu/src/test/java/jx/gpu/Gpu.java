package jx.gpu;

import org.junit.jupiter.api.Assumptions;

/** The CUDA backend for GPU-only tests, which skip (with the device's reason) where there is none. */
final class Gpu {
    private Gpu() {}

    static CudaBackend backend() {
        try {
            return CudaBackend.open();
        } catch (Exception e) {
            Assumptions.abort("no usable CUDA device: " + e.getMessage());
            throw new IllegalStateException(e);
        }
    }

    static boolean available() {
        try {
            CudaBackend.open();
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}

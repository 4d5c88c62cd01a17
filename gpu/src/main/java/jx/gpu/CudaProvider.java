package jx.gpu;

import jx.array.Backend;
import jx.run.Devices;

/** Offers the CUDA backend to {@code --device cuda|auto} (registered for ServiceLoader). */
public final class CudaProvider implements Devices.Provider {
    @Override
    public String name() {
        return "cuda";
    }

    @Override
    public Backend open() throws Exception {
        return CudaBackend.open();
    }
}

package jx.gpu;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The PTX of each kernel, generated on first use and cached for the life of the process. */
final class PtxGen {
    private static final Map<KernelKey, Ptx> CACHE = new ConcurrentHashMap<>();

    private PtxGen() {}

    static Ptx kernel(KernelKey key) {
        return CACHE.computeIfAbsent(key, KernelKey::build);
    }

    /** A complete module holding just this kernel, for cuModuleLoadData. */
    static String module(KernelKey key) {
        return kernel(key).module();
    }

    static String name(KernelKey key) {
        return kernel(key).name();
    }
}

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
        if (!driverInstalled()) {
            // Loading JCuda's natives only to learn that libcuda is missing costs a tenth of a second.
            throw new IllegalStateException("no NVIDIA driver: libcuda.so.1 was not found");
        }
        return CudaBackend.open();
    }

    /** Whether libcuda.so.1 is in a directory the dynamic linker searches. */
    static boolean driverInstalled() {
        java.util.List<String> dirs = new java.util.ArrayList<>(java.util.List.of("/usr/lib/x86_64-linux-gnu",
                "/usr/lib64", "/usr/lib", "/lib/x86_64-linux-gnu", "/lib64", "/usr/local/nvidia/lib64",
                "/usr/local/nvidia/lib", "/usr/local/cuda/lib64", "/usr/lib/wsl/lib", "/usr/lib/aarch64-linux-gnu"));
        String ld = System.getenv("LD_LIBRARY_PATH");
        if (ld != null) {
            dirs.addAll(java.util.List.of(ld.split(":")));
        }
        java.nio.file.Path conf = java.nio.file.Path.of("/etc/ld.so.conf.d");
        try (var files = java.nio.file.Files.list(conf)) {
            for (java.nio.file.Path f : files.toList()) {
                for (String line : java.nio.file.Files.readAllLines(f)) {
                    if (line.startsWith("/")) {
                        dirs.add(line.strip());
                    }
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // No ld.so.conf.d: the standard directories above are all there is to search.
        }
        return dirs.stream().anyMatch(d -> !d.isEmpty() && java.nio.file.Files.exists(java.nio.file.Path.of(d, "libcuda.so.1")));
    }
}

package jx.run;

import jx.diag.JxException;
import java.util.ServiceLoader;

import jx.array.Backend;
import jx.array.cpu.CpuBackend;

/**
 * Chooses the backend for --device: "cpu", "cuda" (a GPU backend must be found and work, else a
 * usage error with its one-line reason) or "auto" (the GPU when one works, the CPU otherwise).
 */
public final class Devices {
    private Devices() {}

    /** A backend found at run time (the gpu module provides one through ServiceLoader). */
    public interface Provider {
        String name();

        /** The backend, or an exception whose first line says why there is none here. */
        Backend open() throws Exception;
    }

    /** The backend for {@code device}. */
    public static Backend open(String device) {
        switch (device) {
            case "cpu" -> {
                return new CpuBackend();
            }
            case "cuda", "auto" -> {
                String reason = "the CUDA backend is not installed";
                for (Provider p : ServiceLoader.load(Provider.class)) {
                    try {
                        return p.open();
                    } catch (Exception | LinkageError e) {
                        String msg = String.valueOf(e.getMessage());
                        reason = msg.lines().findFirst().orElse(e.getClass().getSimpleName());
                    }
                }
                if (device.equals("cuda")) {
                    throw new JxException(JxException.Kind.USAGE, "jx: --device cuda: no usable CUDA device: " + reason);
                }
                return new CpuBackend();
            }
            default -> throw new JxException(JxException.Kind.USAGE,
                    "jx: unknown device '" + device + "' (use cpu, cuda or auto)");
        }
    }
}

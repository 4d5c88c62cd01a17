package jx.array;

import jx.array.cpu.CpuBackend;

/** The backend new arrays are created on (the CPU unless the session picks a device). */
public final class Backends {
    private static volatile Backend current = new CpuBackend();

    private Backends() {}

    public static Backend current() {
        return current;
    }

    public static void set(Backend backend) {
        current = backend;
    }
}

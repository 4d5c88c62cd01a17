package jx.array;

import java.util.Locale;

/**
 * Whether a new array or Python container fits, decided before anything is allocated. Waiting for
 * the JVM's OutOfMemoryError is no answer: it names no line, arrives after the heap has grown (the
 * REPL then stays that big), and a Java array cannot hold more than about 2**31 elements anyway.
 * Errors are worded as NumPy words them ("Unable to allocate 3.35 GiB for an array with shape ...").
 */
public final class Budget {
    /** The most elements a Java array (hence a buffer) can hold. */
    static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private Budget() {
    }

    /**
     * A Python int used as a dimension (or axis): one that does not fit jx's 32-bit sizes can only
     * ask for too much memory, and must not wrap to a small or negative size.
     */
    public static int dim(long v) {
        if (v > Integer.MAX_VALUE) {
            throw new ArrayException("MemoryError: Unable to allocate an array with a dimension of " + v
                    + ": jx arrays hold at most " + MAX_ELEMENTS + " elements");
        }
        if (v < Integer.MIN_VALUE) {
            throw new ArrayException("ValueError: negative dimensions are not allowed");
        }
        return (int) v;
    }

    /** The element count of {@code shape}: a negative dimension is NumPy's ValueError, too many a MemoryError. */
    public static int size(int[] shape) {
        long n = 1;
        boolean overflow = false;
        for (int d : shape) {
            if (d < 0) {
                throw new ArrayException("ValueError: negative dimensions are not allowed");
            }
            n *= d;
            overflow |= n > MAX_ELEMENTS;
        }
        if (n == 0) {
            return 0;
        }
        if (overflow) {
            throw new ArrayException("MemoryError: Unable to allocate an array with shape " + Ops.shapeString(shape)
                    + ": jx arrays hold at most " + MAX_ELEMENTS + " elements");
        }
        return (int) n;
    }

    /**
     * Checks that an array of {@code shape} and {@code dtype} fits in the memory left (the JVM's
     * heap, and the device's when the backend has its own), returning its element count.
     * {@code hostBytesPerElement} is what building it on the host costs besides (0 when nothing).
     */
    public static int array(long[] shape, DType dtype, int hostBytesPerElement) {
        double n = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) {
                throw new ArrayException("ValueError: negative dimensions are not allowed");
            }
            n *= shape[i];
        }
        double bytes = n * dtype.itemSize();
        Backend be = ArrayContext.current().backend();
        boolean onHeap = be.freeBytes() == Long.MAX_VALUE;
        double heapBytes = (onHeap ? bytes : 0) + n * hostBytesPerElement;
        if (n > MAX_ELEMENTS || !fits(heapBytes, bytes, onHeap ? null : be)) {
            throw new ArrayException("MemoryError: Unable to allocate " + human(bytes) + " for an array with shape "
                    + shapeText(shape) + " and data type " + dtype);
        }
        return (int) n;
    }

    /** {@link #array(long[], DType, int)} for a backend's fill: the CPU's stages values as 64-bit, a device's does not. */
    public static int array(int[] shape, DType dtype) {
        long[] l = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            l[i] = shape[i];
        }
        return array(l, dtype, ArrayContext.current().backend().freeBytes() == Long.MAX_VALUE ? 8 : 0);
    }

    /**
     * Checks a Python container of {@code n} items ({@code [0] * n}, {@code list(range(n))}, a string
     * of n characters) before building it, at {@code bytesPerItem} each; returns n as an int.
     */
    public static int items(double n, int bytesPerItem, String what) {
        if (n > MAX_ELEMENTS || !fits(n * bytesPerItem, 0, null)) {
            throw new ArrayException("MemoryError: " + what + " of " + String.format(Locale.ROOT, "%.0f", n)
                    + " items would need " + human(n * bytesPerItem) + ", more than the memory left");
        }
        return (int) Math.max(0, n);
    }

    /** Checks that {@code bytes} more bytes fit (a file being read, a member being decompressed). */
    public static void bytes(double bytes, String what) {
        if (bytes > MAX_ELEMENTS || !fits(bytes, 0, null)) {
            throw new ArrayException("MemoryError: " + what + " needs more than " + human(bytes) + ", more than the memory left");
        }
    }

    /** What an OutOfMemoryError that the checks above did not foresee (many mid-sized temporaries) says. */
    public static String exhausted() {
        return "MemoryError: out of memory (the JVM heap holds " + human(Runtime.getRuntime().maxMemory()) + ")";
    }

    public static final String EXHAUSTED_HINT = "work on smaller arrays, or give jx more memory: JX_JAVA_OPTS=-Xmx16g";

    /**
     * Whether {@code bytes} fit in the heap (after a collection when it looks full) and
     * {@code deviceBytes} in {@code device}'s memory (when it has its own).
     */
    private static boolean fits(double bytes, double deviceBytes, Backend device) {
        if (device != null && deviceBytes > device.freeBytes()) {
            // Buffers of unreachable arrays go back to the device's pool once collected.
            collect();
            if (deviceBytes > device.freeBytes()) {
                return false;
            }
        }
        if (bytes < 1 << 24) {
            return true;
        }
        Runtime rt = Runtime.getRuntime();
        if (bytes > rt.maxMemory()) {
            return false;
        }
        if (bytes <= heapLeft(rt)) {
            return true;
        }
        collect(); // garbage of earlier statements counts as used until collected
        return bytes <= heapLeft(rt);
    }

    private static void collect() {
        System.gc();
        try {
            Thread.sleep(20); // cleaners that return device buffers run on their own thread
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long heapLeft(Runtime rt) {
        // A safety margin: the operation itself needs some room beside its result.
        return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory()) - (32L << 20);
    }

    /** NumPy's size wording (numpy/core/_exceptions.py): 3.35 GiB, 8.00 GiB, 512. MiB, 100 bytes. */
    static String human(double bytes) {
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        int u = bytes < 2 ? 0 : Math.min(units.length - 1, (63 - Long.numberOfLeadingZeros((long) Math.min(bytes, Long.MAX_VALUE))) / 10);
        if (u == 0) {
            return (long) bytes + " bytes";
        }
        double n = bytes / Math.pow(1024, u);
        if (Math.round(n) == 1024 && u < units.length - 1) {
            u++;
            n /= 1024;
        }
        if (Math.round(n) >= 1000) {
            return String.format(Locale.ROOT, "%.0f. %s", n, units[u]);
        }
        String s = String.format(Locale.ROOT, "%.3g", n);
        return (s.contains(".") ? s : s + ".") + " " + units[u];
    }

    private static String shapeText(long[] shape) {
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            s.append(i > 0 ? ", " : "").append(shape[i]);
        }
        return s.append(shape.length == 1 ? ",)" : ")").toString();
    }
}

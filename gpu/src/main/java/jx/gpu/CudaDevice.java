package jx.gpu;

import static jcuda.driver.JCudaDriver.cuCtxCreate;
import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDeviceGetCount;
import static jcuda.driver.JCudaDriver.cuDeviceGetName;
import static jcuda.driver.JCudaDriver.cuDeviceTotalMem;
import static jcuda.driver.JCudaDriver.cuInit;
import static jcuda.driver.JCudaDriver.cuLaunchKernel;
import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;

import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jcuda.CudaException;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.JCudaDriver;

/**
 * The CUDA device 0 through the JCuda driver API: one context, one module per generated kernel
 * (loaded on first use; the driver JIT-compiles the PTX and caches it on disk), launches on the
 * default stream so that every operation runs in program order.
 */
final class CudaDevice {
    /** Why the device cannot be opened, found once: later attempts would only repeat it more obscurely. */
    private static String failure;
    private static CudaDevice opened;

    private final CUcontext context;
    private final String name;
    private final long totalMemory;
    private final Map<KernelKey, CUfunction> functions = new ConcurrentHashMap<>();
    /** The context is current per thread: jx code runs on its own thread, and the REPL may switch. */
    private final ThreadLocal<Boolean> bound = ThreadLocal.withInitial(() -> false);

    private CudaDevice(CUcontext context, String name, long totalMemory) {
        this.context = context;
        this.name = name;
        this.totalMemory = totalMemory;
        bound.set(true);
    }

    /**
     * Device 0, or an exception whose first line says why there is none. Without a driver JCuda
     * throws UnsatisfiedLinkError (then NoClassDefFoundError on later calls); with a driver but no
     * device, CudaException: so the first failure is kept and reported every time.
     */
    static synchronized CudaDevice open() throws Exception {
        if (opened != null) {
            return opened;
        }
        if (failure == null) {
            try {
                JCudaDriver.setExceptionsEnabled(true);
                cuInit(0);
                int[] count = new int[1];
                cuDeviceGetCount(count);
                if (count[0] == 0) {
                    failure = "the driver reports no CUDA device";
                } else {
                    CUdevice dev = new CUdevice();
                    cuDeviceGet(dev, 0);
                    byte[] raw = new byte[256];
                    cuDeviceGetName(raw, raw.length, dev);
                    long[] total = new long[1];
                    cuDeviceTotalMem(total, dev);
                    CUcontext ctx = new CUcontext();
                    cuCtxCreate(ctx, 0, dev);
                    opened = new CudaDevice(ctx, cString(raw), total[0]);
                    return opened;
                }
            } catch (LinkageError | CudaException e) {
                failure = firstLine(e);
            }
        }
        throw new Exception(failure);
    }

    private static String cString(byte[] raw) {
        int n = 0;
        while (n < raw.length && raw[n] != 0) {
            n++;
        }
        return new String(raw, 0, n, StandardCharsets.US_ASCII);
    }

    private static String firstLine(Throwable e) {
        String msg = e.getMessage();
        if (msg == null || msg.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return msg.strip().lines().findFirst().orElse(msg);
    }

    String name() {
        return name;
    }

    long totalMemory() {
        return totalMemory;
    }

    /** Makes the context current on the calling thread (once per thread). */
    void enter() {
        if (!bound.get()) {
            cuCtxSetCurrent(context);
            bound.set(true);
        }
    }

    private CUfunction function(KernelKey key) {
        return functions.computeIfAbsent(key, k -> {
            CUmodule module = new CUmodule();
            cuModuleLoadData(module, PtxGen.module(k) + "\0");
            CUfunction f = new CUfunction();
            cuModuleGetFunction(f, module, PtxGen.name(k));
            return f;
        });
    }

    /** A kernel argument: the address of element {@code index} of a buffer. */
    record At(CudaBuffer buffer, long index) {}

    /**
     * Launches {@code key} on a (gx, gy, gz) grid of {@code block}-thread blocks. Arguments are
     * buffers or {@link At}s (pointer params), Integers (u32/s32) or Longs (u64), in the kernel's
     * order. The buffers stay reachable until the launch is queued: a buffer collected earlier
     * could have its block handed to this very launch's output.
     */
    void launch(KernelKey key, int gx, int gy, int gz, int block, Object... args) {
        Pointer[] params = new Pointer[args.length];
        for (int i = 0; i < args.length; i++) {
            params[i] = switch (args[i]) {
                case CudaBuffer b -> Pointer.to(b.ptr());
                case At a -> Pointer.to(a.buffer().at(a.index()));
                case Integer v -> Pointer.to(new int[] {v});
                case Long v -> Pointer.to(new long[] {v});
                default -> throw new IllegalArgumentException("kernel argument " + args[i]);
            };
        }
        cuLaunchKernel(function(key), gx, gy, gz, block, 1, 1, 0, null, Pointer.to(params), null);
        Reference.reachabilityFence(args);
    }

    /** One thread per element of n, in blocks of 256. */
    void launch1d(KernelKey key, int n, Object... args) {
        launch(key, (int) ((n + 255L) / 256), 1, 1, 256, args);
    }
}

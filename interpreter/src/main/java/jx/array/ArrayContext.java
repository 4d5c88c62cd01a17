package jx.array;

import java.util.function.Supplier;

/**
 * What array operations take from the session that runs them: the backend new arrays are made on,
 * whether 64-bit types are on (jax_enable_x64, which a program may switch) and which threefry
 * scheme jax.random uses (jax_threefry_partitionable). A session owns one
 * and binds it to the thread for each of its calls, so two sessions in one JVM never see each
 * other's settings; an operation on a thread with nothing bound is a bug, and says so.
 */
public final class ArrayContext {
    private static final ThreadLocal<ArrayContext> BOUND = new ThreadLocal<>();

    private final Backend backend;
    private volatile boolean x64;
    private volatile boolean threefryPartitionable = true;

    public ArrayContext(Backend backend, boolean x64) {
        this.backend = backend;
        this.x64 = x64;
    }

    /** The context bound to this thread. */
    public static ArrayContext current() {
        ArrayContext c = BOUND.get();
        if (c == null) {
            throw new IllegalStateException("no array context is bound to this thread (run array code through a session)");
        }
        return c;
    }

    public Backend backend() {
        return backend;
    }

    public boolean x64() {
        return x64;
    }

    public void setX64(boolean enabled) {
        x64 = enabled;
    }

    /** jax_threefry_partitionable: on by default as in JAX 0.5.0 and later; off gives older JAX's draws. */
    public boolean threefryPartitionable() {
        return threefryPartitionable;
    }

    public void setThreefryPartitionable(boolean enabled) {
        threefryPartitionable = enabled;
    }

    /** Runs body with this context bound, then gives the thread back what it had. */
    public <T> T call(Supplier<T> body) {
        ArrayContext previous = BOUND.get();
        BOUND.set(this);
        try {
            return body.get();
        } finally {
            if (previous == null) {
                BOUND.remove();
            } else {
                BOUND.set(previous);
            }
        }
    }

    public void run(Runnable body) {
        call(() -> {
            body.run();
            return null;
        });
    }

    /** Binds this context to the calling thread for good: for threads that only ever serve it (tests). */
    public ArrayContext bindToThisThread() {
        BOUND.set(this);
        return this;
    }
}

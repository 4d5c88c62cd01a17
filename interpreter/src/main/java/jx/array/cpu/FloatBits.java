package jx.array.cpu;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.util.List;

/**
 * float32 max and min as integer reductions over the floats' bit patterns. C2 keeps Java's
 * Math.max(float, float) rules (NaN wins, +0 over -0) with a blend sequence it does not vectorise
 * profitably: a 1e7 max took 2.6-6 ms of one core's time as a scalar loop, 1.3-2.2 ms this way.
 * A float's bits b map to the int key b ^ ((b >> 31) & 0x7fffffff), which orders as the floats do,
 * -0 just under +0; a NaN is seen by the largest magnitude |b| above infinity's.
 *
 * The float[] is read as ints through a MemorySegment, found reflectively: the project compiles
 * for Java 21, where java.lang.foreign is a preview API. Where it is missing or has another shape
 * (JDK 21), {@link #AVAILABLE} is false and the callers keep their float loops.
 */
final class FloatBits {
    private FloatBits() {}

    private static final MethodHandle OF_ARRAY;
    /** (MemorySegment, long byte offset) -> int. */
    private static final VarHandle INT;

    static final boolean AVAILABLE;

    static {
        MethodHandle of = null;
        VarHandle h = null;
        try {
            Class<?> segment = Class.forName("java.lang.foreign.MemorySegment");
            Class<?> layout = Class.forName("java.lang.foreign.ValueLayout");
            Object javaInt = layout.getField("JAVA_INT").get(null);
            VarHandle v = (VarHandle) layout.getMethod("varHandle").invoke(javaInt);
            if (v.coordinateTypes().equals(List.of(segment, long.class))) {
                h = v;
                of = MethodHandles.publicLookup()
                        .findStatic(segment, "ofArray", MethodType.methodType(segment, float[].class))
                        .asType(MethodType.methodType(Object.class, float[].class));
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            h = null;
            of = null;
        }
        OF_ARRAY = of;
        INT = h;
        AVAILABLE = h != null;
    }

    private static final int NEG_INF_KEY = key(Float.floatToRawIntBits(Float.NEGATIVE_INFINITY));
    private static final int POS_INF_KEY = key(Float.floatToRawIntBits(Float.POSITIVE_INFINITY));
    private static final int INF_BITS = 0x7f800000;

    /** The key's map is its own inverse. */
    private static int key(int b) {
        return b ^ ((b >> 31) & 0x7fffffff);
    }

    private static Object segment(float[] v) {
        try {
            return OF_ARRAY.invokeExact(v);
        } catch (Throwable e) {
            throw new IllegalStateException("MemorySegment.ofArray failed", e);
        }
    }

    /** max of v[lo, hi) with Math.max's rules (-inf when empty); only when AVAILABLE. */
    static float max(float[] v, int lo, int hi) {
        Object s = segment(v);
        int k = NEG_INF_KEY;
        int mag = 0;
        for (int i = lo; i < hi; i++) {
            int b = (int) INT.get(s, (long) i << 2);
            k = Math.max(k, b ^ ((b >> 31) & 0x7fffffff));
            mag = Math.max(mag, b & 0x7fffffff);
        }
        return mag > INF_BITS ? Float.NaN : Float.intBitsToFloat(key(k));
    }

    /** min of v[lo, hi) with Math.min's rules (+inf when empty); only when AVAILABLE. */
    static float min(float[] v, int lo, int hi) {
        Object s = segment(v);
        int k = POS_INF_KEY;
        int mag = 0;
        for (int i = lo; i < hi; i++) {
            int b = (int) INT.get(s, (long) i << 2);
            k = Math.min(k, b ^ ((b >> 31) & 0x7fffffff));
            mag = Math.max(mag, b & 0x7fffffff);
        }
        return mag > INF_BITS ? Float.NaN : Float.intBitsToFloat(key(k));
    }
}

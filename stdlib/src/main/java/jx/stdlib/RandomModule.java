package jx.stdlib;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jx.array.Array;
import jx.array.ArrayIndexing;
import jx.array.Backend.ScanOp;
import jx.array.Backend.UnaryOp;
import jx.array.Budget;
import jx.array.DType;
import jx.array.HostData;
import jx.array.Index;
import jx.array.Ops;
import jx.array.Threefry;
import jx.eval.Builtins;
import jx.eval.Convert;
import jx.eval.EvalError;
import jx.eval.Interp;
import jx.eval.Values;

/**
 * jax.random, built as JAX builds it (jax/_src/random.py and prng.py of JAX 0.5 and later, where
 * jax_threefry_partitionable is on by default): a key is a uint32[2], element i of any draw hashes
 * the 64-bit counter i with threefry2x32 under the key, split(key, n)[i] = hash(key, (0, i)) and
 * fold_in(key, d) = hash(key, (0, d)). With jax_threefry_partitionable off (JAX before 0.5, whose
 * values the older notebooks stored) split and the bits come from threefry_2x32 over iota(n)
 * instead (see {@link #words}). Bits are made on the host; the samplers then use Ops, so the
 * float arithmetic is float32 operation by operation, as XLA's.
 */
final class RandomModule {
    private RandomModule() {}

    private static final long MASK32 = 0xFFFFFFFFL;

    /** Where a sampler's n random words come from, in draw order (64-bit words where wide). */
    private interface Bits {
        long[] bits(int n, boolean wide);
    }

    /** A batch of keys as one source: each key's draw of n / keys words, one key after another. */
    private record KeyBatch(long[] words) implements Bits {
        @Override
        public long[] bits(int n, boolean wide) {
            int keys = words.length / 2;
            int per = n / keys;
            long[] out = new long[n];
            for (int i = 0; i < keys; i++) {
                Key k = new Key((int) words[2 * i], (int) words[2 * i + 1]);
                System.arraycopy(k.bits(per, wide), 0, out, i * per, per);
            }
            return out;
        }
    }

    /** A key's two words; a batch of keys or a non-key is refused as JAX refuses it. */
    private record Key(int k0, int k1) implements Bits {
        @Override
        public long[] bits(int n, boolean wide) {
            return wide ? bits64(this, n) : bits32(this, n);
        }

        Array toArray() {
            return uint32(new int[] {2}, new long[] {k0 & MASK32, k1 & MASK32});
        }
    }

    /** jax.random, its rows declared as jax.random.NAME (no derivatives: draws are constants of a key). */
    static Values.Module create(jx.prim.Registry registry) {
        Table t = new Table();
        t.fn("PRNGKey(seed)", (in, a) -> seed(a[0]).toArray());
        // jax.random.key makes a typed key in JAX; jx keeps keys as their uint32[2] data.
        t.fn("key(seed)", (in, a) -> seed(a[0]).toArray());
        t.fn("key_data(keys)", (in, a) -> keys(in, a[0]));
        t.fn("wrap_key_data(key_bits)", (in, a) -> keys(in, a[0]));
        t.fn("split(key, num=2)", (in, a) -> split(key(in, a[0], "split"), Builtins.shape(in, a[1])));
        t.fn("fold_in(key, data)", (in, a) -> {
            Key k = key(in, a[0], "fold_in");
            long h = Threefry.hash(k.k0, k.k1, 0, (int) Builtins.asIndex(a[1], "fold_in data must be an integer"));
            return new Key((int) (h >>> 32), (int) h).toArray();
        });
        t.fn("bits(key, shape=(), dtype=None)", (in, a) -> {
            if (!NumpyModule.none(a[2])) {
                DType dt = Builtins.dtype(a[2]);
                refuseNarrow(dt, "bits");
                if (dt != DType.UINT32) {
                    throw new EvalError("TypeError: jax.random.bits dtype must be an unsigned integer dtype, got " + dt);
                }
            }
            int[] shape = Builtins.shape(in, a[1]);
            return uint32(shape, bits32(key(in, a[0], "bits"), size(shape)));
        });
        t.fn("uniform(key, shape=(), dtype=None, minval=0.0, maxval=1.0)", (in, a) -> {
            DType dt = floatDType(a[2], "uniform");
            return uniform(key(in, a[0], "uniform"), Builtins.shape(in, a[1]), dt,
                    Convert.toArray(in, a[3], dt), Convert.toArray(in, a[4], dt));
        });
        t.fn("normal(key, shape=(), dtype=None)", (in, a) ->
                normal(key(in, a[0], "normal"), Builtins.shape(in, a[1]), floatDType(a[2], "normal")));
        t.fn("truncated_normal(key, lower, upper, shape=None, dtype=None)", (in, a) -> {
            DType dt = floatDType(a[4], "truncated_normal");
            double lo = ((Number) Convert.item(Convert.toArray(in, a[1], dt))).doubleValue();
            double hi = ((Number) Convert.item(Convert.toArray(in, a[2], dt))).doubleValue();
            return truncatedNormal(key(in, a[0], "truncated_normal"), NumpyModule.none(a[3]) ? new int[0] : Builtins.shape(in, a[3]), dt, lo, hi);
        });
        t.fn("gumbel(key, shape=(), dtype=None)", (in, a) ->
                gumbel(key(in, a[0], "gumbel"), Builtins.shape(in, a[1]), floatDType(a[2], "gumbel")));
        t.fn("exponential(key, shape=(), dtype=None)", (in, a) -> {
            DType dt = floatDType(a[2], "exponential");
            Array u = uniform(key(in, a[0], "exponential"), Builtins.shape(in, a[1]), dt, Array.scalar(0, dt), Array.scalar(1, dt));
            return Ops.neg(Ops.unary(UnaryOp.LOG1P, Ops.neg(u)));
        });
        t.fn("randint(key, shape, minval, maxval, dtype=None)", (in, a) -> {
            DType dt = NumpyModule.none(a[4]) ? Convert.defaultInt() : Builtins.dtype(a[4]);
            if (!dt.isInteger()) {
                throw new EvalError("TypeError: randint only accepts integer dtypes, got " + dt);
            }
            refuseNarrow(dt, "randint");
            return randint(key(in, a[0], "randint"), Builtins.shape(in, a[1]), intArray(in, a[2]), intArray(in, a[3]), dt);
        });
        t.fn("bernoulli(key, p=0.5, shape=None)", (in, a) -> {
            Array p = Convert.toArray(in, a[1], null);
            if (!p.dtype().isFloat()) {
                throw new EvalError("TypeError: bernoulli probability `p` must have a floating dtype, got " + p.dtype() + ".");
            }
            p = p.astype(p.dtype());
            refuseNarrow(p.dtype(), "bernoulli");
            int[] shape = NumpyModule.none(a[2]) ? p.shape() : Builtins.shape(in, a[2]);
            Array u = uniform(key(in, a[0], "bernoulli"), shape, p.dtype(), Array.scalar(0, p.dtype()), Array.scalar(1, p.dtype()));
            return Ops.lt(u, p);
        });
        t.fn("categorical(key, logits, axis=-1, shape=None)", (in, a) ->
                categorical(key(in, a[0], "categorical"), Convert.toArray(in, a[1], null),
                        (int) Builtins.asIndex(a[2], "axis must be an integer"),
                        NumpyModule.none(a[3]) ? null : Builtins.shape(in, a[3])));
        t.fn("permutation(key, x, axis=0, independent=False)", (in, a) ->
                permutation(in, key(in, a[0], "permutation"), a[1], (int) Builtins.asIndex(a[2], "axis must be an integer"),
                        NumpyModule.flag(a[3])));
        t.fn("choice(key, a, shape=(), replace=True, p=None, axis=0)", (in, a) ->
                choice(in, key(in, a[0], "choice"), a[1], Builtins.shape(in, a[2]), NumpyModule.flag(a[3]),
                        NumpyModule.none(a[4]) ? null : Convert.toArray(in, a[4], null),
                        (int) Builtins.asIndex(a[5], "axis must be an integer")));
        // random_gamma_p (gamma, loggamma): a already broadcast to the draw's shape and cast to its dtype.
        // jax/_random_extra.jx wraps it in a custom_jvp whose tangent is _gamma_grad's (the rule's reverse mode
        // calls it again, as a constant of the tangents); _gamma_grad has no derivative, as in JAX.
        t.fn("_gamma(key, a, log_space=False)", (in, a) ->
                gamma(key(in, a[0], "gamma"), Convert.toArray(in, a[1], null), NumpyModule.flag(a[2]))).tags(jx.prim.Tag.NONDIFF);
        t.fn("_gamma_grad(a, x)", (in, a) -> gammaGrad(in, a, GammaGrad::dxda))
                .vjp("_unbroadcast(g * jax.random._gamma_grad_da(a, x), a)", "_unbroadcast(g * jax.random._gamma_grad_dx(a, x), x)")
                .jvp("t * jax.random._gamma_grad_da(a, x)", "t * jax.random._gamma_grad_dx(a, x)");
        // Its derivatives: gamma's rule is reverse-differentiated through it (JAX has no second derivative of a sample).
        t.fn("_gamma_grad_da(a, x)", (in, a) -> gammaGrad(in, a, GammaGrad::d2xda2));
        t.fn("_gamma_grad_dx(a, x)", (in, a) -> gammaGrad(in, a, GammaGrad::d2xdadx));
        batched(t);
        t.declare(registry, "jax.random");
        return t.module("jax.random");
    }

    /**
     * jax.vmap's draws from a batch of keys: _vmap_NAME(keys, ...) is NAME per key of keys (any
     * leading batch axes, then the key's 2 words), each draw exactly the one key's, stacked -- one
     * call instead of a loop of calls, for the templates that batch NAME's key (and, being batched by
     * themselves, nested vmaps).
     */
    private static void batched(Table t) {
        t.fn("_vmap_split(keys, num=2)", (in, a) -> {
            int[] shape = Builtins.shape(in, a[1]);
            int[] keys = Arrays.copyOf(shape, shape.length + 1);
            keys[shape.length] = 2;
            return perKey(in, a[0], k -> split(k, shape), keys);
        }).batch("keys", "jax.random._vmap_split(keys, num)");
        t.row("split").batch("key", "jax.random._vmap_split(key, num)");
        t.fn("_vmap_fold_in(keys, data)", (in, a) -> {
            int d = (int) Builtins.asIndex(a[1], "fold_in data must be an integer");
            return perKey(in, a[0], k -> {
                long h = Threefry.hash(k.k0, k.k1, 0, d);
                return new Key((int) (h >>> 32), (int) h).toArray();
            }, new int[] {2});
        }).batch("keys", "jax.random._vmap_fold_in(keys, data)");
        t.row("fold_in").batch("key", "jax.random._vmap_fold_in(key, data)");
        t.fn("_vmap_bits(keys, shape=(), dtype=None)", (in, a) -> {
            int[] shape = Builtins.shape(in, a[1]);
            int[][] out = new int[1][];
            KeyBatch keys = keyBatch(a[0], shape, out);
            return uint32(out[0], keys.bits(size(out[0]), false));
        }).batch("keys", "jax.random._vmap_bits(keys, shape, dtype)");
        t.row("bits").batch("key", "jax.random._vmap_bits(key, shape, dtype)");
        t.fn("_vmap_uniform(keys, shape=(), dtype=None, minval=0.0, maxval=1.0)", (in, a) -> {
            DType dt = floatDType(a[2], "uniform");
            int[] shape = Builtins.shape(in, a[1]);
            Array lo = Convert.toArray(in, a[3], dt);
            Array hi = Convert.toArray(in, a[4], dt);
            int[][] out = new int[1][];
            KeyBatch keys = keyBatch(a[0], shape, out);
            return uniform(keys, out[0], dt, lo, hi);
        }).batch("keys", "jax.random._vmap_uniform(keys, shape, dtype, minval, maxval)");
        t.row("uniform").batch("key", "jax.random._vmap_uniform(key, shape, dtype, minval, maxval)");
        t.fn("_vmap_normal(keys, shape=(), dtype=None)", (in, a) -> {
            DType dt = floatDType(a[2], "normal");
            int[] shape = Builtins.shape(in, a[1]);
            int[][] out = new int[1][];
            KeyBatch keys = keyBatch(a[0], shape, out);
            return normal(keys, out[0], dt);
        }).batch("keys", "jax.random._vmap_normal(keys, shape, dtype)");
        t.row("normal").batch("key", "jax.random._vmap_normal(key, shape, dtype)");
    }

    /** draw(key) for each key of keys, laid out as keys' batch axes followed by the draw's (shape). */
    private static Array perKey(Interp in, Object v, java.util.function.Function<Key, Array> draw, int[] shape) {
        int[][] out = new int[1][];
        long[] w = keyBatch(v, shape, out).words();
        List<Array> draws = new ArrayList<>();
        for (int i = 0; i < w.length; i += 2) {
            draws.add(draw.apply(new Key((int) w[i], (int) w[i + 1])));
        }
        return Ops.reshape(Ops.stack(draws, 0), out[0]);
    }

    /** A batch of keys (keys' batch axes, then 2 words); out[0] is set to the batch axes followed by shape. */
    private static KeyBatch keyBatch(Object v, int[] shape, int[][] out) {
        if (!(v instanceof Array a)) {
            throw new EvalError("TypeError: unexpected PRNG key type " + jx.eval.PyOps.typeName(v),
                    "make keys with jax.random.PRNGKey(seed) and jax.random.split(key)");
        }
        checkKeyData(a);
        if (a.ndim() < 2) {
            throw new IllegalStateException("a batched draw was given one key");
        }
        int[] batch = Arrays.copyOf(a.shape(), a.ndim() - 1);
        out[0] = Arrays.copyOf(batch, batch.length + shape.length);
        System.arraycopy(shape, 0, out[0], batch.length, shape.length);
        return new KeyBatch(a.toHost().ints());
    }

    // ---- keys ----

    /** threefry_seed: in 32-bit mode the seed's low 32 bits after a zero word; with x64 its two halves. */
    private static Key seed(Object v) {
        if (v instanceof Array a && a.ndim() > 0) {
            throw new EvalError("TypeError: PRNGKey accepts a scalar seed, but was given an array of shape "
                    + Ops.shapeString(a.shape()) + " != (). Use jax.vmap for batching");
        }
        if (v instanceof Double || v instanceof Array a && !a.dtype().isInteger() && !a.dtype().isBool()) {
            throw new EvalError("TypeError: PRNG key seed must be an integer; got " + jx.eval.Printer.repr(v));
        }
        long s = Builtins.asIndex(v, "the seed is an integer");
        return new Key(jx.array.Promotion.x64() ? (int) (s >>> 32) : 0, (int) s);
    }

    private static Array keys(Interp in, Object v) {
        Array a = Convert.toArray(in, v, null);
        checkKeyData(a);
        return a;
    }

    private static void checkKeyData(Array a) {
        if (a.dtype() != DType.UINT32) {
            throw new EvalError("TypeError: JAX encountered invalid PRNG key data: expected key_data.dtype = uint32; got dtype="
                    + a.dtype(), "make keys with jax.random.PRNGKey(seed) and jax.random.split(key)");
        }
        int[] s = a.shape();
        if (s.length == 0 || s[s.length - 1] != 2) {
            throw new EvalError("TypeError: JAX encountered invalid PRNG key data: expected key_data.shape to end with (2,); got shape="
                    + Ops.shapeString(s), "make keys with jax.random.PRNGKey(seed) and jax.random.split(key)");
        }
    }

    private static Key key(Interp in, Object v, String fn) {
        if (!(v instanceof Array a)) {
            throw new EvalError("TypeError: unexpected PRNG key type " + jx.eval.PyOps.typeName(v),
                    "make keys with jax.random.PRNGKey(seed) and jax.random.split(key)");
        }
        checkKeyData(a);
        if (a.ndim() != 1) {
            int[] batch = Arrays.copyOf(a.shape(), a.ndim() - 1);
            throw new EvalError("TypeError: " + fn + " accepts a single key, but was given a key array of shape "
                    + Ops.shapeString(batch) + " != (). Use jax.vmap for batching.");
        }
        long[] w = a.toHost().ints();
        return new Key((int) w[0], (int) w[1]);
    }

    /** _threefry_split_foldlike: key i of the result is the hash of counter (hi(i), lo(i)). */
    private static Array split(Key k, int[] shape) {
        Key[] keys = splitKeys(k, size(shape));
        long[] out = new long[2 * keys.length];
        for (int i = 0; i < keys.length; i++) {
            out[2 * i] = keys[i].k0 & MASK32;
            out[2 * i + 1] = keys[i].k1 & MASK32;
        }
        int[] s = Arrays.copyOf(shape, shape.length + 1);
        s[shape.length] = 2;
        return uint32(s, out);
    }

    private static Key[] split2(Key k) {
        return splitKeys(k, 2);
    }

    private static boolean partitionable() {
        return jx.array.ArrayContext.current().threefryPartitionable();
    }

    /**
     * threefry_2x32(key, iota(n)) of the original (non-partitionable) layout: the counters split in
     * two halves (an odd count padded with a zero), pair i = (i, i + half) hashed, the output the
     * first words of every pair then the second words, cut to n.
     */
    private static long[] words(Key k, int n) {
        int half = (n + 1) / 2;
        long[] out = new long[2 * half];
        for (int i = 0; i < half; i++) {
            long h = Threefry.hash(k.k0, k.k1, i, i + half < n ? i + half : 0);
            out[i] = h >>> 32;
            out[half + i] = h & MASK32;
        }
        return Arrays.copyOf(out, n);
    }

    // ---- bits ----

    /** _threefry_random_bits_partitionable, 32 bits: the two output words of counter i xored. */
    private static long[] bits32(Key k, int n) {
        if (!partitionable()) {
            return words(k, n);
        }
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            long h = Threefry.hash(k.k0, k.k1, 0, i);
            out[i] = ((h >>> 32) ^ h) & MASK32;
        }
        return out;
    }

    /** 64 bits (x64 float64 and int64 draws): the two output words side by side. */
    private static long[] bits64(Key k, int n) {
        long[] out = new long[n];
        if (!partitionable()) {
            // _threefry_random_bits_original: the high words are the first half of 2n words.
            long[] w = words(k, 2 * n);
            for (int i = 0; i < n; i++) {
                out[i] = (w[i] << 32) | w[n + i];
            }
            return out;
        }
        for (int i = 0; i < n; i++) {
            out[i] = Threefry.hash(k.k0, k.k1, 0, i);
        }
        return out;
    }

    private static int size(int[] shape) {
        return Budget.array(shape, DType.UINT32);
    }

    private static Array uint32(int[] shape, long[] values) {
        return Array.fromHost(new HostData(DType.UINT32, shape, false, null, values));
    }

    // ---- samplers ----

    /**
     * JAX draws 8- and 16-bit values from 8- and 16-bit random words (_random_bits with their
     * width), a stream jx does not reproduce yet: refused rather than given other numbers.
     */
    static void refuseNarrow(DType dt, String fn) {
        if (dt.isNarrow() || dt == DType.UINT64) {
            throw new EvalError("NotImplementedError: jax.random." + fn + " with dtype " + dt + " is not implemented in jx"
                    + " (JAX draws it from " + dt.bits() + "-bit random words)",
                    fn.equals("bernoulli") || fn.equals("categorical") ? "pass float32 " + (fn.equals("bernoulli") ? "p" : "logits")
                            + ": .astype(jnp.float32)"
                            : dt.isFloat() ? "draw float32 and convert: jax.random." + fn + "(key, shape).astype(jnp." + dt + ")"
                            : "draw int32 and convert: jax.random." + fn + "(key, shape, lo, hi).astype(jnp." + dt + ")");
        }
    }

    private static DType floatDType(Object v, String fn) {
        DType dt = NumpyModule.none(v) ? Convert.defaultFloat() : Builtins.dtype(v);
        if (!dt.isFloat()) {
            throw new EvalError("ValueError: dtype argument to `" + fn + "` must be a float dtype, got " + dt);
        }
        refuseNarrow(dt, fn);
        return jx.array.Promotion.x64() ? dt : DType.FLOAT32;
    }

    /** Floats in [0, 1) from the mantissa bits with exponent 0, then scaled to [minval, maxval). */
    private static Array unitFloats(Bits k, int[] shape, DType dt) {
        refuseNarrow(dt, "uniform");
        int n = size(shape);
        double[] f = new double[n];
        if (dt == DType.FLOAT64) {
            long[] bits = k.bits(n, true);
            for (int i = 0; i < n; i++) {
                f[i] = Double.longBitsToDouble((bits[i] >>> 12) | 0x3FF0000000000000L) - 1.0;
            }
        } else {
            long[] bits = k.bits(n, false);
            for (int i = 0; i < n; i++) {
                f[i] = Float.intBitsToFloat((int) (bits[i] >>> 9) | 0x3F800000) - 1.0f;
            }
        }
        return Array.fromHost(new HostData(dt, shape, false, f, null));
    }

    private static Array uniform(Bits k, int[] shape, DType dt, Array minval, Array maxval) {
        Array lo = minval.astype(dt);
        Array hi = maxval.astype(dt);
        Array floats = unitFloats(k, shape, dt);
        return Ops.maximum(lo, Ops.add(Ops.mul(floats, Ops.sub(hi, lo)), lo));
    }

    /** _normal_real: sqrt(2) * erfinv(u) with u uniform in (-1, 1). */
    private static Array normal(Bits k, int[] shape, DType dt) {
        boolean f64 = dt == DType.FLOAT64;
        // u = uniform(key, shape, dtype, nextafter(-1, 0), 1) computed as JAX's XLA computes it without
        // fast math, max(lo, (b - 1) * (1 - lo) + lo): JAX 0.4's normal(PRNGKey(0)) -0.20584226. (XLA with
        // fast math, as some older notebooks were run, folded it into 2b - 3 and drew 1 ulp of u away.)
        Array lo = f64 ? Array.scalar(Math.nextUp(-1.0), dt) : Array.scalar(Math.nextUp(-1.0f), dt);
        HostData u = uniform(k, shape, dt, lo, Array.scalar(1.0, dt)).toHost();
        double[] z = u.floats().clone();
        for (int i = 0; i < z.length; i++) {
            z[i] = f64 ? Math.sqrt(2) * ErfInv.f64(z[i]) : (float) Math.sqrt(2) * ErfInv.f32((float) z[i]);
        }
        return Array.fromHost(new HostData(dt, shape, false, z, null));
    }

    /**
     * JAX's truncated_normal: sqrt(2) erfinv(u), u uniform between erf(lower / sqrt 2) and
     * erf(upper / sqrt 2), clipped strictly inside (lower, upper). Scalar bounds only.
     */
    private static Array truncatedNormal(Key k, int[] shape, DType dt, double lower, double upper) {
        boolean f64 = dt == DType.FLOAT64;
        double a = f64 ? ErfInv.erf64(lower / Math.sqrt(2)) : ErfInv.erf32((float) (lower / (float) Math.sqrt(2)));
        double b = f64 ? ErfInv.erf64(upper / Math.sqrt(2)) : ErfInv.erf32((float) (upper / (float) Math.sqrt(2)));
        double[] z = uniform(k, shape, dt, Array.scalar(a, dt), Array.scalar(b, dt)).toHost().floats().clone();
        double lo = f64 ? Math.nextUp(lower) : Math.nextUp((float) lower);
        double hi = f64 ? Math.nextDown(upper) : Math.nextDown((float) upper);
        for (int i = 0; i < z.length; i++) {
            double v = f64 ? Math.sqrt(2) * ErfInv.f64(z[i]) : (float) Math.sqrt(2) * ErfInv.f32((float) z[i]);
            z[i] = Math.min(Math.max(v, lo), hi);
        }
        return Array.fromHost(new HostData(dt, shape, false, z, null));
    }

    /** _gumbel in JAX's default mode "low": -log(-log(uniform(tiny, 1))). */
    private static Array gumbel(Key k, int[] shape, DType dt) {
        double tiny = dt == DType.FLOAT64 ? Double.MIN_NORMAL : Float.MIN_NORMAL;
        Array u = uniform(k, shape, dt, Array.scalar(tiny, dt), Array.scalar(1.0, dt));
        return Ops.neg(Ops.unary(UnaryOp.LOG, Ops.neg(Ops.unary(UnaryOp.LOG, u))));
    }

    /** A value rounded to the draw's precision, as XLA computes each float32 operation. */
    private static double rounded(double v, boolean f64) {
        return f64 ? v : (float) v;
    }

    /** uniform(key, (), dtype): the first draw's unit float. */
    private static double uniform1(Key k, boolean f64) {
        if (f64) {
            return Double.longBitsToDouble((bits64(k, 1)[0] >>> 12) | 0x3FF0000000000000L) - 1.0;
        }
        return Float.intBitsToFloat((int) (bits32(k, 1)[0] >>> 9) | 0x3F800000) - 1.0f;
    }

    /** normal(key, (), dtype), as {@link #normal} computes each element. */
    private static double normal1(Key k, boolean f64) {
        double f = uniform1(k, f64);
        if (f64) {
            double lo = Math.nextUp(-1.0);
            return Math.sqrt(2) * ErfInv.f64(Math.max(lo, f * (1.0 - lo) + lo));
        }
        float lo = Math.nextUp(-1.0f);
        return (float) Math.sqrt(2) * ErfInv.f32(Math.max(lo, (float) f * (1.0f - lo) + lo));
    }

    /** split(key, n) as keys: the partitionable hash of (0, i), or the original's words 2i and 2i + 1. */
    private static Key[] splitKeys(Key k, int n) {
        Key[] out = new Key[n];
        if (!partitionable()) {
            long[] w = words(k, 2 * n);
            for (int i = 0; i < n; i++) {
                out[i] = new Key((int) w[2 * i], (int) w[2 * i + 1]);
            }
            return out;
        }
        for (int i = 0; i < n; i++) {
            long h = Threefry.hash(k.k0, k.k1, 0, i);
            out[i] = new Key((int) (h >>> 32), (int) h);
        }
        return out;
    }

    /** _gamma_impl: element i is _gamma_one of the key split(key, a.size)[i]. */
    private static Array gamma(Key k, Array alphas, boolean logSpace) {
        DType dt = alphas.dtype();
        if (!dt.isFloat()) {
            throw new IllegalStateException("_gamma of a " + dt + " parameter");
        }
        boolean f64 = dt == DType.FLOAT64;
        double[] a = alphas.toHost().floats();
        Key[] keys = splitKeys(k, a.length);
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = gammaOne(keys[i], a[i], logSpace, f64);
        }
        return Array.fromHost(new HostData(dt, alphas.shape(), false, out, null));
    }

    /**
     * _gamma_one: Marsaglia and Tsang's method for alpha >= 1; below 1 a Gamma(alpha + 1) sample
     * times U^(1/alpha) (in log space, plus log(U) / alpha), with JAX's keys and operation order.
     */
    private static double gammaOne(Key key, double alphaOrig, boolean logSpace, boolean f64) {
        boolean boostMask = alphaOrig >= 1;
        double alpha = boostMask ? alphaOrig : rounded(alphaOrig + 1, f64);
        double third = rounded(1.0 / 3.0, f64);
        double d = rounded(alpha - third, f64);
        double c = rounded(third / rounded(Math.sqrt(d), f64), f64);
        Key[] ks = split2(key);
        key = ks[0];
        Key subkey = ks[1];
        double bigX = 0;
        double bigV = 1;
        double bigU = 2;
        while (bigU >= rounded(1 - rounded(0.0331 * rounded(bigX * bigX, f64), f64), f64)
                && rounded(Math.log(bigU), f64) >= rounded(rounded(bigX * 0.5, f64)
                        + rounded(d * rounded(rounded(1 - bigV, f64) + rounded(Math.log(bigV), f64), f64), f64), f64)) {
            Key[] three = splitKeys(key, 3);
            key = three[0];
            Key xkey = three[1];
            double x = 0;
            double v = -1;
            while (v <= 0) {
                Key[] two = split2(xkey);
                xkey = two[0];
                x = normal1(two[1], f64);
                v = rounded(1 + rounded(x * c, f64), f64);
            }
            bigX = rounded(x * x, f64);
            bigV = rounded(rounded(v * v, f64) * v, f64);
            bigU = uniform1(three[2], f64);
        }
        if (logSpace) {
            double logSample = rounded(Math.log1p(-uniform1(subkey, f64)), f64);
            double logBoost = boostMask || logSample == 0 ? 0 : rounded(logSample * rounded(1 / alphaOrig, f64), f64);
            return rounded(rounded(rounded(Math.log(d), f64) + rounded(Math.log(bigV), f64), f64) + logBoost, f64);
        }
        double sample = rounded(1 - uniform1(subkey, f64), f64);
        double boost = boostMask ? 1 : rounded(Math.pow(sample, rounded(1 / alphaOrig, f64)), f64);
        return rounded(rounded(d * bigV, f64) * boost, f64);
    }

    /** lax.random_gamma_grad(a, x) or one of its derivatives, elementwise over the broadcast arguments, in x's dtype. */
    private static Array gammaGrad(Interp in, Object[] args, java.util.function.DoubleBinaryOperator f) {
        Array a = Convert.toArray(in, args[0], null);
        Array x = Convert.toArray(in, args[1], null);
        DType dt = x.dtype().isFloat() ? x.dtype() : Convert.defaultFloat();
        int[] shape = Ops.broadcastShapes(a.shape(), x.shape());
        double[] as = Ops.broadcastTo(a.astype(dt), shape).toHost().floats();
        double[] xs = Ops.broadcastTo(x.astype(dt), shape).toHost().floats();
        double[] out = new double[as.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = rounded(f.applyAsDouble(as[i], xs[i]), dt == DType.FLOAT64);
        }
        return Array.fromHost(new HostData(dt, shape, false, out, null));
    }

    private static Array intArray(Interp in, Object v) {
        Array a = Convert.toArray(in, v, null);
        return a.dtype().isInteger() ? a : a.astype(Convert.defaultInt());
    }

    /**
     * _randint: two draws of nbits give an offset 2^nbits * hi + lo reduced modulo the span, with
     * the span and the uint arithmetic (which wraps) exactly as JAX computes them.
     */
    private static Array randint(Key k, int[] shape, Array minval, Array maxval, DType dt) {
        int nbits = dt.itemSize() * 8;
        long dmax = dt == DType.UINT32 ? MASK32 : nbits == 64 ? Long.MAX_VALUE : Integer.MAX_VALUE;
        long dmin = dt == DType.UINT32 ? 0 : nbits == 64 ? Long.MIN_VALUE : Integer.MIN_VALUE;
        long umask = nbits == 64 ? -1L : MASK32;
        long[] mins = Ops.broadcastTo(minval, shape).toHost().ints();
        long[] maxs = Ops.broadcastTo(maxval, shape).toHost().ints();
        Key[] ks = split2(k);
        int n = size(shape);
        long[] higher = nbits == 64 ? bits64(ks[0], n) : bits32(ks[0], n);
        long[] lower = nbits == 64 ? bits64(ks[1], n) : bits32(ks[1], n);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            boolean maxOutOfRange = maxs[i] > dmax;
            long lo = Math.max(dmin, Math.min(dmax, mins[i]));
            long hi = Math.max(dmin, Math.min(dmax, maxs[i]));
            long span = (hi - lo) & umask;
            if (hi <= lo) {
                span = 1;
            }
            if (maxOutOfRange && hi > lo) {
                span = (span + 1) & umask;
            }
            long half = 1L << (nbits / 2);
            long multiplier = urem(half & umask, span);
            multiplier = urem((multiplier * multiplier) & umask, span);
            long offset = ((urem(higher[i], span) * multiplier) & umask) + urem(lower[i], span);
            offset = urem(offset & umask, span);
            out[i] = wrap(lo + offset, dt);
        }
        return Array.fromHost(new HostData(dt, shape, false, null, out));
    }

    /** XLA's unsigned remainder, where x % 0 is x. */
    private static long urem(long x, long span) {
        return span == 0 ? x : Long.remainderUnsigned(x, span);
    }

    private static long wrap(long v, DType dt) {
        return switch (dt) {
            case INT32 -> (int) v;
            case UINT32 -> v & MASK32;
            default -> v;
        };
    }

    private static Array categorical(Key k, Array logits, int axis, int[] shape) {
        int nd = logits.ndim();
        if (nd == 0) {
            throw new EvalError("ValueError: categorical needs logits with at least one axis");
        }
        int ax = axis < 0 ? axis + nd : axis;
        if (ax < 0 || ax >= nd) {
            throw new EvalError("ValueError: axis " + axis + " is out of bounds for logits of dimension " + nd);
        }
        int[] ls = logits.shape();
        List<Integer> batch = new ArrayList<>();
        for (int i = 0; i < nd; i++) {
            if (i != ax) {
                batch.add(ls[i]);
            }
        }
        int[] out = shape == null ? batch.stream().mapToInt(Integer::intValue).toArray() : shape;
        int prefix = out.length - batch.size();
        if (prefix < 0 || !Arrays.equals(Ops.broadcastShapes(Arrays.copyOfRange(out, prefix, out.length),
                batch.stream().mapToInt(Integer::intValue).toArray()), Arrays.copyOfRange(out, prefix, out.length))) {
            throw new EvalError("ValueError: shape argument " + Ops.shapeString(out)
                    + " must be broadcast-compatible with the batch shape of logits " + Ops.shapeString(ls));
        }
        int[] gShape = new int[prefix + nd];
        System.arraycopy(out, 0, gShape, 0, out.length);
        // The sampled axis is inserted where it sits in logits (counted from the end).
        int at = prefix + ax;
        System.arraycopy(gShape, at, gShape, at + 1, gShape.length - at - 1);
        gShape[at] = ls[ax];
        DType dt = logits.dtype().isFloat() ? logits.dtype() : Convert.defaultFloat();
        refuseNarrow(dt, "categorical");
        Array lg = logits.astype(dt);
        for (int i = 0; i < prefix; i++) {
            lg = Ops.expandDims(lg, 0);
        }
        return Ops.argmax(Ops.add(gumbel(k, gShape, dt), lg), at, false);
    }

    /** The indices that _shuffle's rounds of stable sorts by fresh 32-bit keys give to arange(n). */
    private static int[] shuffledIndices(Key k, int n) {
        int rounds = (int) Math.ceil(3 * Math.log(Math.max(1, n)) / Math.log(MASK32));
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        for (int r = 0; r < rounds; r++) {
            Key[] ks = split2(k);
            k = ks[0];
            long[] sortKeys = bits32(ks[1], n);
            // Position j holds the element idx[j]; it moves with sort key sortKeys[j] (a stable sort).
            Integer[] order = new Integer[n];
            for (int j = 0; j < n; j++) {
                order[j] = j;
            }
            Arrays.sort(order, (p, q) -> Long.compare(sortKeys[p], sortKeys[q]));
            Integer[] next = new Integer[n];
            for (int j = 0; j < n; j++) {
                next[j] = idx[order[j]];
            }
            idx = next;
        }
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = idx[i];
        }
        return out;
    }

    private static Array take(Array x, long[] indices, int[] indexShape, int axis) {
        Array ind = Array.fromHost(new HostData(DType.INT32, indexShape, false, null, indices));
        List<Index> idx = new ArrayList<>();
        for (int i = 0; i < axis; i++) {
            idx.add(Index.Slice.all());
        }
        idx.add(new Index.Take(ind));
        return ArrayIndexing.index(x, idx);
    }

    private static long[] longs(int[] v, int count) {
        long[] out = new long[count];
        for (int i = 0; i < count; i++) {
            out[i] = v[i];
        }
        return out;
    }

    private static Array permutation(Interp in, Key k, Object xv, int axis, boolean independent) {
        Array x = Convert.toArray(in, xv, null);
        if (x.ndim() == 0) {
            if (!x.dtype().isInteger()) {
                throw new EvalError("TypeError: x must be an integer or at least 1-dimensional");
            }
            int n = (int) Builtins.asIndex(xv, null);
            return take(Ops.arange(0, n, 1, Convert.defaultInt()), longs(shuffledIndices(k, n), n), new int[] {n}, 0);
        }
        int ax = axis < 0 ? axis + x.ndim() : axis;
        if (ax < 0 || ax >= x.ndim()) {
            throw new EvalError("ValueError: axis " + axis + " is out of bounds for array of dimension " + x.ndim());
        }
        if (independent && x.ndim() > 1) {
            throw new EvalError("NotImplementedError: jax.random.permutation(..., independent=True) of arrays with more than one axis",
                    "permute each row with its own key, e.g. in a loop over jax.random.split(key, n)");
        }
        int n = x.shape()[ax];
        return take(x, longs(shuffledIndices(k, n), n), new int[] {n}, ax);
    }

    private static Array choice(Interp in, Key k, Object av, int[] shape, boolean replace, Array p, int axis) {
        Array arr = Convert.toArray(in, av, null);
        int ax = arr.ndim() == 0 ? 0 : axis < 0 ? axis + arr.ndim() : axis;
        int nInputs = arr.ndim() == 0 ? (int) Builtins.asIndex(av, "a must be an integer or an array") : arr.shape()[ax];
        int nDraws = size(shape);
        int[] resultShape = arr.ndim() == 0 ? shape : replaceAxis(arr.shape(), ax, shape);
        if (nDraws == 0) {
            return Ops.zeros(resultShape, arr.ndim() == 0 ? Convert.defaultInt() : arr.dtype());
        }
        if (nInputs <= 0) {
            throw new EvalError("ValueError: a must be greater than 0 unless no samples are taken");
        }
        if (!replace && nDraws > nInputs) {
            throw new EvalError("ValueError: Cannot take a larger sample than population when 'replace=False'");
        }
        long[] ind;
        if (p == null) {
            if (replace) {
                ind = randint(k, new int[] {nDraws}, Array.scalar(0, DType.INT32), Array.scalar(nInputs, DType.INT32),
                        DType.INT32).toHost().ints();
            } else {
                ind = longs(shuffledIndices(k, nInputs), nDraws);
            }
        } else {
            if (!Arrays.equals(p.shape(), new int[] {nInputs})) {
                throw new EvalError("ValueError: p must be None or match the shape of a");
            }
            DType dt = p.dtype().isFloat() ? p.dtype() : Convert.defaultFloat();
            ind = replace ? weightedWithReplacement(k, p.astype(dt), nDraws, dt) : weightedWithoutReplacement(k, p.astype(dt), nDraws, dt);
        }
        if (arr.ndim() == 0) {
            return Array.fromHost(new HostData(Convert.defaultInt(), shape, false, null, ind));
        }
        return take(arr, ind, shape, ax);
    }

    private static int[] replaceAxis(int[] s, int ax, int[] with) {
        int[] out = new int[s.length - 1 + with.length];
        System.arraycopy(s, 0, out, 0, ax);
        System.arraycopy(with, 0, out, ax, with.length);
        System.arraycopy(s, ax + 1, out, ax + with.length, s.length - ax - 1);
        return out;
    }

    /** p_cuml[-1] * (1 - uniform) located in the cumulative sum (searchsorted, side='left'). */
    private static long[] weightedWithReplacement(Key k, Array p, int nDraws, DType dt) {
        double[] cum = Ops.scan(ScanOp.CUMSUM, p, 0).toHost().floats();
        Array total = Array.scalar(cum[cum.length - 1], dt);
        Array u = uniform(k, new int[] {nDraws}, dt, Array.scalar(0, dt), Array.scalar(1, dt));
        double[] r = Ops.mul(total, Ops.sub(Array.scalar(1, dt), u)).toHost().floats();
        long[] out = new long[nDraws];
        for (int i = 0; i < nDraws; i++) {
            int lo = 0;
            int hi = cum.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (cum[mid] < r[i]) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            out[i] = lo;
        }
        return out;
    }

    /** The Gumbel top-k trick: the indices of the nDraws smallest -gumbel - log(p). */
    private static long[] weightedWithoutReplacement(Key k, Array p, int nDraws, DType dt) {
        int n = p.size();
        double[] g = Ops.sub(Ops.neg(gumbel(k, new int[] {n}, dt)), Ops.unary(UnaryOp.LOG, p)).toHost().floats();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(g[a], g[b]));
        long[] out = new long[nDraws];
        for (int i = 0; i < nDraws; i++) {
            out[i] = order[i];
        }
        return out;
    }
}

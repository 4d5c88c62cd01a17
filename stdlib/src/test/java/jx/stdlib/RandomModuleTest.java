package jx.stdlib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import jx.diag.JxException;

/**
 * jax.random as JAX builds it with jax_threefry_partitionable on (the default since JAX 0.5.0;
 * algorithms followed: jax/_src/random.py and jax/_src/prng.py of JAX 0.5-0.7). Exact values
 * come from the Random123 known answers and from JAX's own tests; the samplers are checked
 * statistically on 100k draws.
 */
class RandomModuleTest {
    @Test
    void keysPrintAsJaxPrintsThem() {
        assertEquals("Array([0, 0], dtype=uint32)\n[ 0 42]\n", JxRun.run("""
                print(repr(jax.random.PRNGKey(0)))
                print(random.PRNGKey(42))
                """));
    }

    @Test
    void seedsTakeTheLow32BitsWithoutX64() {
        // jax random_test.py test_prng_seeds_and_keys, 32-bit mode.
        assertEquals("[         0 4294967295]\n[         0 2147483747]\n", JxRun.run("""
                print(jax.random.PRNGKey(-1))
                print(jax.random.PRNGKey(2147483647 + 100))
                """));
    }

    @Test
    void splitHashesTheCountersZeroAndOne() {
        // split(key)[i] = threefry2x32(key, (0, i)); key (0, 0) with counter (0, 0) is the first KAT vector.
        String out = JxRun.run("print(jax.random.split(jax.random.PRNGKey(0))[0])");
        assertEquals("[" + Long.parseLong("6b200159", 16) + " " + Long.parseLong("99ba4efe", 16) + "]\n", out);
    }

    @Test
    void foldInMatchesJax() {
        // jax random_test.py testPRNGValues: fold_in(PRNGKey(0), 4) (the same in both threefry modes).
        assertEquals("[2285895361  433833334]\n", JxRun.run("print(jax.random.fold_in(jax.random.PRNGKey(0), 4))"));
    }

    @Test
    void theOriginalThreefryLayoutGivesOlderJaxValues() {
        // jax random_test.py testRngRandomBits and testPRNGValues (run with jax_threefry_partitionable
        // off); split(PRNGKey(0)) and normal(PRNGKey(0)) as JAX before 0.5 printed them in its docs.
        assertEquals("""
                [  56197195 4200222568  961309823]
                [[2 1 3]
                 [6 1 5]
                 [6 3 4]]
                [[4146024105  967050713]
                 [2718843009 1272950319]]
                -0.20584226
                [[7 2 6]
                 [2 1 0]
                 [6 7 7]]
                """, JxRun.run("""
                jax.config.update("jax_threefry_partitionable", False)
                print(jax.random.bits(jax.random.PRNGKey(1701), (3,), jnp.uint32))
                print(jax.random.randint(jax.random.PRNGKey(0), (3, 3), 0, 8))
                print(jax.random.split(jax.random.PRNGKey(0)))
                print(jax.random.normal(jax.random.PRNGKey(0)))
                jax.config.update("jax_enable_x64", True)
                print(jax.random.randint(jax.random.PRNGKey(0), (3, 3), 0, 8, dtype=jnp.int64))
                """));
    }

    @Test
    void theOriginalSchemeGivesOlderJaxsValues() {
        // jax random_test.py testPRNGValues, which runs with jax_threefry_partitionable off.
        assertEquals("""
                [[2 1 3]
                 [6 1 5]
                 [6 3 4]]
                [[2285895361 1501764800]
                 [1518642379 4090693311]
                 [ 433833334 4221794875]
                 [ 839183663 3740430601]]
                [2285895361  433833334]
                """, JxRun.run("""
                jax.config.update("jax_threefry_partitionable", False)
                key = jax.random.PRNGKey(0)
                print(jax.random.randint(key, (3, 3), 0, 8, dtype='int32'))
                print(jax.random.split(key, 4))
                print(jax.random.fold_in(key, 4))
                """));
        // docs/jax-101/05-random-numbers.ipynb (JAX 0.4): split(key(42)) and the normal of its subkey; and
        // the switch back to the default scheme.
        assertEquals("[2465931498 3679230171] [255383827 267815257] 1.3694694\n["
                + Long.parseLong("6b200159", 16) + " " + Long.parseLong("99ba4efe", 16) + "]\n",
                JxRun.run("""
                jax.config.update("jax_threefry_partitionable", False)
                new_key, subkey = jax.random.split(jax.random.PRNGKey(42))
                print(new_key, subkey, jax.random.normal(subkey))
                jax.config.update("jax_threefry_partitionable", True)
                print(jax.random.split(jax.random.PRNGKey(0))[0])
                """));
    }

    @Test
    void foldInAndSplitAgree() {
        // jax random_test.py test_threefry_split_fold_in_symmetry (partitionable threefry).
        JxRun.run("""
                key = jax.random.PRNGKey(72)
                keys = jax.random.split(key, 3)
                for i in range(3):
                    assert jnp.all(jax.random.fold_in(key, i) == keys[i]), i
                """);
    }

    @Test
    void splitKeysDiffer() {
        JxRun.run("""
                keys = jax.random.split(jax.random.PRNGKey(0), 1000)
                assert keys.shape == (1000, 2)
                assert keys.dtype == jnp.uint32
                packed = [(int(k[0]), int(k[1])) for k in keys.tolist()]
                assert len({k: 0 for k in packed}) == 1000
                assert jax.random.split(jax.random.PRNGKey(0), (2, 3)).shape == (2, 3, 2)
                """);
    }

    @Test
    void uniformIsUniform() {
        JxRun.run("""
                u = jax.random.uniform(jax.random.PRNGKey(1), (100000,))
                assert u.dtype == jnp.float32
                assert float(u.min()) >= 0.0 and float(u.max()) < 1.0
                assert abs(float(u.mean()) - 0.5) < 0.005
                assert abs(float(u.var()) - 1 / 12) < 0.002
                v = jax.random.uniform(jax.random.PRNGKey(2), (1000,), minval=-3.0, maxval=-2.0)
                assert float(v.min()) >= -3.0 and float(v.max()) < -2.0
                """);
    }

    @Test
    void normalIsStandardNormal() {
        JxRun.run("""
                z = jax.random.normal(jax.random.PRNGKey(3), (100000,))
                assert abs(float(z.mean())) < 0.01
                assert abs(float(z.var()) - 1.0) < 0.02
                assert abs(float(jnp.mean(z ** 3))) < 0.05
                assert abs(float(jnp.mean(z ** 4)) - 3.0) < 0.1
                assert abs(float(jnp.mean(jnp.abs(z) < 1.0)) - 0.6827) < 0.01
                """);
    }

    @Test
    void discreteSamplers() {
        JxRun.run("""
                key = jax.random.PRNGKey(4)
                r = jax.random.randint(key, (100000,), 3, 10)
                assert r.dtype == jnp.int32
                assert int(r.min()) == 3 and int(r.max()) == 9
                assert abs(float(r.mean()) - 6.0) < 0.05
                b = jax.random.bernoulli(key, 0.3, (100000,))
                assert b.dtype == jnp.bool_
                assert abs(float(b.mean()) - 0.3) < 0.01
                c = jax.random.categorical(key, jnp.log(jnp.array([0.2, 0.3, 0.5])), shape=(100000,))
                for i, p in enumerate([0.2, 0.3, 0.5]):
                    assert abs(float(jnp.mean(c == i)) - p) < 0.01, i
                p = jax.random.permutation(key, 50)
                assert sorted(p.tolist()) == list(range(50))
                assert p.tolist() != list(range(50))
                x = jnp.arange(12.0).reshape(4, 3)
                assert sorted(jax.random.permutation(key, x).sum(axis=1).tolist()) == [3.0, 12.0, 21.0, 30.0]
                s = jax.random.choice(key, 20, (10,), replace=False)
                assert len({v: 0 for v in s.tolist()}) == 10
                w = jax.random.choice(key, jnp.array([10, 20, 30]), (100000,), p=jnp.array([0.5, 0.0, 0.5]))
                assert abs(float(jnp.mean(w == 10)) - 0.5) < 0.01 and int(jnp.sum(w == 20)) == 0
                assert jax.random.choice(key, x, (2,), axis=1).shape == (4, 2)
                """);
    }

    @Test
    void badKeysAreTypeErrors() {
        JxException e = assertThrows(JxException.class, () -> JxRun.run("jax.random.normal(jnp.array([1.0, 2.0]))"));
        assertTrue(e.getMessage().contains("TypeError: JAX encountered invalid PRNG key data"), e.getMessage());
        e = assertThrows(JxException.class, () -> JxRun.run("jax.random.normal(jax.random.split(jax.random.PRNGKey(0)))"));
        assertTrue(e.getMessage().contains("normal accepts a single key, but was given a key array of shape (2,)"), e.getMessage());
    }
}

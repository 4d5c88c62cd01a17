package jx.stdlib;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * What NumPy cannot be the oracle of for the 8- and 16-bit dtypes (its values are in
 * tests/oracle/gen_narrow_dtypes.py's cases): JAX's promotion, reprs, bfloat16, casts, eval_shape.
 * Promotion expectations are derived by hand from jax/_src/dtypes.py's _type_promotion_lattice
 * ('standard'): b1 -> i*; i* -> u8, i8; u8 -> i16, u16; u16 -> i32, u32; u32 -> i64, u64; u64 -> f*;
 * i8 -> i16 -> i32 -> i64 -> f*; f* -> bf16, f16, c*; bf16, f16 -> f32; f32 -> f64, c64; f64 -> c128;
 * c* -> c64 -> c128, the result the least upper bound, 64-bit types canonicalized without x64.
 */
class NarrowDtypesTest {
    private static String lines(String... ls) {
        return String.join("\n", ls) + "\n";
    }

    @Test
    void promotionFollowsJaxsLattice() {
        List<String[]> table = List.of(
                new String[] {"uint8", "int8", "int16"}, new String[] {"uint8", "uint16", "uint16"},
                new String[] {"uint8", "int16", "int16"}, new String[] {"uint16", "int16", "int32"},
                new String[] {"uint16", "int8", "int32"}, new String[] {"int8", "int16", "int16"},
                // u32 and i8 meet at i64, int32 without x64.
                new String[] {"uint32", "int8", "int32"}, new String[] {"int8", "float16", "float16"},
                new String[] {"uint16", "bfloat16", "bfloat16"}, new String[] {"bfloat16", "float16", "float32"},
                new String[] {"float16", "float32", "float32"}, new String[] {"bfloat16", "complex64", "complex64"},
                new String[] {"bool", "uint8", "uint8"}, new String[] {"int16", "float32", "float32"});
        StringBuilder src = new StringBuilder();
        StringBuilder want = new StringBuilder();
        for (String[] row : table) {
            src.append("print(jnp.promote_types(jnp.").append(row[0]).append(", jnp.").append(row[1]).append("))\n");
            want.append(row[2]).append('\n');
        }
        assertEquals(want.toString(), JxRun.run(src.toString()));
        assertEquals(lines("int64", "int64"), JxRun.run(
                "print(jnp.promote_types(jnp.uint32, jnp.int32))\nprint((jnp.ones(1, jnp.uint8) + jnp.ones(1, jnp.int64)).dtype)\n",
                "<test>", true));
    }

    @Test
    void pythonScalarsAreWeak() {
        // i* -> i8 and f* -> f16/bf16 keep the array's dtype; f* over an integer is f* itself: the
        // default float, weakly typed; c* over bf16 meets at c64, strongly typed.
        assertEquals(lines(
                "Array([2, 2, 2], dtype=int8)",
                "Array([2., 2., 2.], dtype=float32, weak_type=True)",
                "Array([2., 3.], dtype=float16)",
                "Array([2, 3], dtype=bfloat16)",
                "Array([1.+1.j, 2.+1.j], dtype=complex64)",
                "Array([ 4, 13], dtype=uint8)"), JxRun.run("""
                print(repr(jnp.ones(3, jnp.int8) + 1))
                print(repr(jnp.ones(3, jnp.int8) + 1.0))
                print(repr(jnp.array([1, 2], jnp.float16) + 1.0))
                print(repr(jnp.array([1, 2], jnp.bfloat16) + 1))
                print(repr(jnp.array([1, 2], jnp.bfloat16) + 1j))
                print(repr(jnp.array([250, 3], jnp.uint8) + 10))
                """));
    }

    @Test
    void reprsAreJaxs() {
        // bfloat16 elements print as ml_dtypes' str (C++'s ostream, %g): jax-ml/jax#18820 shows [0.333984].
        assertEquals(lines(
                "Array([1, 2], dtype=int8)",
                "Array([1., 2.], dtype=float16)",
                "Array([0.1, 2. ], dtype=float16)",
                "Array([1, 2], dtype=bfloat16)",
                "Array([0.333984, 2.5], dtype=bfloat16)",
                "Array(0.100098, dtype=bfloat16)",
                "[0.333984 9.98378e-07 9.99922e+09]",
                "True uint8 int16 1 2"), JxRun.run("""
                print(repr(jnp.array([1, 2], jnp.int8)))
                print(repr(jnp.array([1.0, 2.0], jnp.float16)))
                print(repr(jnp.array([0.1, 2.0], jnp.float16)))
                print(repr(jnp.array([1, 2], jnp.bfloat16)))
                print(repr(jnp.array([1 / 3, 2.5], jnp.bfloat16)))
                print(repr(jnp.bfloat16(0.1)))
                print(jnp.array([1 / 3, 1e-6, 1e10], jnp.bfloat16))
                x = jnp.zeros(2, 'uint8')
                print(x.dtype == jnp.uint8, x.dtype, jnp.ones(1, dtype='int16').dtype, x.dtype.itemsize, jnp.float16.itemsize)
                """));
    }

    @Test
    void castsRoundAndSaturate() {
        // bfloat16 rounds to nearest, ties to even: 1 + 2^-8 is halfway to 1 + 2^-7 (odd), so 1;
        // 1 + 3 * 2^-8 is halfway between 1 + 2^-7 and 1 + 2^-6 (even). Floats to integers truncate and
        // saturate, NaN giving 0, as XLA's convert (NumPy wraps instead: 300 -> 44).
        assertEquals(lines(
                "1.0 1.015625",
                "Array([ 127, -128,    0,    1,   -1], dtype=int8) Array([  0, 255], dtype=uint8)",
                "Array([ 16, -96], dtype=int8)"), JxRun.run("""
                print(float(jnp.array(1 + 2**-8).astype(jnp.bfloat16)), float(jnp.array(1 + 3 * 2**-8).astype(jnp.bfloat16)))
                print(repr(jnp.array([300.0, -300.0, jnp.nan, 1.7, -1.7]).astype(jnp.int8)), repr(jnp.array([-5.0, 300.0]).astype(jnp.uint8)))
                print(repr(jnp.array([1040, 160]).astype(jnp.int8)))
                """));
    }

    @Test
    void infoOfEachDtype() {
        assertEquals(lines(
                "-128 127 255 -32768 65535 8 16",
                "0.000977 65500.0 6.104e-05 16",
                "0.0078125 3.38953e+38 1.17549e-38 16"), JxRun.run("""
                print(jnp.iinfo(jnp.int8).min, jnp.iinfo(jnp.int8).max, jnp.iinfo(jnp.uint8).max, jnp.iinfo('int16').min, jnp.iinfo(jnp.uint16).max, jnp.iinfo(jnp.uint8).bits, jnp.iinfo(jnp.int16).bits)
                print(jnp.finfo(jnp.float16).eps, jnp.finfo(jnp.float16).max, jnp.finfo(jnp.float16).tiny, jnp.finfo(jnp.float16).bits)
                print(jnp.finfo(jnp.bfloat16).eps, jnp.finfo(jnp.bfloat16).max, jnp.finfo(jnp.bfloat16).tiny, jnp.finfo(jnp.bfloat16).bits)
                """));
    }

    @Test
    void gradComputesInTheNarrowFloat() {
        // d/dx sum(x * x) = 2x, exact in float16 (0.1 is 0.0999755859375 there); cos(1), cos(2) rounded to bfloat16.
        assertEquals(lines(
                "Array([3. , 0.2], dtype=float16)",
                "Array([0.539062, -0.416016], dtype=bfloat16)"), JxRun.run("""
                print(repr(jax.grad(lambda x: jnp.sum(x * x))(jnp.array([1.5, 0.1], jnp.float16))))
                print(repr(jax.grad(lambda x: jnp.sum(jnp.sin(x)))(jnp.array([1.0, 2.0], jnp.bfloat16))))
                """));
    }

    @Test
    void uint64IsUint32WithoutX64() {
        assertEquals(lines("Array([0, 0], dtype=uint32)"), JxRun.run("print(repr(jnp.zeros(2, jnp.uint64)))\n"));
    }

    @Test
    void evalShapeGivesShapeDtypeStructs() {
        assertEquals(lines(
                "{'a': ShapeDtypeStruct(shape=(3, 3), dtype=float32), 'b': (ShapeDtypeStruct(shape=(), dtype=float32), ShapeDtypeStruct(shape=(3, 4), dtype=int8))}",
                "ShapeDtypeStruct(shape=(), dtype=float32, weak_type=True)",
                "ShapeDtypeStruct(shape=(3, 3), dtype=float32) (3, 3) float32 2 9",
                "ShapeDtypeStruct(shape=(2,), dtype=float32)",
                "[ShapeDtypeStruct(shape=(5, 2), dtype=bfloat16)]"), JxRun.run("""
                def f(x, y):
                    return {"a": x @ y, "b": (jnp.sum(x), x.astype(jnp.int8))}
                print(jax.eval_shape(f, jnp.ones((3, 4)), jax.ShapeDtypeStruct((4, 3), jnp.float32)))
                print(jax.eval_shape(lambda v: v * 2.0, 1.0))
                s = jax.ShapeDtypeStruct(shape=(3, 3), dtype=jnp.float32)
                print(s, s.shape, s.dtype, s.ndim, s.size)
                print(jax.eval_shape(lambda v: v, jax.ShapeDtypeStruct((2,), jnp.float64)))
                print(jax.tree_util.tree_leaves(jax.eval_shape(lambda a, b: [a.T @ b], jnp.ones((3, 5), jnp.bfloat16), jnp.ones((3, 2), jnp.bfloat16))))
                """));
    }
}

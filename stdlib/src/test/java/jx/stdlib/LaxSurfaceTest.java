package jx.stdlib;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The rest of jax.lax's public operations (jax/_lax.jx): static slicing, shape operations,
 * comparisons, bit shifts, rounding, cumulative reductions and select_n. The expected lines are
 * JAX's semantics worked by hand (lax.round rounds half away from zero by default, lax.rem takes
 * the dividend's sign, shift_right_logical shifts zeros in) and checked against NumPy's values for
 * the same arithmetic; the gradients against the closed forms.
 */
class LaxSurfaceTest {
    @Test
    void laxOperationsGiveJaxValuesAndDifferentiate() {
        String program = """
from jax import lax
x = jnp.arange(12.0).reshape(3, 4)
print(lax.slice(x, (0, 1), (2, 4)))
print(lax.slice(x, (0, 0), (3, 4), (2, 3)))
print(lax.slice_in_dim(x, 1, 3, axis=1))
print(lax.index_in_dim(x, -1, keepdims=False))
print(lax.rev(x, (0,)))
print(lax.broadcast_in_dim(jnp.arange(3.0), (2, 3, 4), (1,)).shape, lax.broadcast_in_dim(jnp.arange(3.0), (2, 3, 4), (1,))[1, :, 2])
print(lax.concatenate([x, x], 0).shape, lax.squeeze(x[None], (0,)).shape, lax.expand_dims(x, (0, 3)).shape)
print(lax.convert_element_type(jnp.array([1.7, -1.7]), jnp.int32), lax.round(jnp.array([0.5, 1.5, -0.5, 2.5])), lax.round(jnp.array([0.5, 1.5, 2.5]), lax.RoundingMethod.TO_NEAREST_EVEN))
print(lax.rem(jnp.array([-7, 7]), jnp.array([3, -3])), lax.eq(1.0, 1.0), lax.lt(jnp.arange(3), 1))
print(lax.shift_right_logical(jnp.array([-8, 8], dtype=jnp.int32), jnp.array([1, 1], dtype=jnp.int32)), lax.shift_left(jnp.int32(1), jnp.int32(3)), lax.shift_right_arithmetic(jnp.int32(-8), jnp.int32(1)))
print(lax.select_n(jnp.array([0, 1, 2]), jnp.zeros(3), jnp.ones(3), 2 * jnp.ones(3)), lax.select_n(True, 1.0, 2.0))
print(lax.cummax(jnp.array([1.0, 3.0, 2.0, 5.0])), lax.cummin(jnp.array([3.0, 1.0, 2.0]), reverse=True), lax.cumprod(jnp.arange(1.0, 5.0)), lax.cumlogsumexp(jnp.zeros(3)))
print(lax.sort_key_val(jnp.array([3, 1, 2]), jnp.array([10.0, 20.0, 30.0])))
print(lax.broadcasted_iota(jnp.int32, (2, 3), 1), lax.collapse(jnp.ones((2, 3, 4)), 1).shape, lax.atan2(1.0, 1.0), lax.is_finite(jnp.array([1.0, jnp.inf])))
print(jax.grad(lambda x: jnp.sum(lax.slice(x, (0, 1), (3, 4), (2, 2)) ** 2))(x))
print(jax.grad(lambda v: jnp.sum(lax.broadcast_in_dim(v, (2, 3), (1,)) * jnp.arange(6.0).reshape(2, 3)))(jnp.ones(3)))
print(jax.grad(lambda v: jnp.sum(lax.cummax(v)))(jnp.array([1.0, 3.0, 2.0, 5.0])))
""";
        assertEquals("""
[[1. 2. 3.]
 [5. 6. 7.]]
[[ 0.  3.]
 [ 8. 11.]]
[[ 1.  2.]
 [ 5.  6.]
 [ 9. 10.]]
[ 8.  9. 10. 11.]
[[ 8.  9. 10. 11.]
 [ 4.  5.  6.  7.]
 [ 0.  1.  2.  3.]]
(2, 3, 4) [0. 1. 2.]
(6, 4) (3, 4) (1, 3, 4, 1)
[ 1 -1] [ 1.  2. -1.  3.] [0. 2. 2.]
[-1  1] True [ True False False]
[2147483644          4] 8 -4
[0. 1. 2.] 2.0
[1. 3. 3. 5.] [1. 1. 2.] [ 1.  2.  6. 24.] [0.        0.6931472 1.0986123]
(Array([1, 2, 3], dtype=int32), Array([20., 30., 10.], dtype=float32))
[[0 1 2]
 [0 1 2]] (2, 12) 0.7853982 [ True False]
[[ 0.  2.  0.  6.]
 [ 0.  0.  0.  0.]
 [ 0. 18.  0. 22.]]
[3. 5. 7.]
[1. 2. 0. 1.]
""", JxRun.run(program));
    }
}

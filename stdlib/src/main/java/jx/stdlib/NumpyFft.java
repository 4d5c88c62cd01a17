package jx.stdlib;

import static jx.stdlib.NumpyModule.arr;
import static jx.stdlib.NumpyModule.flag;

import jx.array.Fft;
import jx.eval.Builtins;
import jx.eval.Values;
import jx.prim.Tag;

/**
 * jnp.fft: one primitive, the unnormalized complex DFT along one axis (jx.array.Fft); the module's
 * functions (real and multi-axis transforms, n, s, norm, frequencies, shifts) are jx over it in
 * jax/_fft.jx, so they differentiate and batch through it.
 */
final class NumpyFft {
    private NumpyFft() {}

    static Values.Module module(String name, jx.prim.Registry registry) {
        Table t = new Table();
        // Linear, and the DFT matrix is symmetric: its transpose is itself (JAX's cotangents are not
        // conjugated), in both directions; a real input's cotangent is the real part.
        t.fn("_c2c(a, axis=-1, inverse=False)", (in, a) -> Fft.c2c(arr(in, a[0]), (int) Builtins.asIndex(a[1], null), flag(a[2])))
                .vjp("jnp.fft._c2c(g, axis, inverse) if jnp.iscomplexobj(a) else jnp.real(jnp.fft._c2c(g, axis, inverse))", null, null)
                .jvp("jnp.fft._c2c(t, axis, inverse)", null, null)
                .batch("a", "jnp.fft._c2c(a, _vmap_axes(axis, jnp.ndim(a), False), inverse)")
                .tags(Tag.ARRAY).domain("-1.0, 1.0");
        t.declare(registry, "jnp.fft");
        return t.module(name);
    }
}

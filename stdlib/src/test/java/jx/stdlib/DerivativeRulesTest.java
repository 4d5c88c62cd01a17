package jx.stdlib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import jx.prim.Derivative;
import jx.prim.Prim;
import jx.prim.Tag;
import jx.run.Config;
import jx.run.Session;

/**
 * Walks the primitive registry: every row with a derivative is checked against central finite
 * differences in float64 (--x64) at random points, and for JVP/VJP consistency, by
 * derivative_check.jx. A row that declares a domain is sampled from it; any other needs a sample
 * call below; one without is a failure, so that no primitive goes unchecked.
 */
class DerivativeRulesTest {
    /** name -> {function, arguments, differentiated argument numbers}. */
    private static final Map<String, String[]> SAMPLES = new LinkedHashMap<>();

    private static void sample(String name, String fn, String args, String argnums) {
        SAMPLES.put(name, new String[] {fn, args, argnums});
    }

    /** Rows whose derivative is a refusal (JAX's too): differentiating the sample must raise NotImplementedError. */
    private static final Map<String, String[]> REFUSED = new LinkedHashMap<>();

    private static void refuses(String name, String fn, String args) {
        REFUSED.put(name, new String[] {fn, args});
    }

    /**
     * A sample drawn from the domain the registry row declares: an elementwise binary row gets two
     * broadcast arguments, any other row one (2, 3) argument, its other parameters at their defaults.
     */
    private static String[] fromDomain(Prim row) {
        String d = row.domain();
        return !(row.has(Tag.ELEMENTWISE) && row.params().size() == 2)
                ? new String[] {"lambda x: " + row.name() + "(x)", "(rnd((2, 3), " + d + ", k=1),)", "(0,)"}
                : new String[] {"lambda a, b: " + row.name() + "(a, b)", "(rnd((2, 3), " + d + ", k=1), rnd((3,), " + d + ", k=2))",
                    "(0, 1)"};
    }

    static {
        sample("jnp.round", "lambda x: jnp.round(x)", "(rnd((3,), k=1),)", "(0,)");
        for (String n : List.of("sum", "mean", "max", "min", "prod")) {
            sample("jnp." + n, "lambda a: jnp." + n + "(a, axis=1)", "(rnd((2, 3), 0.5, 2.0, k=1),)", "(0,)");
        }
        sample("jnp.where", "lambda c, a, b: jnp.where(c, a, b)", "(rnd((2, 3), k=3) > 0.0, rnd((2, 3), k=1), rnd((3,), k=2))", "(1, 2)");
        // A vector @ vector is a scalar beside a vector: shapes the simplifier must not take for equal.
        sample("jnp.matmul", "lambda a, b: jnp.matmul(a, b) + jnp.sum(jnp.matmul(b[:, 0], b[:, 0]) + b[:, 0])",
                "(rnd((2, 3), k=1), rnd((3, 4), k=2))", "(0, 1)");
        sample("jnp.dot", "lambda a, b: jnp.dot(a, b)", "(rnd((2, 3), k=1), rnd((3, 2), k=2))", "(0, 1)");
        sample("jnp.reshape", "lambda a: jnp.reshape(a, (3, 2))", "(rnd((2, 3), k=1),)", "(0,)");
        sample("jnp.ravel", "lambda a: jnp.ravel(a)", "(rnd((2, 3), k=1),)", "(0,)");
        sample("jnp.squeeze", "lambda a: jnp.squeeze(a)", "(rnd((1, 3), k=1),)", "(0,)");
        sample("jnp.expand_dims", "lambda a: jnp.expand_dims(a, 0)", "(rnd((3,), k=1),)", "(0,)");
        sample("jnp.broadcast_to", "lambda a: jnp.broadcast_to(a, (2, 3))", "(rnd((3,), k=1),)", "(0,)");
        sample("jnp.transpose", "lambda a: jnp.transpose(a, (1, 2, 0))", "(rnd((2, 3, 4), k=1),)", "(0,)");
        sample("jnp.swapaxes", "lambda a: jnp.swapaxes(a, 0, 1)", "(rnd((2, 3), k=1),)", "(0,)");
        sample("jnp.flip", "lambda a: jnp.flip(a, 0)", "(rnd((2, 3), k=1),)", "(0,)");
        sample("jnp.zeros_like", "lambda a: jnp.zeros_like(a) + 1.0", "(rnd((3,), k=1),)", "(0,)");
        sample("jnp.ones_like", "lambda a: jnp.ones_like(a)", "(rnd((3,), k=1),)", "(0,)");
        sample("jnp.full_like", "lambda a, v: jnp.full_like(a, v)", "(rnd((3,), k=1), rnd((), k=2))", "(1,)");
        sample("jax.lax.select", "lambda c, a, b: jax.lax.select(c, a, b)", "(rnd((2, 3), k=3) > 0.0, rnd((2, 3), k=1), rnd((2, 3), k=2))", "(1, 2)");
        sample("jax.lax.stop_gradient", "lambda a: jax.lax.stop_gradient(a) * 2.0", "(rnd((3,), k=1),)", "(0,)");
        // The windows convolutions are built from: low/high/interior padding, a crop, patches and their transposes.
        sample("jax.lax.pad", "lambda a, v: jax.lax.pad(a, v, ((1, -1, 1), (-1, 2, 0)))", "(rnd((2, 3), k=1), rnd((), k=2))", "(0, 1)");
        sample("jax.lax._pad_transpose", "lambda a: jax.lax._pad_transpose(a, ((1, -1, 1), (-1, 2, 0)))", "(rnd((3, 4), k=1),)", "(0,)");
        sample("jax.lax._im2col", "lambda a: jax.lax._im2col(a, (2, 2), (2, 1), (1, 2))", "(rnd((2, 2, 5, 4), k=1),)", "(0,)");
        sample("jax.lax._col2im", "lambda a: jax.lax._col2im(a, (1, 2, 5, 4), (2, 2), (2, 1), (1, 2))", "(rnd((1, 8, 4), k=1),)", "(0,)");
        // gamma's reparameterisation gradient, differentiated by reverse mode through gamma's custom_jvp rule.
        sample("jax.random._gamma_grad", "lambda a, x: jax.random._gamma_grad(a, x)", "(rnd((2, 3), 0.5, 3.0, k=1), rnd((3,), 0.5, 3.0, k=2))",
                "(0, 1)");
        // Python's operators.
        sample("op.+", "lambda a, b: a + b", "(rnd((2, 3), k=1), rnd((3,), k=2))", "(0, 1)");
        sample("op.-", "lambda a, b: a - b", "(rnd((2, 3), k=1), rnd((3,), k=2))", "(0, 1)");
        sample("op.*", "lambda a, b: a * b", "(rnd((2, 3), k=1), rnd((3,), k=2))", "(0, 1)");
        sample("op./", "lambda a, b: a / b", "(rnd((2, 3), k=1), rnd((3,), 0.5, 2.0, k=2))", "(0, 1)");
        sample("op.**", "lambda a, b: a ** b", "(rnd((2, 3), 0.5, 2.0, k=1), rnd((3,), k=2))", "(0, 1)");
        // Matrix @ matrix, and the vector cases: vector @ matrix, matrix @ vector, vector @ vector.
        sample("op.@", "lambda a, b: a @ b + jnp.sum(a[0, 0] @ b) + jnp.sum(a @ b[:, 0]) + b[:, 0] @ b[:, 1]"
                + " + jnp.sum(a[:, :, 0] @ a[0])", "(rnd((4, 2, 3), k=1), rnd((3, 5), k=2))", "(0, 1)");
        sample("op.neg", "lambda a: -a", "(rnd((3,), k=1),)", "(0,)");
        sample("op.index", "lambda a: a[1, ::2] * a[0, jnp.array([2, 2])]", "(rnd((2, 3), k=1),)", "(0,)");
        sample("op.T", "lambda a: a.T", "(rnd((2, 3), k=1),)", "(0,)");
        sample("op.//", "lambda a, b: (a // b) * 1.0", "(rnd((3,), 1.0, 5.0, k=1), rnd((3,), 0.5, 2.0, k=2))", "(0, 1)");
        sample("op.%", "lambda a, b: a % b", "(rnd((3,), 1.0, 5.0, k=1), rnd((3,), 0.7, 0.9, k=2))", "(0, 1)");
        // JAX's functional updates.
        sample("at.set", "lambda a, v: a.at[1].set(v)", "(rnd((3, 2), k=1), rnd((2,), k=2))", "(0, 1)");
        sample("at.add", "lambda a, v: a.at[jnp.array([0, 0])].add(v)", "(rnd((3,), k=1), rnd((2,), k=2))", "(0, 1)");
        sample("at.multiply", "lambda a, v: a.at[1].multiply(v)", "(rnd((3,), k=1), rnd((), k=2))", "(0, 1)");
        sample("at.get", "lambda a: a.at[jnp.array([0, 2])].get()", "(rnd((3,), k=1),)", "(0,)");
        // The helpers of derived programs, which are differentiated again by grad of grad.
        sample("_ones_like_output", "lambda a: _ones_like_output(jnp.sum(a)) * 1.0", "(rnd((3,), k=1),)", "(0,)");
        sample("_check_input", "lambda a: (_check_input(a, False), jnp.sum(a) * 0.0)[1]", "(rnd((3,), k=1),)", "(0,)");
        sample("_check_output", "lambda a: (_check_output(jnp.sum(a), False), jnp.sum(a) * 0.0)[1]", "(rnd((3,), k=1),)", "(0,)");
        sample("_ones_like_holomorphic_output", "lambda a: jnp.real(_ones_like_holomorphic_output(jnp.sum(a) * 1j)) * 1.0",
                "(rnd((3,), k=1),)", "(0,)");
        // Complex results: the sample differentiates a real function of them (complex_derivatives.jx checks complex inputs).
        sample("jax.lax.complex", "lambda a, b: jnp.abs(jax.lax.complex(a, b * 2.0))", "(rnd((2, 3), k=1), rnd((3,), k=2))", "(0, 1)");
        // jnp.fft's one primitive: the real part of forward transforms along an axis, the imaginary part of an inverse one
        // of a complex input (fft_derivatives.jx checks the transforms to second order, vmap included).
        sample("jnp.fft._c2c", "lambda a, b: jnp.real(jnp.fft._c2c(a, 0)) + jnp.imag(jnp.fft._c2c(a + 1j * b, 1, True)) ** 2",
                "(rnd((2, 3), k=1), rnd((2, 3), k=2))", "(0, 1)");
        sample("_field_index", "lambda a: jnp.ones(3) * _field_index(jnp.linalg.slogdet(a + 3.0 * jnp.eye(2)), 'logabsdet')",
                "(rnd((2, 2), k=1),)", "(0,)");
        sample("jnp.linalg._result", "lambda a: jnp.linalg._result('SlogdetResult', (a * 2.0, jnp.sin(a)))[1]", "(rnd((2, 3), k=1),)", "(0,)");
        sample("_zeros_like", "lambda a: _zeros_like(a) + 1.0", "(rnd((3,), k=1),)", "(0,)");
        sample("_inverse_perm", "lambda a: jnp.ones(3) * len(_inverse_perm(jnp.shape(a)))", "(rnd((3,), k=1),)", "(0,)");
        sample("_vmap_bcast", "lambda a: _vmap_bcast(a, 4, 1)", "(rnd((2, 3), k=1),)", "(0,)");
        sample("_vmap_unbcast", "lambda a: _vmap_unbcast(a, 4, 1)", "(rnd((2, 4, 3), k=1),)", "(0,)");
        sample("_vmap_align", "lambda a: _vmap_align(a, 3, 1)", "(rnd((2, 3), k=1),)", "(0,)");
        sample("_vmap_in", "lambda a: _vmap_in(a, 1, 3)", "(rnd((2, 3), k=1),)", "(0,)");
        sample("_vmap_in_t", "lambda a: _vmap_in_t(a, 1, 3)", "(rnd((3, 2), k=1),)", "(0,)");
        sample("_vmap_out", "lambda a: _vmap_out(a, 1)", "(rnd((2, 3), k=1),)", "(0,)");
        sample("_vmap_out_t", "lambda a: _vmap_out_t(a, 1)", "(rnd((3, 2), k=1),)", "(0,)");
        sample("jax.vmap", "lambda a: jax.vmap(lambda r: jnp.sin(r) * a)(jnp.ones((2, 3)))", "(rnd((3,), k=1),)", "(0,)");
        sample("jax.grad", "lambda a: jax.grad(lambda w: jnp.sum(jnp.sin(w * a)))(jnp.ones(3))", "(rnd((3,), k=1),)", "(0,)");
        sample("jax.value_and_grad", "lambda a: jax.value_and_grad(lambda w: jnp.sum(jnp.sin(w * a)))(jnp.ones(3))[1]",
                "(rnd((3,), k=1),)", "(0,)");
        sample("_acc", "lambda a, b: _acc(a, b)", "(rnd((3,), k=1), rnd((3,), k=2))", "(0, 1)");
        sample("_jvp_lanes", "lambda a: _jvp_lanes(2, jnp.sin, None, (jnp.stack([a, a * a]),), {}, a)[1]", "(rnd((3,), k=1),)", "(0,)");
        sample("_unbroadcast", "lambda a: _unbroadcast(a, jnp.ones(3))", "(rnd((2, 3), k=1),)", "(0,)");
        sample("_unbroadcast_tail", "lambda a: _unbroadcast_tail(a, jnp.ones(3))", "(rnd((2, 3), k=1),)", "(0,)");
        sample("list", "lambda a: jnp.stack(list((a, a * 2.0)))", "(rnd((3,), k=1),)", "(0,)");
        sample("tuple", "lambda a: jnp.stack(tuple([a * 3.0, a]))", "(rnd((3,), k=1),)", "(0,)");
        sample("_seq_like", "lambda a: jnp.stack(_seq_like([a, a * 2.0], (1.0, 2.0)))", "(rnd((3,), k=1),)", "(0,)");
        sample("_broadcast_tail_like", "lambda a: _broadcast_tail_like(a, jnp.ones((2, 3)))", "(rnd((3,), k=1),)", "(0,)");
        sample("_broadcast_like", "lambda a: _broadcast_like(a, jnp.ones((2, 3)))", "(rnd((3,), k=1),)", "(0,)");
        sample("_sum_transpose", "lambda a: _sum_transpose(a, jnp.ones((2, 3)), 1, False)", "(rnd((2,), k=1),)", "(0,)");
        sample("_mean_transpose", "lambda a: _mean_transpose(a, jnp.ones((2, 3)), None, False)", "(rnd((), k=1),)", "(0,)");
        sample("_ct_get", "lambda a: _ct_get((a, a * 2.0), 1)", "(rnd((3,), k=1),)", "(0,)");
        sample("_index_vjp", "lambda a: _index_vjp(a, jnp.ones(3), 1)", "(rnd((), k=1),)", "(0,)");
        sample("_index_of", "lambda a: _index_of(a, 1)", "(rnd((3,), k=1),)", "(0,)");
        sample("_log_or_zero", "lambda a: _log_or_zero(a)", "(rnd((3,), 0.5, 2.0, k=1),)", "(0,)");
        sample("_keep", "lambda a: _keep(a, jnp.ones((2, 3)), 1, False) * 1.0", "(rnd((2,), k=1),)", "(0,)");
        sample("_reshape_like", "lambda a: _reshape_like(a, jnp.ones((3, 2)))", "(rnd((2, 3), k=1),)", "(0,)");
        sample("_at_zero", "lambda a: _at_zero(a, 1)", "(rnd((3,), k=1),)", "(0,)");
        sample("_at_mul", "lambda a, v: _at_mul(a, 1, v)", "(rnd((3,), k=1), rnd((), k=2))", "(0, 1)");
        sample("_reduce_ct", "lambda a: _reduce_ct(a, 1, False, True)", "(rnd((2, 3), k=1),)", "(0,)");
        sample("_extremum_vjp", "lambda a: _extremum_vjp(a, jnp.array([[1.0, 3.0, 3.0], [2.0, 0.0, 1.0]]), jnp.array([3.0, 2.0]), 1, False)",
                "(rnd((2,), k=1),)", "(0,)");
        sample("_extremum_t", "lambda a: _extremum_t(a, jnp.array([[1.0, 3.0, 3.0], [2.0, 0.0, 1.0]]), jnp.array([3.0, 2.0]), 1, False)",
                "(rnd((2, 3), k=1),)", "(0,)");
        sample("jnp.stack", "lambda a, b: jnp.stack([a, b * 2.0], axis=1)", "(rnd((2, 3), k=1), rnd((2, 3), k=2))", "(0, 1)");
        sample("jnp.concatenate", "lambda a, b: jnp.concatenate([a, b], axis=0)", "(rnd((2, 3), k=1), rnd((1, 3), k=2))", "(0, 1)");
        sample("_unstack", "lambda a: _unstack(a, [jnp.ones(3), jnp.ones(3)], 0)[1]", "(rnd((2, 3), k=1),)", "(0,)");
        sample("_stack_ct", "lambda a: _stack_ct([a, 0.0], [jnp.ones(3), jnp.ones(3)], 1)", "(rnd((3,), k=1),)", "(0,)");
        sample("_split_like", "lambda a: _split_like(a, [jnp.ones(2), jnp.ones(3)], 0)[1]", "(rnd((5,), k=1),)", "(0,)");
        sample("_concat_ct", "lambda a: _concat_ct([0.0, a], [jnp.ones(2), jnp.ones(3)], 0)", "(rnd((3,), k=1),)", "(0,)");
        sample("jax.tree_util.tree_map", "lambda a, b: jnp.stack(jax.tree_util.tree_map(lambda u, v: u * v, [a, b], [b, a]))",
                "(rnd((3,), k=1), rnd((3,), k=2))", "(0, 1)");
        sample("jax.tree_util.tree_leaves", "lambda a: jnp.stack(jax.tree_util.tree_leaves({'x': a, 'y': a * 2.0}))",
                "(rnd((3,), k=1),)", "(0,)");
        // Functions with custom derivatives (Java vjps): checked the same way, to first order.
        sample("jax.lax.scan", "lambda w, xs: jax.lax.scan(lambda h, x: (jnp.tanh(w * h + x), h * x), jnp.zeros(2), xs)[1]",
                "(rnd((2,), k=1), rnd((4, 2), k=2))", "(0, 1)");
        sample("jnp.einsum", "lambda a, b: jnp.einsum('ijk,kj->i', a, b)[:, None] + jnp.einsum('ijk->ik', a)"
                + " + jnp.sum(jnp.einsum('ijk,kl', a, b))", "(rnd((2, 3, 4), k=1), rnd((4, 3), k=2))", "(0, 1)");
        sample("sum", "lambda a, b: sum([a, b * 2.0], a)", "(rnd((3,), k=1), rnd((3,), k=2))", "(0, 1)");
        sample("_materialize", "lambda a: _materialize(a, jnp.ones(3))", "(rnd((3,), k=1),)", "(0,)");
        sample("_tzeros", "lambda a: _tzeros(a) + 1.0", "(rnd((3,), k=1),)", "(0,)");
        sample("_tmaterialize", "lambda a: _tmaterialize(a * 2.0, jnp.ones(3))", "(rnd((3,), k=1),)", "(0,)");
        sample("jax.tree_util.tree_flatten", "lambda a, b: jnp.stack(jax.tree_util.tree_flatten({'y': [a * b, None], 'x': a})[0])",
                "(rnd((3,), k=1), rnd((3,), k=2))", "(0, 1)");
        sample("jax.tree_util.tree_unflatten", "lambda a, b: jax.tree_util.tree_unflatten(jax.tree_util.tree_structure({'x': 1.0, 'y': (1.0, None)}),"
                + " [a, b * a])['y'][0]", "(rnd((3,), k=1), rnd((3,), k=2))", "(0, 1)");
        sample("jax.tree_util._up_to", "lambda a, b: jax.tree_util._up_to({'x': a, 'y': (b, [a, b])}, jax.tree_util.tree_structure({'x': 1.0, 'y': (1.0, 1.0)}))[2][1]",
                "(rnd((3,), k=1), rnd((3,), k=2))", "(0, 1)");
        sample("jax.tree_util._from_leaves", "lambda a, b: jax.tree_util._from_leaves([a, b * a], jax.tree_util.tree_structure([1.0, (1.0,)]))[1][0]",
                "(rnd((3,), k=1), rnd((3,), k=2))", "(0, 1)");
        sample("_array_to_tree", "lambda a: jnp.stack(_array_to_tree(a, [1.0, 2.0]))", "(rnd((2,), k=1),)", "(0,)");
        sample("_tree_to_array", "lambda a: _tree_to_array([a[0], a[1] * 2.0], [1.0, 2.0])", "(rnd((2,), k=1),)", "(0,)");
        sample("max", "lambda a, b: jnp.stack([max(a[0], b[1]), max([a[1], b[0], a[2]])])", "(rnd((3,), k=1), rnd((2,), k=2))", "(0, 1)");
        sample("min", "lambda a, b: jnp.stack([min(a[0], b[1]), min((a[1], b[0], a[2]))])", "(rnd((3,), k=1), rnd((2,), k=2))", "(0, 1)");
        sample("enumerate", "lambda a: jnp.stack([i * v for i, v in enumerate(a, 1)])", "(rnd((3,), k=1),)", "(0,)");
        sample("abs", "lambda a: jnp.stack([abs(a[0]) * a[1], abs(a[2] * (1 + 2j))])", "(rnd((3,), k=1),)", "(0,)");
        sample("zip", "lambda a, b: jnp.stack([u * v for u, v in zip(a, [b[0], b[1]])])", "(rnd((3,), k=1), rnd((2,), k=2))", "(0, 1)");
        sample("functools.partial", "lambda a, b: functools.partial(lambda u, v: u * jnp.sin(v), a)(b)",
                "(rnd((3,), k=1), rnd((3,), k=2))", "(0, 1)");
        sample("_nonzero", "lambda a: jnp.ones(3) * _nonzero(a)", "(rnd((3,), k=1),)", "(0,)");
        sample("_kw_bound", "lambda a: _kw_bound(lambda u, v=1.0: u * v, ('v',), 1)(a, a * 3.0)", "(rnd((3,), k=1),)", "(0,)");
        // More of jax.numpy, by rule.
        sample("jnp.asarray", "lambda a: jnp.asarray(a) * 2.0", "(rnd((2, 3), k=1),)", "(0,)");
        sample("jnp.astype", "lambda a: jnp.astype(a, jnp.float64) * 2.0 + a.astype(jnp.float64)", "(rnd((2, 3), k=1),)", "(0,)");
        sample("jnp.array", "lambda a: jnp.array(a) * 2.0", "(rnd((2, 3), k=1),)", "(0,)");
        for (String n : List.of("amax", "amin")) {
            sample("jnp." + n, "lambda a: jnp." + n + "(a, axis=1)", "(rnd((2, 3), k=1),)", "(0,)");
        }
        for (String n : List.of("mod", "remainder", "fmod")) {
            sample("jnp." + n, "lambda a, b: jnp." + n + "(a, b)", "(rnd((3,), 1.0, 5.0, k=1), rnd((3,), 0.7, 0.9, k=2))", "(0, 1)");
        }
        sample("jnp.cumsum", "lambda a: jnp.cumsum(a, axis=1) + jnp.reshape(jnp.cumsum(a), (2, 3))", "(rnd((2, 3), k=1),)", "(0,)");
        // A zero factor is no special case of the running product's derivative.
        sample("jnp.cumprod", "lambda a: jnp.cumprod(a, axis=1) + jnp.reshape(jnp.cumprod(a.at[0, 1].set(0.0)), (2, 3))",
                "(rnd((2, 3), k=1),)", "(0,)");
        sample("jnp.sort", "lambda a: jnp.sort(a, axis=0) + jnp.sort(a, descending=True) + jnp.reshape(jnp.sort(a, axis=None), (2, 3))",
                "(rnd((2, 3), k=1),)", "(0,)");
        sample("jnp.moveaxis", "lambda a: jnp.moveaxis(a, 0, 2)", "(rnd((2, 3, 4), k=1),)", "(0,)");
        sample("jnp.permute_dims", "lambda a: jnp.permute_dims(a, (2, 0, 1))", "(rnd((2, 3, 4), k=1),)", "(0,)");
        sample("jnp._atleast_1d", "lambda a: jnp._atleast_1d(a)", "(rnd((), k=1),)", "(0,)");
        sample("jnp._atleast_2d", "lambda a: jnp._atleast_2d(a)", "(rnd((3,), k=1),)", "(0,)");
        sample("jnp.tril", "lambda a: jnp.tril(a, -1)", "(rnd((3, 3), k=1),)", "(0,)");
        sample("jnp.triu", "lambda a: jnp.triu(a, 1)", "(rnd((3, 3), k=1),)", "(0,)");
        sample("jnp.roll", "lambda a: jnp.roll(a, (1, -1), (0, 1)) + jnp.roll(a, 2)", "(rnd((2, 3), k=1),)", "(0,)");
        sample("jnp.split", "lambda a: jnp.stack(jnp.split(a, 3, axis=1))", "(rnd((2, 3), k=1),)", "(0,)");
        sample("jnp.array_split", "lambda a: jnp.array_split(a, [1], axis=1)[1]", "(rnd((2, 3), k=1),)", "(0,)");
        sample("jnp.linalg.inv", "lambda a: jnp.linalg.inv(a + 3.0 * jnp.eye(3))", "(rnd((3, 3), k=1),)", "(0,)");
        sample("jnp.linalg.det", "lambda a: jnp.linalg.det(a + 2.0 * jnp.eye(3))", "(rnd((3, 3), k=1),)", "(0,)");
        sample("jnp.linalg.cholesky", "lambda a: jnp.linalg.cholesky(jnp.matmul(a, a.T) + 3.0 * jnp.eye(3))",
                "(rnd((3, 3), k=1),)", "(0,)");
        sample("jnp.linalg.solve", "lambda a, b: jnp.linalg.solve(a + 3.0 * jnp.eye(3), b)"
                + " + jnp.linalg.solve(a + 3.0 * jnp.eye(3), b[:, 0])[:, None]", "(rnd((3, 3), k=1), rnd((3, 2), k=2))", "(0, 1)");
        // And by definition in jx (jax/_numpy_grad.jx), each also compared with its primitive.
        sample("jnp.var", "lambda a: jnp.var(a, axis=1) + jnp.var(a, ddof=1)", "(rnd((2, 3), k=1),)", "(0,)");
        sample("jnp.std", "lambda a: jnp.std(a, axis=0, keepdims=True)", "(rnd((2, 3), k=1),)", "(0,)");
        sample("jnp.clip", "lambda a: jnp.clip(a, -0.5, 0.5) + jnp.clip(a, a_max=0.0)", "(rnd((2, 3), k=1),)", "(0,)");
        sample("jnp.ptp", "lambda a: jnp.ptp(a, axis=1)", "(rnd((2, 3), k=1),)", "(0,)");
        sample("jnp.average", "lambda a, w: jnp.average(a, axis=1, weights=w) + jnp.average(a)",
                "(rnd((2, 3), k=1), rnd((2, 3), 0.5, 2.0, k=2))", "(0, 1)");
        sample("jnp.nansum", "lambda a: jnp.nansum(jnp.where(a > 0.5, jnp.nan, a), axis=0)", "(rnd((2, 3), k=1),)", "(0,)");
        sample("jnp.nanmean", "lambda a: jnp.nanmean(jnp.where(a > 0.5, jnp.nan, a), axis=1)", "(rnd((2, 3), k=1),)", "(0,)");
        sample("jnp.take", "lambda a: jnp.take(a, jnp.array([2, 0, 2]), axis=1) + jnp.take(a, jnp.array([[1, 5, 0]]))",
                "(rnd((2, 3), k=1),)", "(0,)");
        sample("jnp.take_along_axis", "lambda a: jnp.take_along_axis(a, jnp.array([[0, 2, 2], [1, 1, 0]]), axis=1)",
                "(rnd((2, 3), k=1),)", "(0,)");
        sample("jnp.outer", "lambda a, b: jnp.outer(a, b)", "(rnd((3,), k=1), rnd((2,), k=2))", "(0, 1)");
        sample("jnp.vdot", "lambda a, b: jnp.vdot(a, b)", "(rnd((2, 3), k=1), rnd((2, 3), k=2))", "(0, 1)");
        sample("jnp.inner", "lambda a, b: jnp.inner(a, b)", "(rnd((2, 3), k=1), rnd((4, 3), k=2))", "(0, 1)");
        sample("jnp.tensordot", "lambda a, b: jnp.tensordot(a, b, axes=([0, 2], [1, 0])) + jnp.tensordot(a, a, 3)",
                "(rnd((2, 3, 4), k=1), rnd((4, 2, 5), k=2))", "(0, 1)");
        sample("jnp.diagonal", "lambda a: jnp.diagonal(a, 1, 0, 2)", "(rnd((3, 2, 4), k=1),)", "(0,)");
        sample("jnp.trace", "lambda a: jnp.trace(a, -1)", "(rnd((3, 3), k=1),)", "(0,)");
        sample("jnp.diag", "lambda a: jnp.diag(a, 1) + jnp.diag(jnp.diag(a, -1))[None, :]", "(rnd((3,), k=1),)", "(0,)");
        sample("jnp.full", "lambda a: jnp.full((2, 3), a[0]) * jnp.full((3,), a[1], a.dtype)", "(rnd((2,), k=1),)", "(0,)");
        sample("jnp.tile", "lambda a: jnp.tile(a, 2)[:, 1:4] + jnp.tile(a, (2, 1, 2))[:, 0, 3:]", "(rnd((2, 3), k=1),)", "(0,)");
        sample("jnp.linalg.norm", "lambda a: jnp.linalg.norm(a) + jnp.linalg.norm(a, 1, axis=1) + jnp.linalg.norm(a, jnp.inf)"
                + " + jnp.linalg.norm(a, 3, axis=0)[0] + jnp.linalg.norm(a, -1) + jnp.linalg.norm(a, 2) + jnp.linalg.norm(a, -2)"
                + " + jnp.linalg.norm(a, 'nuc')", "(rnd((2, 3), k=1),)", "(0,)");
        // The decompositions (jax/_linalg_rules.jx): eigenvectors and singular vectors enter as products of a column
        // with its first entry, which a flip of the column's sign leaves alone; the eigenvalues are distinct there.
        sample("jnp.linalg.eigh", "lambda a: jnp.concatenate([jnp.linalg.eigh(a)[0], jnp.ravel(jnp.linalg.eigh(a)[1]"
                + " * jnp.linalg.eigh(a)[1][0:1, :]), jnp.linalg.eigh(a + a.T, 'U', False)[0]])", "(rnd((3, 3), k=1),)", "(0,)");
        sample("jnp.linalg.svd", "lambda a: jnp.concatenate([jnp.linalg.svd(a, False)[1], jnp.ravel(jnp.linalg.svd(a, False)[0]"
                + " * jnp.linalg.svd(a, False)[0][0:1, :]), jnp.ravel(jnp.linalg.svd(a, False)[2] * jnp.linalg.svd(a, False)[2][:, 0:1]),"
                + " jnp.linalg.svd(a.T, compute_uv=False), jnp.ravel(jnp.linalg.svd(a.T, False)[0] * jnp.linalg.svd(a.T, False)[0][0:1, :])])",
                "(rnd((3, 4), k=1),)", "(0,)");
        sample("jnp.linalg.qr", "lambda a: jnp.concatenate([jnp.ravel(jnp.linalg.qr(a)[0]), jnp.ravel(jnp.linalg.qr(a)[1]),"
                + " jnp.ravel(jnp.linalg.qr(a.T)[0]), jnp.ravel(jnp.linalg.qr(a.T).R), jnp.ravel(jnp.linalg.qr(a, 'r')), jnp.ravel(jnp.linalg.qr(a, 'complete')[0])])",
                "(rnd((4, 3), k=1),)", "(0,)");
        sample("jnp.linalg.eigvals", "lambda a: jnp.real(jnp.linalg.eigvals(a)) + jnp.imag(jnp.linalg.eigvals(a)) ** 2",
                "(rnd((3, 3), k=1),)", "(0,)");
        sample("jnp.linalg.eigvalsh", "lambda a: jnp.linalg.eigvalsh(a) + jnp.linalg.eigvalsh(a + a.T, 'U', False)", "(rnd((3, 3), k=1),)", "(0,)");
        sample("jnp.linalg.svdvals", "lambda a: jnp.linalg.svdvals(a)", "(rnd((3, 4), k=1),)", "(0,)");
        sample("jnp.linalg.matrix_power", "lambda a: jnp.linalg.matrix_power(a + 2.0 * jnp.eye(3), 3)"
                + " + jnp.linalg.matrix_power(a + 2.0 * jnp.eye(3), -2) + jnp.linalg.matrix_power(a, 0) + jnp.linalg.matrix_power(a, 1)",
                "(rnd((3, 3), k=1),)", "(0,)");
        sample("jnp.linalg._pinv", "lambda a: jnp.linalg._pinv(a) + jnp.linalg._pinv(a.T).T", "(rnd((4, 3), k=1),)", "(0,)");
        // jnp.linalg.eig's derivative is refused, as JAX refuses it.
        refuses("jnp.linalg.eig", "lambda a: jnp.real(jnp.linalg.eig(a)[0])", "(rnd((3, 3), k=1),)");
    }

    private static String checker() throws IOException {
        try (InputStream in = DerivativeRulesTest.class.getResourceAsStream("/jx/stdlib/derivative_check.jx")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The rows of a session's registry, keyed by name: building a session declares them. */
    private static Map<String, Prim> rows() {
        Session s = new Session(new Config("cpu", true, List.of(), System.out));
        s.runSource("jnp.sum(1.0)", "<load>");
        Map<String, Prim> out = new LinkedHashMap<>();
        s.registry().all().forEach(r -> out.put(r.name(), r));
        return out;
    }

    /** Every row with a derivative, and the sample it is checked on: its own, or one drawn from its domain. */
    private static Map<String, String[]> samples(Map<String, Prim> rows) {
        Map<String, String[]> out = new LinkedHashMap<>();
        for (Prim row : rows.values()) {
            if (row.derivative() instanceof Derivative.NoneYet) {
                continue;
            }
            String[] s = SAMPLES.get(row.name());
            if (REFUSED.containsKey(row.name())) {
                continue;
            }
            if (s == null && row.domain() != null) {
                s = fromDomain(row);
            }
            out.put(row.name(), s);
        }
        return out;
    }

    @Test
    void everyRuleHasASample() {
        Map<String, Prim> rows = rows();
        List<String> missing = samples(rows).entrySet().stream().filter(e -> e.getValue() == null).map(Map.Entry::getKey).toList();
        assertTrue(missing.isEmpty(), "derivatives without a finite-difference sample: " + missing);
        List<String> stale = java.util.stream.Stream.concat(SAMPLES.keySet().stream(), REFUSED.keySet().stream())
                .filter(n -> !rows.containsKey(n)).toList();
        assertTrue(stale.isEmpty(), "samples of no registry row: " + stale);
    }

    @TestFactory
    Stream<DynamicTest> refusedDerivativesSaySo() throws IOException {
        String prelude = checker();
        return REFUSED.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            String[] s = e.getValue();
            String call = "f = " + s[0] + "\njax.grad(lambda a: jnp.sum(f(a)))(*" + s[1] + ")\n";
            jx.diag.JxException err = org.junit.jupiter.api.Assertions.assertThrows(jx.diag.JxException.class,
                    () -> new Session(new Config("cpu", true, List.of(), System.out)).runSource(prelude + call, "<" + e.getKey() + ">"));
            assertTrue(err.getMessage().contains("NotImplementedError"), err::getMessage);
        }));
    }

    @TestFactory
    Stream<DynamicTest> rulesAgreeWithFiniteDifferences() throws IOException {
        String prelude = checker();
        Map<String, Prim> rows = rows();
        return samples(rows).entrySet().stream().filter(e -> e.getValue() != null).map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            Prim row = rows.get(e.getKey());
            boolean custom = row.derivative() instanceof Derivative.Custom;
            boolean defined = row.derivative() instanceof Derivative.Definition;
            boolean none = row.derivative() instanceof Derivative.Rule r && r.templates().stream().allMatch(java.util.Objects::isNull);
            String[] s = e.getValue();
            String call = "check(" + jx.eval.Printer.quote(e.getKey()) + ", " + s[0] + ", " + s[1] + ", " + s[2]
                    + (none ? ", no_gradient=True" : "")
                    // Custom derivatives are Java functions: first order only (see jx.ad.Rules.Custom).
                    + (custom ? ", first_order=True" : "")
                    // jacfwd's engine is differentiated by forward mode only: reverse mode has no rule for _jvp_call yet.
                    + (e.getKey().equals("_jvp_lanes") ? ", forward_only=True" : "") + ")\n";
            if (defined) {
                // The definition must compute what the primitive computes.
                String name = e.getKey().substring(e.getKey().lastIndexOf('.') + 1);
                String viaDefinition = s[0].replace(e.getKey() + "(", "_defs." + name + "(");
                call += "same_values(" + jx.eval.Printer.quote(e.getKey()) + ", " + s[0] + ", " + viaDefinition + ", "
                        + s[1] + ")\n";
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
            new Session(new Config("cpu", true, List.of(), out)).runSource(prelude + call, "<" + e.getKey() + ">");
            assertEquals("", bytes.toString(StandardCharsets.UTF_8));
        }));
    }
}

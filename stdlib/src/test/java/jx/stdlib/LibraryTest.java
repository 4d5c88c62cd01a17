package jx.stdlib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import jx.run.Config;
import jx.diag.JxException;
import jx.run.Session;
import org.junit.jupiter.api.Test;

/** What NumPy cannot check: .at[] modes, jax.tree_util and lax.scan, printed as JAX prints them. */
class LibraryTest {
    private static String run(String... lines) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        Session s = new Session(new Config("cpu", false, List.of(), new PrintStream(buf, true, StandardCharsets.UTF_8)));
        s.runSource(String.join("\n", lines) + "\n", "<test>");
        return buf.toString(StandardCharsets.UTF_8);
    }

    private static String error(String... lines) {
        return assertThrows(JxException.class, () -> run(lines)).getMessage();
    }

    /** As in JAX, the value of value_and_grad and the output of vjp are arrays (weakly typed from Python numbers). */
    /** type(x).__name__ and __module__ as Python gives them; the type of a type is type, not a Java class name. */
    @Test
    void typesHaveTheirPythonNames() {
        assertEquals("int ArrayImpl jaxlib._jax builtins <class 'type'>\n", run(
                "print(type(1).__name__, type(jnp.ones(2)).__name__, type(jnp.ones(2)).__module__, type(2.0).__module__,"
                        + " type(type(1)))"));
    }

    /** JAX's pytrees keep a NamedTuple: the gradient with respect to one is the same NamedTuple (it was a plain tuple). */
    @Test
    void theGradientOfANamedTupleIsThatNamedTuple() {
        assertEquals("""
                P(w=Array([ 0.,  3., 10.], dtype=float32), b=Array(9., dtype=float32))
                P(w=Array([0., 0., 0.], dtype=float32), b=Array(0., dtype=float32))
                """, run("""
                from collections import namedtuple
                P = namedtuple("P", ["w", "b"])
                x = jnp.arange(3.0)
                print(jax.grad(lambda p, x: jnp.sum((p.w * x + p.b) ** 2))(P(jnp.ones(3), jnp.array(0.5)), x))
                print(jax.grad(lambda p, x: jnp.sum(x * 2.0))(P(jnp.ones(3), jnp.array(0.5)), x))
                """));
    }

    @Test
    void valuesOfDerivedFunctionsAreArrays() {
        assertEquals("""
                (Array(9., dtype=float32, weak_type=True), Array(6., dtype=float32, weak_type=True))
                ((Array(9., dtype=float32, weak_type=True), 3.0), {'w': Array(6., dtype=float32, weak_type=True)})
                Array(9., dtype=float32, weak_type=True)
                cpu True False
                """, run("""
                print(jax.value_and_grad(lambda x: x ** 2)(3.0))
                print(jax.value_and_grad(lambda p: (p["w"] ** 2, 3.0), has_aux=True)({"w": 3.0}))
                print(repr(jax.vjp(lambda p: p ** 2, 3.0)[0]))
                print(jax.default_backend(), jax.tree_util.tree_all([True, (1, 2.0)]), jax.tree.all({"a": True, "b": 0}))
                """));
    }

    /** JAX names a pasted program is likely to use, beyond the core: lax, jax.tree, optax, jnp extras. */
    @Test
    void moreOfJaxsSurface() {
        assertEquals("""
                [[ 6.  7.]
                 [10. 11.]]
                [0. 1. 1. 3.]
                (Array([5., 4.], dtype=float32), Array([4, 2], dtype=int32))
                [0.  0.5 1. ] [6 6 5 3] [ 6. 22. 38.]
                [ 0. 10. 12.  0.]
                {'a': 2.0, 'b': (4.0, 6.0)} [1, 2, 3]
                10 5
                True [0. 4.] 1.0
                (3, 8) (4, 3) int32 4.5
                [4. 8.] [-6. -4. 10.]
                {'b': Array(0.1, dtype=float32), 'w': Array([-0.1,  0.1], dtype=float32)}
                {'b': Array(0.3162, dtype=float32), 'w': Array([-0.3162,  0.3162], dtype=float32)}
                {'b': Array(0.1562, dtype=float32), 'w': Array([-0.4685,  0.0781], dtype=float32)}
                [0.4643688  0.10960147] 3.2015622
                """, run("""
                import optax
                x = jnp.arange(12.0).reshape(3, 4)
                print(lax.dynamic_slice(x, (2, 3), (2, 2)))
                print(lax.dynamic_update_slice(x, jnp.ones((1, 2)), (0, 1))[0])
                print(lax.top_k(jnp.array([3.0, 1.0, 4.0, 1.0, 5.0]), 2))
                print(lax.clamp(0.0, jnp.array([-1.0, 0.5, 2.0]), 1.0), lax.cumsum(jnp.arange(4), reverse=True), lax.map(lambda r: r.sum(), x))
                print(jax.grad(lambda v: jnp.sum(lax.dynamic_slice(v, (1, 1), (2, 2)) ** 2))(x)[1])
                print(jax.tree.map(lambda v: v * 2, {"a": 1.0, "b": (2.0, 3.0)}), jax.tree.leaves([1, (2, 3)]))
                print(jax.tree_util.tree_reduce(lambda a, b: a + b, [1, 2, (3, 4)]), jax.tree.reduce(max, [1, 5, 2], 0))
                print(isinstance(x, jax.Array), jax.jacobian(lambda v: v ** 2)(jnp.array([1.0, 2.0]))[1], jax.grad(jax.checkpoint(jnp.sin))(0.0))
                print(jnp.concat([x, x], axis=1).shape, jnp.matrix_transpose(x).shape, jnp.astype(x, jnp.int32).dtype, jnp.trapezoid(jnp.array([1.0, 2.0, 4.0])))
                print(jax.grad(lambda v: jnp.sum(jnp.pad(v, 1, mode="edge") ** 2))(jnp.array([1.0, 2.0])), jax.grad(lambda v: jnp.sum(jnp.diff(v) ** 2))(jnp.array([1.0, 4.0, 9.0])))
                params = {"w": jnp.array([1.0, -2.0]), "b": jnp.array(0.5)}
                grads = {"w": jnp.array([3.0, -0.5]), "b": jnp.array(-1.0)}
                for opt in [optax.adamw(0.1), optax.rmsprop(0.1), optax.chain(optax.clip_by_global_norm(1.0), optax.scale(-0.5))]:
                    updates, state = opt.update(grads, opt.init(params), params)
                    print(jax.tree.map(lambda u: jnp.round(u, 4), updates))
                logits = jnp.array([[1.0, 2.0, 0.5], [0.1, 0.2, 3.0]])
                print(optax.softmax_cross_entropy_with_integer_labels(logits, jnp.array([1, 2])), optax.global_norm(grads))
                """.split("\n")));
    }

    @Test
    void nnAndScipySpecial() {
        assertEquals("""
                [-1.5201665 -0.6917582  0.         0.5253505  2.101402 ]
                [-0.86466473 -0.39346933  0.          0.5         2.        ] [-1.  -0.5  0.   0.5  1. ]
                [0.         0.95257413] [-1.2247359  0.         1.2247359]
                (3, 4) float32 True [0.5 0.5]
                3.407606 2.7811303
                0.5 0.0 0.0 2.1972246
                [0.26894143 0.7310586 ]
                """, run("""
                x = jnp.array([-2.0, -0.5, 0.0, 0.5, 2.0])
                print(jax.nn.selu(x))
                print(jax.nn.celu(x), jax.nn.hard_tanh(x))
                print(jax.nn.glu(jnp.arange(4.0)), jax.nn.standardize(jnp.array([1.0, 2.0, 3.0])))
                w = jax.nn.initializers.glorot_uniform()(jax.random.PRNGKey(0), (3, 4))
                print(w.shape, w.dtype, float(jnp.max(jnp.abs(w))) <= (6 / 7) ** 0.5, jax.nn.initializers.constant(0.5)(None, (2,)))
                print(jax.scipy.special.logsumexp(jnp.array([1.0, 2.0, 3.0])), jax.scipy.special.logsumexp(jnp.array([1.0, 2.0]), b=jnp.array([0.5, 2.0])))
                from jax.scipy.special import expit, logit, xlogy
                print(expit(0.0), logit(0.5), xlogy(0.0, 0.0), xlogy(2.0, 3.0))
                print(jax.grad(lambda v: jax.scipy.special.logsumexp(v))(jnp.array([1.0, 2.0])))
                """.split("\n")));
    }

    /**
     * JAX's NamedTuple results (values: NumPy's eigvalsh and slogdet of [[2, 1], [1, 3]], (5 -+ sqrt 5) / 2 and
     * log 5): printed as Python prints them, fields by name, still tuples, kept by tree_map, jit and vmap, and
     * differentiated through a field.
     */
    @Test
    void linalgResultsAreNamedTuples() {
        assertEquals("""
                SlogdetResult(sign=Array(1., dtype=float32), logabsdet=Array(1.609438, dtype=float32))
                [1.381966 3.618034] [1.381966 3.618034] 2 True
                1.0 1.609438 (2, 2) (2, 2) [3.618034 1.381966]
                PyTreeDef(CustomNode(namedtuple[EighResult], [*, *]))
                SlogdetResult(sign=Array(2., dtype=float32), logabsdet=Array(3.218876, dtype=float32))
                SlogdetResult(sign=Array([1., 1.], dtype=float32), logabsdet=Array([1.609438, 1.609438], dtype=float32))
                SlogdetResult(sign=Array(1., dtype=float32), logabsdet=Array(1.609438, dtype=float32))
                [[ 0.6 -0.2]
                 [-0.2  0.4]] [ 0.6 -0.2 -0.2  0.4]
                """, run("a = jnp.array([[2.0, 1.0], [1.0, 3.0]])",
                "print(jnp.linalg.slogdet(a))",
                "r = jnp.linalg.eigh(a)",
                "w, v = r",
                "print(r.eigenvalues, w, len(r), r.eigenvectors is r[1])",
                "sign, logabsdet = jnp.linalg.slogdet(a)",
                "print(sign, logabsdet, jnp.linalg.qr(a).Q.shape, jnp.linalg.qr(a)[1].shape, jnp.linalg.svd(a).S)",
                "print(jax.tree_util.tree_structure(r))",
                "print(jax.tree_util.tree_map(lambda x: x * 2, jnp.linalg.slogdet(a)))",
                "print(jax.vmap(jnp.linalg.slogdet)(jnp.stack([a, a])))",
                "print(jax.jit(jnp.linalg.slogdet)(a))",
                "g = jax.grad(lambda m: jnp.linalg.slogdet(m).logabsdet)",
                "print(g(a), jax.vmap(g)(jnp.stack([a, a]))[1].ravel())"));
    }

    @Test
    void configEnablesX64ForTheRestOfTheProgram() {
        assertEquals("float32\nfloat64 [0.33333333]\n", run("print(jnp.ones(1).dtype)",
                "jax.config.update('jax_enable_x64', True)", "print(jnp.ones(1).dtype, 1.0 / 3 * jnp.ones(1))"));
        assertEquals("float32\n", run("print(jnp.ones(1).dtype)"), "a new session starts without x64");
        assertTrue(error("jax.config.update('jax_nonsense', 1)").contains("Unrecognized config option: jax_nonsense"));
    }

    @Test
    void laxLoopsCarryArrays() {
        // In JAX a loop's carry is an array: a Python-number result prints as float32.
        assertEquals("1.4142135 8.0 6 6.0\n", run(
                "s = lax.while_loop(lambda c: jnp.abs(c[0] * c[0] - 2.0) > 1e-6, lambda c: (0.5 * (c[0] + 2.0 / c[0]), c[1] + 1), (2.0, 0))",
                "print(s[0], lax.fori_loop(0, 3, lambda i, c: c * 2.0, 1.0), lax.fori_loop(0, 4, lambda i, c: c + i, 0),"
                        + " lax.cond(True, lambda v: v + 1, lambda v: v - 1, 5.0))"));
    }

    @Test
    void atUpdatesAndModes() {
        assertEquals(String.join("\n",
                "[0. 9. 2. 3. 4.]",
                "[2. 1. 3. 3. 4.]",
                "[0. 2. 2. 3. 5.]",
                "-1.0",
                "4.0",
                "[ 1. nan]",
                "-2147483648",
                "[ 0.  1. 20.  3.  4.]",
                "[0. 3. 2. 3. 4.]",
                "[0.  0.5 2.  3.  4. ]",
                "[0. 1. 2. 3. 1.]",
                ""), run(
                "x = jnp.arange(5.0)",
                "print(x.at[jnp.array([1, 7])].set(9.0))",
                "print(x.at[jnp.array([0, 0, 2])].add(1.0))",
                "print(x.at[jnp.array([1, 7])].add(1.0, mode='clip'))",
                "print(x.at[7].get(mode='fill', fill_value=-1.0))",
                "print(x.at[9].get())",
                "print(x.at[jnp.array([1, 9])].get(mode='fill'))",
                "print(jnp.arange(3).at[5].get(mode='fill'))",
                "print(x.at[2].apply(lambda v: v * 10))",
                "print(x.at[1].multiply(3.0, indices_are_sorted=True, unique_indices=True))",
                "print(x.at[1].divide(2.0))",
                "print(x.at[jnp.array([4, 9])].min(1.0, mode='drop'))"));
        assertTrue(error("x = jnp.arange(3.0)", "y = x.at[0].set(1.0, mode='wrap')")
                .contains("ValueError: Unknown gather mode \"wrap\""));
        assertTrue(error("x = jnp.arange(3.0)", "y = x.at[0].set(1.0, mod='clip')")
                .contains("TypeError: set() got an unexpected keyword argument 'mod'"));
    }

    @Test
    void treeUtil() {
        assertEquals(String.join("\n",
                "PyTreeDef((*, {'a': [*, None], 'b': *}))",
                "[1, 3, 2]",
                "(10, {'a': [20, None], 'b': 30})",
                "{'a': 7, 'b': 7}",
                "[1, (2, 3)]",
                "PyTreeDef(*)",
                "True",
                ""), run(
                "tree = (1, {'b': 2, 'a': [3, None]})",
                "print(jax.tree_util.tree_structure(tree))",
                "leaves, d = jax.tree_util.tree_flatten(tree)",
                "print(leaves)",
                "print(jax.tree_util.tree_unflatten(d, [10, 20, 30]))",
                "print(jax.tree_util.tree_map(lambda u, v: u + v, {'b': 1, 'a': 2}, {'a': 5, 'b': 6}))",
                "print(jax.tree_util.tree_leaves([1, (2, 3)], is_leaf=lambda t: isinstance(t, tuple)))",
                "print(jax.tree_util.tree_structure(jnp.ones(3)))",
                "print(jax.tree_util.tree_structure((1, 2)) == jax.tree_util.tree_structure((3, 4)))"));
        assertTrue(error("d = jax.tree_util.tree_structure((1, 2))", "t = jax.tree_util.tree_unflatten(d, [1])")
                .contains("ValueError: Too few leaves for PyTreeDef; expected 2, got 1."));
        assertTrue(error("t = jax.tree_util.tree_map(lambda a, b: a + b, (1, 2), [1, 2])")
                .contains("ValueError: Custom node type mismatch; expected PyTreeDef((*, *)), got PyTreeDef([*, *])."));
        // jax.tree_map and friends, the names the jax-101 pytrees notebook uses (its stored outputs).
        assertEquals(String.join("\n", "[[2, 4, 6], ['aa', 'aaaa'], [2, 4, 6, 8]]", "[1, 'a', 2, 3]", ""), run(
                "print(jax.tree_map(lambda x: x * 2, [[1, 2, 3], ['a', 'aa'], [1, 2, 3, 4]]))",
                "print(jax.tree_leaves([1, 'a', (2, 3)]))"));
    }

    @Test
    void scan() {
        assertEquals(String.join("\n",
                "6.0 [0. 0. 2. 6.]",
                "(Array(3, dtype=int32, weak_type=True), {'s': Array([2, 1, 0], dtype=int32, weak_type=True)})",
                "[[0. 1.]",
                " [2. 4.]",
                " [6. 9.]]",
                ""), run(
                "c, ys = lax.scan(lambda c, x: (c + x, c * 2), 0.0, jnp.arange(4.0))",
                "print(c, ys)",
                "print(lax.scan(lambda c, x: (c + 1, {'s': c}), 0, None, length=3, reverse=True))",
                "def step(carry, xy):",
                "    x, y = xy",
                "    return carry + x * y, carry + x * y",
                "print(lax.scan(step, jnp.zeros(2), (jnp.arange(6.0).reshape(3, 2), jnp.ones((3, 2))))[1])"));
        assertTrue(error("c = lax.scan(lambda c, x: (c, x), 0, (jnp.ones(3), jnp.ones(4)))")
                .contains("ValueError: scan got values with different leading axis sizes: 3, 4."));
        assertTrue(error("c = lax.scan(lambda c, x: (c, x), 0, jnp.ones(3), length=2)")
                .contains("ValueError: scan got `length` argument of 2 which disagrees with leading axis sizes [3]."));
    }

    /** JAX's own documented layouts (NumPy leaves them unspecified) and its shifts past the bit width. */
    @Test
    void partitionLayoutsAndWideShifts() {
        assertEquals(String.join("\n",
                "Array([1, 2, 3, 3, 4, 9, 8, 7, 6, 5], dtype=int32)",
                "Array([4, 8, 3, 9, 2, 0, 1, 5, 6, 7], dtype=int32)",
                "[[2. 1. 0.]",
                " [4. 5. 3.]]",
                "[0 0 0] [-1 -1  0  0] [0 0]",
                "Array([ 0,  4,  8, 12], dtype=int32)",
                ""), run(
                "x = jnp.array([6, 8, 4, 3, 1, 9, 7, 5, 2, 3])",
                "print(repr(jnp.partition(x, 4)))",
                "print(repr(jnp.argpartition(x, 4)))",
                "print(jnp.partition(jnp.array([[4.0, 1.0, 3.0], [2.0, 5.0, 0.0]]), 0, axis=0))",
                "print(jnp.left_shift(jnp.int32(1), jnp.array([32, 40, -1])), jnp.right_shift(jnp.array([-5, -1, 5, 1]), jnp.array([32, 99, 32, -3])),"
                        + " jnp.right_shift(jnp.array([7, 9], dtype=jnp.uint32), jnp.uint32(32)))",
                "print(repr(jnp.arange(4) << 2))"));
        assertTrue(error("y = jnp.partition(jnp.arange(3), (0, 1))").contains("NotImplementedError"));
        assertTrue(error("y = jnp.histogram(jnp.arange(3.0), bins='auto')").contains("NotImplementedError"));
    }

    @Test
    void einsumBroadcastsSizeOneEllipsisAxesAndDifferentiates() {
        // The cotangent of the broadcast operand sums over the axis it was broadcast along, in its own shape.
        assertEquals("(1, 2, 3) True\n", run(
                "a = jnp.arange(6.0).reshape(1, 2, 3)",
                "b = jnp.arange(24.0).reshape(4, 3, 2)",
                "g = jax.grad(lambda a: jnp.sum(jnp.einsum('...ij,...jk->...ik', a, b) ** 2))(a)",
                "print(g.shape, bool(jnp.allclose(g, jax.grad(lambda a: jnp.sum(jnp.matmul(a, b) ** 2))(a))))"));
    }

    @Test
    void einsumBroadcastsSizeOneNamedAxesAsNumPyDoes() {
        // NumPy's values (and JAX's, which squeezes such axes before contracting); they raised "size of label".
        assertEquals("[[12.0, 15.0, 18.0, 21.0], [24.0, 30.0, 36.0, 42.0]] 6.0 (2, 4) [[1.0, 1.0, 1.0], [2.0, 2.0, 2.0]]\n"
                + "(2, 1) [[2268.0], [4536.0]] [120.0, 150.0, 180.0, 210.0]\n", run(
                "a = jnp.arange(2.0).reshape(2, 1) + 1.0",
                "b = jnp.arange(12.0).reshape(3, 4)",
                "print(jnp.einsum('ij,jk->ik', a, b).tolist(), float(jnp.einsum('i,i', jnp.ones(1) * 2, jnp.arange(3.0))),"
                        + " jnp.einsum('ij,jk', a, b).shape, jnp.einsum('ij,ij->ij', a, jnp.ones((2, 3))).tolist())",
                "f = lambda a, b: jnp.sum(jnp.einsum('ij,jk->ik', a, b) ** 2)",
                "print(jax.grad(f)(a, b).shape, jax.grad(f)(a, b).tolist(), jax.grad(f, 1)(a, b)[0].tolist())"));
    }

    @Test
    void rootsAreTheCompanionMatrixEigenvalues() {
        // NumPy's np.roots: [2, 1], [-1, 1], [1j, -1j]; JAX's are complex, a leading zero a NaN root without stripping.
        assertEquals("[(1+0j), (2+0j)] [(-1+0j), (1+0j)] [-1.0, 1.0] complex64 [ 2. +0.j nan+nanj] (0,)\n", run(
                "s = lambda r: sorted([complex(round(float(v.real), 5), round(float(v.imag), 5)) for v in r], key=lambda z: (z.real, z.imag))",
                "print(s(jnp.roots(jnp.array([1.0, -3.0, 2.0]))), s(jnp.roots(jnp.array([0.0, 1.0, 0.0, -1.0]))),"
                        + " sorted([round(float(v), 5) for v in jnp.imag(jnp.roots(jnp.array([1, 0, 1])))]), jnp.roots(jnp.array([1, 0, 1])).dtype,"
                        + " jnp.roots(jnp.array([0.0, 1.0, -2.0]), strip_zeros=False), jnp.roots(jnp.array([3.0])).shape)"));
    }
}

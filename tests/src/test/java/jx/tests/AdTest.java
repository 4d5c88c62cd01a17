package jx.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * jax.grad through every construct of the language (loops, branches, recursion, closures, pytrees,
 * indexing, .at[], lax control flow, nested transforms), each checked against its closed form by
 * an assert in tests/ad/through_the_language.jx: a wrong gradient fails the script.
 */
class AdTest {
    @Test
    void gradientsThroughTheLanguageAgreeWithTheirClosedForms() throws Exception {
        Jx.Result r = Jx.run("tests/ad/through_the_language.jx");
        assertEquals(0, r.exit(), r::toString);
        assertEquals("all gradients agree\n", r.out(), r::toString);
    }

    /** tests/ad/forward_mode.jx: jvp, linearize, jacfwd, jacrev and hessian against float64 finite differences. */
    @Test
    void forwardModeAgreesWithFiniteDifferences() throws Exception {
        Jx.Result r = Jx.run("tests/ad/forward_mode.jx");
        assertEquals(0, r.exit(), r::toString);
        assertEquals("all forward derivatives agree\n", r.out(), r::toString);
    }

    /** tests/ad/jax_succeeds.jx: issue 11's errors where JAX succeeds, once and twice, against finite differences. */
    @Test
    void whatJaxDifferentiatesDifferentiates() throws Exception {
        Jx.Result r = Jx.run("tests/ad/jax_succeeds.jx");
        assertEquals(0, r.exit(), r::toString);
        assertEquals("all cases JAX differentiates agree\n", r.out(), r::toString);
    }

    /** tests/ad/higher_order.jx: second derivatives through tree_map, tree_flatten, linalg, *args and **kwargs calls. */
    @Test
    void secondDerivativesAgreeWithFiniteDifferences() throws Exception {
        Jx.Result r = Jx.run("tests/ad/higher_order.jx");
        assertEquals(0, r.exit(), r::toString);
        assertEquals("all second derivatives agree\n", r.out(), r::toString);
    }

    /**
     * tests/ad/linalg.jx: jnp.linalg's decompositions (eigh, svd, qr, eigvals, pinv, lstsq, norms, ...) by grad, jvp,
     * hessian, jacfwd(jacrev), jacrev(jacrev), vmap of grad and Jacobians, against PyTorch's autograd
     * (tests/oracle/gen_linalg_grads.py wrote tests/ad/linalg_expected.jx).
     */
    @Test
    void linalgDerivativesAgreeWithTorch() throws Exception {
        Jx.Result r = Jx.run("tests/ad/linalg.jx");
        assertEquals(0, r.exit(), r::toString);
        assertEquals("all linalg derivatives agree with torch\n", r.out(), r::toString);
    }

    /** tests/ad/custom_rules.jx: JAX's custom derivative rules tutorial (custom_jvp, defjvps, custom_vjp, nondiff_argnums). */
    @Test
    void customRulesGiveTheTutorialsValues() throws Exception {
        Jx.Result r = Jx.run("tests/ad/custom_rules.jx");
        assertEquals(0, r.exit(), r::toString);
        assertEquals("all custom rules agree\n", r.out(), r::toString);
    }

    /** linearize's tangent map is the forward program, which jx.show prints as jx: tangents beside primals. */
    @Test
    void theForwardProgramIsShownAsJx() throws Exception {
        Jx.Result r = Jx.run("-c", "def f(x):\n\treturn jnp.sum(jnp.sin(x) * x)\n"
                + "y, f_jvp = jax.linearize(f, jnp.array([1.0, 2.0]))\nprint(f_jvp(jnp.array([1.0, 0.0])))\njx.show(f_jvp)");
        assertEquals(0, r.exit(), r::toString);
        assertEquals("""
                1.3817732
                def jvp_f(x):
                    d_x1 = _tangents[0]
                    _y2 = jnp.sin(x)
                    d_y3 = d_x1 * (jnp.cos(x))
                    _y4 = _y2 * x
                    d_y5 = _bcast_like((d_y3 * x) + (d_x1 * _y2), _y4)
                    _y6 = jnp.sum(_y4, None, None, None, False, None, None)
                    d_y7 = jnp.sum(d_y5, None, keepdims=False, where=None)
                    return (_y6, d_y7)
                """, r.out(), r::toString);
    }

    @Test
    void theSilentWrongDerivativesOfIssue11AreRight() throws Exception {
        Jx.Result r = Jx.run("tests/ad/silent_wrong.jx");
        assertEquals(0, r.exit(), r::toString);
        assertEquals("all silent-wrong cases agree\n", r.out(), r::toString);
    }

    @Test
    void theSeedsGradientIsShownAsTwoX() throws Exception {
        Jx.Result r = Jx.run("-c", "def sum_of_squares(x):\n\treturn jnp.sum(x**2)\njx.show(jax.grad(sum_of_squares))");
        assertEquals(0, r.exit(), r::toString);
        assertEquals("def grad_sum_of_squares(x):\n    return 2.0 * x\n", r.out(), r::toString);
    }

    /** tests/ad/complex_promotion.jx: real arguments through complex values, under jvp, vmap, jit and grad again. */
    @Test
    void realArgumentsThroughComplexValuesHaveRealDerivatives() throws Exception {
        Jx.Result r = Jx.run("tests/ad/complex_promotion.jx");
        assertEquals(0, r.exit(), r::toString);
        assertEquals("all complex promotions agree\n", r.out(), r::toString);
    }

    /** A default value computed from a differentiated one: the callee's derivative would give it no cotangent (it gave 0.0; JAX 6.0). */
    @Test
    void aDefaultParameterCarryingADerivativeIsRejectedNotZero() throws Exception {
        String program = "def outer(s):\n\tdef inner(x, t=s * 3.0):\n\t\treturn t * x\n\treturn inner(2.0)\n";
        for (String call : new String[] {"jax.grad(outer)(1.0)", "jax.jvp(outer, (1.0,), (1.0,))"}) {
            Jx.Result r = Jx.run("-c", program + "print(" + call + ")");
            assertEquals(1, r.exit(), r::toString);
            assertTrue(r.err().contains("NotImplementedError: jax.") && r.err().contains("a default parameter value that carries a"),
                    r::toString);
        }
    }

    /** tests/ad/complex_cholesky.jx: a complex matrix's cholesky under grad (holomorphic and real output) and vjp. */
    @Test
    void complexCholeskyGradientsAreJaxs() throws Exception {
        Jx.Result r = Jx.run("tests/ad/complex_cholesky.jx");
        assertEquals(0, r.exit(), r::toString);
        assertEquals("complex cholesky: ok\n", r.out(), r::toString);
    }

    /**
     * A loop that recomputes a value from x on every pass (not from its last value): the reverse pass resets the
     * value's cotangent to 0 for the earlier passes, and 0 times an array operand is a 0-d zero that had to
     * become the operand's shape (it raised "cannot reshape array of size 1 into shape (3,)"; adprop seed 90659).
     * d/dx sum(x * x[0]) = x[0] + [sum(x), 0, 0]; d/dx sum(x * sum(x)) = 2 sum(x).
     */
    @Test
    void aLoopThatRecomputesFromItsInputDifferentiates() throws Exception {
        Jx.Result r = Jx.run("-c", """
                def f(x):
                    for i in range(2):
                        v = x * x[0]
                    return jnp.sum(v)
                def g(x):
                    for i in range(3):
                        v = x * jnp.sum(x)
                    return jnp.sum(v)
                x = jnp.array([0.25, -0.5, 1.25])
                print(jax.grad(f)(x), jax.grad(g)(x))
                """);
        assertEquals(0, r.exit(), r::toString);
        assertEquals("[1.25 0.25 0.25] [2. 2. 2.]\n", r.out(), r::toString);
    }

    /** JAX differentiates with respect to arrays: the aux computed from a Python float argument is an array (it printed 3.0). */
    @Test
    void anAuxComputedFromAPythonFloatArgumentIsAnArray() throws Exception {
        Jx.Result r = Jx.run("-c", "print(jax.value_and_grad(lambda x: (x * 2, {'x': x, 'c': 1.0}), has_aux=True)(3.0))");
        assertEquals(0, r.exit(), r::toString);
        assertEquals("((Array(6., dtype=float32, weak_type=True), {'x': Array(3., dtype=float32, weak_type=True), 'c': 1.0}),"
                + " Array(2., dtype=float32, weak_type=True))\n", r.out(), r::toString);
    }
}

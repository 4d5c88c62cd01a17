package jx.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

    /** tests/ad/custom_rules.jx: JAX's custom derivative rules tutorial (custom_jvp, defjvps, custom_vjp, nondiff_argnums). */
    @Test
    void customRulesGiveTheTutorialsValues() throws Exception {
        Jx.Result r = Jx.run("tests/ad/custom_rules.jx");
        assertEquals(0, r.exit(), r::toString);
        assertEquals("all custom rules agree\n", r.out(), r::toString);
    }

    @Test
    void theSeedsGradientIsShownAsTwoX() throws Exception {
        Jx.Result r = Jx.run("-c", "def sum_of_squares(x):\n\treturn jnp.sum(x**2)\njx.show(jax.grad(sum_of_squares))");
        assertEquals(0, r.exit(), r::toString);
        assertEquals("def grad_sum_of_squares(x):\n    return 2.0 * x\n", r.out(), r::toString);
    }
}

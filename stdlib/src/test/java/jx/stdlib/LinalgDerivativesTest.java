package jx.stdlib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.Test;

import jx.diag.JxException;

/**
 * jnp.linalg's derivatives and batching: linalg_derivatives.jx runs in an x64 session and prints each
 * check's relative error (grad, jvp, hessian, jacrev/grad/jvp of grad, vmap and vmap of grad of eigh,
 * eigvalsh, svd, svdvals, qr, eigvals, pinv, lstsq, slogdet, det, matrix_power, norm 2/-2/nuc, cond,
 * matrix_rank, expm; Jacobians and vjps of whole factors; batches of matrices; complex inputs) against
 * central finite differences or the loop over the examples; all must be within 1e-6. Where JAX
 * refuses a derivative, jx refuses it with JAX's reason.
 */
class LinalgDerivativesTest {
    @Test
    void derivativesAndBatchingMatchFiniteDifferencesAndLoops() throws IOException {
        String[] lines = JxRun.run(JxRun.resource("linalg_derivatives.jx"), "linalg_derivatives.jx", true).split("\n");
        List<String> bad = JxRun.above(lines, 1e-6);
        assertTrue(lines.length >= 220, "only " + lines.length + " checks ran");
        assertEquals(List.of(), bad, "checks off by more than 1e-6");
    }

    /** Values-only derivatives stay finite where eigenvalues or singular values repeat (JAX's symbolic zeros). */
    @Test
    void valuesOnlyDerivativesOfRepeatedValuesAreFinite() {
        assertEquals("""
                [[1. 0.]
                 [0. 1.]]
                [[1. 0.]
                 [0. 1.]]
                [[[1. 0.]
                  [0. 1.]]

                 [[1. 0.]
                  [0. 1.]]]
                [[nan nan]
                 [nan nan]]
                """, JxRun.run("""
                print(jax.grad(lambda a: jnp.sum(jnp.linalg.eigh(a)[0]))(jnp.eye(2)))
                print(jax.grad(lambda a: jnp.sum(jnp.linalg.svd(a, compute_uv=False)))(jnp.eye(2)))
                print(jax.vmap(jax.grad(lambda a: jnp.sum(jnp.linalg.eigh(a).eigenvalues)))(jnp.stack([jnp.eye(2), jnp.eye(2)])))
                print(jax.grad(lambda a: jnp.sum(jnp.linalg.eigh(a)[1]))(jnp.eye(2)))
                """));
    }

    @Test
    void whatJaxRefusesIsRefusedWithItsReason() {
        String a = "a = jnp.array([[2.0, 0.5, 0.1], [0.3, 1.0, -0.4], [0.2, -0.1, 3.0]])\nb = a[:, :2]\n";
        refused(a + "jax.grad(lambda a: jnp.real(jnp.linalg.eig(a)[0]).sum())(a)", "jax.grad of jnp.linalg.eig is not supported, as in JAX");
        refused(a + "jax.jvp(lambda a: jnp.linalg.eig(a)[1], (a,), (a,))", "use jnp.linalg.eigvals for the eigenvalues");
        refused(a + "jax.hessian(lambda a: jnp.real(jnp.linalg.eigvals(a)).sum())(a)", "jax.grad of jnp.linalg.eig is not supported");
        refused(a + "jax.grad(lambda b: jnp.linalg.svd(b)[0].sum())(b)", "Singular value decomposition JVP not implemented for full matrices");
    }

    private static void refused(String source, String why) {
        JxException e = assertThrows(JxException.class, () -> JxRun.run(source, "<refused>", true), source);
        assertTrue(e.getMessage().contains("NotImplementedError") && e.getMessage().contains(why), e::getMessage);
        assertTrue(e.getMessage().contains("<refused>:"), e::getMessage);
    }
}

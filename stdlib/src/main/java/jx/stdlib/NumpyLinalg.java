package jx.stdlib;

import static jx.stdlib.NumpyModule.arr;
import static jx.stdlib.NumpyModule.axes;
import static jx.stdlib.NumpyModule.flag;
import static jx.stdlib.NumpyModule.none;

import java.util.ArrayList;
import java.util.List;

import jx.array.Array;
import jx.array.Backend.UnaryOp;
import jx.array.Contraction;
import jx.array.Linalg;
import jx.array.Ops;
import jx.array.Shaping;
import jx.eval.Builtins;
import jx.eval.EvalError;
import jx.eval.Interp;
import jx.eval.Values;
import jx.prim.Tag;

/** jnp.tensordot, jnp.einsum, jnp.kron and the jnp.linalg module. */
final class NumpyLinalg {
    private NumpyLinalg() {}

    static void register(Table t) {
        t.fn("tensordot(a, b, axes=2)", (in, a) -> {
            Array x = arr(in, a[0]);
            Array y = arr(in, a[1]);
            if (a[2] instanceof Long n) {
                int k = n.intValue();
                if (k < 0 || k > x.ndim() || k > y.ndim()) {
                    throw new EvalError("TypeError: Number of tensordot axes (axes=" + k + ") exceeds input ranks ("
                            + x.ndim() + " and " + y.ndim() + ")");
                }
                int[] ax = new int[k];
                int[] bx = new int[k];
                for (int i = 0; i < k; i++) {
                    ax[i] = x.ndim() - k + i;
                    bx[i] = i;
                }
                return Contraction.tensordot(x, y, ax, bx);
            }
            List<Object> pair = in.list(a[2]);
            if (pair.size() != 2) {
                throw new EvalError("TypeError: tensordot axes argument must be an int, a pair of ints, or a pair of lists");
            }
            return Contraction.tensordot(x, y, Builtins.shape(in, pair.get(0)), Builtins.shape(in, pair.get(1)));
        }).definedInJx().tags(Tag.ARRAY);
        Table.Row einsum = t.raw("einsum", (in, a, kw) -> {
            for (String k : kw.keySet()) {
                if (!k.equals("optimize") && !k.equals("precision") && !k.equals("preferred_element_type")) {
                    throw new EvalError("TypeError: einsum() got an unexpected keyword argument '" + k + "'");
                }
            }
            EinsumForms.Call call = EinsumForms.of(in, a);
            Array y = Contraction.einsum(call.spec(), call.operands());
            Object pet = kw.get("preferred_element_type");
            return pet == null || pet instanceof jx.eval.Values.None ? y : y.astype(jx.eval.Builtins.dtype(pet));
        }).tags(Tag.ARRAY);
        // Each operand's cotangent is another einsum; second derivatives go through _numpy_grad.einsum.
        einsum.custom((in, args, kw) -> EinsumVjp.vjp(in, einsum.fn, args, kw), true);
        t.fn("kron(a, b)", (in, a) -> {
            Array x = arr(in, a[0]);
            Array y = arr(in, a[1]);
            int nd = Math.max(x.ndim(), y.ndim());
            x = Shaping.expandDims(x, lead(nd - x.ndim()));
            y = Shaping.expandDims(y, lead(nd - y.ndim()));
            int[] xi = new int[nd];
            int[] yi = new int[nd];
            int[] shape = new int[nd];
            for (int i = 0; i < nd; i++) {
                xi[i] = 2 * i + 1;
                yi[i] = 2 * i;
                shape[i] = x.shape()[i] * y.shape()[i];
            }
            // a[i, None] * b[None, j] interleaved, then merged pairwise.
            return Ops.reshape(Ops.mul(Shaping.expandDims(x, xi), Shaping.expandDims(y, yi)), shape);
        }).tags(Tag.ARRAY);
    }

    private static int[] lead(int n) {
        int[] ax = new int[n];
        for (int i = 0; i < n; i++) {
            ax[i] = i;
        }
        return ax;
    }

    /** jnp.linalg: its rows are named jnp.linalg.NAME. */
    static Values.Module module(String name, jx.prim.Registry registry) {
        Table t = new Table();
        t.fn("norm(x, ord=None, axis=None, keepdims=False)", (in, a) -> norm(in, arr(in, a[0]), a[1], a[2], flag(a[3]))).definedInJx();
        t.fn("inv(a)", (in, a) -> Linalg.inv(arr(in, a[0])))
                .vjp("-jnp.matmul(jnp.matmul(jnp.swapaxes(y, -1, -2), g), jnp.swapaxes(y, -1, -2))").jvp("-jnp.matmul(jnp.matmul(y, t), y)");
        t.fn("det(a)", (in, a) -> Linalg.det(arr(in, a[0])))
                .vjp("jnp.expand_dims(jnp.expand_dims(g * y, -1), -1) * jnp.swapaxes(jnp.linalg.inv(a), -1, -2)").jvp("y * jnp.sum(jnp.swapaxes(jnp.linalg.inv(a), -1, -2) * t, axis=(-2, -1))");
        t.fn("solve(a, b)", (in, a) -> Linalg.solve(arr(in, a[0]), arr(in, a[1])))
                .vjp(
                        // x = solve(a, b): the cotangent of b solves the transposed system; a's is minus its outer product with x.
                        "-(jnp.expand_dims(jnp.linalg.solve(jnp.swapaxes(a, -1, -2), g), -1) * jnp.expand_dims(y, -2)) if jnp.ndim(b) == 1"
                        + " else -jnp.matmul(jnp.linalg.solve(jnp.swapaxes(a, -1, -2), g), jnp.swapaxes(y, -1, -2))",
                        "jnp.linalg.solve(jnp.swapaxes(a, -1, -2), g)").jvp("-jnp.linalg.solve(a, jnp.matmul(t, y))", "jnp.linalg.solve(a, t)");
        // JAX's rules (Murray 2016): L' = L phi(L^-1 S(a') L^-H), phi the lower triangle with its diagonal halved and
        // S(a') = (a' + a'^H) / 2 (the input is symmetrised); the vjp is that map's transpose in JAX's convention (the
        // transpose of x -> c x is g -> c g, of conj is conj): S(L^-T phi(L^T g) conj(L^-1)). With L^-H and L^H in
        // place of L^-T and L^T (the adjoint of torch's convention) a complex input's gradient was another matrix.
        t.fn("cholesky(a)", (in, a) -> Linalg.cholesky(symmetrized(arr(in, a[0]))))
                .vjp("(" + CHOLESKY_M + " + jnp.conj(jnp.swapaxes(" + CHOLESKY_M + ", -1, -2))) / 2")
                .jvp("jnp.matmul(y, jnp.tril(jnp.matmul(jnp.matmul(jnp.linalg.inv(y), (t + "
                        + "jnp.conj(jnp.swapaxes(t, -1, -2))) / 2), jnp.conj(jnp.swapaxes(jnp.linalg.inv(y), -1, "
                        + "-2)))) * (1 - 0.5 * jnp.eye(jnp.shape(y)[-1], dtype=y.dtype)))");
        // The decompositions' derivatives are JAX's rules, written in jx (jax/_linalg_rules.jx, jnp.linalg._rules).
        t.fn("qr(a, mode='reduced')", (in, a) -> {
            List<Array> r = Linalg.qr(arr(in, a[0]), NumpyModule.text(a[1], "mode"));
            return r.size() == 1 ? r.get(0) : result("QRResult", r);
        }).vjp("jnp.linalg._rules.qr_vjp(a, y, g, mode)", null).jvp("jnp.linalg._rules.qr_jvp(a, y, t, mode)", null);
        // As JAX, symmetrize_input=True decomposes (a + a^H) / 2, and the derivative goes through that.
        t.fn("eigh(a, UPLO=None, symmetrize_input=True)", (in, a) ->
                result("EighResult", Linalg.eigh(flag(a[2]) ? symmetrized(arr(in, a[0])) : arr(in, a[0]), none(a[1]) || "L".equals(a[1]))))
                .vjp("jnp.linalg._rules.eigh_vjp(a, y, g, symmetrize_input)", null, null)
                .jvp("jnp.linalg._rules.eigh_jvp(a, y, t, symmetrize_input)", null, null);
        // JAX refuses every derivative of eig (its eigenvectors' is valid only under assumptions it cannot check).
        String eigRefused = "_raise('NotImplementedError: jax.grad of jnp.linalg.eig is not supported, as in JAX: derivatives of"
                + " non-symmetric eigenvectors are only valid under assumptions on the input that JAX cannot check"
                + " (https://github.com/jax-ml/jax/issues/2748); use jnp.linalg.eigvals for the eigenvalues, or jnp.linalg.eigh"
                + " for a symmetric matrix')";
        t.fn("eig(a)", (in, a) -> NumpyShapes.tuple(jx.array.ComplexLinalg.eig(arr(in, a[0]), true)))
                .vjp(eigRefused).jvp(eigRefused);
        t.fn("eigvals(a)", (in, a) -> jx.array.ComplexLinalg.eig(arr(in, a[0]), false).get(0))
                .vjp("jnp.linalg._rules.eigvals_vjp(a, y, g)").jvp("jnp.linalg._rules.eigvals_jvp(a, y, t)");
        t.fn("eigvalsh(a, UPLO='L', symmetrize_input=True)", (in, a) ->
                Linalg.eigh(flag(a[2]) ? symmetrized(arr(in, a[0])) : arr(in, a[0]), !"U".equals(a[1])).get(0)).definedInJx();
        t.fn("svd(a, full_matrices=True, compute_uv=True)", (in, a) -> {
            List<Array> r = Linalg.svd(arr(in, a[0]), flag(a[1]), flag(a[2]));
            return r.size() == 1 ? r.get(0) : result("SVDResult", r);
        }).vjp("jnp.linalg._rules.svd_vjp(a, y, g, full_matrices, compute_uv)", null, null)
                .jvp("jnp.linalg._rules.svd_jvp(a, y, t, full_matrices, compute_uv)", null, null);
        t.fn("svdvals(x)", (in, a) -> Linalg.svd(arr(in, a[0]), false, false).get(0)).definedInJx();
        // pinv's computation (jnp.linalg.pinv is jx over it): a row of its own, so that its derivative is the
        // pseudo-inverse's (JAX's custom_jvp), finite where singular values repeat, and differentiates again.
        t.fn("_pinv(a, rtol=None)", (in, a) -> pinv(arr(in, a[0]), none(a[1]) ? null : arr(in, a[1])))
                .vjp("jnp.linalg._rules.pinv_vjp(a, y, g)", null).jvp("jnp.linalg._rules.pinv_jvp(a, y, t)", null)
                .batch("a", "jnp.linalg._pinv(a, rtol)");
        t.fn("matrix_power(a, n)", (in, a) -> {
            Array m = arr(in, a[0]);
            long n = Builtins.asIndex(a[1], null);
            Array base = n < 0 ? Linalg.inv(m) : m;
            int size = m.shape()[m.ndim() - 1];
            Array r = Ops.broadcastTo(Ops.eye(size, null, 0, m.dtype()), m.shape());
            for (long k = Math.abs(n); k > 0; k >>= 1) {
                r = (k & 1) == 1 ? Ops.matmul(r, base) : r;
                base = k > 1 ? Ops.matmul(base, base) : base;
            }
            return r;
        }).definedInJx();
        // The NamedTuple a jx definition returns (slogdet): the items, named; derivatives pass through.
        t.fn("_result(kind, items)", (in, a) -> result(NumpyModule.text(a[0], "kind"), in.list(a[1])))
                .vjp(null, "_seq_like(g, items)").jvp(null, "jnp.linalg._result(kind, t)")
                .batch("items", "jnp.linalg._result(kind, items)");
        BatchRules.linalg(t);
        t.declare(registry, "jnp.linalg");
        return t.module(name);
    }

    /** JAX's NamedTuple results, by class name: their fields. */
    private static final java.util.Map<String, Values.Tuple.Fields> RESULTS = java.util.Map.of(
            "EighResult", new Values.Tuple.Fields("EighResult", List.of("eigenvalues", "eigenvectors")),
            "QRResult", new Values.Tuple.Fields("QRResult", List.of("Q", "R")),
            "SVDResult", new Values.Tuple.Fields("SVDResult", List.of("U", "S", "Vh")),
            "SlogdetResult", new Values.Tuple.Fields("SlogdetResult", List.of("sign", "logabsdet")));

    private static Values.Tuple result(String kind, List<?> items) {
        Values.Tuple.Fields named = RESULTS.get(kind);
        if (named == null || named.names().size() != items.size()) {
            throw new EvalError("TypeError: no " + kind + " of " + items.size() + " items");
        }
        return new Values.Tuple(new ArrayList<>(items), named);
    }

    /**
     * NumPy's and JAX's pinv: V diag(1/s) U^T over the singular values above rtol times the largest
     * (rtol by default 10 max(m, n) eps of the dtype).
     */
    private static Array pinv(Array x, Array rtol) {
        Array a = NumpyModule.inexact(x);
        List<Array> usv = Linalg.svd(a, false, true);
        Array s = usv.get(1);
        int m = a.shape()[a.ndim() - 2];
        int n = a.shape()[a.ndim() - 1];
        boolean f64 = s.dtype() == jx.array.DType.FLOAT64;
        Array cutoff = rtol != null ? rtol : Array.weak(10.0 * Math.max(m, n) * (f64 ? Math.ulp(1.0) : Math.ulp(1.0f)));
        Array keep = Ops.gt(s, Ops.mul(cutoff, Ops.max(s, new int[] {-1}, true)));
        Array sInv = Ops.where(keep, Ops.div(Array.weak(1.0), Ops.where(keep, s, Array.weak(1.0))), Array.weak(0.0)).astype(s.dtype());
        return Ops.matmul(Ops.mul(Ops.swapaxes(usv.get(2), -1, -2), Ops.expandDims(sInv, -2)), Ops.swapaxes(usv.get(0), -1, -2));
    }

    /** cholesky's vjp before S: L^-T phi(L^T g) conj(L^-1). */
    private static final String CHOLESKY_M = "jnp.matmul(jnp.matmul(jnp.swapaxes(jnp.linalg.inv(y), -1, -2), jnp.tril(jnp.matmul(jnp.swapaxes(y, -1, -2), g)) * (1 - 0.5 * jnp.eye(jnp.shape(y)[-1], dtype=y.dtype))), jnp.conj(jnp.linalg.inv(y)))";

    /** (a + a^H) / 2: JAX's cholesky factors this (symmetrize_input=True), so a non-symmetric input is not half ignored. */
    private static Array symmetrized(Array a) {
        return Ops.mul(Ops.add(a, jx.array.Complex.conj(Ops.swapaxes(a, -1, -2))), Array.weak(0.5));
    }

    /** NumPy's norm: vector norms over one axis (or the flattened array), matrix norms over two. */
    private static Array norm(Interp in, Array x, Object ord, Object axisArg, boolean keepdims) {
        int[] ax = axes(in, axisArg);
        if (ax == null) {
            if (none(ord)) {
                Array r = vector(Ops.reshape(x, new int[] {-1}), ord, 0);
                return keepdims ? Ops.reshape(r, ones(x.ndim())) : r;
            }
            if (x.ndim() != 1 && x.ndim() != 2) {
                throw new EvalError("ValueError: Improper number of dimensions to norm.");
            }
            ax = x.ndim() == 1 ? new int[] {0} : new int[] {0, 1};
        }
        int[] norm = Ops.normalizeAxes(ax, x.ndim());
        Array r;
        if (ax.length == 1) {
            r = vector(x, ord, norm[0]);
        } else if (ax.length == 2) {
            r = matrix(x, ord, Math.floorMod(ax[0], x.ndim()), Math.floorMod(ax[1], x.ndim()));
        } else {
            throw new EvalError("ValueError: Improper number of dimensions to norm.");
        }
        return keepdims ? Shaping.expandDims(r, norm) : r;
    }

    private static int[] ones(int n) {
        int[] s = new int[n];
        java.util.Arrays.fill(s, 1);
        return s;
    }

    private static Array vector(Array x, Object ord, int axis) {
        Array a = Ops.unary(UnaryOp.ABS, NumpyModule.inexact(x));
        int[] ax = {axis};
        double p = none(ord) ? 2 : ord instanceof String s ? badOrd(s) : ((Number) ord).doubleValue();
        if (p == Double.POSITIVE_INFINITY) {
            return Ops.max(a, ax, false);
        }
        if (p == Double.NEGATIVE_INFINITY) {
            return Ops.min(a, ax, false);
        }
        if (p == 0) {
            return Ops.sum(Ops.ne(a, Array.weak(0.0)).astype(a.dtype()), ax, false);
        }
        if (p == 1) {
            return Ops.sum(a, ax, false);
        }
        if (p == 2) {
            return Ops.unary(UnaryOp.SQRT, Ops.sum(Ops.mul(a, a), ax, false));
        }
        return Ops.pow(Ops.sum(Ops.pow(a, Array.weak(p)), ax, false), Array.weak(1 / p));
    }

    private static double badOrd(String s) {
        throw new EvalError("ValueError: Invalid norm order '" + s + "' for vectors");
    }

    private static Array matrix(Array x, Object ord, int row, int col) {
        if (row == col) {
            throw new EvalError("ValueError: Duplicate axes given.");
        }
        Array a = Ops.unary(UnaryOp.ABS, NumpyModule.inexact(x));
        if (none(ord) || "fro".equals(ord)) {
            return Ops.unary(UnaryOp.SQRT, Ops.sum(Ops.mul(a, a), new int[] {row, col}, false));
        }
        if ("nuc".equals(ord) || ord instanceof Long l && Math.abs(l) == 2) {
            Array s = Linalg.svd(NumpyShapes.moveaxis(NumpyModule.inexact(x), new int[] {row, col}, new int[] {-2, -1}),
                    false, false).get(0);
            if ("nuc".equals(ord)) {
                return Ops.sum(s, new int[] {-1}, false);
            }
            return (Long) ord > 0 ? Ops.max(s, new int[] {-1}, false) : Ops.min(s, new int[] {-1}, false);
        }
        double p = ord instanceof Number n ? n.doubleValue() : Double.NaN;
        // 1-norms sum down columns (over rows) then take max over columns; inf-norms the reverse.
        int sumAxis = Math.abs(p) == 1 ? row : col;
        int pickAxis = Math.abs(p) == 1 ? col : row;
        if (Math.abs(p) != 1 && Math.abs(p) != Double.POSITIVE_INFINITY) {
            throw new EvalError("ValueError: Invalid norm order for matrices.");
        }
        Array sums = Ops.sum(a, new int[] {sumAxis}, false);
        int pick = pickAxis > sumAxis ? pickAxis - 1 : pickAxis;
        return p > 0 ? Ops.max(sums, new int[] {pick}, false) : Ops.min(sums, new int[] {pick}, false);
    }
}

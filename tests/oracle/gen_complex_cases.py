#!/usr/bin/python3
"""Writes stdlib/src/test/resources/jx/stdlib/complex_cases.txt: jax.numpy on complex arrays
against real NumPy 1.24 (stdlib ComplexConformanceTest).

Run from the repository root with Debian's NumPy:  /usr/bin/python3 tests/oracle/gen_complex_cases.py

Each case is an expression over the inputs a, b (complex64, shape (4,)), m, n (complex64, (2, 2)),
x (float32, (4,)) and s (complex64, ()), written with `np.` (jx binds np to jax.numpy). Blocks:

    case NAME
    expr EXPRESSION
    out DTYPE SHAPE TOL RE IM        RE, IM comma-separated (IM empty for a real or bool result);
                                     TOL relative: |got - want| <= TOL * (1 + |want|), per part

Expected dtypes are JAX's: NumPy's results are the same here (complex64 in, complex64 out) except
where noted. NumPy 1.24's sign of a complex number is the sign of its real part; JAX's (and NumPy
2's) is z / |z|, so sign is checked against that formula.
"""
import os

import numpy as np

assert np.__version__.startswith("1.24"), np.__version__
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "stdlib", "src", "test",
                   "resources", "jx", "stdlib", "complex_cases.txt")

rng = np.random.default_rng(20261202)


def c64(shape, scale=2.0):
    n = int(np.prod(shape)) if shape else 1
    v = (rng.standard_normal(n) + 1j * rng.standard_normal(n)) * scale
    return np.round(v, 2).astype(np.complex64).reshape(shape)


INPUTS = {
    "a": c64((4,)),
    "b": c64((4,)),
    "m": c64((2, 2)),
    "n": c64((2, 2)),
    "x": np.round(rng.standard_normal(4) * 2, 2).astype(np.float32),
    "s": c64(()),
    "p": c64((3, 3)),
    "r": np.array([[1.0, 2.0, 3.0], [-4.0, 5.0, 6.0], [7.0, -8.0, 9.0]], np.float32),
}
_q = c64((3, 3), 1.0)
INPUTS["h"] = (_q @ _q.conj().T + 2 * np.eye(3)).astype(np.complex64)

EXACT, ARITH, TRANS, REDUCE = 0.0, 3e-7, 4e-6, 2e-5

CASES = [
    ("add", "a + b", EXACT), ("sub", "a - b", EXACT), ("mul", "a * b", ARITH), ("div", "a / b", ARITH),
    ("mul_float", "a * x", ARITH), ("float_add", "x + a", EXACT), ("python_complex", "a + 1j", EXACT),
    ("python_int", "a * 2", EXACT), ("python_float", "2.5 * a", ARITH), ("neg", "-a", EXACT),
    ("scalar_broadcast", "m * s", ARITH), ("pow2", "a ** 2", TRANS), ("pow_complex", "a ** b", 1e-5),
    ("real", "np.real(a)", EXACT), ("imag", "np.imag(a)", EXACT), ("conj", "np.conj(a)", EXACT),
    ("conjugate", "np.conjugate(m)", EXACT), ("abs", "np.abs(a)", ARITH), ("absolute", "np.absolute(m)", ARITH),
    ("angle", "np.angle(a)", TRANS), ("angle_real", "np.angle(x)", TRANS),
    ("attr_real", "a.real", EXACT), ("attr_imag", "m.imag", EXACT), ("method_conj", "a.conj()", EXACT),
    ("exp", "np.exp(a)", TRANS), ("log", "np.log(a)", TRANS), ("sqrt", "np.sqrt(a)", TRANS),
    ("sin", "np.sin(a)", TRANS), ("cos", "np.cos(a)", TRANS), ("tan", "np.tan(a)", 1e-5),
    ("sinh", "np.sinh(a)", TRANS), ("cosh", "np.cosh(a)", TRANS), ("tanh", "np.tanh(a)", 1e-5),
    ("log1p", "np.log1p(a)", TRANS), ("expm1", "np.expm1(a)", TRANS), ("log2", "np.log2(a)", TRANS),
    ("log10", "np.log10(a)", TRANS), ("square", "np.square(a)", ARITH), ("reciprocal", "np.reciprocal(a)", ARITH),
    ("exp2", "np.exp2(a)", TRANS), ("sqrt_negative_real", "np.sqrt(x.astype(np.complex64))", TRANS),
    ("sign", "np.sign(a)", TRANS),
    ("sum", "np.sum(a)", REDUCE), ("sum_axis", "np.sum(m, axis=0)", REDUCE), ("mean", "np.mean(m)", REDUCE),
    ("prod", "np.prod(a)", REDUCE), ("prod_axis", "np.prod(m, axis=1)", REDUCE), ("cumsum", "np.cumsum(a)", REDUCE),
    ("var", "np.var(a)", REDUCE), ("std", "np.std(m, axis=1)", REDUCE),
    ("matmul", "m @ n", ARITH), ("matvec", "m @ a[:2]", ARITH), ("dot", "np.dot(a, b)", REDUCE),
    ("vdot", "np.vdot(a, b)", REDUCE), ("matmul_real", "m @ x[:2]", ARITH),
    ("eq", "a == b", EXACT), ("ne", "a != a", EXACT), ("lt", "a < b", EXACT), ("ge", "m >= n", EXACT),
    ("maximum", "np.maximum(a, b)", EXACT), ("minimum", "np.minimum(m, n)", EXACT),
    ("isnan", "np.isnan(a)", EXACT), ("isfinite", "np.isfinite(a / 0)", EXACT),
    ("iscomplex", "np.iscomplex(a * 0 + x)", EXACT), ("isreal", "np.isreal(np.real(a) + 0j)", EXACT),
    ("where", "np.where(x > 0, a, b)", EXACT), ("concatenate", "np.concatenate([a, b])", EXACT),
    ("stack", "np.stack([a, b], axis=1)", EXACT), ("reverse", "a[::-1]", EXACT), ("index", "m[1]", EXACT),
    ("reshape", "a.reshape(2, 2)", EXACT), ("transpose", "m.T", EXACT), ("slice", "a[1:3]", EXACT),
    ("take", "a[np.array([3, 0, 0])]", EXACT), ("mask", "a[x > 0]", EXACT),
    ("array_literal", "np.array([1 + 2j, 3, -1.5j])", EXACT),
    ("zeros", "np.zeros(3, dtype=np.complex64)", EXACT), ("ones", "np.ones((2,), np.complex64)", EXACT),
    ("full", "np.full(2, 1 + 1j, dtype=np.complex64)", EXACT),
    ("astype_real", "a.astype(np.float32)", EXACT), ("astype_complex", "x.astype(np.complex64)", EXACT),
    ("round", "np.round(a * 3.7, 1)", ARITH), ("outer", "np.outer(a, b)", ARITH),
    ("trace", "np.trace(m)", ARITH), ("diag", "np.diag(m)", EXACT), ("linalg_norm", "np.linalg.norm(a)", REDUCE),
    ("sqrt_signed_zero", "np.sqrt(np.array([complex(-4, -0.0), complex(-4, 0.0), complex(0, -0.0), complex(-0.0, -0.0)], np.complex64))", TRANS),
    # Inverse trigonometric and hyperbolic functions, on random points and on and around their branch cuts.
    ("arcsin", "np.arcsin(a)", 1e-5), ("arccos", "np.arccos(m)", 1e-5), ("arctan", "np.arctan(a)", 1e-5),
    ("arcsinh", "np.arcsinh(a)", 1e-5), ("arccosh", "np.arccosh(m)", 1e-5), ("arctanh", "np.arctanh(a)", 1e-5),
    ("arctanh_big", "np.arctanh(p * 30)", 1e-5), ("arcsin_tiny", "np.arcsin(a * 1e-7)", 1e-5), ("arccosh_tiny", "np.arccosh(a * 1e-7)", 1e-5),
    ("arcsin_cuts", "np.arcsin(np.array([2 + 0j, -2 + 0j, 0.5 + 0j, -0.5 + 0j, 2j, -3j, 0.5j, 1e-6 + 1e-7j, 1 + 0j, 0j, 40 - 1e-3j], np.complex64))", 1e-5),
    ("arccos_cuts", "np.arccos(np.array([2 + 0j, -2 + 0j, 0.5 + 0j, -0.5 + 0j, 2j, -3j, 0.5j, 1e-6 + 1e-7j, 1 + 0j, 0j, 40 - 1e-3j], np.complex64))", 1e-5),
    ("arctan_cuts", "np.arctan(np.array([2 + 0j, -2 + 0j, 0.5 + 0j, -0.5 + 0j, 2j, -3j, 0.5j, 1e-6 + 1e-7j, 1 + 0j, 0j, 40 - 1e-3j], np.complex64))", 1e-5),
    ("arcsinh_cuts", "np.arcsinh(np.array([2 + 0j, -2 + 0j, 0.5 + 0j, -0.5 + 0j, 2j, -3j, 0.5j, 1e-6 + 1e-7j, 1 + 0j, 0j, 40 - 1e-3j], np.complex64))", 1e-5),
    ("arccosh_cuts", "np.arccosh(np.array([2 + 0j, -2 + 0j, 0.5 + 0j, -0.5 + 0j, 2j, -3j, 0.5j, 1e-6 + 1e-7j, 1 + 0j, 0j, 40 - 1e-3j], np.complex64))", 1e-5),
    ("arctanh_cuts", "np.arctanh(np.array([2 + 0j, -2 + 0j, 0.5 + 0j, -0.5 + 0j, 2j, -3j, 0.5j, 1e-6 + 1e-7j, 1 + 0j, 0j, 40 - 1e-3j], np.complex64))", 1e-5),
    # Complex jnp.linalg. Eigenvectors are unique up to a phase (their moduli are not) and eig's order
    # is LAPACK's, so orders are fixed by sorting on the real part and vectors checked by modulus and residual.
    ("linalg_inv", "np.linalg.inv(p)", 1e-5), ("linalg_inv_2x2", "np.linalg.inv(m)", 1e-5),
    ("linalg_inv_batch", "np.linalg.inv(np.stack([m, n]))", 1e-5), ("linalg_det", "np.linalg.det(p)", 1e-5),
    ("linalg_det_batch", "np.linalg.det(np.stack([m, n]))", 1e-5), ("linalg_solve_vec", "np.linalg.solve(p, a[:3])", 1e-5),
    ("linalg_solve_mat", "np.linalg.solve(p, h)", 1e-5), ("linalg_solve_real_lhs", "np.linalg.solve(r, a[:3])", 1e-5),
    ("linalg_cholesky", "np.linalg.cholesky(h)", 1e-5), ("linalg_eigvalsh", "np.linalg.eigvalsh(h)", 1e-5),
    ("linalg_eigh_w", "np.linalg.eigh(h)[0]", 1e-5), ("linalg_eigh_upper", "np.linalg.eigh(h, UPLO='U')[0]", 1e-5),
    ("linalg_eigh_modulus", "np.abs(np.linalg.eigh(h)[1])", 1e-5),
    ("linalg_eigh_residual", "np.max(np.abs(h @ np.linalg.eigh(h)[1] - np.linalg.eigh(h)[1] * np.linalg.eigh(h)[0]))", 1e-5),
    ("linalg_eigh_unitary", "np.max(np.abs(np.conj(np.linalg.eigh(h)[1]).T @ np.linalg.eigh(h)[1] - np.eye(3)))", 1e-5),
    ("linalg_eig_w", "np.linalg.eig(p)[0][np.argsort(np.linalg.eig(p)[0].real)]", 1e-5),
    ("linalg_eigvals", "np.linalg.eigvals(p)[np.argsort(np.linalg.eigvals(p).real)]", 1e-5),
    ("linalg_eig_modulus", "np.abs(np.linalg.eig(p)[1])[:, np.argsort(np.linalg.eig(p)[0].real)]", 1e-5),
    ("linalg_eig_residual", "np.max(np.abs(p @ np.linalg.eig(p)[1] - np.linalg.eig(p)[1] * np.linalg.eig(p)[0]))", 1e-5),
    ("linalg_eig_unit_norm", "np.linalg.norm(np.linalg.eig(p)[1], axis=0)", 1e-5),
    ("linalg_eig_real_pair", "np.linalg.eigvals(r)[np.argsort(np.linalg.eigvals(r).real, kind='stable')].astype(np.complex64)", 1e-5),
    ("linalg_eig_real_modulus", "np.abs(np.linalg.eig(r)[1])[:, np.argsort(np.linalg.eig(r)[0].real, kind='stable')]", 1e-5),
    ("linalg_eig_real_residual", "np.max(np.abs(r @ np.linalg.eig(r)[1] - np.linalg.eig(r)[1] * np.linalg.eig(r)[0]))", 1e-5),
    ("linalg_eig_2x2_order", "np.linalg.eigvals(r[:2, :2] * np.array([[1.0], [-1.0]], np.float32)).astype(np.complex64)", 1e-5),
    ("linalg_eig_2x2_rotation", "np.linalg.eigvals(np.array([[0.0, -1.0], [1.0, 0.0]], np.float32))", 1e-6),
    ("linalg_eig_2x2_real", "np.linalg.eigvals(np.array([[4.0, 1.0], [2.0, 3.0]], np.float32)).astype(np.complex64)", 1e-6),
    ("linalg_eig_2x2_real_rev", "np.linalg.eigvals(np.array([[1.0, 2.0], [3.0, 4.0]], np.float32)).astype(np.complex64)", 1e-6),
    # Integer powers are products (JAX's lax.integer_pow, NumPy's small powers): (1+1j) ** 2 is exactly 2j.
    ("pow_int_exact", "np.power(np.complex64(1 + 1j), 2)", EXACT), ("pow_int_exact_array", "(a * 0 + np.complex64(1 - 1j)) ** 3", EXACT),
    ("pow_int_negative", "a ** -3", TRANS), ("pow_int_array", "np.power(a, np.array([0, 1, 2, 5]))", TRANS),
    ("pow_int_zero_base", "np.power(a * 0, np.array([0, 1, 2, 3]))", EXACT),
    # QR as LAPACK's zgeqrf: R's diagonal real, Q's columns fixed by it.
    ("linalg_qr_q", "np.linalg.qr(p)[0]", 1e-5), ("linalg_qr_r", "np.linalg.qr(p)[1]", 1e-5),
    ("linalg_qr_r_mode", "np.linalg.qr(p[:, :2], mode='r')", 1e-5),
    ("linalg_qr_complete", "np.linalg.qr(p[:, :2], mode='complete')[0]", 1e-5),
    ("linalg_qr_wide", "np.linalg.qr(m @ p[:2, :3])[1]", 1e-5),
]


def fmt(v):
    return ",".join(repr(float(t)) for t in np.asarray(v).ravel())


def jax_dtype(r):
    if r.dtype == np.complex128:
        return "complex64"
    return {"float64": "float32", "int64": "int32"}.get(r.dtype.name, r.dtype.name)


def main():
    blocks = []
    env = dict(INPUTS)
    env["np"] = np
    with np.errstate(all="ignore"):
        for name, expr, tol in CASES:
            r = np.asarray(eval(expr, env))
            if name == "sign":
                z = env["a"]
                r = (z / np.abs(z)).astype(np.complex64)
            shape = ",".join(str(d) for d in r.shape)
            if r.dtype.kind == "c":
                out = f"out {jax_dtype(r)} {shape} {tol} {fmt(r.real)} {fmt(r.imag)}"
            elif r.dtype == np.bool_:
                out = f"out bool {shape} 0.0 {','.join('1' if v else '0' for v in r.ravel())} "
            else:
                out = f"out {jax_dtype(r)} {shape} {tol} {fmt(r)} "
            blocks.append(f"case {name}\nexpr {expr}\n{out}")
    head = []
    for k, v in INPUTS.items():
        v = np.asarray(v)
        shape = ",".join(str(d) for d in v.shape)
        head.append(f"in {k} {v.dtype.name} {shape} {fmt(v.real)} {fmt(v.imag) if v.dtype.kind == 'c' else ''}")
    with open(OUT, "w") as f:
        f.write("\n".join(head) + "\n\n" + "\n\n".join(blocks) + "\n")
    print(len(blocks), "cases")


if __name__ == "__main__":
    main()

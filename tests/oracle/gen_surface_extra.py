"""Writes the cases of jax.scipy.linalg, lax.dot_general/reduce/associative_scan, jnp.vectorize/piecewise
and jax.nn.gelu(approximate=False) (stdlib ConformanceTest.surfaceExtra).

Run from the repository root with Debian's NumPy and SciPy (apt-get install python3-scipy):
    /usr/bin/python3 tests/oracle/gen_surface_extra.py > stdlib/src/test/resources/jx/stdlib/surface_extra.txt

Values come from SciPy and NumPy; gradients (jax.grad) from closed forms: d/dx sum(cho_solve(x A, 1))
= -sum(A^-1 1) at x = 1, and so on, each stated beside its case. The format is conformance.txt's.
"""
import sys

import numpy as np
import scipy
from scipy import linalg, special

rng = np.random.default_rng(20261203)
cases = []
TOL = 2e-5


def fmt(a):
    return ",".join(repr(float(v)) for v in np.asarray(a, dtype=np.float64).ravel())


def add(name, expr, ins, want, tol=TOL, dtype="float32"):
    lines = [f"case {name}"]
    for k, v in ins.items():
        lines.append(f"in {k} float32 {','.join(map(str, v.shape))} {fmt(v)}")
    lines.append(f"expr {expr}")
    for w in want if isinstance(want, tuple) else (want,):
        w = np.asarray(w, dtype=np.float64)
        vals = fmt(w) if dtype == "float32" else ",".join(str(int(v)) for v in w.ravel())
        lines.append(f"out {dtype} {','.join(map(str, w.shape))} {tol!r} {vals}")
    cases.append("\n".join(lines))


def f32(a):
    return np.asarray(a, dtype=np.float32)


def spd(n):
    m = rng.normal(size=(n, n))
    return f32(m @ m.T + n * np.eye(n))


A = spd(4)
A64 = A.astype(np.float64)
B = f32(rng.normal(size=(4, 2)))
B64 = B.astype(np.float64)
L = f32(np.tril(rng.normal(size=(4, 4))) + 4 * np.eye(4))
U = f32(np.triu(rng.normal(size=(4, 4))) + 4 * np.eye(4))
M = f32(rng.normal(size=(3, 3)) * 0.5)

sl = "jax.scipy.linalg"
add("linalg.cholesky/upper", f"{sl}.cholesky(a)", {"a": A}, linalg.cholesky(A64), 1e-5)
add("linalg.cholesky/lower", f"{sl}.cholesky(a, lower=True)", {"a": A}, linalg.cholesky(A64, lower=True), 1e-5)
# only the named triangle is read: the other one is garbage here
N = f32(A + np.triu(rng.normal(size=(4, 4)), 1) * 5)
add("linalg.cholesky/reads its lower triangle", f"{sl}.cholesky(a, lower=True)", {"a": N}, linalg.cholesky(N.astype(np.float64), lower=True), 1e-5)
N2 = f32(A + np.tril(rng.normal(size=(4, 4)), -1) * 5)
add("linalg.cholesky/reads its upper triangle", f"{sl}.cholesky(a)", {"a": N2}, linalg.cholesky(N2.astype(np.float64)), 1e-5)
add("linalg.cho_solve", f"{sl}.cho_solve({sl}.cho_factor(a), b)", {"a": A, "b": B}, linalg.cho_solve(linalg.cho_factor(A64), B64), 1e-4)
add("linalg.cho_solve/lower", f"{sl}.cho_solve({sl}.cho_factor(a, lower=True), b[:, 0])", {"a": A, "b": B},
    linalg.cho_solve(linalg.cho_factor(A64, lower=True), B64[:, 0]), 1e-4)
for trans in [0, 1, 2, "T"]:
    add(f"linalg.solve_triangular/lower/trans={trans}", f"{sl}.solve_triangular(a, b, lower=True, trans={trans!r})", {"a": L, "b": B},
        linalg.solve_triangular(L.astype(np.float64), B64, lower=True, trans=trans), 1e-4)
add("linalg.solve_triangular/upper", f"{sl}.solve_triangular(a, b)", {"a": U, "b": B}, linalg.solve_triangular(U.astype(np.float64), B64), 1e-4)
add("linalg.solve_triangular/unit_diagonal", f"{sl}.solve_triangular(a, b, lower=True, unit_diagonal=True)", {"a": L, "b": B},
    linalg.solve_triangular(L.astype(np.float64), B64, lower=True, unit_diagonal=True), 1e-4)
add("linalg.solve", f"{sl}.solve(a, b, assume_a='pos')", {"a": A, "b": B}, linalg.solve(A64, B64), 1e-4)
add("linalg.inv", f"{sl}.inv(a)", {"a": A}, linalg.inv(A64), 1e-4)
add("linalg.det", f"{sl}.det(a)", {"a": A}, linalg.det(A64), 1e-4)
add("linalg.eigh/eigvals_only", f"{sl}.eigh(a, eigvals_only=True)", {"a": A}, linalg.eigh(A64, eigvals_only=True), 1e-4)
add("linalg.svd/values", f"{sl}.svd(a, compute_uv=False)", {"a": A}, linalg.svd(A64, compute_uv=False), 1e-4)
add("linalg.qr/r", f"jnp.abs({sl}.qr(a, mode='r')[0])", {"a": A}, np.abs(linalg.qr(A64, mode="r")[0]), 1e-4)
add("linalg.block_diag", f"{sl}.block_diag(a[:2, :3], b)", {"a": A, "b": B}, linalg.block_diag(A64[:2, :3], B64))
for name, m in [("small", M), ("rotation", f32([[0.0, 1.0], [-1.0, 0.0]])), ("large norm", f32(rng.normal(size=(3, 3)) * 3))]:
    add(f"linalg.expm/{name}", f"{sl}.expm(a)", {"a": m}, linalg.expm(m.astype(np.float64)), 1e-4)
# d/dx sum(cho_solve(cho_factor(x A), 1)) = -sum(A^-1 1) at x = 1; d/dx sum(cholesky(x A)) = sum(L) / 2
add("grad/cho_solve", f"jax.grad(lambda x: jnp.sum({sl}.cho_solve({sl}.cho_factor(x * a), jnp.ones(4))))(1.0)", {"a": A},
    -np.linalg.solve(A64, np.ones(4)).sum(), 1e-4)
add("grad/cholesky", f"jax.grad(lambda x: jnp.sum({sl}.cholesky(x * a, lower=True)))(1.0)", {"a": A},
    np.linalg.cholesky(A64).sum() / 2, 1e-4)
# d/dx sum(solve_triangular(x L, b)) = -sum(L^-1 b)
add("grad/solve_triangular", f"jax.grad(lambda x: jnp.sum({sl}.solve_triangular(x * a, b, lower=True)))(1.0)", {"a": L, "b": B},
    -np.linalg.solve(L.astype(np.float64), B64).sum(), 1e-4)

X = f32(rng.uniform(-3, 3, 9))
add("nn.gelu/exact", "jax.nn.gelu(a, approximate=False)", {"a": X}, X * (1 + special.erf(X / np.sqrt(2))) / 2)

P = f32(rng.normal(size=(2, 3)))
Q = f32(rng.normal(size=(4, 3)))
S = f32(rng.normal(size=(5, 2, 3)))
T = f32(rng.normal(size=(5, 3, 4)))
add("lax.dot_general/contract", "lax.dot_general(a, b, (((1,), (1,)), ((), ())))", {"a": P, "b": Q}, P.astype(np.float64) @ Q.T, 1e-5)
add("lax.dot_general/batch", "lax.dot_general(a, b, (((2,), (1,)), ((0,), (0,))))", {"a": S, "b": T}, np.matmul(S.astype(np.float64), T), 1e-5)
add("lax.dot_general/outer", "lax.dot_general(a, b, (((), ()), ((), ())))", {"a": P[0], "b": Q[0]}, np.multiply.outer(P[0], Q[0]), 1e-6)
add("lax.reduce/add", "lax.reduce(a, 0.0, lax.add, (0,))", {"a": S}, S.astype(np.float64).sum(0), 1e-5)
add("lax.reduce/max", "lax.reduce(a, -jnp.inf, lax.max, (0, 2))", {"a": S}, S.max((0, 2)))
# XLA starts each output element from init_values once, however many dimensions are reduced
add("lax.reduce/init once over two dims", "lax.reduce(a, 1.0, lax.add, (0, 2))", {"a": S}, S.astype(np.float64).sum((0, 2)) + 1.0, 1e-5)
add("lax.reduce/mul", "lax.reduce(a, 1.0, lax.mul, (1,))", {"a": P}, P.astype(np.float64).prod(1), 1e-5)
add("lax.associative_scan/add", "lax.associative_scan(jnp.add, a)", {"a": X}, np.cumsum(X.astype(np.float64)), 1e-5)
add("lax.associative_scan/max reverse axis 1", "lax.associative_scan(jnp.maximum, a, reverse=True, axis=1)", {"a": P},
    np.flip(np.maximum.accumulate(np.flip(P, 1), 1), 1))
add("lax.integer_pow", "lax.integer_pow(a, 3)", {"a": X}, X.astype(np.float64) ** 3, 1e-6)
add("lax.exp2", "lax.exp2(a)", {"a": X}, np.exp2(X.astype(np.float64)), 1e-6)
add("lax.iota", "lax.iota(jnp.int32, 5)", {}, np.arange(5), 0.0, "int32")

add("jnp.vectorize/broadcast", "jnp.vectorize(lambda x, y: x * y + jnp.sin(x))(a[:, None], b[0])", {"a": X[:4], "b": P},
    X[:4, None].astype(np.float64) * P[0] + np.sin(X[:4, None].astype(np.float64)), 1e-6)
add("jnp.vectorize/tuple out", "jnp.vectorize(lambda x: (x + 1, x * 2))(a)", {"a": P}, (P + 1.0, P * 2.0), 1e-6)
add("jnp.piecewise/functions", "jnp.piecewise(a, [a < 0, a >= 1], [lambda x: -x, lambda x: x ** 2, lambda x: x * 10])", {"a": X},
    np.piecewise(X.astype(np.float64), [X < 0, X >= 1], [lambda x: -x, lambda x: x ** 2, lambda x: x * 10]), 1e-6)
add("jnp.piecewise/constants", "jnp.piecewise(a, [a < -1, a > 1], [-1.0, 1.0])", {"a": X},
    np.piecewise(X.astype(np.float64), [X < -1, X > 1], [-1.0, 1.0]))
add("jnp.broadcast_shapes", "jnp.array(jnp.broadcast_shapes((2, 1), (3,), (1, 1, 1)))", {}, np.array(np.broadcast_shapes((2, 1), (3,), (1, 1, 1))), 0.0, "int32")

print(f"# {len(cases)} cases written by tests/oracle/gen_surface_extra.py with NumPy {np.__version__}, SciPy {scipy.__version__}")
print("\n\n".join(cases))
print(f"{len(cases)} cases", file=sys.stderr)

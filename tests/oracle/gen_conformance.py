"""Writes the NumPy conformance cases of jx's jax.numpy (stdlib ConformanceTest).

Run from the repository root with Debian's NumPy 1.24:
    /usr/bin/python3 tests/oracle/gen_conformance.py > stdlib/src/test/resources/jx/stdlib/conformance.txt

Each case is an expression over inputs a, b, c written with `np.` (jx binds np to jax.numpy, so the
same text runs in both), evaluated here by real NumPy on float32/int32/bool inputs. Blocks:

    case NAME
    in NAME DTYPE SHAPE VALUES        (one per input; exact values)
    expr EXPRESSION
    out DTYPE SHAPE TOL VALUES        (one per result; several for tuple/list results)
    error TEXT                        (instead of out: the message must contain TEXT)

SHAPE and VALUES are comma-separated (empty for a 0-d shape); floats are Python reprs with
nan/inf/-inf, bools 1/0. TOL is the relative tolerance |got - want| <= TOL * (1 + |want|); 0 is exact.

Expected dtypes are JAX's, not NumPy's. JAX's defaults are 32-bit, so NumPy's float64/int64/uint64
results are canonicalized to float32/int32/uint32 (int32 + float32 arrays, int / int, sqrt(int),
mean(int), sum(bool), argsort, ... are float64 or int64 in NumPy and float32 or int32 in JAX).
Cases where JAX differs beyond that carry an explicit dtype (see JAX_DTYPE below). Error messages
follow JAX where its wording differs from NumPy's (see the error cases).
"""
import sys

import numpy as np

rng = np.random.default_rng(20240605)
cases = []

CANON = {"float64": "float32", "float32": "float32", "int64": "int32", "int32": "int32",
         "uint64": "uint32", "uint32": "uint32", "bool": "bool"}

EXACT, ARITH, TRANS, REDUCE, LINALG = 0.0, 3e-7, 4e-6, 2e-5, 2e-4


def fmt_values(a):
    a = np.asarray(a)
    if a.dtype == np.bool_:
        return ",".join("1" if v else "0" for v in a.ravel())
    if a.dtype.kind == "f":
        return ",".join(repr(float(v)) for v in a.ravel())
    return ",".join(str(int(v)) for v in a.ravel())


def fmt_shape(a):
    return ",".join(str(d) for d in np.shape(a))


def inputs(kind, dtype, shape):
    n = int(np.prod(shape)) if shape else 1
    if dtype == "bool":
        v = rng.random(n) < 0.5
    elif dtype == "int32":
        lo, hi = {"pos": (1, 10), "nonzero": (1, 6), "unit": (-1, 2), "ge1": (1, 6)}.get(kind, (-6, 7))
        v = rng.integers(lo, hi, n)
        if kind == "nonzero":
            v = v * rng.choice([-1, 1], n)
    else:
        if kind == "pos":
            v = rng.uniform(0.1, 5.0, n)
        elif kind == "unit":
            v = rng.uniform(-0.95, 0.95, n)
        elif kind == "ge1":
            v = rng.uniform(1.0, 5.0, n)
        elif kind == "nonzero":
            v = rng.uniform(0.5, 3.0, n) * rng.choice([-1, 1], n)
        elif kind == "special":
            v = np.resize(np.array([np.nan, np.inf, -np.inf, -0.0, 0.0, 1.5, -2.5]), n)
        else:
            v = rng.normal(0, 2.0, n)
    return np.asarray(v).astype(dtype).reshape(shape)


def add(name, expr, ins, tol=EXACT, jax_dtype=None, error=None):
    env = {"np": np, **ins}
    lines = [f"case {name}"]
    for k, v in ins.items():
        lines.append(f"in {k} {v.dtype} {fmt_shape(v)} {fmt_values(v)}")
    lines.append(f"expr {expr}")
    if error is not None:
        try:
            with np.errstate(all="ignore"):
                eval(expr, env)
        except Exception:
            lines.append(f"error {error}")
            cases.append("\n".join(lines))
            return
        raise SystemExit(f"{name}: NumPy did not raise for {expr}")
    with np.errstate(all="ignore"):
        r = eval(expr, env)
    outs = list(r) if isinstance(r, (list, tuple)) else [r]
    for o in outs:
        o = np.asarray(o)
        dt = jax_dtype or CANON[str(o.dtype)]
        if o.dtype.kind == "f" and dt == "float32":
            o = o.astype(np.float32)
        lines.append(f"out {dt} {fmt_shape(o)} {tol!r} {fmt_values(o)}")
    cases.append("\n".join(lines))


SHAPES = [(), (5,), (2, 3), (2, 3, 4)]

# ---- unary ufuncs: (name, input kind, tolerance, float only?) ----
UNARY = [
    ("negative", "any", EXACT, False), ("positive", "any", EXACT, False), ("absolute", "any", EXACT, False),
    ("abs", "any", EXACT, False), ("sign", "any", EXACT, False), ("square", "any", EXACT, False),
    ("reciprocal", "nonzero", ARITH, True), ("exp", "any", TRANS, False), ("exp2", "any", TRANS, False),
    ("expm1", "any", TRANS, False), ("log", "pos", TRANS, False), ("log2", "pos", TRANS, False),
    ("log10", "pos", TRANS, False), ("log1p", "pos", TRANS, False), ("sqrt", "pos", TRANS, False),
    ("cbrt", "any", TRANS, False), ("sin", "any", TRANS, False), ("cos", "any", TRANS, False),
    ("tan", "unit", TRANS, False), ("arcsin", "unit", TRANS, False), ("arccos", "unit", TRANS, False),
    ("arctan", "any", TRANS, False), ("sinh", "any", TRANS, False), ("cosh", "any", TRANS, False),
    ("tanh", "any", TRANS, False), ("arcsinh", "any", TRANS, False), ("arccosh", "ge1", TRANS, False),
    ("arctanh", "unit", TRANS, False), ("floor", "any", EXACT, True), ("ceil", "any", EXACT, True),
    ("trunc", "any", EXACT, True), ("rint", "any", EXACT, True), ("fix", "any", EXACT, True),
    ("deg2rad", "any", ARITH, False), ("rad2deg", "any", ARITH, False), ("degrees", "any", ARITH, False),
    ("radians", "any", ARITH, False), ("sinc", "any", TRANS, True), ("signbit", "any", EXACT, False),
    ("isnan", "special", EXACT, False), ("isinf", "special", EXACT, False), ("isfinite", "special", EXACT, False),
    ("isposinf", "special", EXACT, True), ("isneginf", "special", EXACT, True), ("fabs", "any", EXACT, True),
    ("logical_not", "any", EXACT, False),
]
for fn, kind, tol, float_only in UNARY:
    for dt in ["float32"] + ([] if float_only else ["int32"]):
        for shape in SHAPES[:3] if dt == "int32" else SHAPES:
            a = inputs(kind, dt, shape)
            add(f"{fn}/{dt}/{'x'.join(map(str, shape)) or 'scalar'}", f"np.{fn}(a)", {"a": a}, tol)
    if kind != "special" and fn not in ("arccosh", "log", "log2", "log10", "log1p", "sqrt", "cbrt", "reciprocal"):
        add(f"{fn}/float32/special", f"np.{fn}(a)", {"a": inputs("special", "float32", (7,))}, tol)
for fn in ["logical_not", "abs", "isnan", "isfinite"]:
    add(f"{fn}/bool/2x3", f"np.{fn}(a)", {"a": inputs("any", "bool", (2, 3))})
add("invert/int32", "np.invert(a)", {"a": inputs("any", "int32", (2, 3))})
add("invert/bool", "np.invert(a)", {"a": inputs("any", "bool", (4,))})
add("round/decimals1", "np.round(a, 1)", {"a": inputs("any", "float32", (6,))}, ARITH)
add("nan_to_num/float32", "np.nan_to_num(a)", {"a": inputs("special", "float32", (7,))})
add("nan_to_num/args", "np.nan_to_num(a, nan=-1.0, posinf=9.0, neginf=-9.0)", {"a": inputs("special", "float32", (7,))})

# ---- binary ufuncs over broadcasting shape pairs ----
BINARY = [
    ("add", "any", "any", ARITH), ("subtract", "any", "any", ARITH), ("multiply", "any", "any", ARITH),
    ("divide", "any", "nonzero", ARITH), ("true_divide", "any", "nonzero", ARITH),
    ("floor_divide", "any", "nonzero", ARITH), ("mod", "any", "nonzero", ARITH), ("remainder", "any", "nonzero", ARITH),
    ("fmod", "any", "nonzero", ARITH), ("power", "pos", "unit", TRANS), ("float_power", "pos", "any", TRANS),
    ("maximum", "any", "any", EXACT), ("minimum", "any", "any", EXACT), ("fmax", "any", "any", EXACT),
    ("fmin", "any", "any", EXACT), ("arctan2", "any", "any", TRANS), ("hypot", "any", "any", TRANS),
    ("logaddexp", "any", "any", TRANS), ("logaddexp2", "any", "any", TRANS), ("copysign", "any", "any", EXACT),
    ("heaviside", "any", "any", EXACT), ("equal", "any", "any", EXACT), ("not_equal", "any", "any", EXACT),
    ("less", "any", "any", EXACT), ("less_equal", "any", "any", EXACT), ("greater", "any", "any", EXACT),
    ("greater_equal", "any", "any", EXACT), ("logical_and", "any", "any", EXACT), ("logical_or", "any", "any", EXACT),
    ("logical_xor", "any", "any", EXACT),
]
PAIRS = [((2, 3), (2, 3)), ((2, 3), (3,)), ((4, 1), (1, 3)), ((), (2, 2))]
FLOAT_ONLY = {"arctan2", "hypot", "logaddexp", "logaddexp2", "copysign", "heaviside", "float_power"}
for fn, ka, kb, tol in BINARY:
    for sa, sb in PAIRS:
        a = inputs(ka, "float32", sa)
        b = inputs(kb, "float32", sb)
        if fn in ("floor_divide", "mod", "remainder", "fmod"):
            # Keep quotients away from integers, where float32 rounding may flip the floor.
            a = (np.round(a * 4) / 4 + np.float32(0.125)).astype(np.float32)
        add(f"{fn}/float32/{sa}-{sb}".replace(" ", ""), f"np.{fn}(a, b)", {"a": a, "b": b}, tol)
    if fn not in FLOAT_ONLY:
        kb2 = "pos" if fn == "power" else kb
        ka2 = "pos" if fn == "power" else ka
        b = inputs(kb2, "int32", (3,))
        if fn == "power":
            b = rng.integers(0, 4, 3).astype(np.int32)
        add(f"{fn}/int32/2x3-3", f"np.{fn}(a, b)", {"a": inputs(ka2, "int32", (2, 3)), "b": b}, tol)
        add(f"{fn}/int32-float32", f"np.{fn}(a, b)",
            {"a": inputs(ka2, "int32", (4,)), "b": inputs("pos" if fn == "power" else kb, "float32", (4,))}, tol)
        if fn not in ("power",):
            add(f"{fn}/float32-pyint", f"np.{fn}(a, 3)", {"a": inputs(ka, "float32", (5,))}, tol)
            add(f"{fn}/int32-pyint", f"np.{fn}(a, 3)", {"a": inputs(ka, "int32", (5,))}, tol)
            add(f"{fn}/int32-pyfloat", f"np.{fn}(a, 2.5)", {"a": inputs(ka, "int32", (5,))}, tol)
for fn in ["logical_and", "logical_or", "logical_xor", "equal", "maximum", "add", "multiply"]:
    add(f"{fn}/bool", f"np.{fn}(a, b)", {"a": inputs("any", "bool", (2, 3)), "b": inputs("any", "bool", (3,))})
for op in ["+", "-", "*", "/", "//", "%", "**", "<", "==", "&", "|", "^"]:
    if op in ("&", "|", "^"):
        ins = {"a": inputs("any", "int32", (2, 3)), "b": inputs("any", "int32", (3,))}
    elif op == "**":
        ins = {"a": inputs("pos", "float32", (2, 3)), "b": inputs("unit", "float32", (3,))}
    else:
        ins = {"a": inputs("any", "float32", (2, 3)), "b": inputs("nonzero", "float32", (3,))}
    add(f"operator{op}", f"a {op} b", ins, TRANS if op == "**" else ARITH)
add("where/float32", "np.where(a > 0, a, b)", {"a": inputs("any", "float32", (2, 3)), "b": inputs("any", "float32", (3,))})
add("where/int-pyfloat", "np.where(a > 0, a, 0.5)", {"a": inputs("any", "int32", (2, 3))})
add("where/scalars", "np.where(a, 1, 2)", {"a": inputs("any", "bool", (4,))})
add("where/one-argument", "np.where(a > 0)", {"a": inputs("any", "float32", (2, 3))})
add("clip/float32", "np.clip(a, -1.0, 1.5)", {"a": inputs("any", "float32", (2, 5))})
add("clip/int32", "np.clip(a, -2, 3)", {"a": inputs("any", "int32", (7,))})
add("clip/arrays", "np.clip(a, b, c)", {"a": inputs("any", "float32", (2, 3)), "b": inputs("any", "float32", (3,)) - 1,
                                        "c": inputs("pos", "float32", (2, 1))})
add("isclose", "np.isclose(a, a + b * 1e-6)", {"a": inputs("any", "float32", (6,)), "b": inputs("any", "float32", (6,))})
add("allclose/true", "np.allclose(a, a + 1e-7)", {"a": inputs("any", "float32", (6,))})
add("allclose/false", "np.allclose(a, a + 1.0)", {"a": inputs("any", "float32", (6,))})
add("array_equal/true", "np.array_equal(a, a)", {"a": inputs("any", "int32", (2, 2))})
add("array_equal/shape", "np.array_equal(a, a[:1])", {"a": inputs("any", "int32", (2, 2))})

# ---- reductions × axis × keepdims × dtype ----
REDUCTIONS = [("sum", REDUCE), ("prod", REDUCE), ("mean", REDUCE), ("max", EXACT), ("min", EXACT), ("amax", EXACT),
              ("amin", EXACT), ("var", REDUCE), ("std", REDUCE), ("all", EXACT), ("any", EXACT), ("ptp", EXACT),
              ("count_nonzero", EXACT), ("nansum", REDUCE), ("nanmean", REDUCE), ("nanmax", EXACT), ("median", REDUCE)]
AXES = [None, 0, 1, -1, (0, 2), (1, 2)]
for fn, tol in REDUCTIONS:
    for dt in ["float32", "int32"] + (["bool"] if fn in ("sum", "mean", "all", "any", "count_nonzero") else []):
        a = inputs("any", dt, (2, 3, 4))
        if fn == "prod" and dt == "float32":
            a = inputs("unit", dt, (2, 3, 4)) * np.float32(2)
        if dt == "int32" and fn in ("nansum", "nanmean", "nanmax"):
            continue
        for ax in AXES:
            if fn == "median" and isinstance(ax, tuple) and dt != "float32":
                continue
            add(f"{fn}/{dt}/axis={ax}".replace(" ", ""), f"np.{fn}(a, axis={ax!r})", {"a": a}, tol)
        if fn not in ("count_nonzero",):
            add(f"{fn}/{dt}/keepdims", f"np.{fn}(a, axis=1, keepdims=True)", {"a": a}, tol)
            add(f"{fn}/{dt}/keepdims-all", f"np.{fn}(a, keepdims=True)", {"a": a}, tol)
for fn in ["nansum", "nanmean", "nanmax", "nanmin"]:
    add(f"{fn}/special", f"np.{fn}(a)", {"a": np.array([1.5, np.nan, -2.0, np.nan], dtype=np.float32)}, REDUCE)
add("sum/dtype", "np.sum(a, dtype=np.float32)", {"a": inputs("any", "int32", (2, 3))})
add("sum/empty", "np.sum(a, axis=0)", {"a": np.zeros((0, 3), np.float32)})
add("mean/empty-axis", "np.mean(a, axis=1)", {"a": inputs("any", "float32", (2, 3))}, REDUCE)
add("var/ddof", "np.var(a, axis=0, ddof=1)", {"a": inputs("any", "float32", (4, 3))}, REDUCE)
add("std/ddof", "np.std(a, ddof=1)", {"a": inputs("any", "float32", (4, 3))}, REDUCE)
add("average/weights", "np.average(a, axis=0, weights=b)", {"a": inputs("any", "float32", (3, 2)),
                                                              "b": inputs("pos", "float32", (3, 2))}, REDUCE)
for fn in ["argmax", "argmin"]:
    for dt in ["float32", "int32"]:
        a = inputs("any", dt, (3, 4, 5)) if dt == "float32" else np.arange(60, dtype=np.int32).reshape(3, 4, 5) % 7
        for ax in [None, 0, 1, -1]:
            add(f"{fn}/{dt}/axis={ax}", f"np.{fn}(a, axis={ax!r})", {"a": a})
    add(f"{fn}/keepdims", f"np.{fn}(a, axis=1, keepdims=True)", {"a": inputs("any", "float32", (3, 4))})
for fn in ["cumsum", "cumprod"]:
    for dt in ["float32", "int32", "bool"]:
        a = inputs("unit" if fn == "cumprod" else "any", dt, (3, 4))
        for ax in [None, 0, 1, -1]:
            add(f"{fn}/{dt}/axis={ax}", f"np.{fn}(a, axis={ax!r})", {"a": a}, REDUCE)
add("cumsum/dtype", "np.cumsum(a, dtype=np.float32)", {"a": inputs("any", "int32", (5,))})
for q in ["25", "[10, 50, 90]"]:
    for ax in [None, 0, 1]:
        add(f"percentile/q={q}/axis={ax}".replace(" ", ""), f"np.percentile(a, {q}, axis={ax!r})",
            {"a": inputs("any", "float32", (4, 5))}, REDUCE)
add("quantile/int", "np.quantile(a, 0.3)", {"a": inputs("any", "int32", (7,))}, REDUCE)
add("quantile/keepdims", "np.quantile(a, 0.75, axis=1, keepdims=True)", {"a": inputs("any", "float32", (3, 5))}, REDUCE)
for method in ["lower", "higher", "nearest", "midpoint"]:
    add(f"quantile/{method}", f"np.quantile(a, 0.4, method={method!r})", {"a": inputs("any", "float32", (6,))}, REDUCE)

# ---- shape and rearranging ----
A3 = inputs("any", "float32", (2, 3, 4))
I3 = np.arange(24, dtype=np.int32).reshape(2, 3, 4)
for nm, a in [("float32", A3), ("int32", I3)]:
    for expr in ["np.reshape(a, (4, 6))", "np.reshape(a, (-1, 2))", "np.transpose(a)", "np.transpose(a, (1, 0, 2))",
                 "np.swapaxes(a, 0, 2)", "np.moveaxis(a, 0, -1)", "np.moveaxis(a, (0, 1), (2, 0))",
                 "np.expand_dims(a, 1)", "np.expand_dims(a, (0, -1))", "np.squeeze(a[:, :1], 1)", "np.ravel(a)",
                 "np.flip(a)", "np.flip(a, 1)", "np.flip(a, (0, 2))", "np.fliplr(a)", "np.flipud(a)",
                 "np.concatenate([a, a], axis=1)", "np.concatenate([a, a], axis=-1)", "np.concatenate([a, a], axis=None)",
                 "np.stack([a, a])", "np.stack([a, a], axis=2)", "np.stack([a, a], axis=-1)",
                 "np.split(a, 2)", "np.split(a, 4, axis=2)", "np.split(a, [1, 3], axis=2)", "np.split(a, [-1], axis=1)",
                 "np.array_split(a, 3, axis=2)", "np.tile(a, 2)", "np.tile(a, (2, 1, 1))", "np.tile(a, (2, 1, 1, 2))",
                 "np.repeat(a, 2)", "np.repeat(a, 2, axis=1)", "np.repeat(a, 3, axis=-1)",
                 "np.repeat(a, [1, 0, 2], axis=1)", "np.roll(a, 1)", "np.roll(a, -2, axis=2)", "np.roll(a, (1, 2), axis=(0, 2))",
                 "np.roll(a, 5, axis=1)", "np.broadcast_to(a[0, :, :1], (2, 3, 5))", "np.diagonal(a)",
                 "np.diagonal(a, 1, 1, 2)", "np.diagonal(a, -1, 1, 2)", "np.trace(a)", "np.trace(a, 1, 1, 2)",
                 "np.triu(a)", "np.triu(a, 1)", "np.tril(a, -1)", "np.tril(a, 2)",
                 "np.hstack([a[0], a[1]])", "np.vstack([a[0], a[1]])", "np.column_stack([a[0, 0], a[1, 0]])",
                 "np.atleast_2d(a[0, 0])", "np.atleast_1d(a[0, 0, 0])",
                 "np.take(a, np.array([0, 2]), axis=1)", "np.take(a, np.array([[1, -1], [0, 3]]), axis=2)",
                 "np.take(a, np.array([5, 23, 0]))", "np.take(a, np.array([4, -7]), axis=2, mode='wrap')",
                 "np.take(a, np.array([9, -1]), axis=1, mode='clip')",
                 "np.take_along_axis(a, np.argsort(a, axis=2), axis=2)",
                 "np.take_along_axis(a, np.array([[[0], [1], [2]]]), axis=2)",
                 "np.sort(a)", "np.sort(a, axis=0)", "np.sort(a, axis=None)", "np.argsort(a)", "np.argsort(a, axis=1)",
                 "np.argsort(a, axis=None)", "np.nonzero(a > 0)", "np.flatnonzero(a > 0)", "np.argwhere(a > 0)",
                 "np.count_nonzero(a > 0, axis=1)"]:
        tol = EXACT
        if expr.startswith("np.trace") and nm == "float32":
            tol = ARITH
        add(f"{expr}/{nm}", expr, {"a": a}, tol)
V = inputs("any", "float32", (4,))
for expr in ["np.diag(a)", "np.diag(a, 1)", "np.diag(a, -2)", "np.diag(np.outer(a, a))", "np.diag(np.outer(a, a), 1)",
             "np.meshgrid(a, a[:3])", "np.meshgrid(a, a[:3], indexing='ij')", "np.meshgrid(a[:2], a, a[:3])",
             "np.kron(a[:2], a)", "np.sort(np.array([3.0, np.nan, -1.0, 2.0], dtype=np.float32))",
             "np.argsort(np.array([2, 1, 2, 1, 0], dtype=np.int32))"]:
    add(f"{expr}/vec", expr, {"a": V}, ARITH if "kron" in expr or "outer" in expr else EXACT)

# ---- linear algebra ----
M = inputs("any", "float32", (3, 4))
N = inputs("any", "float32", (4, 2))
B = inputs("any", "float32", (2, 3, 4))
v4 = inputs("any", "float32", (4,))
for expr in ["np.dot(a, b)", "np.matmul(a, b)", "a @ b", "np.dot(v, v)", "np.matmul(a, v)", "np.matmul(v, b)",
             "np.inner(v, v)", "np.inner(a, a)", "np.outer(v, v)", "np.vdot(a, a)", "np.matmul(c, b)",
             "np.tensordot(a, b, 1)", "np.tensordot(c, a, axes=([1, 2], [0, 1]))", "np.tensordot(a, a, axes=([1], [1]))",
             "np.tensordot(v, v, 0)", "np.einsum('ij,jk->ik', a, b)", "np.einsum('ij,jk', a, b)",
             "np.einsum('ij->ji', a)", "np.einsum('ij->', a)", "np.einsum('ij->j', a)", "np.einsum('i,i->', v, v)",
             "np.einsum('i,j->ij', v, v)", "np.einsum('bij,jk->bik', c, b)", "np.einsum('bij,bkj->bik', c, c)",
             "np.einsum('ii->i', a[:, :3])", "np.einsum('ii', a[:, :3])", "np.einsum('ij,ij->i', a, a)",
             "np.einsum('ij,jk,kl->il', a, b, b.T)", "np.einsum('ijk->kji', c)"]:
    add(f"linalg/{expr}", expr, {"a": M, "b": N, "c": B, "v": v4}, REDUCE)
add("matmul/int32", "a @ b", {"a": inputs("any", "int32", (2, 3)), "b": inputs("any", "int32", (3, 2))})
add("einsum/int32", "np.einsum('ij,j->i', a, b)", {"a": inputs("any", "int32", (2, 3)), "b": inputs("any", "int32", (3,))})
S = np.array([[4.0, 1.0, 0.5], [1.0, 3.0, 0.2], [0.5, 0.2, 2.0]], dtype=np.float32)
G = (inputs("any", "float32", (3, 3)) + np.eye(3, dtype=np.float32) * 6).astype(np.float32)
GB = (inputs("any", "float32", (2, 3, 3)) + np.eye(3, dtype=np.float32) * 6).astype(np.float32)
for expr in ["np.linalg.inv(g)", "np.linalg.inv(gb)", "np.linalg.det(g)", "np.linalg.det(gb)", "np.linalg.det(s)",
             "np.linalg.solve(g, v)", "np.linalg.solve(g, s)", "np.linalg.solve(gb, gb)", "np.linalg.cholesky(s)",
             "np.linalg.qr(g)", "np.linalg.qr(m)", "np.linalg.qr(m.T)", "np.linalg.qr(m.T, mode='complete')",
             "np.linalg.qr(g, mode='r')", "np.linalg.eigh(s)[0]", "np.abs(np.linalg.eigh(s)[1])",
             "np.linalg.eigh(gb + np.swapaxes(gb, 1, 2))[0]", "np.linalg.svd(m, compute_uv=False)",
             "np.linalg.svd(g, compute_uv=False)", "np.abs(np.linalg.svd(m, full_matrices=False)[0])",
             "np.abs(np.linalg.svd(m, full_matrices=False)[2])", "np.abs(np.linalg.svd(m.T)[2])",
             "np.linalg.matrix_power(g, 3)", "np.linalg.matrix_power(g, -1)",
             "np.linalg.norm(v)", "np.linalg.norm(m)", "np.linalg.norm(c)", "np.linalg.norm(v, 1)", "np.linalg.norm(v, np.inf)",
             "np.linalg.norm(v, -np.inf)", "np.linalg.norm(v, 0)", "np.linalg.norm(v, 3)", "np.linalg.norm(m, axis=1)",
             "np.linalg.norm(m, axis=0, keepdims=True)", "np.linalg.norm(m, 1)", "np.linalg.norm(m, -1)",
             "np.linalg.norm(m, np.inf)", "np.linalg.norm(m, -np.inf)", "np.linalg.norm(m, 'fro')", "np.linalg.norm(m, 'nuc')",
             "np.linalg.norm(m, 2)", "np.linalg.norm(m, -2)", "np.linalg.norm(c, axis=(1, 2))",
             "np.linalg.norm(c, ord=1, axis=(2, 1))", "np.linalg.norm(c, axis=-1, ord=1)", "np.linalg.norm(m, keepdims=True)"]:
    add(f"linalg/{expr}", expr, {"g": G, "gb": GB, "s": S, "m": M, "c": B, "v": v4[:3] if "solve" in expr else v4}, LINALG)

# ---- errors: JAX's wording where it differs from NumPy's ----
X = inputs("any", "float32", (2, 3))
ERRORS = [
    ("np.sum(a, axis=2)", "axis 2 is out of bounds for array of dimension 2"),
    ("np.mean(a, axis=-3)", "axis -3 is out of bounds for array of dimension 2"),
    ("np.argmax(a, axis=5)", "axis 5 is out of bounds for array of dimension 2"),
    ("np.cumsum(a, axis=2)", "axis 2 is out of bounds for array of dimension 2"),
    ("np.sort(a, axis=3)", "axis 3 is out of bounds for array of dimension 2"),
    ("np.flip(a, 2)", "axis 2 is out of bounds for array of dimension 2"),
    ("np.concatenate([a, a], axis=2)", "axis 2 is out of bounds for array of dimension 2"),
    ("np.sum(a, axis=(0, 0))", "duplicate value in 'axis'"),
    ("a + a[:, :2]", "Incompatible shapes for broadcasting: shapes=[(2, 3), (2, 2)]"),
    ("np.add(a, np.ones(4, dtype=np.float32))", "Incompatible shapes for broadcasting: shapes=[(2, 3), (4,)]"),
    ("np.where(a > 0, a, np.ones((3, 2), dtype=np.float32))", "Incompatible shapes for broadcasting"),
    ("np.broadcast_to(a, (3, 3))", "Incompatible shapes for broadcasting: (2, 3) and requested shape (3, 3)"),
    ("np.reshape(a, (4, 2))", "cannot reshape array of size 6 into shape (4, 2)"),
    ("np.split(a, 4, axis=1)", "array split does not result in an equal division"),
    ("np.concatenate([a, a[0]])", "all the input arrays must have same number of dimensions"),
    ("np.stack([a, a[:, :2]])", "all input arrays must have the same shape"),
    ("np.squeeze(a, 0)", "cannot select an axis to squeeze out which has size not equal to one"),
    ("np.matmul(a, a)", "dot_general requires contracting dimensions to have the same shape, got (3,) and (2,)."),
    ("np.transpose(a, (0,))", "axes don't match array"),
    ("np.max(a[:, :0], axis=1)", "zero-size array to reduction operation maximum which has no identity"),
    ("np.argmax(a[:0])", "attempt to get argmax of an empty sequence"),
    ("np.einsum('ij,jk->ik', a, a)", "einsum: size of label 'j' is 3 for one operand and 2 for another"),
    ("np.linalg.inv(a)", "inv: argument must be a batch of square matrices, got shape (2, 3)"),
    ("np.take_along_axis(a, np.zeros(2, dtype=np.int32), axis=0)",
     "indices and arr must have the same number of dimensions; 1 vs. 2"),
    ("np.moveaxis(a, 0, 2)", "axis 2 is out of bounds for array of dimension 2"),
    ("np.diagonal(a[0])", "diagonal requires an array of at least two dimensions."),
]
for expr, msg in ERRORS:
    add(f"error/{expr}", expr, {"a": X}, error=msg)

# ---- rows the registry check (ConformanceTest.everyUfuncAndReductionRowHasACase) found without a case ----
for fn in ["real", "conj", "conjugate", "isreal"]:
    add(f"{fn}/float32/2x3", f"np.{fn}(a)", {"a": inputs("any", "float32", (2, 3))})
for fn in ["bitwise_and", "bitwise_or", "bitwise_xor"]:
    add(f"{fn}/int32", f"np.{fn}(a, b)", {"a": inputs("any", "int32", (2, 3)), "b": inputs("any", "int32", (3,))})
    add(f"{fn}/bool", f"np.{fn}(a, b)", {"a": inputs("any", "bool", (2, 3)), "b": inputs("any", "bool", (2, 3))})
with_nan = inputs("any", "float32", (2, 3))
with_nan[0, 1] = np.nan
for expr in ["np.nanprod(a)", "np.nanprod(a, axis=1)", "np.nanprod(a, axis=0, keepdims=True)"]:
    add(expr, expr, {"a": with_nan}, REDUCE)

# ---- rot90 (the stdlib README's walk-through of adding a jnp function) ----
R = inputs("any", "float32", (2, 3, 4))
for expr in ["np.rot90(a[0])", "np.rot90(a[0], 2)", "np.rot90(a[0], -1)", "np.rot90(a[0], 7)", "np.rot90(a, 1, (1, 2))",
             "np.rot90(a, k=3, axes=(2, 0))", "np.rot90(a, axes=(-1, -2))"]:
    add(expr, expr, {"a": R})
add("error/np.rot90(a, axes=(0, 0))", "np.rot90(a, axes=(0, 0))", {"a": R}, error="Axes must be different.")

# ---- issue 19: silent wrong results that NumPy and JAX agree on ----
F = inputs("special", "float32", (2, 7))
G2 = inputs("any", "float32", (7,))
for expr in ["np.fmax(a, b)", "np.fmin(a, b)", "np.fmax(a, a[::-1])", "np.fmin(a[:, ::-1], a)"]:
    add(f"issue19/{expr}", expr, {"a": F, "b": G2})
I = inputs("any", "int32", (2, 3))
V2, V3 = inputs("any", "float32", (2,)), inputs("any", "float32", (3,))
for expr in ["np.meshgrid(b, c, sparse=True)", "np.meshgrid(b, c, indexing='ij', sparse=True)",
             "np.arange(0, 5, 0.5, dtype=np.int32)", "np.arange(1.5, 7, 1.5, dtype=np.int32)",
             "np.round(i)", "np.round(i, 1)", "np.round(i * 17, -1)", "np.polyval(i[0], 2)", "np.polyval(i[0], i[1])",
             "np.cross(b, c)", "np.cross(c, b)", "np.cross(b, b)",
             "np.pad(c, (2, 3), constant_values=(4, 6))", "np.pad(i, ((1, 0), (0, 2)), constant_values=((1, 2), (3, 4)))",
             "np.pad(i, 1, constant_values=7)", "np.pad(i, (1, 1), mode='reflect')", "np.pad(i[0], (2, 1), mode='reflect')", "np.pad(i, (2, 1), mode='symmetric')"]:
    add(f"issue19/{expr}", expr, {"i": I, "b": V2, "c": V3}, ARITH)
D3, D4 = inputs("any", "float32", (2, 3, 4)), inputs("any", "float32", (5, 4, 6))
for expr in ["np.dot(a, b)", "np.dot(a[0, 0], b)", "np.dot(a, b[0])", "np.dot(a, b[0, :, 0])"]:
    add(f"issue19/{expr}", expr, {"a": D3, "b": D4}, REDUCE)

# ---- issue 19: more of NumPy's functions (jx source in jax/_numpy_extra.jx, jax/_linalg_extra.jx) ----
V = inputs("any", "float32", (5,))
M2 = inputs("any", "float32", (3, 4))
SQ = inputs("any", "float32", (3, 3)) + 3 * np.eye(3, dtype=np.float32)
I2 = inputs("any", "int32", (2, 3))
NZ = inputs("nonzero", "int32", (6,))
WN = inputs("any", "float32", (2, 3))
WN[0, 1] = np.nan
WN[1, 2] = np.nan
for expr in ["np.copy(m)", "np.append(v, m)", "np.append(m, m[:1], axis=0)", "np.asarray(np.atleast_3d(v).shape)", "np.atleast_3d(m)",
             "np.dstack([m, m])", "np.hsplit(m, 2)", "np.vsplit(m, 3)", "np.hsplit(v, [1, 3])", "np.tri(3, 4, 1)", "np.tri(3)",
             "np.triu_indices(3)", "np.tril_indices(4, -1)", "np.triu_indices(3, 1, 4)", "np.diag_indices(3)",
             "np.diagflat(v[:3])", "np.diagflat(m[:2, :2], 1)", "np.ediff1d(m)", "np.ediff1d(v, to_begin=-1.0, to_end=(7.0, 8.0))",
             "np.cov(m)", "np.cov(m, rowvar=False)", "np.cov(v)", "np.cov(m, bias=True)", "np.cov(m[0], m[1])", "np.corrcoef(m)",
             "np.unravel_index(i[0] % 6 + 6, (3, 4))", "np.unravel_index(7, (2, 5))", "np.ravel_multi_index((i[0] % 2, i[1] % 3), (2, 3))",
             "np.ravel_multi_index((i[0], i[1]), (3, 4), mode='clip')", "np.ravel_multi_index((i[0], i[1]), (3, 4), mode='wrap')",
             "np.delete(v, 1)", "np.delete(m, [0, 2], axis=1)", "np.delete(m, -1, axis=0)", "np.insert(v, 2, 9.0)", "np.insert(m, 1, 5.0, axis=1)",
             "np.gcd(i, n[:3])", "np.lcm(i, n[:3])", "np.gcd(12, 18)", "np.divmod(i, n[:3])", "np.modf(m)",
             "np.nanargmax(w)", "np.nanargmax(w, axis=1)", "np.nanargmin(w, axis=0)", "np.nancumsum(w)", "np.nancumsum(w, axis=1)",
             "np.nancumprod(w, axis=0)", "np.geomspace(1.0, 1000.0, 4)", "np.geomspace(2.0, 32.0, 5, endpoint=False)",
             "np.vander(v[:3])", "np.vander(v[:3], 4, increasing=True)", "np.polyadd(v[:2], v)", "np.polysub(v, v[:3])",
             "np.polymul(v[:3], v[:2])", "np.polyder(v)", "np.polyder(v, 2)", "np.polyint(v[:3])",
             "np.linalg.pinv(m)", "np.linalg.slogdet(q)", "np.linalg.matrix_rank(m)", "np.linalg.matrix_rank(np.ones((3, 3), dtype=np.float32))",
             "np.linalg.cond(q)", "np.linalg.multi_dot([m.T, q, m])", "np.linalg.lstsq(m.T, v[:4], rcond=None)[0]",
             "np.asarray(np.isscalar(1.0))", "np.asarray(np.isscalar(m))", "np.linalg.cond(q, 1)"]:
    add(f"issue19/{expr}", expr, {"v": V, "m": M2, "q": SQ, "i": I2, "n": NZ, "w": WN}, LINALG)

# ---- issue 19: missing arguments ----
SP = inputs("special", "float32", (7,))
for expr in ["np.isclose(a, a)", "np.isclose(a, a, equal_nan=True)", "np.allclose(a, a)", "np.allclose(a, a, equal_nan=True)",
             "np.isclose(a, a + 1e-3, 1e-2)", "np.linspace(0.0, 1.0, 5, retstep=True)", "np.linspace(2.0, 3.0, 4, False, True)",
             "np.asarray(np.size(m, 1))", "np.asarray(np.size(m, -2))", "np.asarray(np.size(m))"]:
    add(f"issue19/{expr}", expr, {"a": SP, "m": M2}, ARITH)

# ---- issue 19: where= and initial= on reductions ----
RW = inputs("any", "float32", (3, 4))
MASK = inputs("any", "bool", (3, 4))
MASK[0, :] = True
RI = inputs("any", "int32", (3, 4))
for expr in ["np.sum(a, where=m)", "np.sum(a, axis=1, where=m)", "np.sum(a, initial=10.0)", "np.sum(a, 0, None, None, True)",
             "np.prod(a, axis=0, where=m)", "np.max(a, axis=1, initial=0.5)", "np.max(a, axis=0, where=m, initial=-100.0)",
             "np.min(a, initial=-3.0)", "np.min(a, axis=1, where=m, initial=100.0)", "np.mean(a, where=m)",
             "np.mean(a, axis=1, where=m)", "np.sum(i, where=m)", "np.max(i, axis=0, where=m, initial=-99)", "np.any(a > 1, where=m)",
             "np.all(a > -10, axis=0, where=m)", "np.amax(a, initial=9.0)"]:
    add(f"issue19/{expr}", expr, {"a": RW, "m": MASK, "i": RI}, REDUCE)
add("error/np.max(a, where=m)", "np.max(a, where=m)", {"a": RW, "m": MASK},
    error="does not have an identity, so to use a where mask one has to specify 'initial'")

# ---- issue 19: arguments that used to be accepted and ignored ----
for expr in ["np.var(i, dtype=np.float32)", "np.std(i, axis=0, dtype=np.float32)", "np.nanvar(w, dtype=np.float32)"]:
    add(f"issue19/{expr}", expr, {"i": RI, "w": WN}, REDUCE)

# Complex-number rows on real inputs (complex inputs are tests/oracle/gen_complex_cases.py's).
for fn in ["imag", "angle", "iscomplex"]:
    add(f"{fn}/float32/2x3", f"np.{fn}(a)", {"a": inputs("any", "float32", (2, 3))}, TRANS)
# ---- issue 19: order='F', einsum's ellipsis and sublists, unique(axis=), several atleast_*d, ndmin, pad modes ----
T3 = inputs("any", "float32", (2, 3, 4))
PM = inputs("any", "float32", (3, 4))
PI = inputs("any", "int32", (3, 4))
UR = np.array([[1, 2, 0], [3, 1, 0], [1, 2, 0], [0, 5, 1]], dtype=np.int32)
for expr in ["t.reshape((6, 4), order='F')", "t.reshape(4, 3, -1, order='F')", "t.ravel(order='F')", "t.flatten(order='F')",
             "t.flatten()", "np.einsum('...ij,...jk->...ik', t, m.T)", "np.einsum('...j,j', t, t[0, 0])", "np.einsum('i...->...', t)",
             "np.einsum('...i', t)", "np.einsum('ij...,j...->i...', t, t[0])", "np.einsum(t, [0, 1, 2], m.T, [2, 3], [0, 1, 3])",
             "np.einsum(t, [0, 1, 2], [2, 0])", "np.einsum(t[0], [0, 1], t[0], [0, 1])", "np.einsum(t, [..., 0], t, [..., 0], [...])",
             "np.unique(u, axis=0)", "np.unique(u, axis=1)", "np.unique(u, axis=-1)", "np.unique(u, return_counts=True)",
             "np.unique(u, axis=0, return_index=True, return_counts=True)", "np.unique(u[:, 0], return_index=True, return_counts=True)",
             "np.unique(u, axis=0, return_inverse=True)[1]",
             "np.atleast_1d(m[0, 0], m)", "np.atleast_2d(m[0], m[0, 0], t)", "np.atleast_3d(m[0], m)", "np.atleast_1d(m[0, 0])",
             "np.array(m, ndmin=4)", "np.array(m, ndmin=1)", "np.array(3.0, ndmin=2)",
             "np.pad(m, ((2, 1), (1, 3)), mode='edge')", "np.pad(m, ((4, 5), (1, 6)), mode='reflect')",
             "np.pad(m, ((4, 5), (7, 6)), mode='symmetric')", "np.pad(m, ((4, 5), (7, 9)), mode='wrap')",
             "np.pad(m, 2, mode='reflect', reflect_type='odd')", "np.pad(m, ((1, 2), (3, 1)), mode='symmetric', reflect_type='odd')",
             "np.pad(m, ((2, 1), (1, 3)), mode='maximum')", "np.pad(m, ((2, 1), (1, 3)), mode='minimum', stat_length=2)",
             "np.pad(m, ((2, 1), (1, 3)), mode='mean', stat_length=((1, 2), (3, 1)))", "np.pad(m, 2, mode='median')",
             "np.pad(m, ((2, 1), (1, 3)), mode='linear_ramp')", "np.pad(m, ((2, 1), (1, 3)), mode='linear_ramp', end_values=(5.0, -4.0))",
             "np.pad(i, ((2, 1), (1, 3)), mode='mean')", "np.pad(i, 1, mode='edge')", "np.pad(i, (3, 2), mode='wrap')",
             "np.pad(m, 0, mode='reflect')"]:
    add(f"issue19/{expr}", expr, {"t": T3, "m": PM, "u": UR, "i": PI}, LINALG)
add("error/np.pad(m, 1, mode='edge', constant_values=3)", "np.pad(m, 1, mode='edge', constant_values=3)", {"m": PM},
    error="unsupported keyword arguments for mode 'edge'")

# ---- issue 19: more missing functions (jax/_numpy_extra.jx) ----
K1 = np.array([1, 5, 1, 4, 3, 4, 4], dtype=np.int32)
K2 = np.array([9, 4, 0, 4, 0, 2, 1], dtype=np.int32)
GF = inputs("any", "float32", (3, 5))
for expr in ["np.indices((2, 3))", "np.indices((2, 3), sparse=True)", "np.ix_(k1[:2], k2[:3])", "np.lexsort((k1, k2))",
             "np.lexsort((k2, k1))", "np.union1d(k1, k2)", "np.intersect1d(k1, k2)", "np.setdiff1d(k1, k2)", "np.bitwise_not(k1)",
             "np.fromfunction(lambda i, j: i * 3 + j, (2, 3))", "np.asarray(np.rollaxis(g[None], 2).shape)", "np.asarray(np.rollaxis(np.ones((2, 3, 4)), 1, 3).shape)",
             "np.resize(k1, (2, 5))", "np.resize(g, 4)", "np.ldexp(g, 3)", "np.ldexp(k1, k2)", "np.hanning(5)", "np.hamming(6)",
             "np.blackman(5)", "np.kaiser(6, 3.0)", "np.hanning(1)", "np.i0(g)", "np.i0(np.array([0.0, 1.0, 10.0, 25.0, 60.0], np.float32))",
             "np.gradient(g)", "np.gradient(g, axis=1)", "np.gradient(g, 2.0)", "np.gradient(g, 2.0, 0.5)", "np.gradient(g[0])",
             "np.polyfit(np.arange(5.0, dtype=np.float32), g[0], 2)",
             "np.apply_along_axis(np.cumsum, 1, g)", "np.apply_along_axis(np.sum, 0, g)", "np.apply_along_axis(lambda r: np.outer(r, r), 1, g[:2, :3])"]:
    add(f"issue19/{expr}", expr, {"k1": K1, "k2": K2, "g": GF}, LINALG)

# ---- issue 19: shifts, histogram, block, frexp, nan-quantiles, partition (NumPy's values; partition's order is JAX's) ----
# NumPy 2's names (and JAX's) for the shifts; 1.24 has only the old ones.
np.bitwise_left_shift, np.bitwise_right_shift = np.left_shift, np.right_shift
SA = inputs("any", "int32", (2, 5))
SB = np.array([0, 1, 3, 30, 31], dtype=np.int32)
SU = np.array([0, 7, 1 << 31, 4294967295, 12345], dtype=np.uint32)
for expr in ["np.left_shift(a, b)", "np.right_shift(a, b)", "a << 3", "a >> 1", "np.left_shift(1, b)", "np.right_shift(-2147483648, b)",
             "np.left_shift(u, 3)", "np.right_shift(u, b.astype(np.uint32))",
             "np.right_shift(a, 31)", "np.bitwise_left_shift(a, 2)", "np.bitwise_right_shift(a, 2)"]:
    add(f"issue19/{expr}", expr, {"a": SA, "b": SB, "u": SU})
for expr, msg in [("np.left_shift(a, 1.0)", "left_shift does not accept dtype float32"),
                  ("np.right_shift(a.astype(np.float32), 1)", "right_shift does not accept dtype float32")]:
    add(f"error/{expr}", expr, {"a": SA}, error=msg)
HX = np.array([1.0, 2.0, 2.0, 3.0, 5.0, -1.5, 0.25, 4.75, 2.0, 3.5], dtype=np.float32)
HW = inputs("pos", "float32", (10,))
HI = np.array([3, 1, 4, 1, 5, 9, 2, 6], dtype=np.int32)
for expr in ["np.histogram(h)", "np.histogram(h, bins=3)", "np.histogram(h, bins=4, range=(0.0, 4.0))", "np.histogram(h, bins=5, weights=w)",
             "np.histogram(h, bins=np.array([-2.0, 0.0, 2.0, 5.0], np.float32))", "np.histogram(h, bins=4, density=True)",
             "np.histogram(h, bins=np.array([0.0, 1.0, 3.0], np.float32), weights=w, density=True)", "np.histogram(i, bins=4)",
             "np.histogram(np.full(4, 2.0, np.float32), bins=2)", "np.histogram_bin_edges(h, bins=6)"]:
    add(f"issue19/{expr}", expr, {"h": HX, "w": HW, "i": HI}, REDUCE, jax_dtype="float32")
BA, BB = inputs("any", "float32", (2, 2)), inputs("any", "float32", (2, 3))
BC, BD = inputs("any", "float32", (1, 2)), inputs("any", "float32", (1, 3))
for expr in ["np.block([[a, b], [c, d]])", "np.block([a, b])", "np.block([[a], [c]])", "np.block([1.0, a[0], b[0]])",
             "np.block([[[a]], [[a]]])", "np.block(a)", "np.block([[1, 2], [3, 4]])", "np.block([[a, np.zeros((2, 1), np.float32)], [c, 7.0]])"]:
    add(f"issue19/{expr}", expr, {"a": BA, "b": BB, "c": BC, "d": BD})
add("error/np.block([[a], b])", "np.block([[a], b])", {"a": BA, "b": BB}, error="Mismatched list depths")
add("error/np.block([])", "np.block([])", {}, error="does not allow empty list")
FX = np.array([1.0, 8.0, 0.3, 0.0, -3.0, np.inf, -np.inf, np.nan, 1e-40, 3.4e38, 0.5, -0.75, 2.0 ** -126, 1.0 - 2.0 ** -24], dtype=np.float32)
for expr in ["np.frexp(f)", "np.frexp(g)", "np.frexp(i)"]:
    add(f"issue19/{expr}", expr, {"f": FX, "g": inputs("any", "float32", (2, 3)), "i": HI})
NM = inputs("any", "float32", (3, 4))
NM[0, 1] = NM[2, 0] = NM[2, 3] = np.nan
NM[1, :] = np.nan
for expr in ["np.nanmedian(a)", "np.nanmedian(a, axis=1)", "np.nanmedian(a, axis=0, keepdims=True)", "np.nanmedian(a[0])",
             "np.nanpercentile(a, 30)", "np.nanpercentile(a, [10, 90], axis=1)", "np.nanquantile(a, 0.5, axis=0)",
             "np.nanquantile(a, [0.2, 0.7], method='lower')", "np.nanquantile(a[::2], 0.4, axis=1, method='nearest')",
             "np.nanmedian(b)", "np.nanpercentile(b, 75, axis=0)"]:
    add(f"issue19/{expr}", expr, {"a": NM, "b": inputs("any", "float32", (3, 4))}, REDUCE)
PX = np.array([6, 8, 4, 3, 1, 9, 7, 5, 2, 3], dtype=np.int32)
P2 = inputs("any", "float32", (3, 6))
# NumPy only fixes the kth entry and which entries fall either side; JAX's full order is checked in LibraryTest.
for expr in ["np.partition(x, 4)[4]", "np.sort(np.partition(x, 4)[:4])", "np.sort(np.partition(x, 4)[5:])",
             "np.partition(p, 2, axis=1)[:, 2]", "np.sort(np.partition(p, 2, axis=1)[:, :2], axis=1)",
             "np.partition(p, -1, axis=0)[-1]", "np.partition(p, 0)[:, 0]", "x[np.argpartition(x, 4)][4]",
             "np.sort(x[np.argpartition(x, 6)[:6]])", "np.take_along_axis(p, np.argpartition(p, 3, axis=1), axis=1)[:, 3]",
             "np.sort(np.argpartition(p, 1, axis=0), axis=0)"]:
    add(f"issue19/{expr}", expr, {"x": PX, "p": P2})
add("error/np.partition(x, 10)", "np.partition(x, 10)", {"x": PX}, error="kth=10 out of bounds")
# einsum: a size-1 axis under '...' broadcasts against a longer one, as NumPy's does.
EA = inputs("any", "float32", (1, 2, 3))
EB = inputs("any", "float32", (4, 3, 2))
for expr in ["np.einsum('...ij,...jk->...ik', a, b)", "np.einsum('...ij,...jk', a, b)", "np.einsum('i...,i...->i...', a[0, :, :1], a[0])",
             "np.einsum('...j,...j->...', a[0, :1], b[:, :, 0])"]:
    add(f"issue19/{expr}", expr, {"a": EA, "b": EB})
NA = np.array([1.0, 0.0, -1.0, 3.0, np.inf, -0.0, 1e-45, 3.4028235e38], np.float32)
NB = np.array([0.0, 1.0, -2.0, 3.0, 0.0, 1.0, 0.0, np.inf], np.float32)
for expr in ["np.nextafter(a, b)", "np.nextafter(a, np.float32(0.5))", "np.nextafter(np.float32(1.0), b[:, None])"]:
    add(f"issue19/{expr}", expr, {"a": NA, "b": NB})

print(f"# {len(cases)} cases written by tests/oracle/gen_conformance.py with NumPy {np.__version__}")
print("\n\n".join(cases))
print(f"{len(cases)} cases", file=sys.stderr)

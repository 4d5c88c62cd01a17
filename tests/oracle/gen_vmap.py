"""Writes tests/vmap/against_numpy.jx: jax.vmap's programs against NumPy's own loop over examples.

Run from the repository root with Debian's NumPy 1.24:
    /usr/bin/python3 tests/oracle/gen_vmap.py > tests/vmap/against_numpy.jx

Each case is one function's source, written so that the same text runs in Python over NumPy and in
jx (where `np` is jax.numpy), or a jx source with a NumPy source beside it where jx's spelling has no
NumPy twin (lax.cond, .at[], jax.grad: there the NumPy side is a loop, a copy or a closed form). The
expected output is NumPy's: the function applied to each example (the in_axes slice of every mapped
argument) in a Python loop, and the results stacked along out_axes -- vmap's definition, computed
without jx. The inputs are NumPy's float32 draws, written out exactly. Expected dtypes are JAX's:
NumPy's float64/int64 results are canonicalized to float32/int32 (JAX's 32-bit defaults).

The generated program fails at the first case whose values (within TOL), shape or dtype differ, and
prints how many agreed.
"""
import numpy as np

rng = np.random.default_rng(12)


def f32(*shape):
    return rng.standard_normal(shape).astype(np.float32)


X = f32(5, 3)
Y = f32(5, 3)
X3 = f32(5, 2, 3)
M = f32(3, 4)
B3 = f32(5, 4, 2)
E = f32(5, 4)
v3 = np.array([1.0, -2.0, 0.5], np.float32)
I = np.array([2, 0, 1, 1, 2], np.int32)
A = f32(5, 3, 3)
SPD = np.stack([a @ a.T + 3.0 * np.eye(3, dtype=np.float32) for a in A]).astype(np.float32)
XT = np.ascontiguousarray(np.transpose(X3, (1, 2, 0)))
AX = np.abs(X)
s5 = Y[:, 0].copy()
INPUTS = {"X": X, "Y": Y, "X3": X3, "M": M, "B3": B3, "E": E, "v3": v3, "I": I, "SPD": SPD, "XT": XT,
          "AX": AX, "s5": s5}

# Helpers both sides define: jx's in the generated program, NumPy's here. Pure Python that runs in
# both (jx is the pure subset) is written once, in SHARED.
SHARED = '''
def helper(a, w):
	return np.tanh(a @ w)


def loop_body(a):
	acc = 0.0
	for i in range(3):
		acc = acc + a[i] * i
	return acc


def while_body(a):
	t = a
	k = 0
	while k < 4:
		t = t * 0.5 + 1.0
		k = k + 1
	return t


def mlp_loss(p, x, y):
	hid = np.tanh(x @ p["w1"] + p["b1"])
	return (hid @ p["w2"] + p["b2"] - y) ** 2
'''


def at_set(a, key, v):
    out = np.array(a, copy=True)
    out[key] = v
    return out


def at_add(a, key, v):
    out = np.array(a, copy=True)
    out[key] = out[key] + v
    return out


def at_mul(a, key, v):
    out = np.array(a, copy=True)
    out[key] = out[key] * v
    return out


def fori(lo, hi, body, c):
    for i in range(lo, hi):
        c = body(i, c)
    return c


def while_loop(cond, body, c):
    while cond(c):
        c = body(c)
    return c


def scan(f, c, xs, length=None, reverse=False):
    # lax.scan's definition: xs is a tuple of arrays or one array (or None, with length).
    n = length if xs is None else (len(xs[0]) if isinstance(xs, tuple) else len(xs))
    ys = [None] * n
    for i in (reversed(range(n)) if reverse else range(n)):
        x = None if xs is None else (tuple(t[i] for t in xs) if isinstance(xs, tuple) else xs[i])
        c, y = f(c, x)
        ys[i] = y
    if isinstance(ys[0], tuple):
        return c, tuple(np.stack([y[j] for y in ys]) for j in range(len(ys[0])))
    return c, np.stack(ys)


def mlp_grad(p, x, y):
    # The gradient of mlp_loss by hand (one example).
    hid = np.tanh(x @ p["w1"] + p["b1"])
    g = 2.0 * (hid @ p["w2"] + p["b2"] - y)
    gh = g * p["w2"] * (1.0 - hid * hid)
    return {"b1": gh, "b2": g, "w1": np.outer(x, gh), "w2": g * hid}


np_env = {"np": np, "at_set": at_set, "at_add": at_add, "at_mul": at_mul, "fori": fori,
          "while_loop": while_loop, "scan": scan, "mlp_grad": mlp_grad, **INPUTS}
exec(SHARED.replace("\t", "    "), np_env)
P = {"w1": f32(3, 4) * np.float32(0.5), "b1": f32(4), "w2": f32(4), "b2": np.float32(0.25)}
np_env["P"] = P

cases = []


def case(name, src, args, in_axes=0, out_axes=0, np_src=None, tol=1e-5):
    cases.append((name, src, np_src or src, args, in_axes, out_axes, tol))


# elementwise operators and functions, with unbatched operands of every rank
case("add", "lambda a, b: a + b", "X, Y")
case("add scalar", "lambda a: a + 1.0", "X")
case("mul unbatched vector", "lambda a: a * v3", "X")
case("sub unbatched matrix", "lambda a: M - a[:, None]", "X")
case("batched scalar times matrix", "lambda s: s * M", "v3")
case("neg pow", "lambda a: -(a ** 2)", "X")
case("tanh exp", "lambda a: np.tanh(a) + np.exp(-a)", "X")
case("sin cos log", "lambda a: np.sin(a) * np.cos(a) + np.log(np.abs(a) + 1.0)", "X")
case("maximum", "lambda a, b: np.maximum(a, b)", "X, Y")
case("compare", "lambda a, b: a < b", "X, Y")
case("where", "lambda a: np.where(a > 0, a, 0.0)", "X")
case("where both", "lambda a, b: np.where(a > b, a, b)", "X, Y")
case("where unbatched cond", "lambda a: np.where(v3 > 0, a, -a)", "X")
case("select", "lambda a, b: lax.select(a > b, a, b)", "X, Y", np_src="lambda a, b: np.where(a > b, a, b)")
case("in_axes None", "lambda a, b: a * b", "X, v3", in_axes="(0, None)")
case("in_axes 1", "lambda a: np.sum(a * a)", "X", in_axes="1")
case("in_axes -1", "lambda a: a * 2.0", "X3", in_axes="-1")
case("out_axes 1", "lambda a: a * 2.0", "X3", out_axes="1")
case("out_axes -1", "lambda a: np.outer(a, a)", "X", out_axes="-1")
case("astype", "lambda a: (a * 3.0).astype(np.int32)", "X")
case("clip", "lambda a: np.clip(a, -0.5, 0.5)", "X")
case("where scalar condition", "lambda a, s: np.where(s > 0, a, -a)", "X, s5")

# reductions, scans, argmax and sort shift their axis
case("sum all", "lambda a: np.sum(a)", "X3")
case("sum axis 0", "lambda a: np.sum(a, axis=0)", "X3")
case("mean axis -1 keepdims", "lambda a: np.mean(a, axis=-1, keepdims=True)", "X3")
case("max tuple axes", "lambda a: np.max(a, axis=(0, 1))", "X3")
case("method sum", "lambda a: a.sum(axis=1) + a.min()", "X3")
case("var std", "lambda a: np.var(a) + np.std(a, axis=0)", "X3")
case("prod", "lambda a: np.prod(a, axis=-1)", "X3")
case("argmax", "lambda a: np.argmax(a)", "X3")
case("argmin axis", "lambda a: np.argmin(a, axis=1)", "X3")
case("cumsum", "lambda a: np.cumsum(a, axis=0)", "X3")
case("cumsum flat", "lambda a: np.cumsum(a)", "X3")
case("sort", "lambda a: np.sort(a)", "X")
case("argsort axis 0", "lambda a: np.argsort(a, axis=0)", "X3")
case("logsumexp-like", "lambda a: np.log(np.sum(np.exp(a - np.max(a)))) + np.max(a)", "X")
case("softmax", "lambda a: jax.nn.softmax(a)", "X", np_src="lambda a: np.exp(a - a.max()) / np.sum(np.exp(a - a.max()))")
case("any all", "lambda a: np.any(a > 1.0) | np.all(a < 2.0)", "X")

# products fold the batch into one batched product
case("matvec", "lambda v: M.T @ v", "X")
case("vecmat", "lambda v: v @ M", "X")
case("dot vectors", "lambda a, b: np.dot(a, b)", "X, Y")
case("dot matrices", "lambda a: np.dot(a.T, a)", "X3")
case("matmul batched both", "lambda a, b: a @ b.T", "X3, X3")
case("matrix times batched vector", "lambda a, v: a @ v", "X3, X")
case("batched vector times matrices", "lambda v, a: a.T @ v[:2]", "X, X3")
case("matmul 3-d unbatched", "lambda v: np.ones((2, 3, 4)).transpose(0, 2, 1) @ v", "X")
case("vector @ 3-d", "lambda v: v @ np.ones((2, 3, 4))", "X")
case("einsum", "lambda a, b: np.einsum('ij,j->i', a, b)", "X3, X")
case("einsum implicit", "lambda a: np.einsum('ij,jk', a, M)", "X3")
case("einsum three operands", "lambda a, b: np.einsum('ij,jk,k->i', a, M, b)", "X3, E")
case("einsum both batched", "lambda a, b: np.einsum('i,i->', a, b)", "X, Y")
case("tensordot", "lambda a: np.tensordot(a, M, 1)", "X")
case("tensordot right", "lambda b: np.tensordot(M, b, axes=1)", "B3")
case("outer", "lambda a, b: np.outer(a, b)", "X, Y")
case("vdot inner", "lambda a, b: np.vdot(a, b) + np.inner(a, b)", "X, Y")
case("in_axes per argument, negative", "lambda a, b: a @ b", "XT, X", in_axes="(-1, 0)")

# shapes and structure
case("reshape", "lambda a: np.reshape(a, (3, 2))", "X3")
case("reshape method -1", "lambda a: a.reshape(-1)", "X3")
case("ravel", "lambda a: np.ravel(a) * 2.0", "X3")
case("transpose", "lambda a: a.T", "X3")
case("transpose axes", "lambda a: np.transpose(a, (1, 0))", "X3")
case("swapaxes", "lambda a: np.swapaxes(a, 0, -1)", "X3")
case("moveaxis", "lambda a: np.moveaxis(a, 0, 1)", "X3")
case("expand_dims squeeze", "lambda a: np.squeeze(np.expand_dims(a, 0))", "X")
case("expand_dims -1", "lambda a: np.expand_dims(a, -1)", "X")
case("concatenate", "lambda a, b: np.concatenate([a, b, v3])", "X, Y")
case("concatenate axis 1", "lambda a: np.concatenate([a, a], axis=1)", "X3")
case("stack", "lambda a, b: np.stack([a, b, v3])", "X, Y")
case("stack axis -1", "lambda a, b: np.stack([a, b], axis=-1)", "X, Y")
case("broadcast_to", "lambda a: np.broadcast_to(a, (4, 3))", "X")
case("shape attributes", "lambda a: a * a.shape[0] + a.ndim + np.size(a)", "X3")
case("zeros_like", "lambda a: np.zeros_like(a) + np.ones_like(a) * 2.0", "X")
case("array of items", "lambda a: np.array([a[0], a[2], 1.0])", "X")
case("diagonal trace", "lambda a: np.diagonal(a) + np.trace(a)", "SPD")
case("triu", "lambda a: np.triu(a)", "SPD")
case("roll", "lambda a: np.roll(a, 1)", "X")
case("flip", "lambda a: np.flip(a, axis=0)", "X3")

# indexing with static and batched indices, and .at[] updates
case("index int", "lambda a: a[1]", "X")
case("index slice", "lambda a: a[1:]", "X")
case("index tuple", "lambda a: a[0, 1:]", "X3")
case("index ellipsis newaxis", "lambda a: a[..., None, 0]", "X3")
case("index unbatched array", "lambda a: a[np.array([2, 0])]", "X")
case("index batched int", "lambda a, i: a[i]", "X, I")
case("gather unbatched table", "lambda i: M[i % 3]", "I")
case("take", "lambda a, i: np.take(a, i)", "X, I")
case("take axis", "lambda a: np.take(a, np.array([0, 2]), axis=1)", "X3")
case("take_along_axis", "lambda a: np.take_along_axis(a, np.argsort(a), axis=0)", "X")
case("at set", "lambda a: a.at[0].set(9.0)", "X", np_src="lambda a: at_set(a, 0, 9.0)")
case("at add batched value", "lambda a, b: a.at[1:].add(b[:2])", "X, Y", np_src="lambda a, b: at_add(a, slice(1, None), b[:2])")
case("at set unbatched x", "lambda v: np.zeros(3).at[1].set(v)", "v3", np_src="lambda v: at_set(np.zeros(3, np.float32), 1, v)")
case("at set batched index", "lambda a, i: a.at[i].set(0.0)", "X, I", np_src="lambda a, i: at_set(a, i, 0.0)")
case("at multiply tuple key", "lambda a: a.at[0, 1].multiply(3.0)", "X3", np_src="lambda a: at_mul(a, (0, 1), 3.0)")

# linalg over batch dims
case("inv", "lambda a: np.linalg.inv(a)", "SPD", tol=1e-4)
case("det", "lambda a: np.linalg.det(a)", "SPD", tol=1e-4)
case("cholesky", "lambda a: np.linalg.cholesky(a)", "SPD", tol=1e-4)
case("solve vector", "lambda a, b: np.linalg.solve(a, b)", "SPD, X", tol=1e-4)
case("solve unbatched matrix", "lambda b: np.linalg.solve(SPD[0], b)", "X", tol=1e-4)
case("norm", "lambda a: np.linalg.norm(a) + np.linalg.norm(a, axis=0)", "X3")
case("eigh values", "lambda a: np.linalg.eigh(a)[0]", "SPD", tol=1e-4)
case("matrix_power", "lambda a: np.linalg.matrix_power(a, 3)", "SPD", tol=1e-4)

# pytrees, closures, calls, Python and lax control flow
case("tuple out", "lambda a: (a, a * 2.0)", "X")
case("dict in", "lambda p: p['w'] @ p['b']", "{'w': X3, 'b': X}")
case("unbatched output broadcast", "lambda a: M", "X")
case("call of a function", "lambda a: helper(a, M) + 1.0", "X")
case("closure over batched", "lambda a: jax.tree_util.tree_map(lambda t: t * a[0], (M, v3))", "X",
     np_src="lambda a: (M * a[0], v3 * a[0])")
case("inner function", "lambda a: (lambda t: t * a)(2.0)", "X")
case("identity test is static", "lambda a: a * 2.0 if a is not None else a", "X")
case("star arguments", "lambda a, b: helper(*(a, M)) + np.sum(np.stack([*(b, b)]))", "X, Y")
case("static if on shape", "lambda a: a * 2.0 if a.shape[0] == 3 else a", "X")
case("for loop carry", "loop_body", "X")
case("while loop static test", "while_body", "X")
case("comprehension", "lambda a: np.stack([a * i for i in range(3)])", "X")
case("fori_loop", "lambda a: lax.fori_loop(0, 4, lambda i, c: c * 2.0 + a, a)", "X",
     np_src="lambda a: fori(0, 4, lambda i, c: c * 2.0 + a, a)")
case("cond batched pred", "lambda a: lax.cond(a[0] > 0, lambda t: t * 2.0, lambda t: -t, a)", "X",
     np_src="lambda a: a * 2.0 if a[0] > 0 else -a")
case("while_loop batched pred", "lambda a: lax.while_loop(lambda c: c[0] < 10.0, lambda c: c * 2.0 + 1.0, a)", "AX",
     np_src="lambda a: while_loop(lambda c: c[0] < 10.0, lambda c: c * 2.0 + 1.0, a)")
case("scan", "lambda a: lax.scan(lambda c, x: (c + x, c * x), 0.0, a)", "X",
     np_src="lambda a: scan(lambda c, x: (c + x, c * x), np.float32(0.0), a)")
case("scan reverse", "lambda a: lax.scan(lambda c, x: (c * 0.5 + x, c), 0.0, a, reverse=True)", "X",
     np_src="lambda a: scan(lambda c, x: (c * 0.5 + x, c), np.float32(0.0), a, reverse=True)")
case("scan pytree carry and xs", "lambda a: lax.scan(lambda c, x: ((c[0] + x[0], c[1] * x[1]), x[0] - c[1]), (0.0, 1.0), (a, a * 2.0))",
     "X", np_src="lambda a: scan(lambda c, x: ((c[0] + x[0], c[1] * x[1]), x[0] - c[1]), (np.float32(0.0), np.float32(1.0)), (a, a * 2.0))")
case("scan without xs", "lambda a: lax.scan(lambda c, x: (c * 0.5 + 1.0, np.sum(c)), a, None, length=3)", "X",
     np_src="lambda a: scan(lambda c, x: (c * 0.5 + 1.0, np.sum(c)), a, None, length=3)")
case("scan batched init only", "lambda c0: lax.scan(lambda c, x: (c * x + 1.0, c), c0, v3)", "s5",
     np_src="lambda c0: scan(lambda c, x: (c * x + 1.0, c), c0, v3)")
case("scan body closes over batched", "lambda a: lax.scan(lambda c, x: (c * a[0] + x, c), 1.0, a)", "X",
     np_src="lambda a: scan(lambda c, x: (c * a[0] + x, c), np.float32(1.0), a)")
case("scan matrix carry", "lambda m: lax.scan(lambda c, x: (c @ M[:, :3] + x, np.trace(c)), m, np.ones((2, 3)))", "SPD",
     np_src="lambda m: scan(lambda c, x: (c @ M[:, :3] + x, np.trace(c)), m, np.ones((2, 3), np.float32))", tol=1e-4)
case("nested vmap", "lambda a: jax.vmap(lambda r: r * np.sum(r))(a)", "X3",
     np_src="lambda a: np.stack([r * np.sum(r) for r in a])")
case("nested vmap in_axes None", "lambda a: jax.vmap(lambda b: a * b, in_axes=0)(v3)", "X",
     np_src="lambda a: np.stack([a * b for b in v3])")

# composed with grad: the NumPy side is the derivative worked out by hand
case("grad inside", "lambda a: jax.grad(lambda t: np.sum(np.sin(t) * t))(a)", "X",
     np_src="lambda a: np.cos(a) * a + np.sin(a)")
case("vmap of grad with params", "jax.grad(lambda w, x: np.sum(np.tanh(x @ w) ** 2))", "M, X", in_axes="(None, 0)",
     np_src="lambda w, x: np.outer(x, 2.0 * np.tanh(x @ w) * (1.0 - np.tanh(x @ w) ** 2))")
case("per-example mlp gradients", "jax.grad(mlp_loss)", "P, X, s5", in_axes="(None, 0, 0)",
     np_src="lambda p, x, y: mlp_grad(p, x, y)", tol=1e-4)
case("value_and_grad", "jax.value_and_grad(lambda x: np.sum(x ** 3))", "X",
     np_src="lambda x: (np.sum(x ** 3), 3.0 * x ** 2)", tol=1e-4)
case("jvp", "lambda x: jax.jvp(lambda t: np.tanh(t) * 2.0, (x,), (v3,))[1]", "X",
     np_src="lambda x: 2.0 * (1.0 - np.tanh(x) ** 2) * v3", tol=1e-4)


def canon(a):
    a = np.asarray(a)
    return a.astype({"f": np.float32, "i": np.int32, "u": np.uint32, "b": np.bool_}[a.dtype.kind])


def leaves(v):
    if isinstance(v, dict):
        return [x for k in sorted(v) for x in leaves(v[k])]
    if isinstance(v, (tuple, list)):
        return [x for t in v for x in leaves(t)]
    return [v]


def example(v, ax, i):
    # The i-th example of an argument: its in_axes slice (every leaf of a pytree along the same axis).
    if ax is None:
        return v
    if isinstance(v, dict):
        return {k: example(x, ax, i) for k, x in v.items()}
    return np.take(v, i, axis=ax)


def stack(outs, ax):
    first = outs[0]
    if isinstance(first, dict):
        return {k: stack([o[k] for o in outs], ax) for k in first}
    if isinstance(first, (tuple, list)):
        return tuple(stack([o[j] for o in outs], ax) for j in range(len(first)))
    return np.stack([np.asarray(o) for o in outs], axis=ax)


def loop_vmap(f, args, in_axes, out_axes):
    axes = in_axes if isinstance(in_axes, tuple) else (in_axes,) * len(args)
    sizes = {(v.shape[ax] if not isinstance(v, dict) else leaves(v)[0].shape[ax]) for v, ax in zip(args, axes) if ax is not None}
    assert len(sizes) == 1, sizes
    n = sizes.pop()
    return stack([f(*[example(v, ax, i) for v, ax in zip(args, axes)]) for i in range(n)], out_axes)


def lit(a):
    a = canon(a)
    if a.dtype == np.bool_:
        vals = ", ".join("True" if v else "False" for v in a.ravel())
    elif a.dtype.kind == "f":
        vals = ", ".join(repr(float(v)) for v in a.ravel())
    else:
        vals = ", ".join(str(int(v)) for v in a.ravel())
    dt = {"float32": "np.float32", "int32": "np.int32", "bool": "np.bool_", "uint32": "np.uint32"}[str(a.dtype)]
    shape = "(" + "".join(f"{d}, " for d in a.shape).rstrip(" ") + ")" if a.ndim != 1 else f"({a.shape[0]},)"
    return f"np.array([{vals}], dtype={dt}).reshape({shape})"


def tree_lit(v):
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k!r}: {tree_lit(v[k])}" for k in sorted(v)) + "}"
    if isinstance(v, tuple):
        return "(" + "".join(tree_lit(t) + ", " for t in v).rstrip(" ") + ")"
    if np.ndim(v) == 0 and not isinstance(v, np.ndarray):
        return repr(float(v))
    return lit(v)


out = []
w = out.append
w("# Generated by tests/oracle/gen_vmap.py from NumPy " + np.__version__ + " -- do not edit; rerun:")
w("#     /usr/bin/python3 tests/oracle/gen_vmap.py > tests/vmap/against_numpy.jx")
w("# Each case: jax.vmap of a program against NumPy's loop over its examples (values within TOL, shapes,")
w("# dtypes). The script fails at the first case that differs.")
w("")
for k, v in INPUTS.items():
    w(f"{k} = {lit(v)}")
w(f"P = {tree_lit(P)}")
w(SHARED)
w('''
def same(a, b, tol):
	if isinstance(a, (tuple, list)):
		if not isinstance(b, (tuple, list)) or len(a) != len(b):
			return False
		for i in range(len(a)):
			if not same(a[i], b[i], tol):
				return False
		return True
	if isinstance(a, dict):
		if not isinstance(b, dict) or sorted(a.keys()) != sorted(b.keys()):
			return False
		for k in a.keys():
			if not same(a[k], b[k], tol):
				return False
		return True
	a = np.asarray(a)
	if np.shape(a) != np.shape(b) or a.dtype != b.dtype:
		return False
	if a.dtype == np.bool_ or a.dtype == np.int32:
		return bool(np.all(a == b))
	return bool(np.allclose(a, b, rtol=tol, atol=tol))


def case(name, f, args, in_axes, out_axes, want, tol):
	got = jax.vmap(f, in_axes=in_axes, out_axes=out_axes)(*args)
	assert same(got, want, tol), name + ":\\n" + str(got) + "\\n!=\\n" + str(want)
	return 1


n = 0''')
for name, src, np_src, args, in_axes, out_axes, tol in cases:
    f = eval(np_src, np_env)
    argv = eval("(" + args + ",)", np_env)
    want = loop_vmap(f, argv, eval(str(in_axes), np_env), eval(str(out_axes), np_env))
    w(f"n = n + case({name!r}, {src}, ({args},), {in_axes}, {out_axes},\n\t{tree_lit(want)}, {tol})")
w('print(n, "vmap programs agree with NumPy\'s loop over examples")')
print("\n".join(out))

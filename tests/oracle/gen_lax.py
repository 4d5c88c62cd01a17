"""Writes the cases of jx's lax convolutions, pooling and dynamic slices (stdlib ConformanceTest.lax).

Run from the repository root with Debian's NumPy:
    /usr/bin/python3 tests/oracle/gen_lax.py > stdlib/src/test/resources/jx/stdlib/lax.txt

NumPy has no convolution of XLA's kind, so this file holds the reference: conv_general_dilated
written as its definition reads (dilate, pad or crop, then every output position the sum of its
window times the kernel, feature group by feature group), with plain loops, independent of jx's
im2col. The case format is conformance.txt's (see gen_conformance.py); the expressions are jx's.
"""
import sys

import numpy as np

rng = np.random.default_rng(20261201)
cases = []
TOL = 2e-5


def fmt(a):
    a = np.asarray(a)
    if a.dtype.kind == "f":
        return ",".join(repr(float(v)) for v in a.ravel())
    return ",".join(str(int(v)) for v in a.ravel())


def shape_of(a):
    return ",".join(str(d) for d in np.shape(a))


def add(name, expr, ins, want, tol=TOL):
    lines = [f"case {name}"]
    for k, v in ins.items():
        lines.append(f"in {k} {v.dtype} {shape_of(v)} {fmt(v)}")
    lines.append(f"expr {expr}")
    want = np.asarray(want)
    dt = {"float64": "float32", "float32": "float32", "int64": "int32", "int32": "int32"}[str(want.dtype)]
    lines.append(f"out {dt} {shape_of(want)} {tol!r} {fmt(want.astype(np.float32) if dt == 'float32' else want)}")
    cases.append("\n".join(lines))


def specs(dn, nd):
    if dn is None:
        return tuple(range(nd)), tuple(range(nd)), tuple(range(nd))
    lhs, rhs, out = dn
    spatial = [c for c in rhs if c not in "OI"]
    return ((lhs.index("N"), lhs.index("C"), *[lhs.index(c) for c in spatial]),
            (rhs.index("O"), rhs.index("I"), *[rhs.index(c) for c in spatial]),
            (out.index("N"), out.index("C"), *[out.index(c) for c in spatial]))


def dilate(x, axis, d):
    if d == 1:
        return x
    shape = list(x.shape)
    shape[axis] = (shape[axis] - 1) * d + 1
    y = np.zeros(shape, x.dtype)
    idx = [slice(None)] * x.ndim
    idx[axis] = slice(None, None, d)
    y[tuple(idx)] = x
    return y


def conv_ref(lhs, rhs, strides, padding, lhs_dil=None, rhs_dil=None, dn=None, groups=1):
    ls, rs, os_ = specs(dn, lhs.ndim)
    x = lhs.astype(np.float64).transpose(ls)
    w = rhs.astype(np.float64).transpose(rs)
    nsp = x.ndim - 2
    lhs_dil = lhs_dil or (1,) * nsp
    rhs_dil = rhs_dil or (1,) * nsp
    for d in range(nsp):
        x = dilate(x, 2 + d, lhs_dil[d])
        w = dilate(w, 2 + d, rhs_dil[d])
    if padding == "VALID":
        pads = [(0, 0)] * nsp
    elif padding == "SAME":
        pads = []
        for d in range(nsp):
            n, k, s = x.shape[2 + d], w.shape[2 + d], strides[d]
            out = -(-n // s)
            total = max((out - 1) * s + k - n, 0)
            pads.append((total // 2, total - total // 2))
    else:
        pads = padding
    for d, (lo, hi) in enumerate(pads):
        width = [(0, 0)] * x.ndim
        width[2 + d] = (max(lo, 0), max(hi, 0))
        x = np.pad(x, width)
        idx = [slice(None)] * x.ndim
        idx[2 + d] = slice(-min(lo, 0), x.shape[2 + d] + min(hi, 0))
        x = x[tuple(idx)]
    n, c = x.shape[:2]
    o = w.shape[0]
    ksz = w.shape[2:]
    outsz = [(x.shape[2 + d] - ksz[d]) // strides[d] + 1 for d in range(nsp)]
    ig, og = c // groups, o // groups
    y = np.zeros((n, o, *outsz))
    for pos in np.ndindex(*outsz):
        window = tuple(slice(pos[d] * strides[d], pos[d] * strides[d] + ksz[d]) for d in range(nsp))
        for g in range(groups):
            patch = x[(slice(None), slice(g * ig, (g + 1) * ig)) + window]
            kern = w[g * og:(g + 1) * og]
            y[(slice(None), slice(g * og, (g + 1) * og)) + pos] = np.tensordot(patch, kern, axes=(list(range(1, nsp + 2)), list(range(1, nsp + 2))))
    inv = [list(os_).index(i) for i in range(len(os_))]
    return y.transpose(inv)


def rand(*shape):
    return rng.normal(0, 1, shape).astype(np.float32)


# ---- lax.conv: NCHW / OIHW ----
X, W = rand(2, 3, 6, 5), rand(4, 3, 3, 2)
for strides in [(1, 1), (2, 1), (2, 3)]:
    for padding in ["VALID", "SAME"]:
        add(f"conv/{strides}/{padding}", f"lax.conv(x, w, {strides}, '{padding}')", {"x": X, "w": W},
            conv_ref(X, W, strides, padding))
# ---- explicit and negative padding, dilations ----
for strides, padding, ld, rd in [((1, 1), ((1, 2), (0, 1)), None, None), ((1, 2), ((2, -1), (-1, 1)), None, None),
                                 ((1, 1), "VALID", (2, 1), None), ((1, 1), "SAME", None, (2, 2)),
                                 ((2, 1), ((1, 0), (2, 1)), (1, 2), (2, 1)), ((1, 1), ((0, 0), (0, 0)), (2, 2), (1, 2))]:
    expr = f"lax.conv_general_dilated(x, w, {strides}, {padding!r}, {ld}, {rd})"
    add(f"conv_general_dilated/{strides}/{padding}/{ld}/{rd}", expr, {"x": X, "w": W}, conv_ref(X, W, strides, padding, ld, rd))
add("conv_with_general_padding", "lax.conv_with_general_padding(x, w, (1, 2), ((1, 1), (2, 0)), (1, 1), (2, 1))",
    {"x": X, "w": W}, conv_ref(X, W, (1, 2), ((1, 1), (2, 0)), (1, 1), (2, 1)))
# ---- dimension numbers: NHWC / HWIO as JAX's convolution tutorial writes them ----
XH, WH = rand(1, 7, 6, 3), rand(3, 2, 3, 4)
for dn in [("NHWC", "HWIO", "NHWC"), ("NHWC", "HWIO", "NCHW"), ("NCHW", "OIHW", "NHWC")]:
    x = XH if dn[0] == "NHWC" else X
    w = WH if dn[1] == "HWIO" else W
    for padding in ["SAME", "VALID"]:
        add(f"conv_general_dilated/{dn}/{padding}", f"lax.conv_general_dilated(x, w, (1, 1), '{padding}', dimension_numbers={dn!r})",
            {"x": x, "w": w}, conv_ref(x, w, (1, 1), padding, dn=dn))
add("conv_dimension_numbers", "lax.conv_general_dilated(x, w, (2, 2), 'SAME', (1, 1), (1, 1), "
    "lax.conv_dimension_numbers(x.shape, w.shape, ('NHWC', 'HWIO', 'NHWC')))", {"x": XH, "w": WH},
    conv_ref(XH, WH, (2, 2), "SAME", dn=("NHWC", "HWIO", "NHWC")))
# ---- feature groups (depthwise when groups == features), 1-d and 3-d convolutions ----
XG, WG = rand(2, 4, 5, 5), rand(6, 2, 3, 3)
add("conv/feature_group_count=2", "lax.conv_general_dilated(x, w, (1, 1), 'SAME', feature_group_count=2)",
    {"x": XG, "w": WG}, conv_ref(XG, WG, (1, 1), "SAME", groups=2))
WD = rand(4, 1, 3, 3)
add("conv/depthwise", "lax.conv_general_dilated(x, w, (1, 1), 'VALID', feature_group_count=4)",
    {"x": XG, "w": WD}, conv_ref(XG, WD, (1, 1), "VALID", groups=4))
X1, W1 = rand(2, 3, 9), rand(2, 3, 4)
add("conv/1d", "lax.conv(x, w, (2,), 'SAME')", {"x": X1, "w": W1}, conv_ref(X1, W1, (2,), "SAME"))
X3, W3 = rand(1, 2, 4, 3, 5), rand(2, 2, 2, 2, 3)
add("conv/3d", "lax.conv_general_dilated(x, w, (1, 1, 2), 'VALID', rhs_dilation=(1, 1, 2))", {"x": X3, "w": W3},
    conv_ref(X3, W3, (1, 1, 2), "VALID", rhs_dil=(1, 1, 2)))


# ---- reduce_window: max and sum pooling ----
def reduce_window_ref(x, init, op, dims, strides, padding):
    if padding == "SAME":
        pads = []
        for d in range(x.ndim):
            out = -(-x.shape[d] // strides[d])
            total = max((out - 1) * strides[d] + dims[d] - x.shape[d], 0)
            pads.append((total // 2, total - total // 2))
    elif padding == "VALID":
        pads = [(0, 0)] * x.ndim
    else:
        pads = padding
    x = np.pad(x.astype(np.float64), pads, constant_values=init)
    outsz = [(x.shape[d] - dims[d]) // strides[d] + 1 for d in range(x.ndim)]
    y = np.zeros(outsz)
    for pos in np.ndindex(*outsz):
        window = x[tuple(slice(pos[d] * strides[d], pos[d] * strides[d] + dims[d]) for d in range(x.ndim))]
        y[pos] = op(window)
    return y


P = rand(2, 6, 7, 3)
for dims, strides, padding in [((1, 2, 2, 1), (1, 2, 2, 1), "VALID"), ((1, 3, 3, 1), (1, 2, 2, 1), "SAME"),
                               ((1, 2, 3, 1), (1, 1, 2, 1), ((0, 0), (1, 0), (1, 1), (0, 0)))]:
    add(f"reduce_window/max/{dims}/{padding}", f"lax.reduce_window(x, -jnp.inf, lax.max, {dims}, {strides}, {padding!r})",
        {"x": P}, reduce_window_ref(P, -np.inf, np.max, dims, strides, padding))
    add(f"reduce_window/add/{dims}/{padding}", f"lax.reduce_window(x, 0.0, lax.add, {dims}, {strides}, {padding!r})",
        {"x": P}, reduce_window_ref(P, 0.0, np.sum, dims, strides, padding))

# ---- dynamic slices along one axis (starts are clamped so the window fits, as XLA does) ----
D = rng.integers(-9, 10, (4, 5)).astype(np.int32)
for start, size, axis in [(1, 2, 0), (3, 3, 1), (4, 2, 0), (-1, 2, 1)]:
    n = D.shape[axis]
    s = min(max(start, 0), n - size)
    add(f"dynamic_slice_in_dim/{start}/{size}/{axis}", f"lax.dynamic_slice_in_dim(x, {start}, {size}, {axis})", {"x": D},
        np.take(D, range(s, s + size), axis=axis))
U = rng.integers(-9, 10, (2, 5)).astype(np.int32)
for start in [0, 1, 3]:
    s = min(max(start, 0), 4 - 2)
    want = D.copy()
    want[s:s + 2] = U
    add(f"dynamic_update_slice_in_dim/{start}", f"lax.dynamic_update_slice_in_dim(x, u, {start}, 0)", {"x": D, "u": U}, want)
want = D.copy()
want[1:3, 2:4] = U[:, :2]
add("dynamic_update_slice", "lax.dynamic_update_slice(x, u[:, :2], (1, 2))", {"x": D, "u": U}, want)

# lax.population_count and lax.clz of int32 (negative values: two's complement, as XLA), from
# NumPy's bit view: the ones of each uint32 word, and 32 minus its bit length.
B = np.array([0, 1, 2, 3, 7, 8, 255, 256, 1023, 2**31 - 1, -1, -2, -2**31, 12345, -98765], dtype=np.int32)
words = B.view(np.uint32)
ones = np.array([bin(int(w)).count("1") for w in words], dtype=np.int32)
leading = np.array([32 - int(w).bit_length() for w in words], dtype=np.int32)
add("population_count/int32", "lax.population_count(x)", {"x": B}, ones)
add("clz/int32", "lax.clz(x)", {"x": B}, leading)

print(f"# {len(cases)} cases written by tests/oracle/gen_lax.py with NumPy {np.__version__}")
print("\n\n".join(cases))
print(f"{len(cases)} cases", file=sys.stderr)

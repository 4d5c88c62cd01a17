"""Writes NumPy's results for ArrayNumpyTest (run: /usr/bin/python3 gen_array_cases.py > ../resources/jx/array/numpy_cases.txt).

Each line is name;dtype;shape;values (comma-separated, repr precision). Lines named in_* are inputs.
"""
import numpy as np

rng = np.random.default_rng(7)
out = []


def emit(name, a):
    a = np.asarray(a)
    dt = {"float32": "float32", "int32": "int32", "int64": "int32", "bool": "bool"}[str(a.dtype)]
    if dt == "bool":
        vals = ",".join("1" if v else "0" for v in a.ravel())
    elif dt == "float32":
        vals = ",".join(repr(float(v)) for v in a.ravel())
    else:
        vals = ",".join(str(int(v)) for v in a.ravel())
    out.append(f"{name};{dt};{','.join(map(str, a.shape))};{vals}")


x = (rng.standard_normal(1000) * 100).astype(np.float32)
emit("in_x", x)
emit("sum_x", x.sum())
emit("sum_x_axis0", x.reshape(10, 100).sum(axis=0))
emit("sum_x_axis1", x.reshape(10, 100).sum(axis=1))
emit("mean_x", x.mean())
emit("cumsum_x", np.cumsum(x[:50]))

m = rng.standard_normal((3, 4, 5)).astype(np.float32)
emit("in_m", m)
emit("sum_m_02_keep", m.sum(axis=(0, 2), keepdims=True))
emit("max_m_1", m.max(axis=1))
emit("min_m_all", m.min())
emit("argmax_m_2", m.argmax(axis=2).astype(np.int32))
emit("argmin_m_all", np.int32(m.argmin()))
emit("var_m_0_ddof1", m.var(axis=0, ddof=1))
emit("std_m_all", m.std())
emit("prod_m_2", m.prod(axis=2))
emit("cumsum_m_1", np.cumsum(m, axis=1))
emit("mean_m_neg1", m.mean(axis=-1))

a = np.arange(24, dtype=np.int32).reshape(2, 3, 4)
emit("in_a", a)
emit("idx_basic", a[1, :, ::-2])
emit("idx_ellipsis_newaxis", a[..., None, 1])
emit("idx_adv_pair", a[[0, 1], [2, 0]])
emit("idx_adv_slice", a[:, [0, 2], 1:3])
emit("idx_adv_separated", a[[1, 0], :, [3, -1]])
emit("idx_mask", a[a % 3 == 0])
emit("idx_int_adv_newaxis", a[0, [1, 2], None])
emit("idx_2d_take", a[:, np.array([[0, 1], [2, 2]])])
emit("transpose_a", a.transpose(2, 0, 1))
emit("flip_a", np.flip(a, axis=(0, 2)))
emit("swap_a", np.swapaxes(a, 0, 2))
b = a.copy()
np.add.at(b, ([0, 0, 1], [2, 2, 0]), np.array([[1], [2], [3]], dtype=np.int32))
emit("at_add_repeat", b)

p = rng.standard_normal((2, 3, 4)).astype(np.float32)
q = rng.standard_normal((4, 5)).astype(np.float32)
v = rng.standard_normal(4).astype(np.float32)
emit("in_p", p)
emit("in_q", q)
emit("in_v", v)
emit("p_matmul_q", p @ q)
emit("p_matmul_v", p @ v)
emit("v_matmul_q", v @ q)

f = np.array([-7.5, -3.0, -0.5, 0.5, 2.5, 3.0, 7.25], dtype=np.float32)
g = np.array([2.0, -2.0, 3.0, -0.75, 2.0, 4.0, -3.0], dtype=np.float32)
emit("in_f", f)
emit("in_g", g)
emit("floordiv_fg", f // g)
emit("mod_fg", f % g)
emit("round_f", np.round(f))
emit("tanh_f", np.tanh(f))
emit("exp_f", np.exp(f))
i = np.array([-7, -3, 0, 5, 7], dtype=np.int32)
j = np.array([2, -2, 3, -3, 7], dtype=np.int32)
emit("in_i", i)
emit("in_j", j)
emit("floordiv_ij", i // j)
emit("mod_ij", i % j)
emit("div_ij", (i / j).astype(np.float32))
emit("linspace_0_1_7", np.linspace(0, 1, 7).astype(np.float32))
emit("arange_f", np.arange(0.5, 3.0, 0.3).astype(np.float32))

print("\n".join(out))

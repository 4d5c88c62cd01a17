"""bench/peers/workloads.jx for NumPy (Debian's python3-numpy): name, milliseconds (median of 7 after 5 warm-ups)."""
import numpy as np
from timing import median_ms, report


def softmax(v, axis=-1):
    e = np.exp(v - np.max(v, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


rng = np.random.default_rng(2)
x = rng.standard_normal(10_000_000, dtype=np.float32)
m = x.reshape(1000, 10000)
row = x[:10000]
col = x[:1000].reshape(1000, 1)
report("tanh_chain_1e7", median_ms(lambda: float(np.sum(np.tanh(x * 2.0 + 1.0) * x))))
report("exp_1e7", median_ms(lambda: float(np.exp(x)[0])))
report("tanh_1e7", median_ms(lambda: float(np.tanh(x)[0])))
report("sum_1e7", median_ms(lambda: float(np.sum(x))))
report("mean_1e7", median_ms(lambda: float(np.mean(x))))
report("max_1e7", median_ms(lambda: float(np.max(x))))
report("sum_axis0_1000x10000", median_ms(lambda: float(np.sum(m, axis=0)[0])))
report("sum_axis1_1000x10000", median_ms(lambda: float(np.sum(m, axis=1)[0])))
report("add_row_1000x10000", median_ms(lambda: float((m + row)[0, 0])))
report("mul_col_1000x10000", median_ms(lambda: float((m * col)[0, 0])))
report("where_1e7", median_ms(lambda: float(np.where(x > 0, x, np.float32(0.5) * x)[0])))
report("softmax_1000x1000", median_ms(lambda: float(softmax(m[:, :1000])[0, 0])))

for n in [256, 1024, 2048]:
    a = rng.standard_normal((n, n), dtype=np.float32)
    b = rng.standard_normal((n, n), dtype=np.float32)
    report(f"matmul_{n}", median_ms(lambda: float((a @ b)[0, 0])))
sa = rng.standard_normal((64, 128, 128), dtype=np.float32)
sb = rng.standard_normal((64, 128, 128), dtype=np.float32)
report("batched_matmul_64x128", median_ms(lambda: float((sa @ sb)[0, 0, 0])))
sq = rng.standard_normal((512, 512), dtype=np.float32) + np.float32(512.0) * np.eye(512, dtype=np.float32)
rhs = rng.standard_normal((512, 1), dtype=np.float32)
report("solve_512", median_ms(lambda: float(np.linalg.solve(sq, rhs)[0, 0])))


def small_steps(n):
    z = np.arange(4.0, dtype=np.float32)
    acc = z
    for _ in range(n):
        acc = z * 0.5 + 1.0
    return acc


report("small_op_step_us", median_ms(lambda: small_steps(10000)) / 10.0)

# A 3x3 convolution, NCHW, as im2col (sliding windows) and one tensordot; NumPy has no autodiff.
cx = rng.standard_normal((8, 16, 32, 32), dtype=np.float32)
cw = rng.standard_normal((32, 16, 3, 3), dtype=np.float32)


def conv_same(x, w):
    cols = np.lib.stride_tricks.sliding_window_view(np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1))), (3, 3), axis=(2, 3))
    return np.einsum("nchwij,ocij->nohw", cols, w, optimize=True)


report("conv3x3_8x16x32x32", median_ms(lambda: float(conv_same(cx, cw)[0, 0, 0, 0])))

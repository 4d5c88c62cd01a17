"""The NumPy peer of bench/arrays/ops.jx (Debian's python3-numpy): milliseconds, median of 5."""
import time

import numpy as np


def median_ms(f, *args):
    f(*args)
    times = []
    for _ in range(5):
        t = time.perf_counter()
        f(*args)
        times.append((time.perf_counter() - t) * 1000.0)
    return sorted(times)[2]


rng = np.random.default_rng(0)
a = rng.standard_normal((1024, 1024), dtype=np.float32)
b = rng.standard_normal((1024, 1024), dtype=np.float32)
x = rng.standard_normal(10_000_000, dtype=np.float32)
small = np.arange(4.0, dtype=np.float32)
print(f"matmul_1024 {median_ms(lambda: float((a @ b)[0, 0])):.2f}")
print(f"tanh_chain_1e7 {median_ms(lambda: float((np.tanh(x * 2.0 + 1.0) * x)[0])):.2f}")
print(f"sum_1e7 {median_ms(lambda: float(np.sum(x))):.2f}")


def adds(n):
    # Per-operation overhead: n small adds in a loop, as ops.jx times it.
    acc = small
    for _ in range(n):
        acc = small + small
    return acc


print(f"add_4 {median_ms(adds, 10000) / 10.0:.2f}")
print(f"exp_1e7 {median_ms(lambda: float(np.exp(x)[0])):.2f}")

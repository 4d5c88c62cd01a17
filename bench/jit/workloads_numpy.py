"""bench/jit/workloads.jx for NumPy (Debian's python3-numpy): name, milliseconds (median of 7 after 5 warm-ups)."""
import numpy as np
from timing import median_ms, report


rng = np.random.default_rng(2)
x = rng.standard_normal(10_000_000, dtype=np.float32)
m = rng.standard_normal((4096, 1024), dtype=np.float32)


def softmax(v):
    e = np.exp(v - np.max(v, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


report("tanh_chain_1e7", median_ms(lambda: np.sum(np.tanh(x * 2.0 + 1.0) * x)))
report("chain10_1e7", median_ms(lambda: ((((x * 1.5 + 0.5) * x - 0.25) / 2.0 + x) * 0.75 - x) * 1.1 + 0.3))
report("softmax_4096x1024", median_ms(lambda: softmax(m)))
z = np.arange(4.0, dtype=np.float32)


def calls(n):
    acc = z
    for _ in range(n):
        acc = z * 0.5 + 1.0
    return acc


report("cache_hit_call_us", median_ms(lambda: calls(10000)) / 10.0)

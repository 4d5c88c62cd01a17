"""NumPy's float32 exp and tanh and SciPy's expit on seeded inputs over the whole float32 range
(random bit patterns, the range where results are neither 0, 1 nor inf, subnormals, the overflow
edges, inf, nan, signed zeros), for Float32LoopsTest. One line per input: the bit patterns of x,
exp(x), tanh(x), expit(x) in hex.
Run: python3 tests/oracle/gen_float32_transcendentals.py > interpreter/src/test/resources/jx/array/cpu/float32_transcendentals.txt"""
import numpy as np
from scipy.special import expit

rng = np.random.default_rng(13)
parts = [
    rng.integers(0, 2**32, 4000, dtype=np.uint64).astype(np.uint32).view(np.float32),
    rng.uniform(-104, 89, 4000).astype(np.float32),
    rng.uniform(-10, 10, 4000).astype(np.float32),
    rng.uniform(-1e-3, 1e-3, 1000).astype(np.float32),
    (rng.integers(1, 2**23, 500, dtype=np.uint64).astype(np.uint32) | (rng.integers(0, 2, 500, dtype=np.uint64).astype(np.uint32) << 31)).view(np.float32),
    np.array([0.0, -0.0, np.inf, -np.inf, np.nan, 88.72283, 88.72284, 88.7229, 89.0, -87.33654, -87.3366, -103.97, -103.98,
              -104.0, -150.0, 9.01, 9.1, -9.1, 20.0, 1e-30, -1e-30, 1.4e-45, -1.4e-45, 3.4e38, -3.4e38], dtype=np.float32),
]
x = np.concatenate(parts)
with np.errstate(all="ignore"):
    cols = [x, np.exp(x), np.tanh(x), expit(x)]
for row in zip(*(c.astype(np.float32).view(np.uint32) for c in cols)):
    print(" ".join(f"{v:08x}" for v in row))

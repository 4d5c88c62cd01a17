"""NumPy's float32 sum (pairwise) of a long row that both sides can build exactly, for Float32LoopsTest."""
import numpy as np
n = 10_000_019
i = np.arange(n, dtype=np.int64)
x = ((i * 2654435761) % 1000003).astype(np.float32) / np.float32(1000003) - np.float32(0.5)
print(hex(np.sum(x).view(np.uint32)), hex(np.max(x).view(np.uint32)))
m = x[:10_000_000].reshape(1000, 10000)
print(" ".join(hex(v) for v in np.sum(m, axis=0)[[0, 1, 9999]].view(np.uint32)))

"""NumPy's results for BlasTest's program (integer-valued float32, so every summation order gives them exactly)."""
import numpy as np
x = (np.arange(96 * 80) % 7 - 3).astype(np.float32).reshape(96, 80)
y = (np.arange(80 * 64) % 5 - 2).astype(np.float32).reshape(80, 64)
s = (np.arange(3 * 96 * 80) % 11 - 5).astype(np.float32).reshape(3, 96, 80)
print(np.sum(np.abs(x @ y)), (x @ y)[3, :4])
print(np.sum(np.abs(s @ y)), (s @ y)[2, 5, :4])
print(np.sum(np.abs(s @ np.swapaxes(s, 1, 2))))

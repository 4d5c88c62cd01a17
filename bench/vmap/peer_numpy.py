"""NumPy beside bench/vmap/ratio.jx: the same MLP's per-example gradients written by hand (what
vmap(grad(loss)) computes) against the gradient of the batched mean loss, same shapes. The ratio
is the floor the arithmetic and memory traffic set: the per-example gradient of w1 alone is a
512x32x64 array that the batched gradient never builds."""
import time

import numpy as np

rng = np.random.default_rng(0)
d, h, n = 32, 64, 512
w1 = (rng.standard_normal((d, h)) * 0.1).astype(np.float32)
b1 = np.zeros(h, np.float32)
w2 = (rng.standard_normal(h) * 0.1).astype(np.float32)
b2 = np.float32(0.0)
X = rng.standard_normal((n, d)).astype(np.float32)
Y = rng.standard_normal(n).astype(np.float32)


def per_example():
    hid = np.tanh(X @ w1 + b1)
    g = 2.0 * (hid @ w2 + b2 - Y)
    gh = g[:, None] * w2 * (1.0 - hid * hid)
    return {"w1": X[:, :, None] * gh[:, None, :], "b1": gh, "w2": g[:, None] * hid, "b2": g}


def batched():
    hid = np.tanh(X @ w1 + b1)
    g = 2.0 * (hid @ w2 + b2 - Y) / n
    gh = np.outer(g, w2) * (1.0 - hid * hid)
    return {"w1": X.T @ gh, "b1": gh.sum(0), "w2": hid.T @ g, "b2": g.sum()}


def once_ms(f):
    t = time.perf_counter()
    f()
    return (time.perf_counter() - t) * 1000.0


for _ in range(50):
    per_example()
    batched()
tp, tb = [], []
for _ in range(101):
    tp.append(once_ms(per_example))
    tb.append(once_ms(batched))
tp, tb = sorted(tp)[50], sorted(tb)[50]
assert np.allclose(per_example()["w1"].mean(0), batched()["w1"], rtol=1e-4, atol=1e-6)
print(f"numpy by hand: per-example grads {tp:.3f} ms, grad of batched loss {tb:.3f} ms, ratio {tp / tb:.2f}")

import sys, time
import jax, jax.numpy as jnp
reps = int(sys.argv[1]); batch = int(sys.argv[2]) if len(sys.argv) > 2 else 256

def loss(w1, b1, w2, b2, x, y):
    h = jnp.tanh(x @ w1 + b1)
    return jnp.mean((h @ w2 + b2 - y) ** 2)

x = jnp.sin(jnp.arange(batch * 784, dtype=jnp.float32)).reshape(batch, 784)
y = jnp.cos(jnp.arange(batch * 10, dtype=jnp.float32)).reshape(batch, 10)
p0 = (jnp.sin(jnp.arange(784 * 512, dtype=jnp.float32)).reshape(784, 512) * 0.05, jnp.zeros(512),
      jnp.cos(jnp.arange(512 * 10, dtype=jnp.float32)).reshape(512, 10) * 0.05, jnp.zeros(10))

def step(p):
    g = jax.grad(loss, argnums=(0, 1, 2, 3))(*p, x, y)
    return tuple(w - 0.01 * d for w, d in zip(p, g))

for name, f in (("eager", step), ("jit", jax.jit(step))):
    p = f(p0); jax.block_until_ready(p)
    t = time.perf_counter()
    p = p0
    for _ in range(reps):
        p = f(p)
    jax.block_until_ready(p)
    print(f"jax {name} {(time.perf_counter() - t) / reps:.6f} loss {loss(*p, x, y):.6f}")

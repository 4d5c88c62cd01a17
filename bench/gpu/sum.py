import sys, time
import jax, jax.numpy as jnp
reps = int(sys.argv[1]); n = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000_000
x = jnp.ones(n, dtype=jnp.float32)
for name, g in (("eager", jnp.sum), ("jit", jax.jit(jnp.sum))):
    g(x).block_until_ready()
    t = time.perf_counter()
    for _ in range(reps):
        s = g(x)
    s.block_until_ready()
    print(f"jax {name} {(time.perf_counter() - t) / reps:.6f}")

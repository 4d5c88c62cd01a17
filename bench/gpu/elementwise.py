# tanh(x * 2 + 1) * x on N float32: seconds per evaluation, eager (op by op, as jx runs) and jitted.
import sys, time
import jax, jax.numpy as jnp
reps = int(sys.argv[1]); n = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000_000
x = jnp.arange(n, dtype=jnp.float32) / n
f = lambda x: jnp.tanh(x * 2.0 + 1.0) * x
for name, g in (("eager", f), ("jit", jax.jit(f))):
    g(x).block_until_ready()
    t = time.perf_counter()
    for _ in range(reps):
        y = g(x)
    y.block_until_ready()
    print(f"jax {name} {(time.perf_counter() - t) / reps:.6f}")

# N x N float32 matmul; "highest" is full float32 (jx's kernels), "default" lets XLA use TF32 tensor cores.
import sys, time
import jax, jax.numpy as jnp
reps = int(sys.argv[1]); n = int(sys.argv[2]) if len(sys.argv) > 2 else 4096
a = jnp.ones((n, n), dtype=jnp.float32) / n
for prec in ("highest", "default"):
    f = jax.jit(lambda a: jnp.matmul(a, a, precision=prec))
    f(a).block_until_ready()
    t = time.perf_counter()
    for _ in range(reps):
        b = f(a)
    b.block_until_ready()
    print(f"jax {prec} {(time.perf_counter() - t) / reps:.6f}")

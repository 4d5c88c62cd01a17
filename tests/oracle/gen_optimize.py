"""Oracle for jax.scipy.optimize.minimize(method="BFGS"): SciPy's BFGS minimum (float64) of the functions
JAX's own tests minimize (tests/scipy_optimize_test.py: its "rosenbrock", himmelblau, matyas) and of
quadratics, from the same starting points. The step-by-step path differs from SciPy's (JAX's line search
is its own), so only the minimum and the value there are compared. Each line:
name | jx expression of the function | x0 | x | fun
Run: /usr/bin/python3 tests/oracle/gen_optimize.py > stdlib/src/test/resources/jx/stdlib/optimize.txt
"""
import numpy as np
import scipy.optimize

A = np.array([[4.0, 1.0, 0.5], [1.0, 3.0, 0.2], [0.5, 0.2, 2.0]])
B = np.array([1.0, -2.0, 0.5])
CASES = [
    ("jax_rosenbrock", "lambda x: jnp.sum(100. * jnp.diff(x) ** 2 + (1. - x[:-1]) ** 2)",
     lambda x: np.sum(100. * np.diff(x) ** 2 + (1. - x[:-1]) ** 2), [0.0, 0.0]),
    ("himmelblau", "lambda p: (p[0] ** 2 + p[1] - 11.) ** 2 + (p[0] + p[1] ** 2 - 7.) ** 2",
     lambda p: (p[0] ** 2 + p[1] - 11.) ** 2 + (p[0] + p[1] ** 2 - 7.) ** 2, [1.0, 1.0]),
    ("matyas", "lambda p: 0.26 * (p[0] ** 2 + p[1] ** 2) - 0.48 * p[0] * p[1]",
     lambda p: 0.26 * (p[0] ** 2 + p[1] ** 2) - 0.48 * p[0] * p[1], [6.0, 6.0]),
    ("quadratic3", "lambda x: 0.5 * x @ jnp.array(%s) @ x - jnp.array(%s) @ x" % (A.tolist(), B.tolist()),
     lambda x: 0.5 * x @ A @ x - B @ x, [1.0, 1.0, 1.0]),
    ("shifted_sphere", "lambda x: jnp.sum((x - jnp.arange(4.0)) ** 2)",
     lambda x: np.sum((x - np.arange(4.0)) ** 2), [5.0, -1.0, 2.0, 0.5]),
]

for name, jx, f, x0 in CASES:
    r = scipy.optimize.minimize(f, np.array(x0), method="BFGS", options=dict(gtol=1e-8))
    print(name, "|", jx, "|", x0, "|", [float(v) for v in r.x], "|", float(r.fun))

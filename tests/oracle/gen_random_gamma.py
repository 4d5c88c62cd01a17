"""Oracle for jax.random.gamma's implicit-reparameterisation gradient (lax.random_gamma_grad).

dx/da at a fixed quantile u = P(a, x) is d/da gammaincinv(a, u); it is taken here by a central
difference of SciPy's gammaincinv (float64, step 1e-6 a), and its derivative in x by a central
difference of that. Output lines: a x dxda d2xdadx, read by RandomSamplersTest.
Run: /usr/bin/python3 tests/oracle/gen_random_gamma.py > stdlib/src/test/resources/jx/stdlib/random_gamma_grad.txt
"""
from scipy import special


def dxda(a, x):
    u = special.gammainc(a, x)
    h = 1e-6 * a
    return (special.gammaincinv(a + h, u) - special.gammaincinv(a - h, u)) / (2 * h)


for a in (0.05, 0.3, 0.7, 1.0, 1.5, 2.5, 7.0, 30.0, 200.0):
    for q in (0.01, 0.2, 0.5, 0.8, 0.99):
        x = float(special.gammaincinv(a, q))
        hx = 1e-5 * x
        d2 = (dxda(a, x + hx) - dxda(a, x - hx)) / (2 * hx)
        print(repr(a), repr(x), repr(float(dxda(a, x))), repr(float(d2)))

"""Writes the cases of jx's jax.scipy.special and jax.scipy.stats (stdlib ConformanceTest.scipyReference).

Run from the repository root with Debian's SciPy (apt-get install python3-scipy):
    /usr/bin/python3 tests/oracle/gen_scipy.py > stdlib/src/test/resources/jx/stdlib/scipy.txt

Values come from SciPy; derivatives (jax.vmap(jax.grad(f))) from SciPy's closed forms (erf' is
2/sqrt(pi) exp(-x^2), gammaln' is digamma, digamma' is polygamma(1, x), a logpdf's derivative in x
the density's score). The case format is conformance.txt's (see gen_conformance.py).
"""
import sys

import numpy as np
import scipy
from scipy import special, stats

rng = np.random.default_rng(20261202)
cases = []
TOL = 2e-5


def fmt(a):
    return ",".join(repr(float(v)) for v in np.asarray(a, dtype=np.float64).ravel())


def add(name, expr, ins, want, tol=TOL):
    lines = [f"case {name}"]
    for k, v in ins.items():
        lines.append(f"in {k} float32 {','.join(map(str, v.shape))} {fmt(v)}")
    lines.append(f"expr {expr}")
    want = np.asarray(want, dtype=np.float64).astype(np.float32)
    lines.append(f"out float32 {','.join(map(str, want.shape))} {tol!r} {fmt(want)}")
    cases.append("\n".join(lines))


def u(lo, hi, n=7):
    return rng.uniform(lo, hi, n).astype(np.float32)


A = u(-3, 3)
P = u(0.02, 0.98)
POS = u(0.2, 6)
NEG = np.array([-0.5, -1.5, -2.25, -3.7], dtype=np.float32)
SPECIAL = [
    ("erf", A, special.erf), ("erfc", A, special.erfc), ("erfc", u(0.5, 4.5), special.erfc), ("erfinv", u(-0.99, 0.99), special.erfinv),
    ("gammaln", POS, special.gammaln), ("gammaln", NEG, special.gammaln), ("digamma", POS, special.digamma),
    ("digamma", NEG, special.digamma), ("ndtr", A, special.ndtr), ("ndtri", P, special.ndtri), ("expit", A, special.expit),
    ("logit", P, special.logit), ("log_ndtr", u(-12, 3), special.log_ndtr), ("gamma", u(0.3, 5), special.gamma),
    ("gamma", NEG, special.gamma),
]
for fn, x, ref in SPECIAL:
    add(f"special/{fn}/{x.min():.2f}..{x.max():.2f}", f"jax.scipy.special.{fn}(a)", {"a": x}, ref(x.astype(np.float64)),
        2e-4 if fn in ("gamma", "digamma") and x.min() < 0 else TOL)
B = u(0.2, 3)
add("special/xlogy", "jax.scipy.special.xlogy(a, b)", {"a": np.array([0, 1, 2.5, 0], np.float32), "b": np.array([0, 3, 0.5, 2], np.float32)},
    special.xlogy([0, 1, 2.5, 0], [0, 3, 0.5, 2]))
add("special/xlog1py", "jax.scipy.special.xlog1py(a, b)", {"a": np.array([0, 1, 2.5], np.float32), "b": np.array([-1, 3, 0.5], np.float32)},
    special.xlog1py([0, 1, 2.5], [-1, 3, 0.5]))
add("special/betaln", "jax.scipy.special.betaln(a, b)", {"a": POS, "b": B[:7]}, special.betaln(POS.astype(np.float64), B.astype(np.float64)))

# derivatives from closed forms
add("grad/erf", "jax.vmap(jax.grad(jax.scipy.special.erf))(a)", {"a": A}, 2 / np.sqrt(np.pi) * np.exp(-A.astype(np.float64) ** 2), 1e-4)
add("grad/gammaln", "jax.vmap(jax.grad(jax.scipy.special.gammaln))(a)", {"a": POS}, special.digamma(POS.astype(np.float64)), 1e-4)
add("grad/digamma", "jax.vmap(jax.grad(jax.scipy.special.digamma))(a)", {"a": POS}, special.polygamma(1, POS.astype(np.float64)), 1e-3)
add("grad/erfinv", "jax.vmap(jax.grad(jax.scipy.special.erfinv))(a)", {"a": P - 0.5},
    np.sqrt(np.pi) / 2 * np.exp(special.erfinv((P - 0.5).astype(np.float64)) ** 2), 1e-4)
add("grad/norm.logcdf", "jax.vmap(jax.grad(jax.scipy.stats.norm.logcdf))(a)", {"a": A},
    np.exp(stats.norm.logpdf(A.astype(np.float64)) - stats.norm.logcdf(A.astype(np.float64))), 1e-4)
add("grad/norm.logpdf(loc, scale)", "jax.vmap(jax.grad(jax.scipy.stats.norm.logpdf, argnums=2))(a, b, c)",
    {"a": A, "b": B[:7], "c": POS}, ((A - B) ** 2 / POS ** 3 - 1 / POS).astype(np.float64), 1e-4)

# distributions
X = u(-2.5, 2.5)
LOC, SCALE = np.float32(0.3), np.float32(1.7)
for fn in ["logpdf", "pdf", "cdf", "logcdf", "sf", "logsf"]:
    add(f"norm.{fn}", f"jax.scipy.stats.norm.{fn}(a)", {"a": X}, getattr(stats.norm, fn)(X.astype(np.float64)))
    add(f"norm.{fn}/loc,scale", f"jax.scipy.stats.norm.{fn}(a, 0.3, 1.7)", {"a": X}, getattr(stats.norm, fn)(X.astype(np.float64), 0.3, 1.7))
for fn in ["ppf", "isf"]:
    add(f"norm.{fn}", f"jax.scipy.stats.norm.{fn}(a, 0.3, 1.7)", {"a": P}, getattr(stats.norm, fn)(P.astype(np.float64), 0.3, 1.7))
M = rng.normal(0, 1, (3, 3))
COV = (M @ M.T + 0.5 * np.eye(3)).astype(np.float32)
XS = rng.normal(0, 1, (4, 3)).astype(np.float32)
MEAN = rng.normal(0, 1, 3).astype(np.float32)
add("multivariate_normal.logpdf/one", "jax.scipy.stats.multivariate_normal.logpdf(x[0], m, c)", {"x": XS, "m": MEAN, "c": COV},
    stats.multivariate_normal.logpdf(XS[0].astype(np.float64), MEAN.astype(np.float64), COV.astype(np.float64)), 1e-4)
add("multivariate_normal.logpdf/batch", "jax.scipy.stats.multivariate_normal.logpdf(x, m, c)", {"x": XS, "m": MEAN, "c": COV},
    stats.multivariate_normal.logpdf(XS.astype(np.float64), MEAN.astype(np.float64), COV.astype(np.float64)), 1e-4)
K = np.array([0, 1, 2, 3, 5, 8], dtype=np.float32)
add("bernoulli.logpmf", "jax.scipy.stats.bernoulli.logpmf(k, 0.3)", {"k": np.array([0, 1], np.float32)}, stats.bernoulli.logpmf([0, 1], 0.3))
add("bernoulli.pmf", "jax.scipy.stats.bernoulli.pmf(k, 0.3)", {"k": np.array([0, 1, 2], np.float32)}, stats.bernoulli.pmf([0, 1, 2], 0.3))
add("poisson.logpmf", "jax.scipy.stats.poisson.logpmf(k, 2.5)", {"k": K}, stats.poisson.logpmf(K, 2.5), 1e-4)
add("poisson.pmf", "jax.scipy.stats.poisson.pmf(k, 2.5)", {"k": K}, stats.poisson.pmf(K, 2.5), 1e-4)
Y = u(0.05, 0.95)
add("beta.logpdf", "jax.scipy.stats.beta.logpdf(a, 2.5, 1.5)", {"a": Y}, stats.beta.logpdf(Y.astype(np.float64), 2.5, 1.5), 1e-4)
add("beta.pdf", "jax.scipy.stats.beta.pdf(a, 0.7, 3.0)", {"a": Y}, stats.beta.pdf(Y.astype(np.float64), 0.7, 3.0), 1e-4)
add("gamma.logpdf", "jax.scipy.stats.gamma.logpdf(a, 2.5)", {"a": POS}, stats.gamma.logpdf(POS.astype(np.float64), 2.5), 1e-4)
add("gamma.logpdf/loc,scale", "jax.scipy.stats.gamma.logpdf(a, 1.5, 0.1, 2.0)", {"a": POS}, stats.gamma.logpdf(POS.astype(np.float64), 1.5, 0.1, 2.0), 1e-4)
add("t.logpdf", "jax.scipy.stats.t.logpdf(a, 3.0)", {"a": X}, stats.t.logpdf(X.astype(np.float64), 3.0), 1e-4)
add("t.pdf/loc,scale", "jax.scipy.stats.t.pdf(a, 5.0, 0.3, 1.7)", {"a": X}, stats.t.pdf(X.astype(np.float64), 5.0, 0.3, 1.7), 1e-4)
for dist in ["uniform", "laplace", "cauchy", "logistic"]:
    fns = {"uniform": ["logpdf", "pdf", "cdf"], "laplace": ["logpdf", "pdf", "cdf"], "cauchy": ["logpdf", "pdf", "cdf"],
           "logistic": ["logpdf", "pdf", "cdf", "sf"]}[dist]
    for fn in fns:
        add(f"{dist}.{fn}", f"jax.scipy.stats.{dist}.{fn}(a, -1.0, 2.5)", {"a": X}, getattr(getattr(stats, dist), fn)(X.astype(np.float64), -1.0, 2.5), 1e-4)
for dist in ["uniform", "cauchy", "logistic"]:
    add(f"{dist}.ppf", f"jax.scipy.stats.{dist}.ppf(a, -1.0, 2.5)", {"a": P}, getattr(stats, dist).ppf(P.astype(np.float64), -1.0, 2.5), 1e-4)

# lax's names for the same functions
for fn, ref, x in [("erf", special.erf, A), ("erfc", special.erfc, A), ("erf_inv", special.erfinv, P - 0.5),
                   ("lgamma", special.gammaln, POS), ("digamma", special.digamma, POS)]:
    add(f"lax.{fn}", f"lax.{fn}(a)", {"a": x}, ref(x.astype(np.float64)))

print(f"# {len(cases)} cases written by tests/oracle/gen_scipy.py with NumPy {np.__version__}, SciPy {scipy.__version__}")
print("\n\n".join(cases))
print(f"{len(cases)} cases", file=sys.stderr)

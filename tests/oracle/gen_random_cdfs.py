"""Oracle for the jax.random samplers: SciPy's CDF of each distribution at its quantiles 0.05, 0.15, ... 0.95
(the points, rounded to 6 significant digits, and the CDF there). RandomSamplersTest draws 20,000 samples of
each and compares the empirical CDF at these points with the CDF: a Kolmogorov-Smirnov bound (at 1 %).
Each line: case-name jx-expression-of-key-and-n | x1 F1 x2 F2 ...
Run: /usr/bin/python3 tests/oracle/gen_random_cdfs.py > stdlib/src/test/resources/jx/stdlib/random_cdfs.txt
"""
from scipy import stats

CASES = [
    ("gamma0.3", "random.gamma(key, 0.3, (n,))", stats.gamma(0.3)),
    ("gamma2.5", "random.gamma(key, 2.5, (n,))", stats.gamma(2.5)),
    ("loggamma0.2", "jnp.exp(random.loggamma(key, 0.2, (n,)))", stats.gamma(0.2)),
    ("beta", "random.beta(key, 2.0, 3.0, (n,))", stats.beta(2.0, 3.0)),
    ("beta_small", "random.beta(key, 0.5, 0.3, (n,))", stats.beta(0.5, 0.3)),
    ("dirichlet", "random.dirichlet(key, jnp.array([1.0, 2.0, 3.0]), (n,))[:, 0]", stats.beta(1.0, 5.0)),
    ("t", "random.t(key, 5.0, (n,))", stats.t(5.0)),
    ("chisquare", "random.chisquare(key, 3.0, (n,))", stats.chi2(3.0)),
    ("f", "random.f(key, 5.0, 10.0, (n,))", stats.f(5.0, 10.0)),
    ("generalized_normal", "random.generalized_normal(key, 1.5, (n,))", stats.gennorm(1.5)),
    ("laplace", "random.laplace(key, (n,))", stats.laplace()),
    ("logistic", "random.logistic(key, (n,))", stats.logistic()),
    ("cauchy", "random.cauchy(key, (n,))", stats.cauchy()),
    ("pareto", "random.pareto(key, 3.0, (n,))", stats.pareto(3.0)),
    ("weibull_min", "random.weibull_min(key, 2.0, 1.5, (n,))", stats.weibull_min(1.5, scale=2.0)),
    ("maxwell", "random.maxwell(key, (n,))", stats.maxwell()),
    ("double_sided_maxwell", "random.double_sided_maxwell(key, 1.0, 2.0, (n,))", None),
    ("rayleigh", "random.rayleigh(key, 2.0, (n,))", stats.rayleigh(scale=2.0)),
    ("wald", "random.wald(key, 2.0, (n,))", stats.invgauss(2.0)),
    ("triangular", "random.triangular(key, 0.0, 1.0, 3.0, (n,))", stats.triang(1.0 / 3.0, loc=0.0, scale=3.0)),
    ("lognormal", "random.lognormal(key, 0.5, (n,))", stats.lognorm(0.5)),
    ("mvn", "random.multivariate_normal(key, jnp.array([1.0, 2.0]), jnp.array([[2.0, 0.5], [0.5, 1.0]]), (n,))[:, 0]",
     stats.norm(1.0, 2.0 ** 0.5)),
    ("ball_radius", "jnp.linalg.norm(random.ball(key, 3, 2, (n,)), axis=-1) ** 3", stats.uniform()),
    ("poisson3", "random.poisson(key, 3.0, (n,))", stats.poisson(3.0)),
    ("poisson50", "random.poisson(key, 50.0, (n,))", stats.poisson(50.0)),
    ("binomial_inversion", "random.binomial(key, 10, 0.3, (n,))", stats.binom(10, 0.3)),
    ("binomial_btrs", "random.binomial(key, 200, 0.7, (n,))", stats.binom(200, 0.7)),
    ("geometric", "random.geometric(key, 0.3, (n,))", stats.geom(0.3)),
]


def dsmaxwell_cdf(x):
    # loc 1, scale 2: a random sign times a Maxwell variate.
    z = (x - 1.0) / 2.0
    m = stats.maxwell.cdf(abs(z))
    return 0.5 + 0.5 * m if z >= 0 else 0.5 - 0.5 * m


for name, expr, dist in CASES:
    points = []
    for i in range(10):
        q = 0.05 + 0.1 * i
        if dist is None:
            x = float(f"{1.0 + 2.0 * (1 if q > 0.5 else -1) * stats.maxwell.ppf(abs(2 * q - 1)):.6g}")
            points.append((x, dsmaxwell_cdf(x)))
        else:
            x = float(f"{dist.ppf(q):.6g}")
            points.append((x, float(dist.cdf(x))))
    print(name, expr, "|", " ".join(f"{x!r} {c!r}" for x, c in points))

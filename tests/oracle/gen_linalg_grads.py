"""Writes tests/ad/linalg_expected.jx: PyTorch's autograd (an independent oracle) on jnp.linalg's
decompositions, for tests/ad/linalg.jx. Run with /usr/bin/python3 (torch 1.13, float64):

    /usr/bin/python3 tests/oracle/gen_linalg_grads.py > tests/ad/linalg_expected.jx

Each function is one tests/ad/linalg.jx writes the same way in jx. Eigenvectors and singular vectors
enter through sign-invariant products (pairs); JAX's eigh differentiates the symmetrized input
(a + a^T) / 2, spelled out here. Gradients, Hessians, Jacobians of vector functions and the
gradients at a second point (for vmap of grad) are written as literal arrays.
"""
import torch
from torch.autograd.functional import hessian, jacobian

torch.set_default_dtype(torch.float64)

A = torch.tensor([[2.0, 0.5, 0.1], [0.3, 1.0, -0.4], [0.2, -0.1, 3.0]])
T = torch.tensor([[1.0, 2.0, 0.1], [0.5, -1.0, 0.2], [0.3, 0.7, 2.0], [0.1, 0.2, 0.3]])
c3 = torch.tensor([0.7, -1.3, 2.1])
c4 = torch.tensor([[0.3, -0.8, 1.1], [0.5, 0.9, -0.2], [-1.0, 0.4, 0.6], [0.2, -0.7, 1.3]])
b4 = torch.tensor([1.0, -0.5, 0.25, 2.0])


def pairs(v):
    return v * v[..., 0:1, :]


def sym(a):
    return (a + a.T) / 2


SCALAR = {
    "eigh": (lambda a: torch.sum(torch.linalg.eigh(sym(a))[0] * c3)
             + torch.sum(torch.sin(pairs(torch.linalg.eigh(sym(a))[1])) * c4[:3]), A),
    "eigvalsh": (lambda a: torch.sum(torch.exp(0.3 * torch.linalg.eigvalsh(sym(a)))), A),
    "svd": (lambda a: torch.sum(torch.linalg.svd(a, full_matrices=False)[1] * c3)
            + torch.sum(pairs(torch.linalg.svd(a, full_matrices=False)[0]) * c4), T),
    "svd_wide": (lambda a: torch.sum(torch.linalg.svd(a.T, full_matrices=False)[1] ** 3)
                 + torch.sum(pairs(torch.linalg.svd(a.T, full_matrices=False)[2].T) * c4), T),
    "qr": (lambda a: torch.sum(torch.linalg.qr(a)[0] * c4) + torch.sum(torch.linalg.qr(a)[1] ** 2 * c3), T),
    "pinv": (lambda a: torch.sum(torch.linalg.pinv(a.T) ** 2 * c4), T),
    "lstsq": (lambda a: torch.sum((torch.linalg.pinv(a) @ b4) * c3), T),
    "slogdet": (lambda a: torch.linalg.slogdet(a)[1], A),
    "norm": (lambda a: torch.linalg.matrix_norm(a, "nuc") + torch.linalg.matrix_norm(a, 2) + torch.linalg.matrix_norm(a, -2), T),
    "matrix_power": (lambda a: torch.sum(torch.linalg.matrix_power(a, 3) * c4[:3]) + torch.sum(torch.linalg.matrix_power(a, -2)), A),
    "eigvals": (lambda a: torch.sum(torch.linalg.eigvals(a).real * c3), A),
    "expm": (lambda a: torch.sum(torch.linalg.matrix_exp(a * 0.5) * c4[:3]), A),
    "cond": (lambda a: torch.linalg.cond(a), A),
}

VECTOR = {
    "eigh": (lambda a: torch.linalg.eigh(sym(a))[0], A),
    "svd": (lambda a: torch.linalg.svd(a, full_matrices=False)[1], T),
    "qr": (lambda a: torch.linalg.qr(a)[1].reshape(-1), T),
    "pinv": (lambda a: torch.linalg.pinv(a).reshape(-1), T),
}


def grad(f, x):
    x = x.clone().requires_grad_(True)
    (g,) = torch.autograd.grad(f(x), x)
    return g


def lit(t):
    return "jnp.array(" + repr(t.detach().tolist()) + ")"


print("# Written by tests/oracle/gen_linalg_grads.py (PyTorch " + torch.__version__ + " autograd, float64); do not edit.")
print("GRAD = {")
for name, (f, x) in SCALAR.items():
    print("\t" + repr(name) + ": " + lit(grad(f, x)) + ",")
print("}")
print("GRAD_AT_2 = {")
for name, (f, x) in SCALAR.items():
    print("\t" + repr(name) + ": " + lit(grad(f, x * 0.9 + 0.05)) + ",")
print("}")
print("HESSIAN = {")
for name, (f, x) in SCALAR.items():
    if name != "eigvals":
        print("\t" + repr(name) + ": " + lit(hessian(f, x)) + ",")
print("}")
print("JACOBIAN = {")
for name, (f, x) in VECTOR.items():
    print("\t" + repr(name) + ": " + lit(jacobian(f, x)) + ",")
print("}")

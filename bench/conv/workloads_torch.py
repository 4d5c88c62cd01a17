"""bench/conv/workloads.jx for PyTorch (CPU): its own conv2d and autograd."""
import torch
import torch.nn.functional as F
from timing import median_ms, report

torch.manual_seed(1)
x = torch.randn(32, 3, 32, 32)
w = torch.randn(16, 3, 3, 3)


def grad(f, v):
    v = v.clone().requires_grad_(True)
    f(v).backward()
    return v.grad


report("conv_32x3x32x32_16x3x3_same", median_ms(lambda: float(F.conv2d(x, w, padding=1)[0, 0, 0, 0]), 15))
report("conv_32x3x32x32_16x3x3_valid", median_ms(lambda: float(F.conv2d(x, w)[0, 0, 0, 0]), 15))
report("conv_grad_kernel", median_ms(lambda: float(grad(lambda k: torch.sum(F.conv2d(x, k, padding=1) ** 2), w)[0, 0, 0, 0]), 15))
report("conv_grad_input", median_ms(lambda: float(grad(lambda a: torch.sum(F.conv2d(a, w, padding=1) ** 2), x)[0, 0, 0, 0]), 15))
cx = torch.randn(8, 16, 32, 32)
cw = torch.randn(32, 16, 3, 3)
report("conv_8x16x32x32_32x3x3_same", median_ms(lambda: float(F.conv2d(cx, cw, padding=1)[0, 0, 0, 0]), 15))
report("maxpool_2x2_8x16x32x32", median_ms(lambda: float(F.max_pool2d(cx, 2)[0, 0, 0, 0]), 15))

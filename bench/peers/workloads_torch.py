"""bench/peers/workloads.jx for PyTorch (Debian's python3-torch, CPU): name, milliseconds (median of 7 after 5 warm-ups)."""
import torch
from timing import median_ms, report


g = torch.Generator().manual_seed(2)
x = torch.randn(10_000_000, generator=g)
m = x.reshape(1000, 10000)
row = x[:10000]
col = x[:1000].reshape(1000, 1)
report("tanh_chain_1e7", median_ms(lambda: float(torch.sum(torch.tanh(x * 2.0 + 1.0) * x))))
report("exp_1e7", median_ms(lambda: float(torch.exp(x)[0])))
report("tanh_1e7", median_ms(lambda: float(torch.tanh(x)[0])))
report("sum_1e7", median_ms(lambda: float(torch.sum(x))))
report("mean_1e7", median_ms(lambda: float(torch.mean(x))))
report("max_1e7", median_ms(lambda: float(torch.max(x))))
report("sum_axis0_1000x10000", median_ms(lambda: float(torch.sum(m, dim=0)[0])))
report("sum_axis1_1000x10000", median_ms(lambda: float(torch.sum(m, dim=1)[0])))
report("add_row_1000x10000", median_ms(lambda: float((m + row)[0, 0])))
report("mul_col_1000x10000", median_ms(lambda: float((m * col)[0, 0])))
report("where_1e7", median_ms(lambda: float(torch.where(x > 0, x, 0.5 * x)[0])))
report("softmax_1000x1000", median_ms(lambda: float(torch.softmax(m[:, :1000], dim=-1)[0, 0])))

for n in [256, 1024, 2048]:
    a = torch.randn(n, n, generator=g)
    b = torch.randn(n, n, generator=g)
    report(f"matmul_{n}", median_ms(lambda: float((a @ b)[0, 0])))
sa = torch.randn(64, 128, 128, generator=g)
sb = torch.randn(64, 128, 128, generator=g)
report("batched_matmul_64x128", median_ms(lambda: float((sa @ sb)[0, 0, 0])))
sq = torch.randn(512, 512, generator=g) + 512.0 * torch.eye(512)
rhs = torch.randn(512, 1, generator=g)
report("solve_512", median_ms(lambda: float(torch.linalg.solve(sq, rhs)[0, 0])))


def small_steps(n):
    z = torch.arange(4.0)
    acc = z
    for _ in range(n):
        acc = z * 0.5 + 1.0
    return acc


report("small_op_step_us", median_ms(lambda: small_steps(10000)) / 10.0)

xb = torch.randn(256, 784, generator=g)
labels = torch.randint(0, 10, (256,), generator=g)
params = [torch.randn(784, 512, generator=g) * 0.05, torch.zeros(512),
          torch.randn(512, 10, generator=g) * 0.05, torch.zeros(10)]


def train_step():
    p = [t.clone().requires_grad_(True) for t in params]
    h = torch.tanh(xb @ p[0] + p[1])
    logits = h @ p[2] + p[3]
    loss = torch.nn.functional.cross_entropy(logits, labels)
    loss.backward()
    with torch.no_grad():
        new = [w - 0.01 * w.grad for w in p]
    return float(loss) + float(new[0][0, 0])


report("mlp_train_step", median_ms(train_step))

cx = torch.randn(8, 16, 32, 32, generator=g)
cw = torch.randn(32, 16, 3, 3, generator=g)
report("conv3x3_8x16x32x32", median_ms(lambda: float(torch.nn.functional.conv2d(cx, cw, padding=1)[0, 0, 0, 0])))


def conv_grad_kernel():
    w = cw.clone().requires_grad_(True)
    (torch.nn.functional.conv2d(cx, w, padding=1) ** 2).sum().backward()
    return float(w.grad[0, 0, 0, 0])


report("conv3x3_grad_kernel", median_ms(conv_grad_kernel))

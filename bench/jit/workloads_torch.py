"""bench/jit/workloads.jx for PyTorch (Debian's python3-torch, CPU): name, milliseconds (median of 7 after 5 warm-ups)."""
import torch
from timing import median_ms, report


g = torch.Generator().manual_seed(2)
x = torch.randn(10_000_000, generator=g)
m = torch.randn(4096, 1024, generator=g)
report("tanh_chain_1e7", median_ms(lambda: float(torch.sum(torch.tanh(x * 2.0 + 1.0) * x))))
report("chain10_1e7", median_ms(lambda: ((((x * 1.5 + 0.5) * x - 0.25) / 2.0 + x) * 0.75 - x) * 1.1 + 0.3))
report("softmax_4096x1024", median_ms(lambda: torch.softmax(m, dim=-1)))
z = torch.arange(4.0)


def calls(n):
    acc = z
    for _ in range(n):
        acc = z * 0.5 + 1.0
    return acc


report("cache_hit_call_us", median_ms(lambda: calls(10000)) / 10.0)

xb = torch.randn(256, 784, generator=g)
labels = torch.randint(0, 10, (256,), generator=g)
params = [torch.randn(784, 512, generator=g) * 0.05, torch.zeros(512),
          torch.randn(512, 10, generator=g) * 0.05, torch.zeros(10)]


def train_step():
    p = [t.clone().requires_grad_(True) for t in params]
    h = torch.tanh(xb @ p[0] + p[1])
    logits = h @ p[2] + p[3]
    loss = -torch.mean(torch.sum(torch.log_softmax(logits, dim=-1) * torch.nn.functional.one_hot(labels, 10), dim=-1))
    loss.backward()
    new = [w - 0.01 * w.grad for w in p]
    return float(loss) + float(new[0][0, 0])


report("mlp_train_step", median_ms(train_step))

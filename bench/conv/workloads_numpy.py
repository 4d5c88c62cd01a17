"""bench/conv/workloads.jx for NumPy: im2col (one strided window view, copied) and one matmul, the
same algorithm jx runs; the gradients are written out by hand (NumPy has no autodiff)."""
import numpy as np
from timing import median_ms, report


def im2col(xp, kh, kw):
    # (n, c, H, W) -> (n, c*kh*kw, oh*ow), the layout jx's im2col produces.
    n, c = xp.shape[:2]
    win = np.lib.stride_tricks.sliding_window_view(xp, (kh, kw), axis=(2, 3))  # n c oh ow kh kw
    oh, ow = win.shape[2:4]
    return np.ascontiguousarray(win.transpose(0, 1, 4, 5, 2, 3)).reshape(n, c * kh * kw, oh * ow), oh, ow


def conv(x, w, pad):
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad))) if pad else x
    cols, oh, ow = im2col(xp, w.shape[2], w.shape[3])
    return np.matmul(w.reshape(w.shape[0], -1), cols).reshape(x.shape[0], w.shape[0], oh, ow)


def grad_kernel(x, w):
    cols, oh, ow = im2col(np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1))), 3, 3)
    g = 2.0 * np.matmul(w.reshape(w.shape[0], -1), cols)
    return np.einsum("nop,nkp->ok", g, cols).reshape(w.shape)


def grad_input(x, w):
    n, c, h, wd = x.shape
    cols, oh, ow = im2col(np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1))), 3, 3)
    g = 2.0 * np.matmul(w.reshape(w.shape[0], -1), cols)
    dcols = np.matmul(w.reshape(w.shape[0], -1).T, g).reshape(n, c, 3, 3, oh, ow)
    dx = np.zeros((n, c, h + 2, wd + 2), x.dtype)
    for i in range(3):
        for j in range(3):
            dx[:, :, i:i + oh, j:j + ow] += dcols[:, :, i, j]
    return dx[:, :, 1:-1, 1:-1]


rng = np.random.default_rng(1)
x = rng.standard_normal((32, 3, 32, 32), dtype=np.float32)
w = rng.standard_normal((16, 3, 3, 3), dtype=np.float32)
report("conv_32x3x32x32_16x3x3_same", median_ms(lambda: float(conv(x, w, 1)[0, 0, 0, 0]), 15))
report("conv_32x3x32x32_16x3x3_valid", median_ms(lambda: float(conv(x, w, 0)[0, 0, 0, 0]), 15))
report("conv_grad_kernel", median_ms(lambda: float(grad_kernel(x, w)[0, 0, 0, 0]), 15))
report("conv_grad_input", median_ms(lambda: float(grad_input(x, w)[0, 0, 0, 0]), 15))
cx = rng.standard_normal((8, 16, 32, 32), dtype=np.float32)
cw = rng.standard_normal((32, 16, 3, 3), dtype=np.float32)
report("conv_8x16x32x32_32x3x3_same", median_ms(lambda: float(conv(cx, cw, 1)[0, 0, 0, 0]), 15))
report("maxpool_2x2_8x16x32x32", median_ms(lambda: float(cx.reshape(8, 16, 16, 2, 16, 2).max(axis=(3, 5))[0, 0, 0, 0]), 15))

"""Writes the cases of jnp.fft (stdlib ConformanceTest.fftReference) from NumPy's np.fft.

Run from the repository root with Debian's NumPy:
    /usr/bin/python3 tests/oracle/gen_fft.py > stdlib/src/test/resources/jx/stdlib/fft.txt

The case format is conformance.txt's (see gen_conformance.py), which holds real arrays: a complex
input is given as its parts xr, xi (the expression builds xr + 1j * xi) and a complex result as the
pair (jnp.real(y), jnp.imag(y)). Inputs are float32; NumPy transforms them in float64 and the
expected values are rounded to float32, the dtype of jnp.fft's complex64 results' parts (JAX's).
"""
import numpy as np

rng = np.random.default_rng(20261202)
cases = []
TOL = 2e-5


def fmt(a):
    a = np.asarray(a)
    if a.dtype.kind == "f":
        return ",".join(repr(float(v)) for v in a.ravel())
    return ",".join(str(int(v)) for v in a.ravel())


def shape_of(a):
    return ",".join(str(d) for d in np.shape(a))


def out_line(want, tol):
    want = np.asarray(want)
    if want.dtype.kind == "i":
        return f"out int32 {shape_of(want)} {tol!r} {fmt(want)}"
    return f"out float32 {shape_of(want)} {tol!r} {fmt(want.astype(np.float32))}"


def add(name, expr, ins, want, tol=TOL):
    lines = [f"case {name}"]
    for k, v in ins.items():
        lines.append(f"in {k} {v.dtype} {shape_of(v)} {fmt(v)}")
    if np.iscomplexobj(want):
        lines.append(f"expr (lambda y_: (jnp.real(y_), jnp.imag(y_)))({expr})")
        lines.append(out_line(want.real, tol))
        lines.append(out_line(want.imag, tol))
    else:
        lines.append(f"expr {expr}")
        lines.append(out_line(want, tol))
    cases.append("\n".join(lines))


def real(shape):
    return rng.standard_normal(shape).astype(np.float32)


def kw(**args):
    return "".join(f", {k}={v!r}" for k, v in args.items() if v is not None)


NORMS = [None, "ortho", "forward"]
# Powers of two (radix-2) and other lengths (Bluestein), odd and even, 1 included.
LENGTHS = [1, 2, 3, 5, 6, 7, 8, 12, 16, 17]

for n in LENGTHS:
    x = real((n,))
    xi = real((n,))
    z = x.astype(np.float64) + 1j * xi
    for norm in NORMS:
        add(f"fft/{n}/{norm}", f"jnp.fft.fft(xr + 1j * xi{kw(norm=norm)})", {"xr": x, "xi": xi}, np.fft.fft(z, norm=norm))
        add(f"ifft/{n}/{norm}", f"jnp.fft.ifft(xr + 1j * xi{kw(norm=norm)})", {"xr": x, "xi": xi}, np.fft.ifft(z, norm=norm))
        add(f"rfft/{n}/{norm}", f"jnp.fft.rfft(x{kw(norm=norm)})", {"x": x}, np.fft.rfft(x, norm=norm))
        add(f"ihfft/{n}/{norm}", f"jnp.fft.ihfft(x{kw(norm=norm)})", {"x": x}, np.fft.ihfft(x, norm=norm))
        if n > 1:
            add(f"irfft/{n}/{norm}", f"jnp.fft.irfft(xr + 1j * xi{kw(norm=norm)})", {"xr": x, "xi": xi}, np.fft.irfft(z, norm=norm))
            add(f"hfft/{n}/{norm}", f"jnp.fft.hfft(xr + 1j * xi{kw(norm=norm)})", {"xr": x, "xi": xi}, np.fft.hfft(z, norm=norm))
    add(f"fft/real/{n}", "jnp.fft.fft(x)", {"x": x}, np.fft.fft(x))
    add(f"fftfreq/{n}", f"jnp.fft.fftfreq({n})", {}, np.fft.fftfreq(n))
    add(f"rfftfreq/{n}", f"jnp.fft.rfftfreq({n}, 0.25)", {}, np.fft.rfftfreq(n, 0.25))
    add(f"fftshift/{n}", "jnp.fft.fftshift(x)", {"x": x}, np.fft.fftshift(x))
    add(f"ifftshift/{n}", "jnp.fft.ifftshift(x)", {"x": x}, np.fft.ifftshift(x))

# n: cut or zero-padded, odd and even, for each transform; along another axis.
x = real((3, 6))
xi = real((3, 6))
z = x.astype(np.float64) + 1j * xi
for n in [1, 4, 6, 9, 10]:
    for axis in [-1, 0, 1]:
        add(f"fft/n={n}/axis={axis}", f"jnp.fft.fft(xr + 1j * xi, {n}, {axis})", {"xr": x, "xi": xi}, np.fft.fft(z, n, axis))
        add(f"ifft/n={n}/axis={axis}", f"jnp.fft.ifft(xr + 1j * xi, n={n}, axis={axis}, norm='ortho')", {"xr": x, "xi": xi},
            np.fft.ifft(z, n, axis, norm="ortho"))
        add(f"rfft/n={n}/axis={axis}", f"jnp.fft.rfft(x, {n}, axis={axis})", {"x": x}, np.fft.rfft(x, n, axis))
        add(f"irfft/n={n}/axis={axis}", f"jnp.fft.irfft(xr + 1j * xi, {n}, axis={axis})", {"xr": x, "xi": xi}, np.fft.irfft(z, n, axis))
        add(f"hfft/n={n}/axis={axis}", f"jnp.fft.hfft(xr + 1j * xi, {n}, axis={axis}, norm='forward')", {"xr": x, "xi": xi},
            np.fft.hfft(z, n, axis, norm="forward"))
        add(f"ihfft/n={n}/axis={axis}", f"jnp.fft.ihfft(x, {n}, axis={axis})", {"x": x}, np.fft.ihfft(x, n, axis))

# Several axes: fft2/ifft2/rfft2/irfft2 and the n-dimensional ones, with s and axes.
x = real((2, 3, 4))
xi = real((2, 3, 4))
z = x.astype(np.float64) + 1j * xi
for s, axes in [(None, None), ((3, 5), None), (None, (0, 2)), ((4, 2), (2, 0)), ((5,), (1,)), (None, (-1,)), ((2, 3, 4), None)]:
    tag = f"s={s}/axes={axes}"
    args = kw(s=s, axes=axes)
    for norm in [None, "ortho"]:
        a = args + kw(norm=norm)
        add(f"fftn/{tag}/{norm}", f"jnp.fft.fftn(xr + 1j * xi{a})", {"xr": x, "xi": xi}, np.fft.fftn(z, s, axes, norm))
        add(f"ifftn/{tag}/{norm}", f"jnp.fft.ifftn(xr + 1j * xi{a})", {"xr": x, "xi": xi}, np.fft.ifftn(z, s, axes, norm))
        add(f"rfftn/{tag}/{norm}", f"jnp.fft.rfftn(x{a})", {"x": x}, np.fft.rfftn(x, s, axes, norm))
        add(f"irfftn/{tag}/{norm}", f"jnp.fft.irfftn(xr + 1j * xi{a})", {"xr": x, "xi": xi}, np.fft.irfftn(z, s, axes, norm))
for s, axes in [(None, (-2, -1)), ((3, 6), (-2, -1)), (None, (0, 1)), ((2, 2), (2, 0))]:
    tag = f"s={s}/axes={axes}"
    a = kw(s=s) + ("" if axes == (-2, -1) else f", axes={axes!r}")
    add(f"fft2/{tag}", f"jnp.fft.fft2(xr + 1j * xi{a})", {"xr": x, "xi": xi}, np.fft.fft2(z, s, axes))
    add(f"ifft2/{tag}", f"jnp.fft.ifft2(xr + 1j * xi{a})", {"xr": x, "xi": xi}, np.fft.ifft2(z, s, axes))
    add(f"rfft2/{tag}", f"jnp.fft.rfft2(x{a})", {"x": x}, np.fft.rfft2(x, s, axes))
    add(f"irfft2/{tag}", f"jnp.fft.irfft2(xr + 1j * xi{a}, norm='forward')", {"xr": x, "xi": xi}, np.fft.irfft2(z, s, axes, norm="forward"))
for axes in [None, 0, (1, 2), (-1,)]:
    add(f"fftshift/3d/{axes}", f"jnp.fft.fftshift(x{kw(axes=axes)})", {"x": x}, np.fft.fftshift(x, axes))
    add(f"ifftshift/3d/{axes}", f"jnp.fft.ifftshift(x{kw(axes=axes)})", {"x": x}, np.fft.ifftshift(x, axes))

# Longer lines: a large prime (Bluestein's chirp with k^2 mod 2n) and a large power of two.
for n in [257, 1000, 1024]:
    x = real((n,))
    add(f"rfft/long/{n}", "jnp.fft.rfft(x)", {"x": x}, np.fft.rfft(x), 1e-4)
    add(f"irfft/long/{n}", "jnp.fft.irfft(jnp.fft.rfft(x), x.shape[0])", {"x": x}, x, 1e-5)

# Integer inputs become complex64; NumPy's errors.
xi32 = np.arange(6, dtype=np.int32)
add("fft/int32", "jnp.fft.fft(x)", {"x": xi32}, np.fft.fft(xi32))
add("rfft2/int32", "jnp.fft.rfft2(jnp.reshape(x, (2, 3)))", {"x": xi32}, np.fft.rfft2(xi32.reshape(2, 3)))
errors = [
    ("fft/n=0", "jnp.fft.fft(jnp.ones(4), 0)", "Invalid number of FFT data points (0) specified."),
    ("fft/norm", "jnp.fft.fft(jnp.ones(4), norm='unitary')", 'Invalid norm value unitary; should be "backward", "ortho" or "forward".'),
    ("fftn/s-axes", "jnp.fft.fftn(jnp.ones((2, 2)), s=(2, 2), axes=(0,))", "Shape and axes have different lengths."),
    ("fft/axis", "jnp.fft.fft(jnp.ones(4), axis=1)", "axis 1 is out of bounds for array of dimension 1"),
    ("irfft/n=0", "jnp.fft.irfft(jnp.ones(1))", "Invalid number of FFT data points (0) specified."),
]
for name, expr, message in errors:
    cases.append(f"case error/{name}\nexpr {expr}\nerror {message}")

print(f"# {len(cases)} cases written by tests/oracle/gen_fft.py with NumPy {np.__version__}")
print("\n\n".join(cases))

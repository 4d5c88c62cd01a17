#!/usr/bin/python3
"""Generates interpreter/src/test/resources/format/print_goldens.txt for jx.array.format.

Run with Debian's numpy 1.24 (`/usr/bin/python3 tests/oracle/gen_print_goldens.py`) from the
repository root. Output is deterministic (fixed seeds).

Line format: tab-separated fields; inside a field backslash, newline and tab are escaped as
\\\\, \\n and \\t. Records:
  A id dtype weak shape values str repr   one array; shape is comma-separated, values are
                                          space-separated (float32: 8 hex digits of the bits,
                                          float64: 16 hex digits, ints/bools: decimal)
  R id hex64 repr                         Python repr(float)
  F id kind value spec expected           format(value, spec); kind int|float|bool|str,
                                          a float value is 16 hex digits of its bits
  X id dtype value spec expected          format of a 0-d array's scalar (a NumPy scalar)

JAX is not installed here, so the expected repr is computed by jax_repr() below, which
reimplements jax/_src/array.py ArrayImpl.__repr__ on top of this real numpy's
np.array2string. A few literal reprs checked against real JAX (LANGUAGE.md sections 5 and 8)
are asserted against it before anything is written.
"""
import math
import os
import struct
import sys

import numpy as np

assert np.__version__.startswith("1.24"), np.__version__

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "interpreter", "src",
                   "test", "resources", "format", "print_goldens.txt")


def jax_repr(a, weak=False):
    """ArrayImpl.__repr__ for a fully addressable array (jax/_src/array.py)."""
    prefix = 'Array('
    if weak:
        dtype_str = f'dtype={a.dtype.name}, weak_type=True)'
    else:
        dtype_str = f'dtype={a.dtype.name})'
    line_width = np.get_printoptions()["linewidth"]
    if a.size == 0:
        s = f"[], shape={a.shape}"
    else:
        s = np.array2string(a, prefix=prefix, suffix=',', separator=', ', max_line_width=line_width)
    last_line_len = len(s) - s.rfind('\n') + 1
    sep = ' '
    if last_line_len + len(dtype_str) + 1 > line_width:
        sep = ' ' * len(prefix)
    return f"{prefix}{s},{sep}{dtype_str}"


def esc(s):
    return s.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")


def f64hex(x):
    return "%016x" % struct.unpack("<Q", struct.pack("<d", float(x)))[0]


def values_field(a):
    flat = a.reshape(-1)
    if a.dtype == np.float32:
        return " ".join("%08x" % v for v in flat.view(np.uint32))
    if a.dtype == np.float64:
        return " ".join("%016x" % v for v in flat.view(np.uint64))
    return " ".join(str(int(v)) for v in flat)


# Literal JAX outputs (LANGUAGE.md sections 5 and 8) that the reimplementation must reproduce.
_f32 = np.float32
LITERALS = [
    (np.array([2, 4, 6, 8], _f32), False, "Array([2., 4., 6., 8.], dtype=float32)"),
    (np.array(30, _f32), False, "Array(30., dtype=float32)"),
    (np.zeros((2, 0), _f32), False, "Array([], shape=(2, 0), dtype=float32)"),
    (np.array(1, np.int32), True, "Array(1, dtype=int32, weak_type=True)"),
    (np.array([True, False]), False, "Array([ True, False], dtype=bool)"),
    (np.array([1.0, 2.0, 3.0, 4.0], _f32) - np.array([1.1, 2.1, 3.1, 4.1], _f32), False, None),
]
_d = (np.array([1.0, 2.0, 3.0, 4.0], _f32) - np.array([1.1, 2.1, 3.1, 4.1], _f32)) * _f32(2)
LITERALS[-1] = (_d, False,
                "Array([-0.20000005, -0.19999981, -0.19999981, -0.19999981], dtype=float32)")
LITERALS.append((np.array(0.03999995, _f32), False, "Array(0.03999995, dtype=float32)"))
LITERALS.append((np.array([123, 2, 3, 4], _f32), False, "Array([123.,   2.,   3.,   4.], dtype=float32)"))
for _a, _w, _want in LITERALS:
    assert jax_repr(_a, _w) == _want, (jax_repr(_a, _w), _want)
assert str(_d) == "[-0.20000005 -0.19999981 -0.19999981 -0.19999981]"
assert str(np.array(30, _f32)) == "30.0"


def array_cases():
    rng = np.random.default_rng(20240601)
    cases = []

    def add(a, weak=False):
        cases.append((np.asarray(a), weak))

    dtypes = [np.bool_, np.int32, np.uint32, np.int64, np.float32, np.float64]
    # Literal cases first.
    for a, w, _ in LITERALS:
        add(a, w)
    # Every dtype, 0-d to 4-d, small ranges.
    for dt in dtypes:
        for shape in [(), (1,), (5,), (2, 3), (2, 3, 4), (2, 1, 2, 3), (3, 3), (4, 1)]:
            n = int(np.prod(shape))
            if dt == np.bool_:
                a = rng.integers(0, 2, n).astype(dt)
            elif dt == np.uint32:
                a = rng.integers(0, 1000, n).astype(dt)
            elif dt in (np.int32, np.int64):
                a = rng.integers(-500, 500, n).astype(dt)
            else:
                a = (rng.standard_normal(n) * 10).astype(dt)
            add(a.reshape(shape), weak=(len(shape) == 0 and dt != np.bool_))
    # Empty shapes.
    for dt in dtypes:
        for shape in [(0,), (2, 0), (0, 3, 2), (1, 0, 1)]:
            add(np.zeros(shape, dt))
    # Integer edge values and padding.
    add(np.array([0, -1, 2147483647, -2147483648], np.int32))
    add(np.array([0, 1, 4294967295], np.uint32))
    add(np.array([0, -9223372036854775808, 9223372036854775807], np.int64))
    add(np.array([[1, 22, 333], [4444, 5, -66]], np.int32))
    add(np.array(-7, np.int64))
    add(np.array(4294967295, np.uint32))
    add(np.array(True))
    add(np.array(False))
    add(np.arange(24, dtype=np.int32).reshape(2, 3, 4))
    add(np.arange(-12, 12, dtype=np.int64).reshape(2, 2, 3, 2))
    # Float specials.
    specials = [
        [np.nan], [np.inf], [-np.inf], [-0.0], [0.0], [np.nan, 1.0], [np.nan, -np.inf],
        [np.inf, -1.5, 2.25], [0.0, -0.0, 1.0], [np.nan, np.inf, -np.inf], [1e-5, np.nan],
        [1e10, np.inf], [-0.0, 1e-7], [np.nan, 0.0], [1e20, -np.inf, np.nan],
    ]
    for dt in (np.float32, np.float64):
        for v in specials:
            add(np.array(v, dt))
        for v in [np.nan, np.inf, -np.inf, -0.0, 0.0, 1e-5, 1e-4, 1e16, 1e15, 1.5e16, 123456789.0,
                  0.1, 1.0 / 3, -2.5, 1e-45 if dt == np.float32 else 5e-324, 3.4e38, 1e8, 0.00011,
                  100.0, 1e-10, 12345.678]:
            add(np.array(v, dt), weak=(dt == np.float32 and v == 0.1))
    # Magnitudes forcing (or not) scientific notation.
    mags = [
        [1e-5, 1.0], [1e-4, 1.0], [0.5, 500.0], [0.5, 501.0], [1.0, 1000.0], [1.0, 1000.5],
        [1e8, 1.0], [99999999.0, 1.0], [1e7, 2e7], [1e-3, 2e-3], [123456.789, 0.001],
        [1e30, -1e-30], [-1e-5, 3.0, 7.25], [2.5e-8, 1e-9], [1e100, 1e-100], [6.02e23],
        [1.0, 2.0, 3.0e9], [-1.0e-4, 5.0], [0.1, 0.2, 0.3], [1.0 / 3, 2.0 / 3, 1.0],
        [100.0, 0.25], [1.5, -2.75, 10.125], [1e-4, 0.1, 0.05], [12345678.9, 0.5],
        [0.001953125, 1.001953125], [1e16, 1.0, 2.0], [3.14159265358979, 2.718281828459045],
        [1e-7, -1e-8, 0.0], [9.999999e-5, 0.5], [1234.5678, 0.0001],
    ]
    for dt in (np.float32, np.float64):
        for v in mags:
            add(np.array(v, dt))
    # Random floats in a few scales, 1-d and n-d.
    for dt in (np.float32, np.float64):
        for scale in [1e-6, 1e-3, 1.0, 1e3, 1e6, 1e9]:
            for shape in [(4,), (3, 2), (2, 2, 2)]:
                a = (rng.standard_normal(int(np.prod(shape))) * scale).astype(dt).reshape(shape)
                add(a)
        for _ in range(20):
            add((rng.standard_normal(6) * 10.0 ** rng.integers(-3, 4)).astype(dt))
        for _ in range(10):
            add((rng.random(5) * 100).astype(dt).round(rng.integers(0, 4)))
        add(np.linspace(0, 1, 10, dtype=dt))
        add(np.arange(-3, 3, 0.5, dtype=dt).reshape(3, 4))
        add(np.array([[1.5, 2.0], [300.25, -4.0]], dt).reshape(2, 1, 2))
    # Random float32 bit patterns (finite), covering all exponents.
    for _ in range(30):
        bits = rng.integers(0, 2 ** 32, 3, dtype=np.uint64).astype(np.uint32)
        a = bits.view(np.float32)
        a = np.where(np.isfinite(a), a, np.float32(1.0)).astype(np.float32)
        add(a)
    for _ in range(20):
        bits = rng.integers(0, 2 ** 32, 1, dtype=np.uint64).astype(np.uint32)
        a = bits.view(np.float32)
        if np.isfinite(a[0]):
            add(a.reshape(()))
    # Random float64 bit patterns: shortest digits and 8-digit cutoffs over all exponents.
    for _ in range(30):
        a = rng.integers(0, 2 ** 63, 3, dtype=np.int64).view(np.float64)
        add(np.where(np.isfinite(a), a, 1.0) * np.where(rng.random(3) < 0.5, -1.0, 1.0))
    for _ in range(40):
        a = rng.integers(0, 2 ** 63, 1, dtype=np.int64).view(np.float64)
        if np.isfinite(a[0]):
            add(a.reshape(()))
    for _ in range(40):
        bits = rng.integers(0, 2 ** 31, 1, dtype=np.int64).astype(np.uint32)
        a = bits.view(np.float32)
        if np.isfinite(a[0]):
            add(a.reshape(()))
    # Subnormals and values near the scientific-notation thresholds.
    add(np.array([1e-45, 3e-45, 1.1754942e-38], np.float32))
    add(np.array([5e-324, 1e-310, 2.2250738585072014e-308]))
    add(np.array([9999.9999, 0.1], np.float32))
    add(np.array([99999999.0, 0.5]))
    add(np.array(9.9999994e-5, np.float32))
    add(np.array(1e16 - 2, np.float64))
    add(np.array(16777217.0, np.float32))
    # Line wrapping.
    add(np.arange(40, dtype=np.float32) * np.float32(1.1))
    add(rng.standard_normal(30).astype(np.float32))
    add(rng.standard_normal(30))
    add(np.arange(100, dtype=np.int32))
    add(np.arange(60, dtype=np.int64) * 1000003)
    add(rng.integers(0, 2, 50).astype(np.bool_))
    add(rng.integers(0, 2, (3, 30)).astype(np.bool_))
    add(rng.standard_normal((3, 20)).astype(np.float32))
    add(rng.standard_normal((2, 2, 15)))
    add(rng.integers(-10 ** 6, 10 ** 6, (4, 25)).astype(np.int32))
    add((rng.standard_normal(25) * 1e-6).astype(np.float32))
    add(np.array([np.nan, 1.0, np.inf] * 10, np.float32))
    for n in range(10, 20):
        add(np.arange(n, dtype=np.float32) + np.float32(0.5), weak=(n % 3 == 0))
    for n in (11, 12, 13, 14):
        add(np.arange(n, dtype=np.int32) * 11111, weak=(n % 2 == 0))
    # Summarization above 1000 elements.
    add(np.arange(1001, dtype=np.int32))
    add(np.arange(2000, dtype=np.float32) / np.float32(7))
    add(np.arange(1500, dtype=np.float64) * 1e-3)
    add(np.arange(1200, dtype=np.int32).reshape(40, 30))
    add(np.arange(1200, dtype=np.float32).reshape(30, 40) * np.float32(0.25))
    add(np.arange(2 * 30 * 20, dtype=np.int64).reshape(2, 30, 20))
    add(rng.standard_normal((10, 10, 11)).astype(np.float32))
    add(np.arange(1001 * 2, dtype=np.float32).reshape(2, 1001))
    add(rng.integers(0, 2, 1100).astype(np.bool_))
    add(np.arange(3 * 4 * 100, dtype=np.uint32).reshape(3, 4, 100))
    add(np.arange(1000, dtype=np.int32))
    add(np.concatenate([np.arange(1000, dtype=np.float32), [np.float32(1e-9)]]))
    add(np.concatenate([[np.float32(np.nan)], np.ones(1200, np.float32)]))
    add(np.arange(7 * 7 * 7 * 7, dtype=np.int32).reshape(7, 7, 7, 7))
    return cases


def float_repr_cases():
    rng = np.random.default_rng(7)
    vals = [0.0, -0.0, 1.0, -1.0, 0.1, 0.2, 0.3, 1.0 / 3, 2.0 / 3, 1e-5, 1e-4, 0.0001234, 1e16,
            1e15, 9999999999999998.0, 1e17, 1.5e16, 123456789.0, 1e22, 1e23, 5e-324, 2.2250738585072014e-308,
            1.7976931348623157e308, math.pi, math.e, math.inf, -math.inf, math.nan, 100.0, 1e100,
            1.2345678901234567, 0.5, 2.5, 1e-7, 123.456, -0.001, 4.35, 0.15, 1e300, 3e-310,
            float(np.float32(0.1)), float(np.float32(1.1)), 2.0 ** 53, 2.0 ** 63, 2.0 ** 64,
            9007199254740993.0, 0.30000000000000004, 1e-323, 4.9406564584124654e-324]
    for _ in range(60):
        e = int(rng.integers(-30, 30))
        vals.append(float(rng.standard_normal() * 10.0 ** e))
    for _ in range(40):
        vals.append(struct.unpack("<d", struct.pack("<Q", int(rng.integers(0, 2 ** 63))))[0])
    vals = [v for v in vals if not math.isnan(v)] + [math.nan]
    return vals


def format_cases():
    ints = [0, 1, -1, 7, 42, -42, 255, 1234, -1234, 1234567, -9876543210, 2 ** 31 - 1, 2 ** 63 - 1,
            -2 ** 63]
    int_specs = ["", "d", "5d", "05d", "<5", ">5", "^5", "=+6", "+d", " d", "-d", ",", "_", "10,",
                 "010,", "09,", "08,", "x", "X", "#x", "#X", "o", "#o", "b", "#b", "_b", "#010x",
                 "*^9", "e", ".2f", "%", "g", ".3e", "n", "c"]
    floats = [0.0, -0.0, 1.0, -1.0, 0.5, 0.1, 1.0 / 3, 2.5, 3.5, 1234.5678, -1234.5678, 1e-5, 1e16,
              1.5e300, 123456789.0, math.inf, -math.inf, math.nan, 0.000123456, 99.995, 0.125,
              float(np.float32(0.03999995))]
    float_specs = ["", ".4f", "d", "x", ",_", ".4d", ".3e", ".2", "10.3f", "<10.2f", "^12.3e", "+.2f", " .1f", ".0f",
                   "#.0f", ".2%", "%", "g", ".3g", "#.3g", "G", "E", "F", ",.2f", "_.1f", "012.4f",
                   "010", "e", "f", ".10g", "n", ".1", "z.1f", "*>12.5g", "=+10.2f", ".0e", "#.0e",
                   "15", ".17g", ".0%"]
    strs = ["", "abc", "hello world"]
    str_specs = ["", "s", "10", ">10", "^9", "*<7", ".2", "8.3s", "05", "+", "#", "=5", ",", "d",
                 ".", "5..2", "x<<"]
    out = []
    for v in ints:
        for s in int_specs:
            if s == "c" and not 0 <= v < 0x110000:
                continue
            if s == "c" and v < 32:
                continue
            out.append(("int", v, s))
    for v in floats:
        for s in float_specs:
            out.append(("float", v, s))
    for v in strs:
        for s in str_specs:
            out.append(("str", v, s))
    for v in [True, False]:
        for s in ["", ">6", "d", ".2f", "<5", "x"]:
            out.append(("bool", v, s))
    return out


def scalar_format_cases():
    out = []
    for dt, v in [(np.float32, 0.1), (np.float32, 0.03999995), (np.float32, 30.0), (np.float64, 0.1),
                  (np.int32, 5), (np.int64, -12), (np.uint32, 7), (np.bool_, True), (np.float32, 1e-5),
                  (np.float32, -2.5)]:
        for spec in [".4f", "5d" if np.issubdtype(dt, np.integer) else ".3e", ">10", ""]:
            s = np.array(v, dt)[()]
            out.append((np.dtype(dt).name, values_field(np.array(v, dt)), spec, format(s, spec)))
    return out


def main():
    lines = []
    with np.errstate(over="ignore"):
        arrays = array_cases()
    for i, (a, weak) in enumerate(arrays):
        shape = ",".join(str(d) for d in a.shape)
        lines.append("\t".join(["A", "a%03d" % i, a.dtype.name, "1" if weak else "0", shape,
                                values_field(a), esc(str(a)), esc(jax_repr(a, weak))]))
    for i, v in enumerate(float_repr_cases()):
        lines.append("\t".join(["R", "r%03d" % i, f64hex(v), esc(repr(v))]))
    n = 0
    for kind, v, spec in format_cases():
        val = f64hex(v) if kind == "float" else (str(int(v)) if kind in ("int", "bool") else esc(v))
        try:
            want = format(v, spec)
        except ValueError as e:
            lines.append("\t".join(["E", "e%03d" % n, kind, val, esc(spec), esc(str(e))]))
        else:
            lines.append("\t".join(["F", "f%03d" % n, kind, val, esc(spec), esc(want)]))
        n += 1
    for i, (dt, val, spec, want) in enumerate(scalar_format_cases()):
        lines.append("\t".join(["X", "x%03d" % i, dt, val, esc(spec), esc(want)]))
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        f.write("# Generated by tests/oracle/gen_print_goldens.py with numpy %s, Python %s\n"
                % (np.__version__, sys.version.split()[0]))
        f.write("\n".join(lines) + "\n")
    counts = {}
    for line in lines:
        counts[line[0]] = counts.get(line[0], 0) + 1
    print(counts)


if __name__ == "__main__":
    main()

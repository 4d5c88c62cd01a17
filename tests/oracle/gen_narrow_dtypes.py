"""Writes the cases of jx's 8- and 16-bit dtypes (stdlib ConformanceTest.narrowDtypes).

Run from the repository root with Debian's NumPy:
    /usr/bin/python3 tests/oracle/gen_narrow_dtypes.py > stdlib/src/test/resources/jx/stdlib/narrow_dtypes.txt

NumPy is the oracle only where it agrees with JAX: the values of same-dtype arithmetic (integer
wraparound, float16 rounding of each operation, float16 transcendentals as float32 rounded once)
and of integer-to-integer casts. Promotion differs between NumPy and JAX, so cases that mix dtypes
state JAX's result dtype by hand from jax/_src/dtypes.py's _type_promotion_lattice ('standard'):
    b1 -> i*; i* -> u8, i8; u8 -> i16, u16; u16 -> i32, u32; u32 -> i64, u64; u64 -> f*;
    i8 -> i16 -> i32 -> i64 -> f*; f* -> bf16, f16, c*; bf16 -> f32; f16 -> f32; f32 -> f64, c64
(the join is the least upper bound; i64 is int32 without x64), and NumPy gives only the values,
computed in that dtype. bfloat16 is not in NumPy: its cases are float32 values rounded to
nearest-even on the top 16 bits, by bit arithmetic here. The case format is conformance.txt's.
"""
import numpy as np

rng = np.random.default_rng(20261202)
cases = []
INTS = ["int8", "uint8", "int16", "uint16"]


def fmt(a):
    a = np.asarray(a)
    if a.dtype.kind == "f":
        return ",".join(repr(float(v)) for v in a.ravel())
    if a.dtype.kind == "b":
        return ",".join(str(int(v)) for v in a.ravel())
    return ",".join(str(int(v)) for v in a.ravel())


def shape_of(a):
    return ",".join(str(d) for d in np.shape(a))


def add(name, expr, ins, want, dtype, tol=0.0):
    lines = [f"case {name}"]
    for k, v in ins.items():
        lines.append(f"in {k} {v.dtype} {shape_of(v)} {fmt(v)}")
    lines.append(f"expr {expr}")
    lines.append(f"out {dtype} {shape_of(want)} {tol!r} {fmt(want)}")
    cases.append("\n".join(lines))


def ints(dt, n=12):
    info = np.iinfo(dt)
    v = rng.integers(info.min, int(info.max) + 1, size=n, dtype=np.int64)
    v[:4] = [info.min, info.max, 0, 1]
    return v.astype(dt)


def bf16(x):
    """float32 values rounded to bfloat16 (nearest, ties to even), as float32."""
    b = np.asarray(x, np.float32).view(np.uint32).astype(np.uint64)
    b = (b + 0x7FFF + ((b >> 16) & 1)) & 0xFFFF0000
    return b.astype(np.uint32).view(np.float32)


with np.errstate(all="ignore"):
    # Same-dtype integer arithmetic wraps around, as NumPy's and XLA's do.
    for dt in INTS:
        x, y = ints(dt), ints(dt)
        nz = np.where(y == 0, np.array(3, dt), y)
        for op, f in [("+", np.add), ("-", np.subtract), ("*", np.multiply), ("&", np.bitwise_and),
                      ("|", np.bitwise_or), ("^", np.bitwise_xor)]:
            add(f"{dt} x {op} y", f"x {op} y", {"x": x, "y": y}, f(x, y), dt)
        add(f"{dt} -x", "-x", {"x": x}, np.negative(x), dt)
        add(f"{dt} ~x", "~x", {"x": x}, np.invert(x), dt)
        add(f"{dt} maximum", "jnp.maximum(x, y)", {"x": x, "y": y}, np.maximum(x, y), dt)
        add(f"{dt} x < y", "x < y", {"x": x, "y": y}, x < y, "bool")
        # Floor division and modulo away from the one overflowing quotient (min // -1).
        safe = np.where((x == np.iinfo(dt).min) & (nz == -1) if np.iinfo(dt).min < 0 else False, np.array(0, dt), x)
        add(f"{dt} x // y", "x // y", {"x": safe, "y": nz}, safe // nz, dt)
        add(f"{dt} x % y", "x % y", {"x": safe, "y": nz}, safe % nz, dt)
        add(f"{dt} x * 3 (weak int keeps {dt})", "x * 3", {"x": x}, x * np.array(3, dt), dt)
        add(f"{dt} cumulative wrap", "x + x + x", {"x": x}, x + x + x, dt)
        # Integer casts keep the low bits.
        w = rng.integers(-100000, 100000, size=10).astype(np.int32)
        add(f"int32 astype {dt}", f"w.astype(jnp.{dt})", {"w": w}, w.astype(dt), dt)
        add(f"{dt} astype int32", "x.astype(jnp.int32)", {"x": x}, x.astype(np.int32), "int32")
        # sum promotes narrow integers (JAX's promote_integers: int32, uint32 for unsigned).
        acc = "uint32" if dt.startswith("u") else "int32"
        add(f"{dt} sum accumulates in {acc}", "jnp.sum(x)", {"x": x}, np.sum(x.astype(np.int64)).astype(acc), acc)

    # float16: every operation rounds to float16.
    a = (rng.standard_normal(16) * 3).astype(np.float16)
    b = (rng.standard_normal(16) * 3).astype(np.float16)
    a[:4] = [65504, -65504, 6.1e-5, 0.1]
    b[:4] = [2, 2, 0.5, 3]
    for op, f in [("+", np.add), ("-", np.subtract), ("*", np.multiply), ("/", np.divide)]:
        add(f"float16 a {op} b", f"a {op} b", {"a": a, "b": b}, f(a, b), "float16")
    add("float16 a * 0.1 (weak float keeps float16)", "a * 0.1", {"a": a}, a * np.float16(0.1), "float16")
    pos = np.abs(a)
    add("float16 sqrt", "jnp.sqrt(p)", {"p": pos}, np.sqrt(pos), "float16")
    small = (rng.standard_normal(16)).astype(np.float16)
    for fn in ["exp", "tanh", "sin", "log1p"]:
        arg = np.abs(small) if fn == "log1p" else small
        add(f"float16 {fn}", f"jnp.{fn}(s)", {"s": arg}, getattr(np, fn)(arg), "float16", 1e-3)
    f32 = (rng.standard_normal(16) * 100).astype(np.float32)
    f32[:3] = [1e5, -1e5, 1e-8]
    add("float32 astype float16 rounds", "f.astype(jnp.float16)", {"f": f32}, f32.astype(np.float16), "float16")
    add("float16 astype float32 is exact", "a.astype(jnp.float32)", {"a": a}, a.astype(np.float32), "float32")
    i8v = ints("int8")
    add("int8 astype float16", "i.astype(jnp.float16)", {"i": i8v}, i8v.astype(np.float16), "float16")

    # bfloat16: values rounded on the top 16 bits of a float32.
    add("float32 astype bfloat16 rounds", "f.astype(jnp.bfloat16)", {"f": f32}, bf16(f32), "bfloat16")
    c = bf16(rng.standard_normal(16) * 4)
    d = bf16(rng.standard_normal(16) * 4)
    for op in ["+", "-", "*", "/"]:
        want = bf16(eval(f"c.astype(np.float32) {op} d.astype(np.float32)"))
        add(f"bfloat16 c {op} d", f"c.astype(jnp.bfloat16) {op} d.astype(jnp.bfloat16)", {"c": c, "d": d}, want,
            "bfloat16")

    # Mixed dtypes: JAX's lattice gives the dtype (by hand, above), NumPy the values in it.
    u8, i8 = ints("uint8"), ints("int8")
    add("uint8 + int8 is int16", "u + i", {"u": u8, "i": i8}, u8.astype(np.int16) + i8.astype(np.int16), "int16")
    u16, i16 = ints("uint16"), ints("int16")
    add("uint16 + int16 is int32", "u + i", {"u": u16, "i": i16}, u16.astype(np.int32) + i16, "int32")
    add("uint8 + uint16 is uint16", "u + v", {"u": u8, "v": u16}, u8.astype(np.uint16) + u16, "uint16")
    add("int8 + int32 is int32", "i + w", {"i": i8[:10], "w": w}, i8[:10].astype(np.int32) + w, "int32")
    add("int8 + float16 is float16", "i + a", {"i": i8, "a": a[:12]}, i8.astype(np.float16) + a[:12], "float16")
    add("uint8 + 1.5 is float32 (weak float joins at f*, the default float)", "u + 1.5", {"u": u8},
        u8.astype(np.float32) + np.float32(1.5), "float32")
    add("float16 + bfloat16 is float32", "a + c.astype(jnp.bfloat16)", {"a": a, "c": c},
        a.astype(np.float32) + c, "float32")
    add("float16 + float32 is float32", "a + f", {"a": a, "f": f32}, a.astype(np.float32) + f32, "float32")
    add("bool + int8 is int8", "(i > 0) + i", {"i": i8}, (i8 > 0).astype(np.int8) + i8, "int8")

print("\n\n".join(cases))

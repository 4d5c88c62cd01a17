"""Writes the .npy/.npz/.csv fixtures of FileIOTest with real NumPy (1.24 on Debian):
    /usr/bin/python3 stdlib/src/test/python/gen_file_fixtures.py
The arrays named in SAME_AS_JX are also built by FileIOTest in jx, which saves them and compares
its bytes with these files, byte for byte. The others exercise what only NumPy writes."""
import os
import zipfile
import numpy as np

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "jx", "stdlib", "files")
os.makedirs(OUT, exist_ok=True)

# Keep in step with FileIOTest.SAME_AS_JX.
SAME_AS_JX = {
    "f32_2x3": np.arange(6, dtype=np.float32).reshape(2, 3) / np.float32(4),
    "f32_scalar": np.array(2.5, dtype=np.float32),
    "f32_empty": np.zeros((2, 0), dtype=np.float32),
    "i32": np.array([-3, 0, 7], dtype=np.int32),
    "u32": np.array([0, 1, 4294967295], dtype=np.uint32),
    "bool": np.array([[True, False], [False, True]]),
    "f32_long": np.linspace(0, 1, 1000, dtype=np.float32).reshape(10, 100),
}
for name, a in SAME_AS_JX.items():
    np.save(os.path.join(OUT, name + ".npy"), a)

# Only NumPy writes these; jx must read them.
np.save(os.path.join(OUT, "f64.npy"), np.array([0.1, -2.0, 1e300]))
np.save(os.path.join(OUT, "i64.npy"), np.array([[1, -2], [3, 2**40]], dtype=np.int64))
np.save(os.path.join(OUT, "u8.npy"), np.array([0, 200, 255], dtype=np.uint8))
np.save(os.path.join(OUT, "fortran.npy"), np.asfortranarray(np.arange(6, dtype=np.float32).reshape(2, 3)))
np.save(os.path.join(OUT, "bigendian.npy"), np.array([1.5, -2.25], dtype=">f4"))
np.savez(os.path.join(OUT, "pair.npz"), w=np.eye(2, dtype=np.float32), b=np.array([1, 2], dtype=np.int32))
np.savez_compressed(os.path.join(OUT, "packed.npz"), np.arange(4, dtype=np.int32))

# A .npy cut short: its header promises 6 float32s (24 bytes), 8 are left.
whole = open(os.path.join(OUT, "f32_2x3.npy"), "rb").read()
open(os.path.join(OUT, "truncated.npy"), "wb").write(whole[: len(whole) - 16])

# Delimited text with a header row, a comment and a blank line.
with open(os.path.join(OUT, "table.csv"), "w") as f:
    f.write("a,b,c\n1.5,2,3\n# a comment\n\n4,5e-1,-6\n7,8,9\n")
with open(os.path.join(OUT, "gaps.csv"), "w") as f:
    f.write("1,,3\n4,5,x\n")
with open(os.path.join(OUT, "expected_text.txt"), "w") as f:
    path = lambda n: os.path.join(OUT, n)
    f.write(str(np.loadtxt(path("table.csv"), delimiter=",", skiprows=1, dtype=np.float32)) + "\n")
    f.write(str(np.loadtxt(path("table.csv"), delimiter=",", skiprows=1, usecols=(0, 2), dtype=np.float32)) + "\n")
    f.write(str(np.loadtxt(path("table.csv"), delimiter=",", skiprows=1, usecols=1, dtype=np.float32)) + "\n")
    f.write(str(np.loadtxt(path("table.csv"), delimiter=",", skiprows=1, dtype=np.float32, unpack=True)[2]) + "\n")
    f.write(str(np.genfromtxt(path("gaps.csv"), delimiter=",", dtype=np.float32)) + "\n")
    f.write(str(np.genfromtxt(path("gaps.csv"), delimiter=",", dtype=np.float32, filling_values=0)) + "\n")

# What FileIOTest.readsWhatNumpyWrote prints: each file as NumPy loads it, converted as
# jnp.asarray converts it without x64 (float64 -> float32, int64 -> int32 wrapping; uint8 stays uint8).
with open(os.path.join(OUT, "expected_load.txt"), "w") as f:
    load = lambda n: np.load(os.path.join(OUT, n))
    print(load("f32_2x3.npy"), file=f)
    s = load("f32_scalar.npy")
    print(s, s.shape, s.dtype, file=f)
    for n in ["i32.npy", "u32.npy"]:
        a = load(n)
        print(a, a.dtype, file=f)
    print(load("bool.npy"), file=f)
    for n, t in [("f64.npy", np.float32), ("i64.npy", np.int32), ("u8.npy", np.uint8)]:
        with np.errstate(over="ignore"):
            a = load(n).astype(t)
        print(a, a.dtype, file=f)
    print(load("fortran.npy"), file=f)
    print(load("bigendian.npy"), file=f)

"""Writes the expected output of each tests/programs/*.jx with real Python and NumPy.

Run with Debian's Python and NumPy (python3-numpy):  /usr/bin/python3 tests/programs/gen_golden.py
The programs use only what jx and Python+NumPy share (np is jax.numpy in jx, numpy here), so
Python itself is the oracle for the language and NumPy for the array printing.
"""
import contextlib
import io
import pathlib

import numpy as np

here = pathlib.Path(__file__).parent
for program in sorted(here.glob("*.jx")):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(program.read_text(), str(program), "exec"), {"np": np, "__name__": "__main__"})
    program.with_suffix(".out").write_text(out.getvalue())
    print("wrote", program.with_suffix(".out").name)

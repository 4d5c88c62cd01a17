#!/usr/bin/env python3
"""Writes src/test/resources/jx/eval/int_cases.txt: Python int arithmetic on seeded random operands,
each line `op x y result`, where result is what Python computes when it fits in 64 bits, and
OverflowError where jx (64-bit ints) must refuse instead of wrapping. Run from the interpreter module:
    /usr/bin/python3 src/test/python/gen_int_cases.py
"""
import random

LO, HI = -2**63, 2**63 - 1
rng = random.Random(17)


def operand():
    kind = rng.randrange(5)
    if kind == 0:
        return rng.randint(-10, 10)
    if kind == 1:
        return rng.randint(-2**31, 2**31)
    if kind == 2:
        return rng.choice([LO, HI, LO + 1, HI - 1, 2**32, -2**32, 2**62, -2**62, 3037000499, 3037000500])
    return rng.randint(LO, HI) >> rng.randrange(64)


lines = []
for _ in range(3000):
    op = rng.choice(["+", "-", "*", "//", "%", "**", "<<", ">>", "neg"])
    x, y = operand(), operand()
    if op == "**":
        x, y = rng.randint(-40, 40), rng.randint(0, 70)
    if op in ("<<", ">>"):
        y = rng.randint(0, 70)
    if op in ("//", "%") and y == 0:
        y = 7
    if op == "neg":
        r = -x
    else:
        r = eval(f"x {op} y")
    if LO <= x <= HI and LO <= y <= HI:
        lines.append(f"{op} {x} {y} {r if LO <= r <= HI else 'OverflowError'}")
with open("src/test/resources/jx/eval/int_cases.txt", "w") as f:
    f.write("\n".join(lines) + "\n")

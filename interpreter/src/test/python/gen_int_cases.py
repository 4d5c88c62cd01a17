#!/usr/bin/env python3
"""Writes src/test/resources/jx/eval/int_cases.txt: Python int arithmetic on seeded random operands,
each line `op x y repr(result)`, where the operands and results range far beyond 64 bits (Python's
ints are unbounded, and so are jx's). An operand written with a trailing `f` is a float. Run from the
interpreter module:
    /usr/bin/python3 src/test/python/gen_int_cases.py
"""
import random

LO, HI = -2**63, 2**63 - 1
rng = random.Random(17)


def operand():
    kind = rng.randrange(7)
    if kind == 0:
        return rng.randint(-10, 10)
    if kind == 1:
        return rng.randint(-2**31, 2**31)
    if kind == 2:
        return rng.choice([LO, HI, LO + 1, HI - 1, LO - 1, HI + 1, 2**32, -2**32, 2**62, -2**62, 2**64, -2**64,
                           3037000499, 3037000500, 2**53 + 1])
    if kind in (3, 4):
        return rng.randint(LO, HI) >> rng.randrange(64)
    return rng.randint(-2**200, 2**200) >> rng.randrange(200)


def fmt(v):
    return repr(v) + "f" if isinstance(v, float) else repr(v)


lines = []
for _ in range(4000):
    op = rng.choice(["+", "-", "*", "//", "%", "/", "**", "<<", ">>", "&", "|", "^", "neg", "~",
                     "<", "==", "<=", "float<", "float==", "float+"])
    x, y = operand(), operand()
    if op == "**":
        x, y = rng.choice([rng.randint(-40, 40), operand()]), rng.randint(0, 90)
    if op in ("<<", ">>"):
        y = rng.randint(0, 140)
    if op in ("//", "%", "/") and y == 0:
        y = 7
    if op.startswith("float"):
        op = op[5:]
        y = float(x + rng.choice([-1, 0, 0, 1])) if abs(x) < 2**1000 else 1.5
    if op == "neg":
        r = -x
    elif op == "~":
        r = ~x
    else:
        r = eval(f"x {op} y")
    try:
        shown = fmt(r)
    except ValueError:  # more digits than Python prints (sys.get_int_max_str_digits())
        shown = "ValueError"
    lines.append(f"{op} {fmt(x)} {fmt(y)} {shown}")
with open("src/test/resources/jx/eval/int_cases.txt", "w") as f:
    f.write("\n".join(lines) + "\n")

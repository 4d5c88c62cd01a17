#!/usr/bin/env python3
"""Writes tests/bad/*.jx and tests/bad/expected.txt for BadInputTest: programs with bad input or
huge work, and the error jx must give (exit code, line, message fragment).

Syntax cases take their message and line from Python 3.11 itself (compile()); runtime cases from
NumPy's wording where NumPy has one (negative dimensions, "Unable to allocate"). Run with
/usr/bin/python3 tests/bad/gen_cases.py from the repository root."""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
assert sys.version_info[:2] == (3, 11), "the oracle is Python 3.11"

# name, source (str or bytes), exit, line, message fragment (None: ask Python 3.11)
RUNTIME = [
    ("zeros_negative", "import jax.numpy as jnp\nx = jnp.zeros(-1)\n", 2, 2, "ValueError: negative dimensions are not allowed"),
    ("zeros_negative_2d", "import jax.numpy as jnp\nx = jnp.zeros((3, -2))\n", 2, 2, "ValueError: negative dimensions are not allowed"),
    ("ones_2_31", "import jax.numpy as jnp\nx = jnp.ones(2**31)\n", 2, 2, "MemoryError: Unable to allocate an array with a dimension of 2147483648"),
    ("eye_huge", "import jax.numpy as jnp\nx = jnp.eye(10**6)\n", 2, 2, "MemoryError: Unable to allocate 3.64 TiB for an array with shape (1000000, 1000000) and data type float32"),
    ("split_huge", "import jax\nkey = jax.random.PRNGKey(0)\nks = jax.random.split(key, 10**10)\n", 1, 3, "MemoryError: Unable to allocate an array with a dimension of 10000000000"),
    ("int32_overflow", "import jax.numpy as jnp\nx = jnp.int32(2**40)\n", 1, 2, "OverflowError: Python int 1099511627776 too large to convert to int32"),
    ("int32_overflow_list", "import jax.numpy as jnp\nx = jnp.array([1, 2**40])\n", 1, 2, "OverflowError: Python int 1099511627776 too large to convert to int32"),
    ("format_precision", "x = 1.0\nprint(f'{x:.999999999f}')\n", 2, 2, "ValueError: format precision 999999999 is too big"),
    # errors inside jx's own jax library point at the user's line, as JAX's filtered tracebacks do
    ("jacfwd_argnums", "import jax\nimport jax.numpy as jnp\nprint(jax.jacfwd(jnp.sin, argnums=2)(1.0))\n", 2, 3,
     "TypeError: differentiating with respect to argnums=2 requires at least 3 positional arguments to be passed by the caller, but got only 1 positional arguments."),
    ("jacrev_aux_not_pair", "import jax\nimport jax.numpy as jnp\nj = jax.jacrev(jnp.sin, has_aux=True)\nprint(j(jnp.ones(2)))\n", 2, 4,
     "TypeError: has_aux=True requires the function to return a pair (output, aux)"),
    ("vmap_grad_complex_output", "import jax\nimport jax.numpy as jnp\nf = jax.grad(lambda x: jnp.sum(x * 1j))\nprint(jax.vmap(f)(jnp.ones((2, 2))))\n", 2, 4,
     "TypeError: grad requires real-valued outputs (output dtype that is a sub-dtype of np.floating), but got complex64."),
    ("jvp_grad_complex_output", "import jax\nimport jax.numpy as jnp\nf = jax.grad(lambda x: jnp.sum(x * 1j))\nprint(jax.jvp(f, (jnp.ones(2),), (jnp.ones(2),)))\n", 2, 4,
     "TypeError: grad requires real-valued outputs (output dtype that is a sub-dtype of np.floating), but got complex64."),
    ("vmap_grad_int_input", "import jax\nimport jax.numpy as jnp\nf = jax.grad(lambda x: jnp.sum(x * 1.0))\nprint(jax.vmap(f)(jnp.ones((2, 2), dtype=int)))\n", 2, 4,
     "TypeError: grad requires real- or complex-valued inputs (input dtype that is a sub-dtype of np.inexact), but got int32."),
    ("grad_varargs", "import jax\ndef f(*a):\n    return a[0]\nprint(jax.grad(f)(1.0))\n", 2, 4, "TypeError: jax.grad of a function with *args or **kwargs is not supported"),
    ("arange_huge", "import jax.numpy as jnp\nx = jnp.arange(0, 10**12)\n", 2, 2, "MemoryError: Unable to allocate 3.64 TiB for an array with shape (1000000000000,) and data type int32"),
    ("zeros_30000", "import jax.numpy as jnp\nx = jnp.zeros((30000, 30000))\n", 2, 2, "MemoryError: Unable to allocate 3.35 GiB for an array with shape (30000, 30000) and data type float32"),
    ("linspace_huge", "import jax.numpy as jnp\nx = jnp.linspace(0, 1, 10**10)\n", 2, 2, "MemoryError: Unable to allocate an array with a dimension of 10000000000"),
    ("one_hot_huge", "import jax\nimport jax.numpy as jnp\nx = jnp.arange(3)\ny = jax.nn.one_hot(x, 10**10)\n", 2, 4, "MemoryError: Unable to allocate 37.3 GiB"),
    ("list_repeat_huge", "x = [0] * 10**10\n", 2, 1, "MemoryError: a list of 10000000000 items"),
    ("pow_huge", "x = 2 ** (10 ** 10)\n", 2, 1, "MemoryError: an int of about 10000000000 bits is more than jx computes"),
    ("index_big_int", "xs = [1, 2]\nprint(xs[2**70])\n", 1, 2, "IndexError: cannot fit 'int' into an index-sized integer"),
    ("array_big_int", "import jax.numpy as jnp\nx = jnp.array(2**64)\n", 1, 2,
     "OverflowError: Python int 18446744073709551616 too large to convert to int32"),
    ("list_range_huge", "x = list(range(10**9))\n", 2, 1, "MemoryError: a list of 1000000000 items"),
    ("format_width", "print(f'{1:999999999}')\n", 2, 1, "ValueError: format width 999999999 is too big"),
    # the 8- and 16-bit dtypes: JAX's errors (grad, eval_shape) and NumPy 2's, which JAX's conversion of a Python int goes through
    ("grad_int8_input", "import jax\nimport jax.numpy as jnp\nx = jnp.ones(2, jnp.int8)\nprint(jax.grad(lambda v: jnp.sum(v * 1.0))(x))\n", 2, 4,
     "TypeError: grad requires real- or complex-valued inputs (input dtype that is a sub-dtype of np.inexact), but got int8."),
    ("uint8_overflow", "import jax.numpy as jnp\nx = jnp.array([1, 256], dtype=jnp.uint8)\n", 1, 2,
     "OverflowError: Python integer 256 out of bounds for uint8"),
    ("eval_shape_concrete", "import jax\nimport jax.numpy as jnp\nprint(jax.eval_shape(lambda v: v if v[0] > 0 else -v, jnp.ones(2)))\n", 2, 3,
     "ConcretizationTypeError: Abstract tracer value encountered where concrete value is expected"),
    ("shift_float16", "import jax.numpy as jnp\nx = jnp.ones(2, jnp.int8) << jnp.ones(2, jnp.float16)\n", 2, 2,
     "left_shift does not accept dtype float16"),
    # found by the fuzz test: Python 3.11's own message
    ("slice_of_function", "s = 'hello'\nprint(s[print:4])\n", 2, 2, "TypeError: slice indices must be integers or None or have an __index__ method"),
]

SYNTAX = [
    ("default_order", "def f(a=1, b):\n    return a\n"),
    ("fstring_conversion", "print(f'{1!z}')\n"),
    ("named_escape", "print('\\N{NOT A NAME}')\n"),
    ("nul_byte", "x = 1\ny = 2\0\n"),
    ("tab_error", "if True:\n\tx = 1\n        y = 2\n"),
    ("unindent_mismatch", "if True:\n    x = 1\n  y = 2\n"),
    ("return_plus", "def f(a):\n    return a +\n"),
    ("paren_never_closed", "x = (1,\nprint(2)\n"),
    ("paren_never_closed_next_line", "x = (1\nprint(2)\n"),
    ("unterminated_string", "x = \"abc\nprint(1)\n"),
    ("unterminated_triple", "x = 1\ny = '''abc\nd\n"),
    ("print_at_end", "x = 1\nprint(1"),
    ("last_line_of_two", "x = 1\ny = 1 +\n"),
    ("unmatched_close", "x = 1\ny = )\n"),
    ("mismatched_close", "x = [1,\n 2)\n"),
    ("missing_body", "def f(a):\nreturn a\n"),
    ("non_utf8", b"x = 1\ny = '\xff'\n"),
]


def python_error(src):
    try:
        compile(src, "case.py", "exec")
    except SyntaxError as e:  # TabError and IndentationError are SyntaxErrors
        msg = e.msg
        if "null bytes" in msg:  # 3.11.7+ raise SyntaxError without a line; the CLI's wording stays
            return 2, "source code cannot contain null bytes"
        if type(e) is not SyntaxError:
            msg = type(e).__name__ + ": " + msg
        return e.lineno, msg
    except ValueError as e:  # 3.11 raises ValueError for NUL bytes from compile(); the CLI says SyntaxError
        return 2, "source code cannot contain null bytes"
    raise AssertionError("Python accepts " + repr(src))


def main():
    rows = []
    for name, src, code, line, msg in RUNTIME:
        with open(os.path.join(HERE, name + ".jx"), "w") as f:
            f.write(src)
        rows.append((name, code, line, msg))
    for name, src in SYNTAX:
        data = src if isinstance(src, bytes) else src.encode()
        with open(os.path.join(HERE, name + ".jx"), "wb") as f:
            f.write(data)
        line, msg = python_error(data)
        if msg.startswith("(unicode error) 'utf-8' codec can't decode"):
            msg = "Non-UTF-8 code starting with '\\xff'"  # the CLI's wording for a file (compile() gets bytes)
        rows.append((name, 2, line, msg))
    # The NumPy wording of the negative-dimension error is the oracle's own:
    import numpy as np
    try:
        np.zeros(-1)
    except ValueError as e:
        assert "ValueError: " + str(e) == RUNTIME[0][4]
    try:
        'hello'[print:4]
    except TypeError as e:
        assert "TypeError: " + str(e) == RUNTIME[-1][4]
    try:
        [1, 2][2**70]
    except IndexError as e:
        assert "IndexError: " + str(e) == [r for r in RUNTIME if r[0] == "index_big_int"][0][4]
    with open(os.path.join(HERE, "expected.txt"), "w") as f:
        f.write("# name|exit|line|message fragment (written by gen_cases.py)\n")
        for r in rows:
            f.write("|".join(str(x) for x in r) + "\n")


main()

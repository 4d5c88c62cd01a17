package jx.stdlib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** jax.jit staging, caching and its eager fallbacks, jax.make_jaxpr's text, and staged against eager results. */
class JitTest {
    private static final String PRELUDE = "import jax\nimport jax.numpy as jnp\nfrom functools import partial\n";

    private static String run(String body) {
        return JxRun.run(PRELUDE + body);
    }

    @TestFactory
    Stream<DynamicTest> makeJaxprPrintsJaxsText() throws IOException {
        String text;
        try (InputStream in = JitTest.class.getResourceAsStream("/jit/jaxprs.txt")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (String block : text.split("(?m)^== ")) {
            if (block.startsWith("#") || block.isBlank()) {
                continue;
            }
            String name = block.substring(0, block.indexOf('\n'));
            String rest = block.substring(block.indexOf('\n') + 1);
            String program = rest.substring(0, rest.indexOf("--\n"));
            String expected = rest.substring(rest.indexOf("--\n") + 3);
            tests.add(DynamicTest.dynamicTest(name, () -> assertEquals(expected, run(program))));
        }
        assertTrue(tests.size() >= 20, "at least 20 cases, found " + tests.size());
        return tests.stream();
    }

    @Test
    void showPrintsTheCompiledProgramWithItsFusedLoops() {
        assertEquals("""
                # staged: 1 fused loop, 0 other kernel calls
                def _lambda(x):
                    t0 = jnp.sum(jnp.tanh(((x * 2.0) + 1.0)) * x, axis=0)  # one fused loop
                    return t0
                # staged: 1 fused loop, 0 other kernel calls
                def _lambda(v):
                    t0 = jnp.exp((v - jnp.max(v, axis=-1, keepdims=True))) / jnp.sum(jnp.exp((v - jnp.max(v, axis=-1, keepdims=True))), axis=-1, keepdims=True)  # one fused loop
                    return t0
                """, run("""
                f = jax.jit(lambda x: jnp.sum(jnp.tanh(x * 2.0 + 1.0) * x))
                f(jnp.ones(1000))
                jx.show(f)
                s = jax.jit(lambda v: jax.nn.softmax(v, axis=-1))
                s(jnp.ones((4, 3)))
                jx.show(s)
                """));
    }

    @Test
    void resultsAreArraysWithJaxsWeakTypes() {
        assertEquals("Array(-1, dtype=int32, weak_type=True)\nArray(2.5, dtype=float32, weak_type=True)\n"
                + "Array([-1., -2.], dtype=float32)\n",
                run("f = jax.jit(lambda x: -x)\nprint(repr(f(1)))\nprint(repr(jax.jit(lambda x: x / 2)(5.0)))\n"
                        + "print(repr(f(jnp.array([1.0, 2.0]))))\n"));
    }

    @Test
    void printInsideJitRunsOnEveryCallInOrder() {
        assertEquals("a 1.0\nb\n2.0\na 2.0\nb\n3.0\n", run("""
                @jax.jit
                def f(x):
                    jax.debug.print("a {}", x)
                    print("b")
                    return x + 1
                print(f(1.0))
                print(f(2.0))
                """));
    }

    @Test
    void pythonControlFlowOnValuesGivesEagersAnswer() {
        assertEquals("3.0 2.0 6\n", run("""
                @jax.jit
                def f(x):
                    if x > 0:
                        return x
                    return -x
                @jax.jit
                def count(n):
                    return sum(1 for i in range(n))
                print(f(3.0), f(-2.0), count(6))
                """));
    }

    @Test
    void staticArgumentsAreSpecialisedOn() {
        assertEquals("[ 8. 16.]\n[4. 8.]\n[3. 6.]\n[2. 4.]\n", run("""
                @partial(jax.jit, static_argnums=1)
                def h(x, n):
                    for i in range(n):
                        x = x * 2
                    return x
                @partial(jax.jit, static_argnames=("n",), donate_argnums=0)
                def k(x, n=1):
                    return x * n
                x = jnp.array([1.0, 2.0])
                print(h(x, 3))
                print(h(x, 2))
                print(k(x, n=3))
                print(k(x, 2))
                """));
    }

    @Test
    void randomScanUpdatesVmapSlicesAndIntegersInsideJitMatchEager() {
        String out = run("""
                k = jax.random.PRNGKey(0)
                xs = jnp.arange(5.0)
                fs = [(lambda key, x: jax.random.normal(key, (3,)) * x, (k, 2.0)),
                      (lambda xs: jax.lax.scan(lambda c, x: (c + x, c * x), 0.0, xs), (xs,)),
                      (lambda x, i: x.at[i].set(10.0) * 2, (xs, 2)),
                      (lambda x: jax.vmap(lambda r: jnp.sum(r ** 2))(x), (xs.reshape(5, 1),)),
                      (lambda x: x[1:4] * x[::-1][:3], (xs,)),
                      (lambda x: jnp.concatenate([x, x * 2]).reshape(2, 5).T @ jnp.ones(2), (xs,)),
                      (lambda x: (x.astype(jnp.int32) // 2, x > 2, jnp.argmax(x)), (xs,))]
                for f, args in fs:
                    a = jax.tree_util.tree_leaves(f(*args))
                    b = jax.tree_util.tree_leaves(jax.jit(f)(*args))
                    print(all(jnp.array_equal(p, q) and jnp.asarray(p).dtype == q.dtype for p, q in zip(a, b)))
                """);
        assertEquals("True\n".repeat(7), out);
    }

    @Test
    void aRebindingOfAModuleNameIsSeen() {
        assertEquals("2.0\n3.0\n", run("""
                w = 2.0
                f = jax.jit(lambda x: x * w)
                print(f(1.0))
                w = 3.0
                print(f(1.0))
                """));
    }

    @Test
    void composesWithGradVmapAndValueAndGradInAnyOrder() {
        String f = "f = lambda x: jnp.sum(jnp.sin(x) * x)\nx = jnp.array([0.5, 1.0, 2.0])\n";
        String expected = run(f + "print(jax.grad(f)(x))\nprint(jax.value_and_grad(f)(x))\n"
                + "print(jax.vmap(jax.grad(f))(jnp.stack([x, x + 1])))\n");
        assertEquals(expected, run(f + "print(jax.jit(jax.grad(f))(x))\nprint(jax.value_and_grad(jax.jit(f))(x))\n"
                + "print(jax.vmap(jax.jit(jax.grad(jax.jit(f))))(jnp.stack([x, x + 1])))\n"));
        assertEquals(expected, run(f + "print(jax.grad(jax.jit(f))(x))\nprint(jax.jit(jax.value_and_grad(f))(x))\n"
                + "print(jax.jit(jax.vmap(jax.grad(f)))(jnp.stack([x, x + 1])))\n"));
    }

    private static String errorOf(String body) {
        RuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class, () -> run(body));
        String m = e.getMessage();
        return m.substring(m.indexOf("error: "), m.indexOf('\n', m.indexOf("error: ")));
    }

    @Test
    void errorsAreEagerEvaluationsErrors() {
        assertEquals(errorOf("f = lambda x, y: x + y\nf(jnp.ones(2), jnp.ones(3))\n"),
                errorOf("f = jax.jit(lambda x, y: x + y)\nf(jnp.ones(2), jnp.ones(3))\n"));
    }

    private static final String[] UNARY = {"jnp.tanh(%s)", "jnp.sin(%s)", "jnp.exp(-jnp.abs(%s))", "jnp.sqrt(jnp.abs(%s))",
        "-%s", "jnp.cos(%s)", "jax.nn.sigmoid(%s)", "jnp.log1p(jnp.abs(%s))", "(%s) ** 2", "jnp.maximum(%s, 0.1)"};
    private static final String[] BINARY = {"%s * %s", "%s + %s", "%s - %s", "%s / (1.5 + jnp.abs(%s))",
        "jnp.minimum(%s, %s)", "jnp.where(%s > 0, %s, 0.5)"};

    /** A random chain of elementwise operations over x (a matrix), y (a row), a column and scalars, ending in a reduction or not. */
    private static String chain(Random rnd) {
        String e = "x";
        int ops = 3 + rnd.nextInt(10);
        for (int i = 0; i < ops; i++) {
            if (rnd.nextBoolean()) {
                e = String.format(UNARY[rnd.nextInt(UNARY.length)], e);
            } else {
                String other = switch (rnd.nextInt(4)) {
                    case 0 -> "y";
                    case 1 -> "x";
                    case 2 -> "jnp.max(x, axis=1, keepdims=True)";
                    default -> Double.toString(Math.round(rnd.nextGaussian() * 100) / 100.0);
                };
                boolean flip = rnd.nextBoolean();
                e = String.format(BINARY[rnd.nextInt(BINARY.length)], flip ? other : e, flip ? e : other);
            }
        }
        return switch (rnd.nextInt(4)) {
            case 0 -> "jnp.sum(" + e + ")";
            case 1 -> "jnp.max(" + e + ", axis=1)";
            case 2 -> "jnp.sum(" + e + ", axis=0)";
            default -> e;
        };
    }

    @Test
    void rowWiseRegionsEqualEagerBitForBit() {
        // Over a matrix, a 3-D array and one row; rows too long to be fused row-wise are fused as before,
        // where a fused sum may round differently.
        assertEquals("True\n".repeat(16) + """
                # staged: 1 fused loop, 0 other kernel calls
                def _lambda(v):
                    t0 = (v - jnp.max(v, axis=-1, keepdims=True)) - jnp.log(jnp.sum(jnp.exp((v - jnp.max(v, axis=-1, keepdims=True))), axis=-1, keepdims=True))  # one fused loop
                    return t0
                """, run("""
                fs = [lambda v: jax.nn.softmax(v, axis=-1), lambda v: jax.nn.log_softmax(v, axis=-1),
                      lambda v: v / jnp.max(jnp.abs(v), axis=-1, keepdims=True) + jnp.exp(-jnp.min(v, axis=-1, keepdims=True)),
                      lambda v: jnp.sum(jnp.tanh(v - jnp.max(v, axis=-1, keepdims=True)) * v, axis=-1)]
                for shape in [(300, 257), (2, 3, 70), (1, 999), (3, 20000)]:
                    x = jax.random.normal(jax.random.PRNGKey(shape[-1]), shape) * 4.0
                    for f in fs:
                        a = jax.jit(f)(x)
                        b = f(x)
                        print(bool(jnp.all(a == b)) if shape[-1] < 20000 else bool(jnp.all(jnp.abs(a - b) <= 1e-5 * jnp.abs(b) + 1e-6)))
                l = jax.jit(fs[1])
                l(jnp.ones((4, 3)))
                jx.show(l)
                """));
    }

    @Test
    void stagedChainsMatchEagerOnes() {
        Random rnd = new Random(14);
        StringBuilder sb = new StringBuilder("""
                k = jax.random.PRNGKey(3)
                x = jax.random.normal(k, (300, 257))
                y = jax.random.normal(jax.random.PRNGKey(4), (257,))
                def check(f):
                    a = f(x, y)
                    b = jax.jit(f)(x, y)
                    c = jax.jit(f)(x * 0.5, y)
                    err = jnp.max(jnp.abs(a - b) / (jnp.abs(a) + 1e-3))
                    err2 = jnp.max(jnp.abs(f(x * 0.5, y) - c) / (jnp.abs(c) + 1e-3))
                    print(a.shape == b.shape and a.dtype == b.dtype, float(jnp.maximum(err, err2)) < 1e-5)
                """);
        int n = 40;
        for (int i = 0; i < n; i++) {
            sb.append("check(lambda x, y: ").append(chain(rnd)).append(")\n");
        }
        assertEquals("True True\n".repeat(n), run(sb.toString()));
    }
}

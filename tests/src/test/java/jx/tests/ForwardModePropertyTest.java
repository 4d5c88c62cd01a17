package jx.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Forward mode on random programs: a seeded generator writes jx functions of a 3-vector (jnp math,
 * branches that rebind, for and while loops reading free variables, helper calls by keyword,
 * closures, tuples and dicts, lax.fori_loop) and one script checks, for each, jvp against float64
 * central finite differences and jacfwd against jacrev. Small and fast by design; a wrong
 * derivative prints its program's name and fails the test.
 */
class ForwardModePropertyTest {
    private static final int PROGRAMS = 80;

    @Test
    void jvpMatchesFiniteDifferencesAndJacfwdMatchesJacrev() throws Exception {
        StringBuilder src = new StringBuilder();
        src.append("""
                jax.config.update("jax_enable_x64", True)


                def helper(a, scale=1.0):
                \treturn jnp.sin(a) * scale


                def check(name, f, x, v):
                \tout, t = jax.jvp(f, (x,), (v,))
                \teps = 1e-6
                \twant = (f(x + eps * v) - f(x - eps * v)) / (2 * eps)
                \tif not bool(jnp.allclose(t, want, rtol=1e-5, atol=1e-6)):
                \t\tprint(name, "jvp", t, "finite differences", want)
                \tjf = jax.jacfwd(f)(x)
                \tjr = jax.jacrev(f)(x)
                \tif not bool(jnp.allclose(jf, jr, rtol=1e-9, atol=1e-9)):
                \t\tprint(name, "jacfwd", jf, "jacrev", jr)


                """);
        Random rnd = new Random(20261201L);
        for (int i = 0; i < PROGRAMS; i++) {
            src.append(new Program(rnd).function("p" + i)).append("\n\n");
        }
        for (int i = 0; i < PROGRAMS; i++) {
            double[] x = {rnd.nextDouble() * 2 - 1, rnd.nextDouble() * 2 - 1, rnd.nextDouble() * 2 - 1};
            double[] v = {rnd.nextDouble() * 2 - 1, rnd.nextDouble() * 2 - 1, rnd.nextDouble() * 2 - 1};
            src.append(String.format("check(\"p%d\", p%d, jnp.array([%.4f, %.4f, %.4f]), jnp.array([%.4f, %.4f, %.4f]))%n",
                    i, i, x[0], x[1], x[2], v[0], v[1], v[2]));
        }
        src.append("print(\"checked\", ").append(PROGRAMS).append(")\n");
        Path file = Files.createTempFile("forward_property", ".jx");
        Files.writeString(file, src.toString());
        Jx.Result r = Jx.run(file.toString());
        assertEquals(0, r.exit(), () -> r + "\n" + src);
        assertEquals("checked " + PROGRAMS + "\n", r.out(), () -> r + "\n" + src);
        Files.delete(file);
    }

    /** One random function of x (a 3-vector) returning a 3-vector. */
    static final class Program {
        private final Random rnd;
        private final List<String> vectors = new ArrayList<>(List.of("x"));
        private final List<String> body = new ArrayList<>();
        private int names;

        Program(Random rnd) {
            this.rnd = rnd;
        }

        String function(String name) {
            int statements = 2 + rnd.nextInt(4);
            for (int i = 0; i < statements; i++) {
                statement();
            }
            StringBuilder s = new StringBuilder("def " + name + "(x):\n");
            for (String line : body) {
                s.append('\t').append(line).append('\n');
            }
            s.append("\treturn ").append(vector(2)).append('\n');
            return s.toString();
        }

        private String pick(List<String> xs) {
            return xs.get(rnd.nextInt(xs.size()));
        }

        private String fresh() {
            String n = "v" + names++;
            return n;
        }

        /** A 3-vector expression over the vectors bound so far. */
        private String vector(int depth) {
            if (depth == 0 || rnd.nextInt(4) == 0) {
                return pick(vectors);
            }
            String a = vector(depth - 1);
            String b = vector(depth - 1);
            return switch (rnd.nextInt(12)) {
                case 0 -> "(" + a + " + " + b + ")";
                case 1 -> "(" + a + " - " + b + ")";
                case 2 -> "(" + a + " * " + b + ")";
                case 3 -> "(" + a + " / (1.5 + " + b + " * " + b + "))";
                case 4 -> "jnp.sin(" + a + ")";
                case 5 -> "jnp.tanh(" + a + ")";
                case 6 -> "jnp.exp(0.3 * " + a + ")";
                case 7 -> "(" + a + " * " + scalar(depth - 1) + ")";
                case 8 -> "jnp.where(" + a + " > 0.1, " + a + " ** 2, " + b + ")";
                case 9 -> "helper(" + a + ", scale=" + scalar(depth - 1) + ")";
                case 10 -> "(jnp.array([[1.0, 0.5, 0.0], [0.0, 1.0, -0.5], [0.25, 0.0, 1.0]]) @ " + a + ")";
                default -> a + "[::-1]";
            };
        }

        private String scalar(int depth) {
            String a = vector(Math.max(depth, 0));
            return switch (rnd.nextInt(5)) {
                case 0 -> "jnp.sum(" + a + ")";
                case 1 -> a + "[" + rnd.nextInt(3) + "]";
                case 2 -> "jnp.mean(jnp.cos(" + a + "))";
                case 3 -> "jnp.dot(" + a + ", " + pick(vectors) + ")";
                default -> "jnp.max(" + a + ")";
            };
        }

        private void statement() {
            String v = fresh();
            switch (rnd.nextInt(8)) {
                case 0, 1 -> body.add(v + " = " + vector(2));
                case 2 -> {
                    // A branch that rebinds a name from its own value.
                    String w = pick(vectors);
                    body.add(v + " = " + w);
                    body.add("if " + scalar(1) + " > 0.0:");
                    body.add("\t" + v + " = " + v + " * " + vector(1));
                    body.add("else:");
                    body.add("\t" + v + " = jnp.sin(" + v + ")");
                }
                case 3 -> {
                    body.add(v + " = " + pick(vectors));
                    body.add("for i in range(" + (1 + rnd.nextInt(3)) + "):");
                    body.add("\t" + v + " = 0.5 * " + v + " + jnp.sin(" + pick(vectors) + ") * i");
                }
                case 4 -> {
                    // A while loop reading a free variable it does not rebind.
                    String free = pick(vectors);
                    body.add(v + " = " + free);
                    body.add("k = 0");
                    body.add("while k < " + (1 + rnd.nextInt(3)) + ":");
                    body.add("\t" + v + " = " + v + " * 0.5 + jnp.cos(" + free + ")");
                    body.add("\tk = k + 1");
                }
                case 5 -> {
                    String a = pick(vectors);
                    body.add("g = lambda y: y * " + a + " + " + scalar(1));
                    body.add(v + " = g(" + vector(1) + ")");
                }
                case 6 -> {
                    body.add("t = (" + vector(1) + ", {\"k\": " + vector(1) + "})");
                    body.add("a, d = t");
                    body.add(v + " = a * d[\"k\"]");
                }
                default -> body.add(v + " = jax.lax.fori_loop(0, 2, lambda i, c: c * 0.5 + jnp.sin(" + pick(vectors) + "), "
                        + pick(vectors) + ")");
            }
            vectors.add(v);
        }
    }
}

package jx.adprop;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seeded generator of random differentiable jx programs: a function {@code f(x)} of a float64
 * vector (or scalar) built from jnp's smooth elementwise functions, reductions, matmul with
 * constants, indexing and .at[] updates, if branches that rebind names (parameters included),
 * for loops, while loops that read names they do not rebind, tuples, lists and dicts, closures,
 * keyword calls of helper functions and lax.fori_loop / lax.cond. Each program is a function and
 * its input only: what is checked about it is the caller's ({@link AdCheck}), so that the same
 * programs can later check forward mode too (jacrev = jacfwd, jvp . v = grad . v).
 */
final class ProgramGenerator {
    /** A generated program: helper definitions and f, its input's size (0: a scalar) and the input's values. */
    record Program(long seed, String source, int size, double[] input) {
        /** The input as a jx expression (float64 under --x64). */
        String inputExpr() {
            if (size == 0) {
                return "jnp.array(" + input[0] + ", dtype=jnp.float64)";
            }
            StringBuilder b = new StringBuilder("jnp.array([");
            for (int i = 0; i < size; i++) {
                b.append(i > 0 ? ", " : "").append(input[i]);
            }
            return b.append("], dtype=jnp.float64)").toString();
        }
    }

    private final Random rnd;
    private final int size;
    private final StringBuilder helpers = new StringBuilder();
    private int fresh;
    private int helperCount;

    private ProgramGenerator(long seed) {
        this.rnd = new Random(seed);
        // Half the programs differentiate a scalar function of a scalar (grad of grad applies).
        this.size = rnd.nextBoolean() ? 0 : 2 + rnd.nextInt(3);
    }

    static Program generate(long seed) {
        ProgramGenerator g = new ProgramGenerator(seed);
        String f = g.function();
        double[] input = new double[Math.max(1, g.size)];
        for (int i = 0; i < input.length; i++) {
            // Away from 0, where the branches' tests sit, so that finite differences do not straddle them.
            input[i] = Math.round((0.3 + 0.9 * g.rnd.nextDouble()) * (g.rnd.nextBoolean() ? 1 : -1) * 1000) / 1000.0;
        }
        return new Program(seed, g.helpers + f, g.size, input);
    }

    // ---- scopes: the names a statement may read, each a scalar or a vector of the input's size ----

    private record Var(String name, boolean vector) {}

    private final List<Var> scope = new ArrayList<>();

    private String name(String base) {
        return base + fresh++;
    }

    private Var pick(boolean vector) {
        List<Var> of = scope.stream().filter(v -> v.vector == vector).toList();
        return of.isEmpty() ? null : of.get(rnd.nextInt(of.size()));
    }

    private boolean vectors() {
        return size > 0;
    }

    // ---- expressions ----

    private String constant() {
        return String.valueOf(Math.round((0.2 + rnd.nextDouble()) * 100) / 100.0);
    }

    /** A scalar expression. */
    private String scalar(int depth) {
        if (depth <= 0 || rnd.nextInt(4) == 0) {
            Var v = pick(false);
            if (v != null && rnd.nextInt(4) != 0) {
                return v.name;
            }
            Var u = vectors() ? pick(true) : null;
            if (u != null) {
                return u.name + "[" + rnd.nextInt(size) + "]";
            }
            return v != null ? v.name : constant();
        }
        return switch (rnd.nextInt(vectors() ? 12 : 8)) {
            case 0 -> "(" + scalar(depth - 1) + " + " + scalar(depth - 1) + ")";
            case 1 -> "(" + scalar(depth - 1) + " * " + scalar(depth - 1) + ")";
            case 2 -> "(" + scalar(depth - 1) + " - " + constant() + " * " + scalar(depth - 1) + ")";
            case 3 -> unary(scalar(depth - 1));
            case 4 -> "(" + scalar(depth - 1) + " / (1.0 + " + scalar(depth - 1) + " ** 2))";
            case 5 -> "jnp.tanh(" + scalar(depth - 1) + ") ** 2";
            case 6 -> "jnp.where(" + scalar(depth - 1) + " > 0.1, " + scalar(depth - 1) + ", " + scalar(depth - 1) + ")";
            case 7 -> callHelper(depth, false);
            case 8 -> reduce(vector(depth - 1));
            case 9 -> "(" + vector(depth - 1) + " @ " + vector(depth - 1) + ")";
            case 10 -> vector(depth - 1) + "[" + rnd.nextInt(size) + "]";
            default -> "jnp.sum(" + vector(depth - 1) + "[1:] * " + scalar(depth - 1) + ")";
        };
    }

    /** A vector expression (shape (size,)). */
    private String vector(int depth) {
        if (depth <= 0 || rnd.nextInt(4) == 0) {
            Var v = pick(true);
            return v != null ? v.name : "(jnp.ones(" + size + ") * " + scalar(0) + ")";
        }
        return switch (rnd.nextInt(11)) {
            case 0 -> "(" + vector(depth - 1) + " + " + vector(depth - 1) + ")";
            case 1 -> "(" + vector(depth - 1) + " * " + scalar(depth - 1) + ")";
            case 2 -> "(" + vector(depth - 1) + " * " + vector(depth - 1) + ")";
            case 3 -> unary(vector(depth - 1));
            case 4 -> "(" + matrix() + " @ " + vector(depth - 1) + ")";
            case 5 -> vector(depth - 1) + ".at[" + rnd.nextInt(size) + "].set(" + scalar(depth - 1) + ")";
            case 6 -> vector(depth - 1) + ".at[" + rnd.nextInt(size) + "].add(" + scalar(depth - 1) + ")";
            case 7 -> "jnp.asarray([" + String.join(", ", scalars(depth - 1)) + "])";
            case 8 -> "jnp.flip(" + vector(depth - 1) + ")";
            case 9 -> callHelper(depth, true);
            default -> "jnp.cumsum(" + vector(depth - 1) + ")";
        };
    }

    private List<String> scalars(int depth) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            out.add(scalar(depth));
        }
        return out;
    }

    private String matrix() {
        StringBuilder b = new StringBuilder("jnp.array([");
        for (int i = 0; i < size; i++) {
            b.append(i > 0 ? ", " : "").append("[");
            for (int j = 0; j < size; j++) {
                b.append(j > 0 ? ", " : "").append(Math.round((rnd.nextDouble() - 0.5) * 100) / 100.0);
            }
            b.append("]");
        }
        return b.append("], dtype=jnp.float64)").toString();
    }

    private String unary(String e) {
        return switch (rnd.nextInt(7)) {
            case 0 -> "jnp.sin(" + e + ")";
            case 1 -> "jnp.cos(" + e + ")";
            case 2 -> "jnp.tanh(" + e + ")";
            case 3 -> "jnp.exp(jnp.tanh(" + e + "))";
            case 4 -> "jnp.log(1.0 + " + e + " ** 2)";
            case 5 -> "jnp.sqrt(1.0 + " + e + " ** 2)";
            default -> "jax.nn.sigmoid(" + e + ")";
        };
    }

    private String reduce(String v) {
        return switch (rnd.nextInt(5)) {
            case 0 -> "jnp.sum(" + v + ")";
            case 1 -> "jnp.mean(" + v + ")";
            case 2 -> "jnp.prod(" + v + ")";
            case 3 -> "jnp.sum(" + v + " ** 2)";
            default -> v + ".sum()";
        };
    }

    /** A helper function, defined once per call site: positional, keyword and default parameters. */
    private String callHelper(int depth, boolean vector) {
        String h = "helper" + helperCount++;
        List<Var> saved = new ArrayList<>(scope);
        scope.clear();
        scope.add(new Var("a", vector));
        scope.add(new Var("b", false));
        scope.add(new Var("scale", false));
        String body = vector ? vector(2) : scalar(2);
        scope.clear();
        scope.addAll(saved);
        helpers.append("def ").append(h).append("(a, b, scale=").append(constant()).append("):\n\treturn ")
                .append(body).append("\n\n\n");
        String a = vector ? vector(depth - 1) : scalar(depth - 1);
        String b = scalar(depth - 1);
        return switch (rnd.nextInt(4)) {
            case 0 -> h + "(" + a + ", " + b + ")";
            case 1 -> h + "(" + a + ", b=" + b + ")";
            case 2 -> h + "(" + a + ", " + b + ", scale=" + scalar(depth - 1) + ")";
            default -> h + "(b=" + b + ", a=" + a + ")";
        };
    }

    private String value(boolean vector, int depth) {
        return vector ? vector(depth) : scalar(depth);
    }

    // ---- statements ----

    private String function() {
        scope.add(new Var("x", vectors()));
        StringBuilder b = new StringBuilder("def f(x):\n");
        int n = 2 + rnd.nextInt(4);
        for (int i = 0; i < n; i++) {
            statement(b, "\t", 2);
        }
        b.append("\treturn ").append(vectors() && rnd.nextBoolean() ? reduce(vector(2)) : scalar(2)).append("\n");
        return b.toString();
    }

    /** A name of the scope to rebind, or a new one; sometimes the parameter itself. */
    private Var target(boolean vector) {
        Var v = pick(vector);
        if (v != null && rnd.nextInt(3) == 0) {
            return v;
        }
        Var fresh = new Var(name(vector ? "v" : "s"), vector);
        return fresh;
    }

    private void bind(StringBuilder b, String indent, Var v, String e) {
        b.append(indent).append(v.name).append(" = ").append(e).append("\n");
        if (!scope.contains(v)) {
            scope.add(v);
        }
    }

    private void statement(StringBuilder b, String indent, int nest) {
        boolean vec = vectors() && rnd.nextBoolean();
        int kind = nest <= 0 ? 0 : rnd.nextInt(10);
        switch (kind) {
            case 1 -> { // if/elif/else rebinding an existing name from its own value
                Var v = pick(vec);
                if (v == null) {
                    v = target(vec);
                    bind(b, indent, v, value(vec, 1));
                }
                b.append(indent).append("if ").append(scalar(1)).append(" > 0.2:\n");
                b.append(indent).append("\t").append(v.name).append(" = ").append(v.name).append(" * ").append(value(vec, 1)).append("\n");
                if (rnd.nextBoolean()) {
                    b.append(indent).append("elif ").append(scalar(1)).append(" < -0.5:\n");
                    b.append(indent).append("\t").append(v.name).append(" = ").append(unary(v.name)).append("\n");
                }
                b.append(indent).append("else:\n");
                b.append(indent).append("\t").append(v.name).append(" = ").append(v.name).append(" + ").append(value(vec, 1)).append("\n");
            }
            case 2 -> { // for loop accumulating, reading free variables
                Var acc = target(vec);
                if (!scope.contains(acc)) {
                    bind(b, indent, acc, value(vec, 1));
                }
                String i = name("i");
                b.append(indent).append("for ").append(i).append(" in range(").append(1 + rnd.nextInt(3)).append("):\n");
                b.append(indent).append("\t").append(acc.name).append(" = ").append(unary(acc.name)).append(" + ")
                        .append(value(vec, 1)).append("\n");
                if (rnd.nextBoolean()) {
                    statement(b, indent + "\t", nest - 1);
                }
            }
            case 3 -> { // while loop whose test and body read a free variable it does not rebind
                Var acc = target(false);
                if (!scope.contains(acc)) {
                    bind(b, indent, acc, scalar(1));
                }
                Var free = pick(false);
                String bound = free != null ? "(2.0 + jnp.tanh(" + free.name + "))" : "2.5";
                String k = name("k");
                b.append(indent).append(k).append(" = 0\n");
                b.append(indent).append("while jnp.abs(").append(acc.name).append(") < ").append(bound).append(" and ")
                        .append(k).append(" < ").append(2 + rnd.nextInt(3)).append(":\n");
                b.append(indent).append("\t").append(acc.name).append(" = ").append(acc.name).append(" * 1.3 + 0.1 * ")
                        .append(free != null ? free.name : scalar(1)).append("\n");
                b.append(indent).append("\t").append(k).append(" = ").append(k).append(" + 1\n");
            }
            case 4 -> { // a tuple or a list built, then unpacked or indexed
                Var p = new Var(name("s"), false);
                Var q = new Var(name(vec ? "v" : "s"), vec);
                String t = name("t");
                if (rnd.nextBoolean()) {
                    b.append(indent).append(t).append(" = (").append(scalar(1)).append(", ").append(value(vec, 1)).append(")\n");
                    b.append(indent).append(p.name).append(", ").append(q.name).append(" = ").append(t).append("\n");
                } else {
                    b.append(indent).append(t).append(" = [").append(scalar(1)).append("]\n");
                    b.append(indent).append(t).append(" = ").append(t).append(" + [").append(value(vec, 1)).append("]\n");
                    b.append(indent).append(p.name).append(" = ").append(t).append("[0]\n");
                    b.append(indent).append(q.name).append(" = ").append(t).append("[-1]\n");
                }
                scope.add(p);
                scope.add(q);
            }
            case 5 -> { // a dict
                String d = name("d");
                Var q = new Var(name(vec ? "v" : "s"), vec);
                b.append(indent).append(d).append(" = {'u': ").append(value(vec, 1)).append(", 'w': ").append(scalar(1)).append("}\n");
                bind(b, indent, q, d + "['u'] * " + d + "['w']");
            }
            case 6 -> { // a closure over the current names
                String c = name("c");
                Var q = new Var(name(vec ? "v" : "s"), vec);
                Var cap = pick(false);
                String captured = cap != null ? cap.name : "x" + (vectors() ? "[0]" : "");
                b.append(indent).append("def ").append(c).append("(u):\n");
                b.append(indent).append("\treturn ").append(unary("u * " + captured)).append("\n");
                bind(b, indent, q, c + "(" + value(vec, 1) + ")");
            }
            case 7 -> { // lax.fori_loop with a closure body
                Var q = new Var(name(vec ? "v" : "s"), vec);
                Var cap = pick(false);
                String captured = cap != null ? cap.name : constant();
                b.append(indent).append(q.name).append(" = jax.lax.fori_loop(0, ").append(1 + rnd.nextInt(3))
                        .append(", lambda i, c: jnp.sin(c) * ").append(captured).append(", ").append(value(vec, 1)).append(")\n");
                scope.add(q);
            }
            case 8 -> { // lax.cond: its *operands are not differentiated twice yet, so only in vector programs
                if (!vectors()) {
                    bind(b, indent, target(vec), value(vec, 2));
                    return;
                }
                Var q = new Var(name(vec ? "v" : "s"), vec);
                b.append(indent).append(q.name).append(" = jax.lax.cond(").append(scalar(1)).append(" > 0.0, lambda u: u * 2.0, ")
                        .append("lambda u: jnp.sin(u), ").append(value(vec, 1)).append(")\n");
                scope.add(q);
            }
            default -> bind(b, indent, target(vec), value(vec, 2));
        }
    }
}

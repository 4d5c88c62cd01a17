package jx.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Seeded program mutations: token deletes, swaps and duplicates, number and name changes, deep
 * nesting, indentation and encoding damage, truncation, and splices of two programs; plus small
 * generated programs over arrays. The same seed always gives the same program.
 */
final class Mutator {
    private static final Pattern TOKEN = Pattern.compile(
            "[A-Za-z_][A-Za-z_0-9]*|\\d[\\d_]*(?:\\.\\d*)?(?:[eE][+-]?\\d+)?|'[^'\\n]*'|\"[^\"\\n]*\"|\\n[ \\t]*|[ \\t]+|\\*\\*|//|==|!=|<=|>=|->|.");
    private static final String[] NUMBERS = {"0", "-1", "1", "2", "3", "0.0", "-0.0", "1e308", "1e-320", "2**31", "2**63",
        "10**10", "10**12", "-2**31", "255", "65536", "1.5", "float('nan')", "float('inf')", "3000", "100000"};
    private static final String[] NAMES = {"x", "y", "f", "jnp", "jax", "len", "range", "print", "None", "True", "lambda",
        "def", "return", "if", "else", "for", "in", "not", "and", "grad", "vmap", "jit", "sum", "shape", "at", "set", "T",
        "reshape", "zeros", "ones", "arange", "linspace", "eye", "float32", "int32", "key", "split", "lax", "scan", "tree"};
    private static final String[] JUNK = {"\0", "\t", "\r", "\uFEFF", "\u00e9", "\ud83d\ude00", "\\", "'", "\"", "\"\"\"",
        "(", ")", "[", "]", "{", "}", ":", ",", ".", "@", "=", "**", "*", "...", "#", "\f", "\u2028", "\u0301", "$", "?", "!"};
    private static final String[] GEN_UNARY = {"jnp.sin", "jnp.exp", "jnp.log", "jnp.sqrt", "jnp.tanh", "jnp.abs",
        "jnp.sum", "jnp.mean", "jnp.max", "jnp.cumsum", "jnp.sort", "jnp.transpose", "jnp.ravel", "jax.nn.relu",
        "jax.nn.softmax", "jnp.linalg.norm", "jnp.argmax", "jnp.flip", "jnp.diag", "jnp.square"};
    private static final String[] GEN_BINARY = {"+", "-", "*", "/", "//", "%", "**", "@", "<", "==", "&"};

    private final Random rnd;

    Mutator(long seed) {
        rnd = new Random(seed);
    }

    /** One program: a mutant of one or two corpus programs, or (one in eight) a generated one. */
    String next(List<String> corpus) {
        if (rnd.nextInt(8) == 0) {
            return generate();
        }
        String base = corpus.get(rnd.nextInt(corpus.size()));
        int n = 1 + rnd.nextInt(rnd.nextInt(4) == 0 ? 12 : 3);
        for (int i = 0; i < n; i++) {
            base = mutate(base, corpus);
        }
        return base;
    }

    private String mutate(String src, List<String> corpus) {
        List<String> t = tokens(src);
        if (t.isEmpty()) {
            return src + pick(JUNK);
        }
        int i = rnd.nextInt(t.size());
        switch (rnd.nextInt(12)) {
            case 0 -> t.remove(i);
            case 1 -> {
                int j = Math.min(t.size() - 1, i + 1 + rnd.nextInt(3));
                String a = t.get(i);
                t.set(i, t.get(j));
                t.set(j, a);
            }
            case 2 -> t.add(i, t.get(i));
            case 3 -> t.set(i, number(t.get(i)));
            case 4 -> t.set(i, name(t));
            case 5 -> {
                int depth = rnd.nextInt(4) == 0 ? 150 + rnd.nextInt(100) : 1 + rnd.nextInt(30);
                String[] br = rnd.nextBoolean() ? new String[] {"(", ")"} : new String[] {"[", "]"};
                t.set(i, br[0].repeat(depth) + t.get(i) + br[1].repeat(depth));
            }
            case 6 -> t.add(i, pick(JUNK));
            case 7 -> t.add(i, rnd.nextBoolean() ? "\n\t" : "\n" + " ".repeat(rnd.nextInt(9)));
            case 8 -> {
                return src.substring(0, rnd.nextInt(src.length() + 1));
            }
            case 9 -> {
                String other = corpus.get(rnd.nextInt(corpus.size()));
                String[] a = src.split("\n", -1);
                String[] b = other.split("\n", -1);
                int cut = rnd.nextInt(a.length + 1);
                StringBuilder s = new StringBuilder();
                for (int k = 0; k < cut; k++) {
                    s.append(a[k]).append('\n');
                }
                for (int k = rnd.nextInt(b.length); k < b.length; k++) {
                    s.append(b[k]).append('\n');
                }
                return s.toString();
            }
            case 10 -> t.add(i, " " + pick(GEN_BINARY) + " " + number("1"));
            default -> {
                StringBuilder s = new StringBuilder();
                for (int k = 0; k < t.size(); k++) {
                    String tok = t.get(k);
                    s.append(k == i && tok.startsWith("\n") ? tok.replace("    ", "\t") : tok);
                }
                return s.toString();
            }
        }
        return String.join("", t);
    }

    /** A small random program over arrays, so that the library sees shapes and values the corpus lacks. */
    private String generate() {
        StringBuilder s = new StringBuilder("import jax\nimport jax.numpy as jnp\n");
        int vars = 1 + rnd.nextInt(4);
        for (int v = 0; v < vars; v++) {
            s.append("v").append(v).append(" = ").append(leaf(v)).append('\n');
        }
        for (int k = 0; k < 1 + rnd.nextInt(5); k++) {
            s.append("v").append(rnd.nextInt(vars)).append(" = ").append(expr(vars, 3)).append('\n');
        }
        if (rnd.nextBoolean()) {
            s.append("def f(a):\n    return jnp.sum(").append(expr(vars, 2).replace("v0", "a")).append(")\n");
            s.append("print(jax.grad(f)(jnp.asarray(v0, dtype=jnp.float32)))\n");
        }
        s.append("print(").append(expr(vars, 2)).append(")\n");
        return s.toString();
    }

    private String leaf(int defined) {
        return switch (rnd.nextInt(6)) {
            case 0 -> "jnp.arange(" + (1 + rnd.nextInt(12)) + ")";
            case 1 -> "jnp.ones((" + (1 + rnd.nextInt(4)) + ", " + (1 + rnd.nextInt(4)) + "))";
            case 2 -> "jnp.linspace(-1, 1, " + rnd.nextInt(9) + ")";
            case 3 -> pick(NUMBERS);
            case 4 -> "jnp.array([" + pick(NUMBERS) + ", " + pick(NUMBERS) + "])";
            default -> defined > 0 ? "v" + rnd.nextInt(defined) : "jnp.zeros(3)";
        };
    }

    private String expr(int vars, int depth) {
        if (depth == 0 || rnd.nextInt(3) == 0) {
            return rnd.nextInt(4) == 0 ? leaf(0) : "v" + rnd.nextInt(vars);
        }
        return switch (rnd.nextInt(5)) {
            case 0 -> pick(GEN_UNARY) + "(" + expr(vars, depth - 1) + ")";
            case 1, 2 -> "(" + expr(vars, depth - 1) + " " + pick(GEN_BINARY) + " " + expr(vars, depth - 1) + ")";
            case 3 -> expr(vars, depth - 1) + "[" + (rnd.nextInt(5) - 2) + (rnd.nextBoolean() ? ":" : "") + "]";
            default -> expr(vars, depth - 1) + ".reshape(" + (rnd.nextInt(5) - 1) + ")";
        };
    }

    private String number(String old) {
        return rnd.nextInt(4) == 0 && old.matches("\\d+") ? String.valueOf(Long.parseLong(old.replace("_", "")
                .substring(0, Math.min(old.length(), 17))) * (rnd.nextBoolean() ? -1 : 1000003)) : pick(NUMBERS);
    }

    private String name(List<String> t) {
        if (rnd.nextBoolean()) {
            return pick(NAMES);
        }
        List<String> names = new ArrayList<>();
        for (String s : t) {
            if (Character.isLetter(s.charAt(0)) || s.charAt(0) == '_') {
                names.add(s);
            }
        }
        return names.isEmpty() ? pick(NAMES) : names.get(rnd.nextInt(names.size()));
    }

    private String pick(String[] xs) {
        return xs[rnd.nextInt(xs.length)];
    }

    private static List<String> tokens(String src) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(src);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }
}

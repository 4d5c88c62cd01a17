package jx.adprop;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jx.diag.JxException;
import jx.run.Config;
import jx.run.Session;

/**
 * Runs the checks of generated programs in one JVM, under x64: jax.grad against float64 central
 * finite differences of f, and for scalar functions jax.grad(jax.grad(f)) against finite
 * differences of jax.grad(f). A derivative that disagrees with them where a second step size
 * agrees with the first is wrong; where it does not, the point is not smooth enough to judge (a
 * branch or a loop's count changes within the step) and the program is set aside, as it is where
 * f itself is inf or nan there.
 */
final class AdCheck {
    enum Outcome { RIGHT, WRONG, NOT_SMOOTH, NOT_FINITE, REJECTED, INTERNAL }

    record Result(long seed, Outcome outcome, String detail, String program) {}

    record Report(int programs, double seconds, List<Result> results) {
        long count(Outcome o) {
            return results.stream().filter(r -> r.outcome() == o).count();
        }

        /** Why programs were rejected: each first line of an error, with its count. */
        Map<String, Integer> reasons() {
            Map<String, Integer> out = new TreeMap<>();
            for (Result r : results) {
                if (r.outcome() == Outcome.REJECTED || r.outcome() == Outcome.NOT_SMOOTH || r.outcome() == Outcome.NOT_FINITE) {
                    out.merge(r.outcome() + ": " + r.detail(), 1, Integer::sum);
                }
            }
            return out;
        }
    }

    /**
     * The checking code after f: _judge prints RIGHT, NOT_SMOOTH or WRONG with the values. The
     * finite differences take step 1e-5, and 1e-4 to judge a disagreement (their errors, h**2 f''',
     * are far below the tolerance for these functions of O(1) values).
     */
    private static final String JUDGE = """
            def _fd(fn, x, h):
            \tif jnp.ndim(x) == 0:
            \t\treturn (fn(x + h) - fn(x - h)) / (2.0 * h)
            \te = jnp.eye(jnp.size(x), dtype=jnp.float64)
            \treturn jnp.stack([(fn(x + h * e[i]) - fn(x - h * e[i])) / (2.0 * h) for i in range(jnp.size(x))])


            def _judge(what, got, fn, x):
            \ta = _fd(fn, x, 1e-5)
            \tscale = 1.0 + jnp.max(jnp.abs(a))
            \tif not bool(jnp.all(jnp.isfinite(a))):
            \t\tprint("NOT_FINITE", what)
            \telif jnp.max(jnp.abs(got - a)) <= 1e-6 * scale:
            \t\tprint("RIGHT", what)
            \telif jnp.max(jnp.abs(a - _fd(fn, x, 1e-4))) > 1e-6 * scale:
            \t\tprint("NOT_SMOOTH", what)
            \telse:
            \t\tprint("WRONG", what, "got", got, "finite differences", a)

            """;

    /** The check program for p: its source, the judge, and the checks that apply to its input. */
    static String checks(ProgramGenerator.Program p) {
        StringBuilder b = new StringBuilder(p.source()).append("\n\n").append(JUDGE);
        b.append("_x = ").append(p.inputExpr()).append("\n");
        b.append("_judge('grad', jax.grad(f)(_x), f, _x)\n");
        if (p.size() == 0) {
            b.append("_judge('grad(grad)', jax.grad(jax.grad(f))(_x), jax.grad(f), _x)\n");
        }
        return b.toString();
    }

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8);
    private Session session;
    private int runs;

    Result check(ProgramGenerator.Program p) {
        // A fresh session now and then: each program's derived code is cached in its session.
        if (session == null || runs++ % 250 == 0) {
            session = new Session(new Config("cpu", true, List.of(), out));
        }
        captured.reset();
        String program = checks(p);
        try {
            session.runSource(program, "<adprop>");
        } catch (JxException e) {
            String msg = e.getMessage();
            String line = msg.lines().filter(l -> l.contains("error: ")).findFirst().orElse(msg.lines().findFirst().orElse(""));
            String what = line.substring(line.indexOf("error: ") + Math.min(line.length() - line.indexOf("error: "), 7));
            boolean internal = msg.contains("internal error")
                    || what.contains("UnboundLocalError") || what.contains("referenced before assignment");
            session = null;
            return new Result(p.seed(), internal ? Outcome.INTERNAL : Outcome.REJECTED, what, program);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        Outcome o = Outcome.RIGHT;
        for (String l : text.lines().toList()) {
            if (l.startsWith("WRONG")) {
                return new Result(p.seed(), Outcome.WRONG, l, program);
            }
            if (l.startsWith("NOT_SMOOTH")) {
                o = Outcome.NOT_SMOOTH;
            }
            if (l.startsWith("NOT_FINITE") && o == Outcome.RIGHT) {
                o = Outcome.NOT_FINITE;
            }
        }
        String why = switch (o) {
            case NOT_SMOOTH -> "finite differences of two step sizes disagree";
            case NOT_FINITE -> "f is inf or nan near the point: no finite differences to compare";
            default -> "";
        };
        return new Result(p.seed(), o, why, program);
    }

    /** Programs seed, seed + 1, ... seed + n - 1. */
    static Report run(long seed, int n) {
        AdCheck c = new AdCheck();
        long start = System.nanoTime();
        List<Result> results = new ArrayList<>();
        for (long s = seed; s < seed + n; s++) {
            results.add(c.check(ProgramGenerator.generate(s)));
        }
        return new Report(n, (System.nanoTime() - start) / 1e9, results);
    }
}

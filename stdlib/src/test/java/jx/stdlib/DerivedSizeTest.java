package jx.stdlib;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import jx.core.Core;
import jx.run.Config;
import jx.run.Session;
import jx.eval.Values;

/** Derived programs grow linearly with their source: a 200-operation chain stays within 10x. */
class DerivedSizeTest {
    private static final String[] STEPS = {
        "x = x + 0.1 * jnp.sin(x)", "x = x * 1.01 - 0.001 * x * x", "x = x + 0.05 * jnp.tanh(x)",
        "x = x / (1.0 + 0.01 * x * x)", "x = x + 0.01 * jnp.exp(-x * x)",
    };

    static int nodes(Core.Code code) {
        return stmts(code.body());
    }

    private static int stmts(List<Core.Stmt> body) {
        int n = 0;
        for (Core.Stmt s : body) {
            n += 1 + switch (s) {
                case Core.Bind b -> expr(b.value());
                case Core.Eval e -> expr(e.expr());
                case Core.Return r -> expr(r.value());
                case Core.If i -> i.tests().stream().mapToInt(DerivedSizeTest::expr).sum()
                        + i.bodies().stream().mapToInt(DerivedSizeTest::stmts).sum() + stmts(i.orElse());
                case Core.For f -> expr(f.iter()) + stmts(f.body());
                case Core.While w -> expr(w.test()) + stmts(w.body());
                default -> 0;
            };
        }
        return n;
    }

    private static int expr(Core e) {
        int[] n = {0};
        count(e, n);
        return n[0];
    }

    private static void count(Core e, int[] n) {
        if (e == null) {
            return;
        }
        n[0]++;
        switch (e) {
            case Core.Binary b -> {
                count(b.left(), n);
                count(b.right(), n);
            }
            case Core.Unary u -> count(u.operand(), n);
            case Core.Call c -> {
                count(c.fn(), n);
                c.args().forEach(a -> count(a.value(), n));
            }
            case Core.Attr a -> count(a.obj(), n);
            case Core.Index i -> {
                count(i.obj(), n);
                i.index().forEach(x -> count(x, n));
            }
            case Core.MakeTuple t -> t.items().forEach(x -> count(x, n));
            case Core.IfExp i -> {
                count(i.test(), n);
                count(i.body(), n);
                count(i.orElse(), n);
            }
            default -> { }
        }
    }

    @Test
    void aChainOf200OperationsHasADerivedProgramOfAtMostTenTimesItsNodes() {
        StringBuilder src = new StringBuilder("def chain(x):\n");
        for (int i = 0; i < 200; i++) {
            src.append('\t').append(STEPS[i % STEPS.length]).append('\n');
        }
        src.append("\treturn jnp.sum(x)\ng = jax.grad(chain)\nv = g(jnp.linspace(0.0, 1.0, 4))\n");
        Session s = new Session(new Config("cpu", false, List.of(), System.out));
        s.runSource(src.toString(), "<chain>");
        int source = nodes(((Values.Closure) s.names().get("chain")).code());
        int derived = nodes(((Values.Transformed) s.names().get("g")).derived().code());
        assertTrue(derived <= 10 * source, "derived program has " + derived + " nodes for a source of " + source);
        assertTrue(derived > source, "the derived program cannot be smaller than the forward pass: " + derived);
    }
}

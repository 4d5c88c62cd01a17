package jx.jit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jx.array.Array;
import jx.array.Fused;
import jx.array.HostData;

/**
 * A compiled program as jx source, for jx.show(jax.jit(f)): one assignment per kernel call or fused
 * loop (a fused loop is one expression, marked so), in the order they run.
 */
final class JxText {
    private JxText() {}

    static String program(String name, List<String> params, Program p, Tracer tr, Object template) {
        Map<Node, String> names = new HashMap<>();
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < p.inputs(); i++) {
            inputs.add(params.size() == p.inputs() ? params.get(i) : "x" + i);
        }
        StringBuilder sb = new StringBuilder();
        sb.append("def ").append(name.equals("<lambda>") ? "_lambda" : name).append('(')
                .append(String.join(", ", inputs)).append("):\n");
        int loops = 0;
        int calls = 0;
        int temp = 0;
        for (Node n : p.nodes()) {
            String text = switch (n.op) {
                case Node.Op.Input in -> inputs.get(in.index());
                case Node.Op.Const c -> constant(n);
                default -> null;
            };
            if (text != null) {
                names.put(n, text);
                continue;
            }
            String expr = expression(n, names);
            String v = "t" + temp++;
            names.put(n, v);
            boolean fused = n.op instanceof Node.Op.Group;
            if (fused) {
                loops++;
            } else {
                calls++;
            }
            sb.append("    ").append(v).append(" = ").append(expr).append(fused ? "  # one fused loop" : "").append('\n');
        }
        List<String> outs = new ArrayList<>();
        int[] k = {0};
        Leaves.map(template, leaf -> {
            outs.add(leaf instanceof Array a && a.backend() == tr ? names.get(p.outputs().get(k[0]++))
                    : jx.eval.Printer.repr(leaf));
            return leaf;
        });
        sb.append("    return ").append(outs.size() == 1 ? outs.get(0) : String.join(", ", outs)).append('\n');
        return "# staged: " + loops + " fused loop" + (loops == 1 ? "" : "s") + ", " + calls + " other kernel call"
                + (calls == 1 ? "" : "s") + "\n" + sb.toString().stripTrailing();
    }

    private static String constant(Node n) {
        if (n.size == 1) {
            HostData h = ((Node.Op.Const) n.op).value() instanceof jx.array.Backend.Buffer b
                    ? Array.of(tracerless(), b, new int[0], false).toHost() : null;
            return h == null ? "const" : jx.array.format.NumpyFormat.str(h);
        }
        return "const_" + Jaxpr.type(n.dtype, n.shape).replace('[', '_').replace(",", "x").replace("]", "");
    }

    private static jx.array.Backend tracerless() {
        return jx.array.ArrayContext.current().backend() instanceof Tracer t ? t.real() : jx.array.ArrayContext.current().backend();
    }

    private static String expression(Node n, Map<Node, String> names) {
        return switch (n.op) {
            case Node.Op.Group g -> group(g, names);
            case Node.Op.Unary u -> unary(u.op(), names.get(u.a()));
            case Node.Op.Binary b -> binary(b.op(), read(b.a(), b.aStrides(), names), read(b.b(), b.bStrides(), names));
            case Node.Op.Ternary t -> t.op() == jx.array.Backend.TernaryOp.SELECT
                    ? "jnp.where(" + names.get(t.a()) + ", " + names.get(t.b()) + ", " + names.get(t.c()) + ")"
                    : "jnp.clip(" + names.get(t.a()) + ", " + names.get(t.b()) + ", " + names.get(t.c()) + ")";
            case Node.Op.Reduce r -> reduce(r.op(), names.get(r.a()), Jaxpr.reducedAxes(r.a().shape, r.outer(), r.n()));
            case Node.Op.Matmul m -> names.get(m.a()) + " @ " + names.get(m.b());
            case Node.Op.Cast c -> names.get(c.a()) + ".astype(jnp." + n.dtype + ")";
            default -> "lax." + n.op.getClass().getSimpleName().toLowerCase() + "("
                    + n.op.operands().stream().map(names::get).collect(Collectors.joining(", ")) + ")";
        };
    }

    private static String group(Node.Op.Group g, Map<Node, String> names) {
        Fused f = g.kernel();
        List<String> regs = new ArrayList<>();
        for (Fused.Step s : f.steps()) {
            regs.add(switch (s) {
                case Fused.Load l -> read(g.inputs().get(l.input()), f.inputStrides().get(l.input()), names);
                case Fused.Unary u -> unary(u.op(), regs.get(u.a()));
                case Fused.Binary b -> "(" + binary(b.op(), regs.get(b.a()), regs.get(b.b())) + ")";
                case Fused.Ternary t -> "jnp.clip(" + regs.get(t.a()) + ", " + regs.get(t.b()) + ", " + regs.get(t.c()) + ")";
                case Fused.Cast c -> regs.get(c.a()) + ".astype(jnp." + c.out() + ")";
                case Fused.RowReduce r -> {
                    String red = reduce(r.op(), strip(regs.get(r.a())), new int[] {-1});
                    yield red.substring(0, red.length() - 1) + ", keepdims=True)";
                }
            });
        }
        String e = strip(regs.get(regs.size() - 1));
        Fused.Reduction r = f.reduction();
        return r == null ? e : reduce(r.op(), e, Jaxpr.reducedAxes(f.shape(), r.outer(), r.n()));
    }

    /** e without the parentheses around it, where a binary operation put them. */
    private static String strip(String e) {
        return e.startsWith("(") && e.endsWith(")") ? e.substring(1, e.length() - 1) : e;
    }

    /** An operand as jx would broadcast it: a reduced row vector read along rows gains its trailing axes back. */
    private static String read(Node x, int[] strides, Map<Node, String> names) {
        String v = names.get(x);
        int r = x.shape.length;
        if (r == 0 || r >= strides.length) {
            return v;
        }
        for (int d = 0; d < strides.length; d++) {
            if ((strides[d] != 0) != (d < r)) {
                return v;
            }
        }
        return v + "[" + ":, ".repeat(r) + String.join(", ", java.util.Collections.nCopies(strides.length - r, "None")) + "]";
    }

    private static String reduce(jx.array.Backend.ReduceOp op, String x, int[] axes) {
        String fn = switch (op) {
            case SUM -> "jnp.sum";
            case PROD -> "jnp.prod";
            case MAX -> "jnp.max";
            case MIN -> "jnp.min";
            case ARGMAX -> "jnp.argmax";
            case ARGMIN -> "jnp.argmin";
            case ANY -> "jnp.any";
            case ALL -> "jnp.all";
        };
        String ax = axes == null ? "" : axes.length == 1 ? ", axis=" + axes[0]
                : ", axis=(" + java.util.Arrays.stream(axes).mapToObj(Integer::toString).collect(Collectors.joining(", ")) + ")";
        return fn + "(" + x + ax + ")";
    }

    private static String unary(jx.array.Backend.UnaryOp op, String x) {
        return switch (op) {
            case NEG -> "-" + x;
            case SIGMOID -> "jax.nn.sigmoid(" + x + ")";
            case LOGICAL_NOT -> "jnp.logical_not(" + x + ")";
            case BIT_NOT -> "jnp.invert(" + x + ")";
            default -> "jnp." + op.toString().toLowerCase() + "(" + x + ")";
        };
    }

    private static String binary(jx.array.Backend.BinaryOp op, String x, String y) {
        return switch (op) {
            case ADD -> x + " + " + y;
            case SUB -> x + " - " + y;
            case MUL -> x + " * " + y;
            case DIV -> x + " / " + y;
            case FLOORDIV -> x + " // " + y;
            case MOD -> x + " % " + y;
            case POW -> x + " ** " + y;
            case EQ -> x + " == " + y;
            case NE -> x + " != " + y;
            case LT -> x + " < " + y;
            case LE -> x + " <= " + y;
            case GT -> x + " > " + y;
            case GE -> x + " >= " + y;
            case AND -> x + " & " + y;
            case OR -> x + " | " + y;
            case XOR -> x + " ^ " + y;
            default -> "jnp." + (op == jx.array.Backend.BinaryOp.MAX ? "maximum" : op == jx.array.Backend.BinaryOp.MIN
                    ? "minimum" : op.toString().toLowerCase()) + "(" + x + ", " + y + ")";
        };
    }
}

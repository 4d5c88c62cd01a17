package jx.jit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jx.array.Array;
import jx.array.DType;
import jx.array.format.PyFormat;

/**
 * A staged program in JAX's jaxpr text form ({@code jax.make_jaxpr}): JAX's primitive names and
 * parameters, variables a, b, ..., z, ba, ..., scalar constants as typed literals ({@code 2.0:f32[]}),
 * captured arrays as constvars before the ';', nested jitted calls as pjit, one line when it fits
 * in 80 columns and one equation per line otherwise. The printing follows JAX 0.4.30.
 */
final class Jaxpr {
    private static final int WIDTH = 80;

    private final Tracer tr;
    private final Map<Node, String> names = new HashMap<>();
    private int counter;

    private Jaxpr(Tracer tr) {
        this.tr = tr;
    }

    static String print(Tracer tr, List<Node> inputs, List<Node> outputs, Object output) {
        Jaxpr j = new Jaxpr(tr);
        List<Node> consts = new ArrayList<>();
        for (Node n : Simplify.live(tr.nodes, outputs)) {
            if ((n.op instanceof Node.Op.Host || n.op instanceof Node.Op.Const) && j.literal(n) == null) {
                consts.add(n);
            }
        }
        List<Object> outAtoms = new ArrayList<>();
        Leaves.map(output, leaf -> {
            outAtoms.add(leaf);
            return leaf;
        });
        return j.jaxpr(consts, inputs, 0, tr.nodes.size(), null, outAtoms, outputs, "");
    }

    /** The text of the nodes in [from, to) as a jaxpr with these binders and outputs. */
    private String jaxpr(List<Node> consts, List<Node> inputs, int from, int to, Tracer.Region self, List<Object> outLeaves,
            List<Node> outputs, String indent) {
        String constBinders = consts.stream().map(this::binder).collect(Collectors.joining(" "));
        String binders = inputs.stream().map(this::binder).collect(Collectors.joining(" "));
        List<String> eqns = new ArrayList<>();
        List<Node> live = Simplify.live(tr.nodes, outputs);
        boolean[] needed = new boolean[tr.nodes.size()];
        for (Node n : live) {
            needed[n.id] = true;
        }
        int i = from;
        while (i < to) {
            Tracer.Region r = regionAt(i, to, self);
            if (r != null) {
                if (r.outputs().stream().anyMatch(o -> needed[o.id])) {
                    eqns.add(pjit(r, indent + "    "));
                }
                i = r.end();
                continue;
            }
            Node n = tr.nodes.get(i++);
            if (needed[n.id] && !(n.op instanceof Node.Op.Input) && !names.containsKey(n) && literal(n) == null) {
                eqns.addAll(equation(n));
            }
        }
        List<String> outs = new ArrayList<>();
        int k = 0;
        for (Object leaf : outLeaves) {
            if (leaf instanceof Array a && a.backend() == tr) {
                Node n = outputs.get(k++);
                String atom = atom(n);
                if (!Arrays.equals(n.shape, a.shape())) {
                    String v = fresh();
                    eqns.add(v + ":" + type(n.dtype, a.shape()) + " = reshape[dimensions=None new_sizes=" + tuple(a.shape())
                            + "] " + atom);
                    atom = v;
                }
                outs.add(atom);
            } else {
                outs.add(pyLiteral(leaf));
            }
        }
        String head = "{ lambda " + constBinders + (constBinders.isEmpty() ? "; " : "; ") + binders + ". let";
        String tail = "in (" + String.join(", ", outs) + (outs.size() == 1 ? ",)" : ")") + " }";
        String one = head + (eqns.isEmpty() ? "" : " " + String.join(" ", eqns)) + " " + tail;
        if (!one.contains("\n") && indent.length() + one.length() <= WIDTH) {
            return one;
        }
        StringBuilder sb = new StringBuilder(head).append('\n');
        for (String e : eqns) {
            sb.append(indent).append("    ").append(e).append('\n');
        }
        return sb.append(indent).append("  ").append(tail).toString();
    }

    private Tracer.Region regionAt(int i, int to, Tracer.Region self) {
        Tracer.Region best = null;
        for (Tracer.Region r : tr.regions) {
            if (r != self && r.first() == i && r.end() <= to && r.end() > i && (best == null || r.end() > best.end())) {
                best = r;
            }
        }
        return best;
    }

    private String pjit(Tracer.Region r, String indent) {
        // JAX names the call's results before the body's variables.
        List<String> outNames = r.outputs().stream().map(o -> fresh()).toList();
        List<String> outBinders = new ArrayList<>();
        for (int i = 0; i < outNames.size(); i++) {
            Node o = r.outputs().get(i);
            outBinders.add(outNames.get(i) + ":" + type(o.dtype, o.shape));
        }
        String args = r.inputs().stream().map(this::atom).collect(Collectors.joining(" "));
        List<Object> outLeaves = new ArrayList<>();
        for (Node o : r.outputs()) {
            outLeaves.add(Array.of(tr, o, o.shape, false));
        }
        Map<Node, String> saved = new HashMap<>(names);
        for (Node in : r.inputs()) {
            names.remove(in);
        }
        String inner = jaxpr(List.of(), r.inputs(), r.first(), r.end(), r, outLeaves, r.outputs(), indent + "  ");
        // Outside, the inputs keep their outer names and the results are the call's binders.
        names.putAll(saved);
        for (int i = 0; i < outNames.size(); i++) {
            names.put(r.outputs().get(i), outNames.get(i));
        }
        String line = String.join(" ", outBinders) + " = pjit[name=" + r.name() + " jaxpr=" + inner + "] " + args;
        if (!line.contains("\n") && indent.length() + line.length() <= WIDTH) {
            return line;
        }
        return String.join(" ", outBinders) + " = pjit[\n" + indent + "  name=" + r.name() + "\n" + indent + "  jaxpr="
                + inner + "\n" + indent + "] " + args;
    }

    private String fresh() {
        int n = counter++;
        StringBuilder sb = new StringBuilder();
        do {
            sb.insert(0, (char) ('a' + n % 26));
            n /= 26;
        } while (n > 0);
        return sb.toString();
    }

    private String binder(Node n) {
        String v = fresh();
        names.put(n, v);
        return v + ":" + type(n.dtype, n.shape);
    }

    private String atom(Node n) {
        String lit = literal(n);
        if (lit != null) {
            return lit;
        }
        String v = names.get(n);
        if (v == null) {
            throw new IllegalStateException("jaxpr: %" + n.id + " used before it is defined");
        }
        return v;
    }

    /** A one-element constant as JAX's typed literal, or null. */
    private String literal(Node n) {
        if (n.size != 1 || n.shape.length > 1) {
            return null;
        }
        Object v = scalar(n);
        return v == null ? null : value(v, n.dtype) + ":" + type(n.dtype, new int[0]);
    }

    private static Object scalar(Node n) {
        return switch (n.op) {
            case Node.Op.Fill f -> f.isFloat() ? (Object) f.value() : (Object) f.bits();
            case Node.Op.Cast c when c.a().size == 1 -> scalar(c.a());
            default -> null;
        };
    }

    private static String value(Object v, DType d) {
        double x = v instanceof Double dv ? dv : ((Long) v).doubleValue();
        if (d == DType.BOOL) {
            return x != 0 ? "True" : "False";
        }
        if (d.isFloat()) {
            return PyFormat.reprFloat(d == DType.FLOAT32 ? (double) (float) x : x);
        }
        return Long.toString(v instanceof Long l ? l : (long) x);
    }

    private static String pyLiteral(Object leaf) {
        return switch (leaf) {
            case Long l -> l + ":i32[]";
            case Double d -> PyFormat.reprFloat(d) + ":f32[]";
            case Boolean b -> (b ? "True" : "False") + ":bool[]";
            default -> String.valueOf(leaf);
        };
    }

    static String type(DType d, int[] shape) {
        return abbrev(d) + "[" + Arrays.stream(shape).mapToObj(Integer::toString).collect(Collectors.joining(",")) + "]";
    }

    private static String abbrev(DType d) {
        return switch (d.toString()) {
            case "float32" -> "f32";
            case "float64" -> "f64";
            case "float16" -> "f16";
            case "bfloat16" -> "bf16";
            case "int32" -> "i32";
            case "int64" -> "i64";
            case "int16" -> "i16";
            case "int8" -> "i8";
            case "uint32" -> "u32";
            case "uint8" -> "u8";
            case "uint16" -> "u16";
            case "complex128" -> "c128";
            case "bool" -> "bool";
            case "complex64" -> "c64";
            default -> d.toString();
        };
    }

    private static String tuple(int[] xs) {
        if (xs.length == 1) {
            return "(" + xs[0] + ",)";
        }
        return "(" + Arrays.stream(xs).mapToObj(Integer::toString).collect(Collectors.joining(", ")) + ")";
    }

    /** The output shape of reducing the middle of an (outer, n, inner) view of shape: the axes that make up n removed. */
    static int[] reducedShape(int[] shape, int outer, int n, int inner) {
        int[] axes = reducedAxes(shape, outer, n);
        if (axes == null) {
            return inner == 1 ? new int[] {outer} : new int[] {outer, inner};
        }
        List<Integer> out = new ArrayList<>();
        for (int d = 0; d < shape.length; d++) {
            if (d < axes[0] || d > axes[axes.length - 1]) {
                out.add(shape[d]);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The axes of shape that an (outer, n, inner) reduction reduces, or null where the view does not split shape so. */
    static int[] reducedAxes(int[] shape, int outer, int n) {
        int prod = 1;
        int start = 0;
        while (start < shape.length && prod < outer) {
            prod *= shape[start++];
        }
        if (prod != outer) {
            return null;
        }
        int end = start;
        int m = 1;
        while (end < shape.length && (m < n || end == start)) {
            m *= shape[end++];
            if (m == n) {
                break;
            }
        }
        if (m != n) {
            return n == 1 ? new int[0] : null;
        }
        int[] axes = new int[end - start];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = start + i;
        }
        return axes;
    }

    /** The equations of one node: broadcasts of its operands, then its primitive. */
    private List<String> equation(Node n) {
        List<String> pre = new ArrayList<>();
        String rhs = switch (n.op) {
            case Node.Op.Fill f -> "broadcast_in_dim[broadcast_dimensions=() shape=" + tuple(n.shape) + "] "
                    + value(f.isFloat() ? (Object) f.value() : (Object) f.bits(), n.dtype) + ":" + type(n.dtype, new int[0]);
            case Node.Op.Iota i -> "iota[dimension=0 dtype=" + n.dtype + " shape=" + tuple(n.shape) + "]";
            case Node.Op.Cast c -> "convert_element_type[new_dtype=" + n.dtype + " weak_type=False] " + atom(c.a());
            case Node.Op.Unary u -> unary(u, n);
            case Node.Op.Binary b -> {
                String x = operand(b.a(), b.aStrides(), b.shape(), pre);
                String y = operand(b.b(), b.bStrides(), b.shape(), pre);
                Object lit = scalar(b.b());
                if (b.op() == jx.array.Backend.BinaryOp.POW && lit != null && integral(b.b())) {
                    yield "integer_pow[y=" + (long) ((Number) lit).doubleValue() + "] " + x;
                }
                yield binaryName(b.op()) + " " + x + " " + y;
            }
            case Node.Op.Ternary t -> {
                String x = operand(t.a(), t.aStrides(), t.shape(), pre);
                String y = operand(t.b(), t.bStrides(), t.shape(), pre);
                String z = operand(t.c(), t.cStrides(), t.shape(), pre);
                yield t.op() == jx.array.Backend.TernaryOp.SELECT ? "select_n " + x + " " + z + " " + y
                        : "clamp " + y + " " + x + " " + z;
            }
            case Node.Op.Reduce r -> {
                int[] axes = reducedAxes(r.a().shape, r.outer(), r.n());
                String ax = axes == null ? "(1,)" : tuple(axes);
                yield switch (r.op()) {
                    case SUM -> "reduce_sum[axes=" + ax + "]";
                    case PROD -> "reduce_prod[axes=" + ax + "]";
                    case MAX -> "reduce_max[axes=" + ax + "]";
                    case MIN -> "reduce_min[axes=" + ax + "]";
                    case ANY -> "reduce_or[axes=" + ax + "]";
                    case ALL -> "reduce_and[axes=" + ax + "]";
                    case ARGMAX -> "argmax[axes=" + ax + " index_dtype=" + n.dtype + "]";
                    case ARGMIN -> "argmin[axes=" + ax + " index_dtype=" + n.dtype + "]";
                } + " " + atom(r.a());
            }
            case Node.Op.Scan s -> {
                int[] axes = reducedAxes(s.a().shape, s.outer(), s.n());
                int axis = axes == null || axes.length != 1 ? 0 : axes[0];
                yield (s.op() == jx.array.Backend.ScanOp.CUMSUM ? "cumsum" : "cumprod") + "[axis=" + axis
                        + " reverse=False] " + atom(s.a());
            }
            case Node.Op.Matmul m -> {
                boolean batched = m.batch() > 1;
                int lc = batched ? 2 : m.a().shape.length - 1;
                int rc = batched ? 1 : 0;
                String dims = "(([" + lc + "], [" + rc + "]), (" + (batched ? "[0], [0]" : "[], []") + "))";
                yield "dot_general[dimension_numbers=" + dims + " precision=None preferred_element_type=" + n.dtype + "] "
                        + atom(m.a()) + " " + atom(m.b());
            }
            case Node.Op.Copy c -> copy(c, n);
            case Node.Op.Gather g -> "gather " + atom(g.a()) + " " + atom(g.index());
            case Node.Op.Scatter s -> (s.op() == jx.array.Backend.ScatterOp.SET ? "scatter" : "scatter-"
                    + s.op().toString().toLowerCase()) + " " + atom(s.a()) + " " + atom(s.index()) + " " + atom(s.updates());
            case Node.Op.Concat c -> "concatenate[dimension=" + (c.outer() == 1 ? 0 : 1) + "] "
                    + c.parts().stream().map(this::atom).collect(Collectors.joining(" "));
            case Node.Op.Group g -> "fused";
            case Node.Op.Input in -> throw new IllegalStateException("input");
            case Node.Op.Host h -> throw new IllegalStateException("constant");
            case Node.Op.Const k -> throw new IllegalStateException("constant");
        };
        pre.add(binder(n) + " = " + rhs);
        return pre;
    }

    private static boolean integral(Node lit) {
        Node n = lit;
        while (n.op instanceof Node.Op.Cast c) {
            n = c.a();
        }
        return n.op instanceof Node.Op.Fill f && !f.isFloat();
    }

    /** An operand read at strides over shape: itself, or a broadcast_in_dim of it where it has fewer dimensions. */
    private String operand(Node x, int[] strides, int[] shape, List<String> pre) {
        String a = atom(x);
        if (literal(x) != null || x.shape.length == shape.length || x.shape.length == 0) {
            return a;
        }
        List<Integer> dims = new ArrayList<>();
        int[] to = new int[shape.length];
        for (int d = 0; d < shape.length; d++) {
            to[d] = strides[d] == 0 ? 1 : shape[d];
            if (strides[d] != 0) {
                dims.add(d);
            }
        }
        if (dims.size() != x.shape.length) {
            return a;
        }
        String v = fresh();
        pre.add(v + ":" + type(x.dtype, to) + " = broadcast_in_dim[broadcast_dimensions="
                + tuple(dims.stream().mapToInt(Integer::intValue).toArray()) + " shape=" + tuple(to) + "] " + a);
        return v;
    }

    private String copy(Node.Op.Copy c, Node n) {
        int[] in = c.a().shape;
        int[] st = c.strides();
        boolean zero = Arrays.stream(st).anyMatch(s -> s == 0);
        if (zero) {
            List<Integer> dims = new ArrayList<>();
            for (int d = 0; d < st.length; d++) {
                if (st[d] != 0) {
                    dims.add(d);
                }
            }
            return "broadcast_in_dim[broadcast_dimensions=" + tuple(dims.stream().mapToInt(Integer::intValue).toArray())
                    + " shape=" + tuple(c.shape()) + "] " + atom(c.a());
        }
        int[] contiguous = new int[in.length];
        int s = 1;
        for (int d = in.length - 1; d >= 0; d--) {
            contiguous[d] = s;
            s *= in[d];
        }
        if (c.offset() == 0 && st.length == in.length) {
            int[] perm = new int[st.length];
            boolean isPerm = true;
            for (int d = 0; d < st.length && isPerm; d++) {
                perm[d] = -1;
                for (int e = 0; e < in.length; e++) {
                    if (contiguous[e] == st[d] && in[e] == c.shape()[d]) {
                        perm[d] = e;
                    }
                }
                isPerm = perm[d] >= 0;
            }
            if (isPerm) {
                return "transpose[permutation=" + tuple(perm) + "] " + atom(c.a());
            }
        }
        return "slice[start_offset=" + c.offset() + " strides=" + tuple(st) + " shape=" + tuple(c.shape()) + "] " + atom(c.a());
    }

    private String unary(Node.Op.Unary u, Node n) {
        String x = atom(u.a());
        return switch (u.op()) {
            case NEG -> "neg " + x;
            case BIT_NOT, LOGICAL_NOT -> "not " + x;
            case ABS -> "abs " + x;
            case SIGN -> "sign " + x;
            case SQUARE -> "integer_pow[y=2] " + x;
            case RECIPROCAL -> "integer_pow[y=-1] " + x;
            case EXP -> "exp " + x;
            case EXP2 -> "exp2 " + x;
            case LOG -> "log " + x;
            case LOG2 -> "log2 " + x;
            case LOG10 -> "log10 " + x;
            case LOG1P -> "log1p " + x;
            case EXPM1 -> "expm1 " + x;
            case SQRT -> "sqrt " + x;
            case RSQRT -> "rsqrt " + x;
            case SIGMOID -> "logistic " + x;
            case SIN -> "sin " + x;
            case COS -> "cos " + x;
            case TAN -> "tan " + x;
            case ARCSIN -> "asin " + x;
            case ARCCOS -> "acos " + x;
            case ARCTAN -> "atan " + x;
            case SINH -> "sinh " + x;
            case COSH -> "cosh " + x;
            case TANH -> "tanh " + x;
            case ARCSINH -> "asinh " + x;
            case ARCCOSH -> "acosh " + x;
            case ARCTANH -> "atanh " + x;
            case FLOOR -> "floor " + x;
            case CEIL -> "ceil " + x;
            case ROUND -> "round[rounding_method=1] " + x;
            case TRUNC -> "trunc " + x;
            case ISNAN -> "ne " + x + " " + x;
            case ISINF -> "is_inf " + x;
            case ISFINITE -> "is_finite " + x;
        };
    }

    private static String binaryName(jx.array.Backend.BinaryOp op) {
        return switch (op) {
            case ADD -> "add";
            case SUB -> "sub";
            case MUL -> "mul";
            case DIV -> "div";
            case FLOORDIV -> "floor_divide";
            case MOD -> "rem";
            case POW -> "pow";
            case MAX -> "max";
            case MIN -> "min";
            case ATAN2 -> "atan2";
            case EQ -> "eq";
            case NE -> "ne";
            case LT -> "lt";
            case LE -> "le";
            case GT -> "gt";
            case GE -> "ge";
            case AND -> "and";
            case OR -> "or";
            case XOR -> "xor";
        };
    }
}

package jx.stdlib;

import java.util.ArrayList;
import java.util.List;

import jx.array.Array;
import jx.eval.Builtins;
import jx.eval.EvalError;
import jx.eval.Interp;
import jx.eval.Values;

/**
 * jnp.einsum's other spellings as the one Contraction computes: the sublist form
 * einsum(a, [0, 1], b, [1, 2], [0, 2]) and `...` (the axes no letter names, broadcast from the
 * right as NumPy does), both rewritten into explicit letters with an explicit output.
 */
final class EinsumForms {
    private EinsumForms() {}

    /**
     * The explicit subscripts, the operands (a size-1 axis, named or under `...`, that broadcasts
     * against a longer one squeezed away, its letter dropped), where each operand stood among the arguments,
     * and the operands as given.
     */
    record Call(String spec, List<Array> operands, List<Integer> positions, List<Array> given) {}

    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    static Call of(Interp in, List<Object> args) {
        if (args.isEmpty()) {
            throw new EvalError("TypeError: einsum() takes a subscripts string and operands", "write jnp.einsum('ij,jk->ik', a, b)");
        }
        String spec;
        List<Array> ops = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        if (args.get(0) instanceof String s) {
            spec = s.replace(" ", "");
            for (int i = 1; i < args.size(); i++) {
                ops.add(NumpyModule.arr(in, args.get(i)));
                positions.add(i);
            }
        } else {
            // Sublists: operand, its axis numbers, ..., and optionally the output's axis numbers.
            StringBuilder sb = new StringBuilder();
            int i = 0;
            for (; i + 1 < args.size(); i += 2) {
                ops.add(NumpyModule.arr(in, args.get(i)));
                positions.add(i);
                sb.append(ops.size() > 1 ? "," : "").append(sublist(in, args.get(i + 1)));
            }
            if (i < args.size()) {
                sb.append("->").append(sublist(in, args.get(i)));
            }
            spec = sb.toString();
        }
        List<Array> given = List.copyOf(ops);
        String explicit = spec.contains(".") ? expandEllipsis(spec, ops) : spec;
        return new Call(squeezeBroadcastOnes(explicit, ops), ops, positions, given);
    }

    private static String sublist(Interp in, Object v) {
        if (v instanceof Array || v instanceof String) {
            throw new EvalError("TypeError: einsum's sublist form takes operands each followed by a list of axis numbers",
                    "write jnp.einsum(a, [0, 1], b, [1, 2], [0, 2])");
        }
        StringBuilder sb = new StringBuilder();
        for (Object o : in.list(v)) {
            if (o instanceof Values.Ellipsis) {
                sb.append("...");
                continue;
            }
            long k = Builtins.asIndex(o, "einsum sublists hold axis numbers (ints) or Ellipsis");
            if (k < 0 || k >= LETTERS.length()) {
                throw new EvalError("ValueError: einsum axis numbers must be in [0, " + LETTERS.length() + "), got " + k);
            }
            sb.append(LETTERS.charAt((int) k));
        }
        return sb.toString();
    }

    /**
     * NumPy and JAX broadcast an axis of size 1 against the same letter's longer axis in another
     * operand ("ij,jk" of (2, 1) and (3, 4) sums b over j): the axis leaves its operand and the
     * letter its subscripts. The output is made explicit first, since the implicit one depends on
     * how often each letter appears.
     */
    private static String squeezeBroadcastOnes(String spec, List<Array> ops) {
        int arrow = spec.indexOf("->");
        String lhs = arrow < 0 ? spec : spec.substring(0, arrow);
        String[] ins = lhs.split(",", -1);
        if (ins.length != ops.size()) {
            return spec;
        }
        java.util.Map<Character, Integer> most = new java.util.HashMap<>();
        for (int i = 0; i < ins.length; i++) {
            int[] shape = ops.get(i).shape();
            for (int k = 0; k < Math.min(shape.length, ins[i].length()); k++) {
                most.merge(ins[i].charAt(k), shape[k], Math::max);
            }
        }
        StringBuilder out = new StringBuilder();
        boolean squeezed = false;
        for (int i = 0; i < ins.length; i++) {
            int[] shape = ops.get(i).shape();
            if (shape.length != ins[i].length()) {
                return spec;
            }
            StringBuilder letters = new StringBuilder();
            List<Integer> kept = new ArrayList<>();
            for (int k = 0; k < shape.length; k++) {
                if (shape[k] == 1 && most.get(ins[i].charAt(k)) > 1) {
                    continue;
                }
                letters.append(ins[i].charAt(k));
                kept.add(shape[k]);
            }
            if (kept.size() < shape.length) {
                squeezed = true;
                ops.set(i, jx.array.Ops.reshape(ops.get(i), kept.stream().mapToInt(Integer::intValue).toArray()));
            }
            out.append(i > 0 ? "," : "").append(letters);
        }
        if (!squeezed) {
            return spec;
        }
        return out + "->" + (arrow >= 0 ? spec.substring(arrow + 2) : implicitOutput(lhs));
    }

    /** NumPy's output without `->`: the letters used once, in alphabetical order. */
    static String implicitOutput(String inputs) {
        StringBuilder out = new StringBuilder();
        inputs.chars().filter(Character::isLetter).sorted().distinct()
                .filter(c -> inputs.indexOf(c) == inputs.lastIndexOf(c))
                .forEach(c -> out.append((char) c));
        return out.toString();
    }

    private static String expandEllipsis(String spec, List<Array> ops) {
        int arrow = spec.indexOf("->");
        String lhs = arrow < 0 ? spec : spec.substring(0, arrow);
        String[] ins = lhs.split(",", -1);
        if (ins.length != ops.size()) {
            throw new EvalError("ValueError: einsum: " + ins.length + " operand subscripts given for " + ops.size() + " operands");
        }
        int most = 0;
        int[] counts = new int[ins.length];
        for (int i = 0; i < ins.length; i++) {
            String t = ins[i];
            int dots = t.indexOf("...");
            if (dots < 0) {
                continue;
            }
            if (t.indexOf("...", dots + 1) >= 0 || t.replace("...", "").contains(".")) {
                throw new EvalError("ValueError: einsum: each operand's subscripts may hold one '...', got '" + t + "'");
            }
            counts[i] = ops.get(i).ndim() - (t.length() - 3);
            if (counts[i] < 0) {
                throw new EvalError("ValueError: einsum: operand " + i + " has " + ops.get(i).ndim() + " axes, fewer than '" + t + "' names");
            }
            most = Math.max(most, counts[i]);
        }
        StringBuilder free = new StringBuilder();
        for (char c : LETTERS.toCharArray()) {
            if (spec.indexOf(c) < 0 && free.length() < most) {
                free.append(c);
            }
        }
        if (free.length() < most) {
            throw new EvalError("ValueError: einsum: too many axes under '...' for the letters left");
        }
        String broadcast = free.toString();
        // '...' stands for the last counts[i] broadcast letters (aligned from the right); a size-1 axis
        // among them is squeezed afterwards with the named ones (squeezeBroadcastOnes).
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < ins.length; i++) {
            String letters = broadcast.substring(most - counts[i], most);
            out.append(i > 0 ? "," : "").append(ins[i].contains("...") ? ins[i].replace("...", letters) : ins[i]);
        }
        String named = lhs.replace("...", "").replace(",", "");
        String result;
        if (arrow >= 0) {
            result = spec.substring(arrow + 2).replace("...", broadcast);
        } else {
            // NumPy's implicit output: the '...' axes, then the letters seen once, sorted.
            StringBuilder sb = new StringBuilder(broadcast);
            named.chars().distinct().sorted().filter(c -> named.chars().filter(x -> x == c).count() == 1).forEach(c -> sb.append((char) c));
            result = sb.toString();
        }
        return out + "->" + result;
    }
}

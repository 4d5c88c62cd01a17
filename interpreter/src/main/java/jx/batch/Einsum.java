package jx.batch;

import java.util.ArrayList;
import java.util.List;

import jx.core.Core;
import jx.diag.Pos;

/** jnp.einsum with batched operands: a new index letter for the batch, on each batched operand and the output. */
final class Einsum {
    private Einsum() {}

    /** The batched call, or null where the subscripts are not a literal (then it loops). */
    static Batcher.B batched(Batcher b, List<Core.Arg> raw, List<Batcher.B> values) {
        if (raw.isEmpty() || !(raw.get(0) instanceof Core.Positional) || !(values.get(0).e() instanceof Core.Lit l)
                || !(l.value() instanceof String spec) || values.get(0).b()) {
            return null;
        }
        String s = spec.replace(" ", "");
        String[] io = s.split("->", -1);
        String[] ins = io[0].split(",", -1);
        if (ins.length != raw.size() - 1 || raw.stream().anyMatch(a -> !(a instanceof Core.Positional))) {
            return null;
        }
        char letter = 0;
        for (char c : "zyxwvutsrqponmlkjihgfedcbaZYXWVUTSRQPONMLKJIHGFEDCBA".toCharArray()) {
            if (s.indexOf(c) < 0) {
                letter = c;
                break;
            }
        }
        if (letter == 0) {
            return null;
        }
        String output;
        if (io.length == 2) {
            output = io[1];
        } else {
            // The implicit output: the letters that appear once, in order (after an ellipsis, if any).
            StringBuilder sb = new StringBuilder(s.contains("...") ? "..." : "");
            String letters = io[0].replace("...", "").replace(",", "");
            letters.chars().sorted().distinct().filter(c -> letters.indexOf(c) == letters.lastIndexOf(c))
                    .forEach(c -> sb.append((char) c));
            output = sb.toString();
        }
        StringBuilder out = new StringBuilder();
        for (int k = 0; k < ins.length; k++) {
            out.append(k == 0 ? "" : ",").append(values.get(k + 1).b() ? letter + ins[k] : ins[k]);
        }
        out.append("->").append(letter).append(output);
        List<Core.Arg> args = new ArrayList<>();
        args.add(new Core.Positional(new Core.Lit(out.toString(), Pos.NONE)));
        for (int k = 1; k < values.size(); k++) {
            args.add(new Core.Positional(values.get(k).e()));
        }
        return b.bindOut(new Core.Prim(b.registry().byName("jnp.einsum"), null, args, Pos.NONE), true);
    }
}

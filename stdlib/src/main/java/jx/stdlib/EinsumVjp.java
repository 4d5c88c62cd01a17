package jx.stdlib;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jx.array.Array;
import jx.array.Ops;
import jx.eval.EvalError;
import jx.eval.Interp;
import jx.eval.PyOps;
import jx.eval.Values;

/**
 * The derivative of jnp.einsum (first order, as jx.ad.Rules.Custom): the cotangent of an operand is
 * itself an einsum, of the output's cotangent with the other operands, written back to the
 * operand's subscripts. A letter only that operand has was summed away: its cotangent is
 * broadcast back along it.
 */
final class EinsumVjp {
    private EinsumVjp() {}

    static Object vjp(Interp in, Values.Builtin einsum, List<Object> args, Map<String, Object> kw) {
        Object y = in.call(einsum, args, kw);
        EinsumForms.Call call = EinsumForms.of(in, args);
        String spec = call.spec();
        List<Object> operands = new ArrayList<>(call.operands());
        String[] sides = spec.split("->", -1);
        List<String> inputs = List.of(sides[0].split(",", -1));
        String output = sides.length > 1 ? sides[1] : EinsumForms.implicitOutput(sides[0]);
        int[] shape = PyOps.toArray(y).shape();
        return Values.Tuple.of(y, new Values.Builtin("back_einsum", (in2, g, kw2) -> {
            Array gy = Ops.broadcastTo(PyOps.toArray(g.get(0)), shape);
            List<Object> cts = new ArrayList<>(java.util.Collections.nCopies(args.size() + 1, (Object) 0.0));
            for (int i = 0; i < operands.size(); i++) {
                // An operand whose broadcast size-1 axes were squeezed gets its cotangent in its own shape.
                Object ct = cotangent(in2, einsum, gy, output, inputs, operands, i);
                int[] given = call.given().get(i).shape();
                cts.set(call.positions().get(i) + 1, java.util.Arrays.equals(PyOps.toArray(ct).shape(), given) ? ct
                        : Ops.reshape(PyOps.toArray(ct), given));
            }
            return new Values.Tuple(cts);
        }));
    }

    private static Object cotangent(Interp in, Values.Builtin einsum, Object g, String output, List<String> inputs,
            List<Object> operands, int i) {
        String mine = inputs.get(i);
        for (int k = 0; k < mine.length(); k++) {
            if (mine.indexOf(mine.charAt(k)) != k) {
                throw new EvalError("NotImplementedError: jax.grad cannot differentiate jnp.einsum over a diagonal ('"
                        + mine + "') yet", "take the diagonal with jnp.diagonal first");
            }
        }
        StringBuilder others = new StringBuilder(output);
        List<Object> args = new ArrayList<>();
        args.add(null);
        args.add(g);
        for (int j = 0; j < operands.size(); j++) {
            if (j != i) {
                others.append(',').append(inputs.get(j));
                args.add(operands.get(j));
            }
        }
        StringBuilder kept = new StringBuilder();
        for (char c : mine.toCharArray()) {
            if (others.indexOf(String.valueOf(c)) >= 0) {
                kept.append(c);
            }
        }
        args.set(0, others + "->" + kept);
        Array ct = PyOps.toArray(in.call(einsum, args, Map.of()));
        Array x = PyOps.toArray(operands.get(i));
        // Letters only this operand had: put their axes back and broadcast along them.
        for (int k = 0; k < mine.length(); k++) {
            if (kept.indexOf(String.valueOf(mine.charAt(k))) < 0) {
                ct = Ops.expandDims(ct, k);
            }
        }
        ct = Ops.broadcastTo(ct, x.shape());
        return x.dtype().isInexact() && ct.dtype() != x.dtype() ? ct.astype(x.dtype()) : ct;
    }
}

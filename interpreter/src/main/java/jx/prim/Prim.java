package jx.prim;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jx.core.Core;

/**
 * One library primitive, declared once with everything each interpretation needs: its signature,
 * its implementation (a function over Backend kernel ops, through jx.array), its derivative, its
 * tags, the domain the derivative tests sample it from, and how jax.vmap batches it.
 *
 * @param name      the qualified name derived programs print ("jnp.tanh"); operators are "op.+",
 *                  functional updates "at.set", the helpers of derived programs bare ("_unbroadcast")
 * @param function  the jx.eval.Values.Builtin that computes it (null for operators and updates,
 *                  which the evaluator computes itself)
 * @param domain    where the derivative tests draw its arguments ("-1.0, 1.0"), or null: the row's
 *                  tests give their own sample
 * @param batch     its batching rule, or null: vmap falls back to a loop over the examples (ELEMENTWISE
 *                  rows need none: they broadcast)
 */
public record Prim(String name, List<String> params, Map<String, Object> defaults, Object function,
                   Derivative derivative, Set<Tag> tags, String domain, Batching batch) implements Core.Primitive {
    public Prim {
        params = List.copyOf(params);
        defaults = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(defaults));
        tags = tags.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(tags));
    }

    public Prim(String name, List<String> params, Map<String, Object> defaults, Object function,
                Derivative derivative, Set<Tag> tags, String domain) {
        this(name, params, defaults, function, derivative, tags, domain, null);
    }

    public boolean has(Tag tag) {
        return tags.contains(tag);
    }

    /** The name after the module: "tanh" for "jnp.tanh". */
    public String member() {
        return name.substring(name.lastIndexOf('.') + 1);
    }

    /**
     * x.sum(axis=0) is jnp.sum(x, axis=0) and x.reshape(2, 3) is jnp.reshape(x, (2, 3)): an array
     * method is its primitive with the array first, for every transformation.
     */
    public Core.Prim methodCall(Core self, Core.Call c) {
        List<Core.Arg> args = new java.util.ArrayList<>();
        args.add(new Core.Positional(self));
        // x.reshape(2, 3, order="F"): the positional sizes are one shape, keywords stay keywords.
        List<Core.Arg> positional = c.args().stream().filter(a -> a instanceof Core.Positional).toList();
        boolean spread = (member().equals("reshape") || member().equals("transpose")) && positional.size() > 1
                && c.args().stream().allMatch(a -> a instanceof Core.Positional || a instanceof Core.Keyword);
        if (spread) {
            args.add(new Core.Positional(new Core.MakeTuple(positional.stream().map(Core.Arg::value).toList(), c.pos())));
            args.addAll(c.args().stream().filter(a -> !(a instanceof Core.Positional)).toList());
        } else {
            args.addAll(c.args());
        }
        return new Core.Prim(this, null, args, c.pos());
    }

    /** Rows compare by identity: each session's registry has rows of its own. */
    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}

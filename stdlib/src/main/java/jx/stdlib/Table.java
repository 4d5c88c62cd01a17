package jx.stdlib;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jx.eval.Interp;
import jx.eval.Values;
import jx.prim.Batching;
import jx.prim.Derivative;
import jx.prim.Prim;
import jx.prim.Registry;
import jx.prim.Tag;

/**
 * Builds a native module, a row per primitive: its signature and body, and beside them what the
 * registry holds of it (derivative, tags, the domain its derivative is tested on). {@link #declare}
 * puts the rows into a session's registry.
 */
final class Table {
    @FunctionalInterface
    interface Body {
        Object apply(Interp in, Object[] a);
    }

    /** One primitive as the table declares it; the setters return the row so a declaration reads as one line. */
    static final class Row {
        final String name;
        final List<String> params;
        final Map<String, Object> defaults;
        final Values.Builtin fn;
        private Derivative derivative = Derivative.NONE_YET;
        private final EnumSet<Tag> tags = EnumSet.noneOf(Tag.class);
        private String domain;
        private Batching batch;
        private final List<String> alsoIn = new ArrayList<>();

        Row(String name, List<String> params, Map<String, Object> defaults, Values.Builtin fn) {
            this.name = name;
            this.params = params;
            this.defaults = defaults;
            this.fn = fn;
        }

        /** The cotangent of each parameter, in order, as a jx expression over them, y and g (null: none flows). */
        Row vjp(String... templates) {
            return vjpAs(params, templates);
        }

        /** As {@link #vjp}, the expressions calling the parameters by other names (where one is y or g). */
        Row vjpAs(List<String> names, String... templates) {
            derivative = new Derivative.Rule(List.copyOf(names), Collections.unmodifiableList(Arrays.asList(templates.clone())));
            return this;
        }

        /**
         * Forward mode's rule: the output's tangent contributed by each parameter, in order, as a jx
         * expression over them, y and that parameter's tangent t (null: none). Elementwise rows need
         * none: jx.ad derives it from the vjp.
         */
        Row jvp(String... templates) {
            if (!(derivative instanceof Derivative.Rule r)) {
                throw new IllegalStateException(name + ": .jvp(...) goes after .vjp(...)");
            }
            derivative = new Derivative.Rule(r.names(), r.templates(), Collections.unmodifiableList(Arrays.asList(templates.clone())));
            return this;
        }

        /** Differentiated through the function of the same name in jax/_numpy_grad.jx. */
        Row definedInJx() {
            derivative = new Derivative.Definition("jax._numpy_grad", name);
            return this;
        }

        Row custom(jx.ad.Rules.Custom vjp) {
            derivative = new Derivative.Custom(vjp);
            return this;
        }

        /** As {@link #custom}, differentiated again (second order) through the function of the same name in jax/_numpy_grad.jx. */
        Row custom(jx.ad.Rules.Custom vjp, boolean againInJx) {
            derivative = new Derivative.Custom(vjp, againInJx ? new Derivative.Definition("jax._numpy_grad", name) : null);
            return this;
        }

        /** How jax.vmap batches it (without a rule it loops over the examples). */
        Row batch(Batching rule) {
            batch = rule;
            return this;
        }

        /** Batched by template, one per set of batched parameters ("a", "a,b"): see {@link Batching.Templates}. */
        Row batch(String... setsAndTemplates) {
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = 0; i < setsAndTemplates.length; i += 2) {
                m.put(setsAndTemplates[i], setsAndTemplates[i + 1]);
            }
            batch = new Batching.Templates(m, true);
            return this;
        }

        /** Another function's derivative and test domain (jnp.absolute has jnp.abs's). */
        Row like(Row other) {
            derivative = other.derivative;
            domain = other.domain;
            return this;
        }

        Row tags(Tag... more) {
            tags.addAll(List.of(more));
            return this;
        }

        /** The same function is also this module's member of the same name (jax.lax.tanh is jnp.tanh). */
        Row alsoIn(String prefix) {
            alsoIn.add(prefix);
            return this;
        }

        /** Where the derivative tests draw its arguments: "lo, hi". */
        Row domain(String range) {
            domain = range;
            return this;
        }

        Prim prim(String prefix) {
            return new Prim(prefix + "." + name, params, defaults, fn, derivative, tags, domain, batch);
        }
    }

    final Map<String, Object> members = new LinkedHashMap<>();
    private final Map<String, Row> rows = new LinkedHashMap<>();

    Row fn(String signature, Body body) {
        Sig sig = Sig.of(signature);
        Values.Builtin fn = new Values.Builtin(sig.name, (in, args, kw) -> body.apply(in, sig.bind(args, kw)));
        members.put(sig.name, fn);
        Row row = new Row(sig.name, List.copyOf(sig.params()), sig.defaults(), fn);
        rows.put(sig.name, row);
        return row;
    }

    /** A function taking any arguments, bound by hand (print-like or *args functions). */
    Row raw(String name, Values.Builtin.Impl impl) {
        Values.Builtin fn = new Values.Builtin(name, impl);
        members.put(name, fn);
        Row row = new Row(name, List.of(), Map.of(), fn);
        rows.put(name, row);
        return row;
    }

    /** The row declared under name. */
    Row row(String name) {
        Row r = rows.get(name);
        if (r == null) {
            throw new IllegalStateException("no row " + name);
        }
        return r;
    }

    Table value(String name, Object v) {
        members.put(name, v);
        return this;
    }

    Values.Module module(String name) {
        return new Values.Module(name, members);
    }

    /** Declares every row in the registry, named prefix.name ("jnp.tanh"). */
    void declare(Registry registry, String prefix) {
        for (Row r : new ArrayList<>(rows.values())) {
            Prim p = registry.add(r.prim(prefix));
            for (String other : r.alsoIn) {
                registry.alias(other + "." + r.name, p);
            }
        }
    }

    static List<Object> list(Object... items) {
        return List.of(items);
    }
}

package jx.batch;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import jx.ad.Rules;
import jx.ad.Subst;
import jx.core.Core;
import jx.diag.Pos;
import jx.eval.Values;
import jx.prim.Batching;
import jx.prim.Prim;
import jx.prim.Tag;

/**
 * The batched form of one primitive call, from its row's rule: elementwise rows broadcast, axis
 * rows shift their axes, template rows substitute their arguments; everything else loops.
 */
final class Rulebook {
    private Rulebook() {}

    private static final Pos POS = Pos.NONE;

    record Applied(Core e, boolean batched) {}

    /** x1 @ x2 with either or both batched: the batched product, by the example ranks (the same rule as jnp.matmul's). */
    static Applied matmul(Batcher b, Batcher.B l, Batcher.B r) {
        Prim row = b.registry().byName("jnp.matmul");
        Map<String, Batcher.B> args = new LinkedHashMap<>();
        args.put("x1", l);
        args.put("x2", r);
        return templates(b, row, (Batching.Templates) Defaults.rule(row), args);
    }

    static Batcher.B transposeAll(Batcher b, Batcher.B x) {
        Prim row = b.registry().byName("jnp.transpose");
        Map<String, Batcher.B> args = new LinkedHashMap<>();
        args.put("a", x);
        args.put("axes", new Batcher.B(new Core.Lit(Values.None.NONE, POS), false));
        Applied a = templates(b, row, (Batching.Templates) Defaults.rule(row), args);
        return b.bindOut(a.e(), a.batched());
    }

    /** jnp.f(args) with some argument batched. */
    static Batcher.B apply(Batcher b, Prim row, List<Core.Arg> raw, List<Batcher.B> values) {
        Map<String, Batcher.B> bound = new LinkedHashMap<>();
        boolean bindable = true;
        for (int k = 0; k < raw.size(); k++) {
            switch (raw.get(k)) {
                case Core.Positional p -> {
                    if (k < row.params().size()) {
                        bound.put(row.params().get(k), values.get(k));
                    } else {
                        bindable = false;
                    }
                }
                case Core.Keyword kw -> {
                    if (row.params().contains(kw.name())) {
                        bound.put(kw.name(), values.get(k));
                    } else {
                        bindable = false;
                    }
                }
                default -> bindable = false;
            }
        }
        Batching rule = Defaults.rule(row);
        // einsum's operands are *operands: it binds no row parameter past the first two, and needs none bound.
        if (rule == null && row.name().equals("jnp.einsum")) {
            Batcher.B e = Einsum.batched(b, raw, values);
            if (e != null) {
                return e;
            }
        }
        if (bindable && rule == null && row.has(Tag.ELEMENTWISE)) {
            return elementwise(b, row, raw, values);
        }
        if (bindable && rule instanceof Batching.Axis ax) {
            Applied a = axis(b, row, ax, bound);
            if (a != null) {
                return b.bindOut(a.e(), a.batched());
            }
        }
        if (bindable && rule instanceof Batching.Templates t) {
            Applied a = templates(b, row, t, bound);
            if (a != null) {
                return b.bindOut(a.e(), a.batched());
            }
        }
        Map<String, Batcher.B> kw = new LinkedHashMap<>();
        List<Batcher.B> positional = new ArrayList<>();
        for (int k = 0; k < raw.size(); k++) {
            switch (raw.get(k)) {
                case Core.Positional p -> positional.add(values.get(k));
                case Core.Keyword k2 -> kw.put(k2.name(), values.get(k));
                default -> throw Batcher.unsupported("a batched call of " + row.name() + " with * or ** arguments");
            }
        }
        return loop(b, functionValue(row), positional, kw);
    }

    /** The row's function as a program names it: jnp.linalg.inv, or the helper's bare name. */
    static Core functionValue(Prim row) {
        String[] parts = row.name().split("\\.");
        Core e = new Core.Global(parts[0], POS);
        for (int i = 1; i < parts.length; i++) {
            e = new Core.Attr(e, parts[i], POS);
        }
        return e;
    }

    private static Batcher.B elementwise(Batcher b, Prim row, List<Core.Arg> raw, List<Batcher.B> values) {
        List<Integer> operands = new ArrayList<>();
        for (int k = 0; k < raw.size(); k++) {
            String name = raw.get(k) instanceof Core.Keyword kw ? kw.name() : row.params().get(k);
            if (row.defaults().containsKey(name)) {
                if (values.get(k).b()) {
                    return loopOf(b, row, raw, values);
                }
            } else {
                operands.add(k);
            }
        }
        List<Batcher.B> ops = operands.stream().map(values::get).toList();
        List<Core> aligned = b.aligned(ops);
        List<Batcher.B> out = new ArrayList<>(values);
        for (int i = 0; i < operands.size(); i++) {
            out.set(operands.get(i), new Batcher.B(aligned.get(i), ops.get(i).b()));
        }
        return b.bindOut(new Core.Prim(row, null, Batcher.argsOf(raw, out), POS), true);
    }

    private static Batcher.B loopOf(Batcher b, Prim row, List<Core.Arg> raw, List<Batcher.B> values) {
        Map<String, Batcher.B> kw = new LinkedHashMap<>();
        List<Batcher.B> positional = new ArrayList<>();
        for (int k = 0; k < raw.size(); k++) {
            if (raw.get(k) instanceof Core.Keyword k2) {
                kw.put(k2.name(), values.get(k));
            } else {
                positional.add(values.get(k));
            }
        }
        return loop(b, functionValue(row), positional, kw);
    }

    /** The visible fallback: _vmap_loop(f, flags, keyword flags)(args...) runs f once per example. */
    static Batcher.B loop(Batcher b, Core fn, List<Batcher.B> positional, Map<String, Batcher.B> kw) {
        List<Core> flags = new ArrayList<>();
        List<Core.Arg> args = new ArrayList<>();
        for (Batcher.B p : positional) {
            flags.add(new Core.Lit(p.b(), POS));
            args.add(new Core.Positional(p.e()));
        }
        List<Core> kwflags = new ArrayList<>();
        kw.forEach((name, v) -> {
            if (v.b()) {
                kwflags.add(new Core.Lit(name, POS));
            }
            args.add(new Core.Keyword(name, v.e()));
        });
        Batcher.B f = b.bindOut(fn, false);
        Batcher.B looped = b.bindOut(b.prim(Helpers.LOOP, f.e(), new Core.MakeTuple(flags, POS), new Core.MakeTuple(kwflags, POS)), false);
        return b.bindOut(new Core.Call(looped.e(), args, POS), true);
    }

    private static Applied axis(Batcher b, Prim row, Batching.Axis rule, Map<String, Batcher.B> bound) {
        String array = row.params().get(0);
        for (Map.Entry<String, Batcher.B> e : bound.entrySet()) {
            if (e.getValue().b() && !e.getKey().equals(array)) {
                return null;
            }
        }
        Batcher.B x = bound.get(array);
        if (x == null) {
            return null;
        }
        Batcher.B axis = bound.get(rule.axis());
        Core axisValue = axis != null ? axis.e() : new Core.Lit(row.defaults().get(rule.axis()), POS);
        boolean none = Batcher.isNone(axisValue);
        Map<String, Batcher.B> args = new LinkedHashMap<>(bound);
        if (rule.none() == Batching.None.FLATTEN) {
            if (none) {
                Batcher.B keep = bound.get("keepdims");
                if (keep != null && !(keep.e() instanceof Core.Lit k && Boolean.FALSE.equals(k.value()))) {
                    return null;
                }
                Core flat = new Core.Prim(b.registry().byName("jnp.reshape"), null, List.of(new Core.Positional(x.e()),
                        new Core.Positional(new Core.MakeTuple(List.of(b.lanes, new Core.Lit(-1L, POS)), POS))), POS);
                args.put(array, b.bindOut(flat, true));
                args.put(rule.axis(), new Batcher.B(new Core.Lit(1L, POS), false));
            } else if (!(axisValue instanceof Core.Lit)) {
                return null;
            } else {
                args.put(rule.axis(), new Batcher.B(shifted(b, axisValue, x), false));
            }
        } else {
            args.put(rule.axis(), new Batcher.B(shifted(b, axisValue, x), false));
        }
        List<Core.Arg> out = new ArrayList<>();
        for (Map.Entry<String, Batcher.B> e : args.entrySet()) {
            out.add(e.getKey().equals(array) ? new Core.Positional(e.getValue().e()) : new Core.Keyword(e.getKey(), e.getValue().e()));
        }
        return new Applied(new Core.Prim(row, null, out, POS), true);
    }

    /** An example's axis as the batched array's: a literal shifts here, anything else at run time. */
    private static Core shifted(Batcher b, Core axis, Batcher.B x) {
        if (axis instanceof Core.Lit l && l.value() instanceof Long a) {
            return new Core.Lit(a < 0 ? a : a + 1, POS);
        }
        Core nd = new Core.Prim(b.registry().byName("jnp.ndim"), null, List.of(new Core.Positional(x.e())), POS);
        return b.bindOut(b.prim(Helpers.AXES, axis, nd, new Core.Lit(false, POS)), false).e();
    }

    static Applied templates(Batcher b, Prim row, Batching.Templates rule, Map<String, Batcher.B> bound) {
        TreeSet<String> set = new TreeSet<>();
        bound.forEach((k, v) -> {
            if (v.b()) {
                set.add(k);
            }
        });
        String chosen = null;
        TreeSet<String> chosenSet = null;
        for (String key : rule.templates().keySet()) {
            TreeSet<String> s = new TreeSet<>(List.of(key.split(",")));
            if (s.containsAll(set) && (chosenSet == null || s.size() < chosenSet.size())) {
                chosen = key;
                chosenSet = s;
            }
        }
        if (chosen == null) {
            return null;
        }
        Map<String, Core> names = new HashMap<>();
        for (String p : row.params()) {
            Batcher.B v = bound.get(p);
            if (v == null) {
                Object d = row.defaults().get(p);
                names.put(p, new Core.Lit(d == null ? Values.None.NONE : d, POS));
            } else {
                names.put(p, chosenSet.contains(p) ? b.batch(v) : v.e());
            }
        }
        names.put("_B", b.lanes);
        String key = chosen;
        Core template = b.registry().derived(List.of("batch template", row.name(), key),
                k -> Rules.parse(b.registry(), rule.templates().get(key)));
        return new Applied(Subst.names(template, Collections.unmodifiableMap(names)), rule.batched());
    }

    /** A lambda of the given parameters returning body (which reads them as locals 0, 1, ...): what a loop runs. */
    static Core lambda(List<String> params, Core body) {
        Core.Code code = new Core.Code("<lambda>", params, params.stream().map(p -> Core.Code.ParamKind.PLAIN).toList(),
                params.size(), params, List.of(), List.of(new Core.Return(body, POS)), true, POS);
        return new Core.Closure(code, List.of(), POS);
    }

    /** x[key] with a batched key in several parts: a loop over the examples. */
    static Batcher.B getitemLoop(Batcher b, Batcher.B x, Batcher.B key) {
        Core fn = lambda(List.of("x", "key"), new Core.Index(new Core.Local(0, "x", POS), List.of(new Core.Local(1, "key", POS)), POS));
        return loop(b, fn, List.of(x, key), Map.of());
    }

    /** x.at[key].method(v, ...): the update of every example at once where the key is not batched. */
    static Batcher.B atUpdate(Batcher b, Core xCore, List<Core> index, String method, List<Core.Arg> rawArgs) {
        Batcher.B x = b.expr(xCore);
        List<Batcher.B> keys = index.stream().map(b::expr).toList();
        Batcher.B key = keys.size() == 1 ? keys.get(0)
                : b.bindOut(new Core.MakeTuple(keys.stream().map(Batcher.B::e).toList(), POS), keys.stream().anyMatch(Batcher.B::b));
        List<Batcher.B> args = b.args(rawArgs);
        boolean any = x.b() || key.b() || args.stream().anyMatch(Batcher.B::b);
        if (!any) {
            return b.bindOut(update(x.e(), key.e(), method, Batcher.argsOf(rawArgs, args)), false);
        }
        if (key.b() || rawArgs.stream().anyMatch(a -> !(a instanceof Core.Positional)) && args.stream().anyMatch(Batcher.B::b)) {
            List<String> params = new ArrayList<>(List.of("x", "key"));
            List<Core.Arg> inner = new ArrayList<>();
            List<Batcher.B> positional = new ArrayList<>(List.of(x, key));
            Map<String, Batcher.B> kw = new LinkedHashMap<>();
            for (int k = 0; k < rawArgs.size(); k++) {
                if (rawArgs.get(k) instanceof Core.Keyword kwArg) {
                    kw.put(kwArg.name(), args.get(k));
                    continue;
                }
                params.add("v" + k);
                inner.add(new Core.Positional(new Core.Local(params.size() - 1, "v" + k, POS)));
                positional.add(args.get(k));
            }
            Core fn = lambda(params, update(new Core.Local(0, "x", POS), new Core.Local(1, "key", POS), method, inner));
            return loop(b, fn, positional, kw);
        }
        Core bx = b.batch(x);
        Batcher.B full = b.bindOut(b.prim(Helpers.FULLKEY, bx, key.e()), false);
        List<Batcher.B> vs = new ArrayList<>();
        for (Batcher.B v : args) {
            if (!v.b()) {
                vs.add(v);
                continue;
            }
            // The update broadcasts against the selection: the example's value with the selection's rank.
            Batcher.B sel = b.bindOut(new Core.Index(bx, List.of(full.e()), POS), true);
            Core rank = b.exampleRank(sel);
            vs.add(b.bindOut(b.prim(Helpers.ALIGN, v.e(), rank, new Core.Lit(1L, POS)), true));
        }
        return b.bindOut(update(bx, full.e(), method, Batcher.argsOf(rawArgs, vs)), true);
    }

    private static Core update(Core x, Core key, String method, List<Core.Arg> args) {
        return new Core.Call(new Core.Attr(new Core.Index(new Core.Attr(x, "at", POS), List.of(key), POS), method, POS), args, POS);
    }
}

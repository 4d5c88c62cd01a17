package jx.stdlib;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jx.eval.Interp;
import jx.eval.Values;

/** Builds a native module: each entry is a signature and a body over the bound arguments. */
final class Table {
    @FunctionalInterface
    interface Body {
        Object apply(Interp in, Object[] a);
    }

    final Map<String, Object> members = new LinkedHashMap<>();

    Table fn(String signature, Body body) {
        Sig sig = Sig.of(signature);
        Values.Builtin fn = new Values.Builtin(sig.name, (in, args, kw) -> body.apply(in, sig.bind(args, kw)));
        jx.eval.Introspect.describe(fn, signature);
        members.put(sig.name, fn);
        return this;
    }

    /** A function taking any arguments, bound by hand (print-like or *args functions). */
    Table raw(String name, Values.Builtin.Impl impl) {
        members.put(name, new Values.Builtin(name, impl));
        return this;
    }

    Table value(String name, Object v) {
        members.put(name, v);
        return this;
    }

    Values.Module module(String name) {
        return new Values.Module(name, members);
    }

    static List<Object> list(Object... items) {
        return List.of(items);
    }
}

package jx.stdlib;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jx.core.Core;
import jx.diag.Pos;
import jx.eval.Values;

/**
 * functools.partial of a jx function as the jx function the transformations already derive:
 * partial(f, a, scale=s) with def f(a, x, scale=1.0) is def f(x, scale=s): return f(a, x, scale),
 * f and a its captured constants (JAX: a transform of a partial sees the bound arguments as constants).
 */
final class Partials {
    private Partials() {}

    /** That closure, or null where the parameters do not line up (*args, unknown keywords, a bound one before a free one). */
    static Values.Closure of(Object fn, List<Object> bound, Map<String, Object> boundKw) {
        // A jitted (or otherwise transformed) jx function: its jx function gives the signature, and the
        // closure still calls it as given.
        Values.Closure c = fn instanceof Values.Closure cl ? cl : fn instanceof Values.Transformed t ? t.derived() : null;
        if (c == null || c.code().kinds().stream().anyMatch(k -> k != Core.Code.ParamKind.PLAIN)) {
            return null;
        }
        List<String> params = c.code().params();
        int k = bound.size();
        if (k > params.size() || !params.subList(k, params.size()).containsAll(boundKw.keySet())) {
            return null;
        }
        List<String> rest = params.subList(k, params.size());
        int firstDefault = params.size() - c.defaults().length;
        // The remaining parameters' defaults: a bound keyword's value, else f's own default; trailing, as in a def.
        List<Object> defaults = new ArrayList<>();
        for (int i = 0; i < rest.size(); i++) {
            String p = rest.get(i);
            Object d = boundKw.containsKey(p) ? boundKw.get(p) : k + i >= firstDefault ? c.defaults()[k + i - firstDefault] : null;
            if (d != null) {
                defaults.add(d);
            } else if (!defaults.isEmpty()) {
                return null;
            }
        }
        Pos pos = c.code().pos();
        List<Object> captured = new ArrayList<>();
        captured.add(fn);
        captured.addAll(bound);
        List<Core> captures = new ArrayList<>();
        List<Core.Arg> args = new ArrayList<>();
        for (int i = 0; i < captured.size(); i++) {
            captures.add(new Core.Lit(captured.get(i), pos));
            if (i > 0) {
                args.add(new Core.Positional(new Core.Captured(i, "bound" + (i - 1), pos)));
            }
        }
        for (int i = 0; i < rest.size(); i++) {
            args.add(new Core.Positional(new Core.Local(i, rest.get(i), pos)));
        }
        Core call = new Core.Call(new Core.Captured(0, c.code().name(), pos), args, pos);
        Core.Code code = new Core.Code(c.code().name(), rest, rest.stream().map(p -> Core.Code.ParamKind.PLAIN).toList(),
                rest.size(), rest, captures, List.of(new Core.Return(call, pos)), false, pos);
        return new Values.Closure(code, captured.toArray(), defaults.toArray(), c.globals());
    }
}

package jx.stdlib;

import java.util.List;

import jx.eval.EvalError;
import jx.eval.Interp;
import jx.eval.Printer;
import jx.eval.Values;

/** The jax namespace: its submodules and the transformations (jit is transparent). */
final class JaxModule {
    private JaxModule() {}

    static Values.Module create(StdLibrary lib, Interp interp) {
        Table t = new Table();
        t.value("numpy", lib.nativeModule("jax.numpy", interp));
        t.value("lax", lib.nativeModule("jax.lax", interp));
        t.value("random", lib.nativeModule("jax.random", interp));
        t.value("tree_util", lib.nativeModule("jax.tree_util", interp));
        // jit changes speed, never meaning: jax.jit(f) and @partial(jax.jit, static_argnums=...) are f.
        t.raw("jit", (in, a, kw) -> {
            if (a.isEmpty()) {
                return new Values.Builtin("jit", (in2, a2, kw2) -> a2.get(0));
            }
            return a.get(0);
        });
        t.raw("block_until_ready", (in, a, kw) -> a.get(0));
        t.raw("device_put", (in, a, kw) -> a.get(0));
        t.raw("devices", (in, a, kw) -> new Values.PyList(List.of(jx.array.Backends.current().toString())));
        t.fn("grad(fun, argnums=0, has_aux=False)", (in, a) ->
                jx.ad.Transform.grad(a[0], a[1], jx.eval.PyOps.truthy(a[2]), false));
        t.fn("value_and_grad(fun, argnums=0, has_aux=False)", (in, a) ->
                jx.ad.Transform.grad(a[0], a[1], jx.eval.PyOps.truthy(a[2]), true));
        for (String transform : List.of("jacfwd", "jacrev", "hessian", "jvp", "vjp", "vmap")) {
            t.raw(transform, (in, a, kw) -> {
                throw new EvalError("NotImplementedError: jax." + transform + " is not available yet in this jx build",
                        "jax.grad and jax.value_and_grad work; the other transformations are being built");
            });
        }
        Table debug = new Table();
        debug.raw("print", (in, a, kw) -> {
            String fmt = Printer.str(a.get(0));
            StringBuilder sb = new StringBuilder();
            int next = 1;
            for (int i = 0; i < fmt.length(); i++) {
                char c = fmt.charAt(i);
                if (c == '{' && i + 1 < fmt.length() && fmt.charAt(i + 1) == '{') {
                    sb.append('{');
                    i++;
                } else if (c == '}' && i + 1 < fmt.length() && fmt.charAt(i + 1) == '}') {
                    sb.append('}');
                    i++;
                } else if (c == '{') {
                    int close = fmt.indexOf('}', i);
                    String field = fmt.substring(i + 1, close);
                    String spec = "";
                    int colon = field.indexOf(':');
                    if (colon >= 0) {
                        spec = field.substring(colon + 1);
                        field = field.substring(0, colon);
                    }
                    Object v = field.isEmpty() ? a.get(next++)
                            : Character.isDigit(field.charAt(0)) ? a.get(1 + Integer.parseInt(field)) : kw.get(field);
                    sb.append(Interp.formatValue(v, spec));
                    i = close;
                } else {
                    sb.append(c);
                }
            }
            in.out().println(sb);
            return Values.None.NONE;
        });
        t.value("debug", debug.module("jax.debug"));
        return new Values.Module("jax", new LazyMembers(t.members)
                .later("nn", () -> interp.module("jax.nn", null, null)));
    }

    static Values.Module lax() {
        Table t = new Table();
        t.fn("stop_gradient(x)", (in, a) -> a[0]);
        jx.ad.Rules.register("jax.lax.stop_gradient", (Values.Builtin) t.members.get("stop_gradient"),
                List.of("x"), java.util.Map.of(), (String) null);
        t.fn("select(pred, on_true, on_false)", (in, a) -> jx.array.Ops.where(NumpyModule.arr(in, a[0]),
                NumpyModule.arr(in, a[1]), NumpyModule.arr(in, a[2])));
        t.raw("cond", (in, a, kw) -> {
            boolean p = jx.eval.PyOps.truthy(a.get(0));
            return in.call(p ? a.get(1) : a.get(2), a.subList(3, a.size()));
        });
        t.fn("fori_loop(lower, upper, body_fun, init_val)", (in, a) -> {
            long lo = jx.eval.Builtins.asIndex(a[0], null);
            long hi = jx.eval.Builtins.asIndex(a[1], null);
            Object v = a[3];
            for (long i = lo; i < hi; i++) {
                v = in.call(a[2], List.of(i, v));
            }
            return v;
        });
        t.fn("while_loop(cond_fun, body_fun, init_val)", (in, a) -> {
            Object v = a[2];
            while (jx.eval.PyOps.truthy(in.call(a[0], List.of(v)))) {
                v = in.call(a[1], List.of(v));
            }
            return v;
        });
        return t.module("jax.lax");
    }
}

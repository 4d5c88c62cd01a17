package jx.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

import jx.array.Array;

/** The `jx` module: the interpreter's own helpers (script arguments, static types, showing code). */
public final class JxModule {
    private JxModule() {}

    static Values.Module create(Interp interp) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("argv", new Values.PyList(new ArrayList<>(interp.argv())));
        // A clock for bench/ scripts: time.perf_counter(), in seconds.
        m.put("perf_counter", new Values.Builtin("perf_counter", (in, a, kw) -> System.nanoTime() / 1e9));
        m.put("typeof", new Values.Builtin("typeof", (in, a, kw) -> typeOf(a.get(0))));
        m.put("progress", new Values.Builtin("progress", (in, a, kw) -> Progress.wrap(in, a.get(0))));
        m.put("show", new Values.Builtin("show", (in, a, kw) -> {
            in.out().println(Show.function(a.get(0)));
            return Values.None.NONE;
        }));
        // jax.vmap's reference: the function run once per example, the results stacked.
        m.put("vmap_loop", new Values.Builtin("vmap_loop", (in, a, kw) ->
                in.call(in.module("jax._transforms", null, null).members().get("vmap_loop"), a, kw)));
        return new Values.Module("jx", m);
    }

    /** float32[4], int32[], (float32[2], int32[]), ... : what the REPL's :type prints. */
    public static String typeOf(Object v) {
        return switch (v) {
            case Array a -> {
                StringBuilder sb = new StringBuilder(a.dtype().toString()).append('[');
                for (int i = 0; i < a.ndim(); i++) {
                    sb.append(i > 0 ? "," : "").append(a.shape()[i]);
                }
                yield sb.append(']').toString();
            }
            case Values.Tuple t -> {
                StringBuilder sb = new StringBuilder("(");
                for (int i = 0; i < t.items().size(); i++) {
                    sb.append(i > 0 ? ", " : "").append(typeOf(t.items().get(i)));
                }
                yield sb.append(t.items().size() == 1 ? ",)" : ")").toString();
            }
            case Values.PyList l -> "list[" + l.items().size() + "]";
            case Values.PyDict d -> "dict[" + d.map().size() + "]";
            default -> PyOps.typeName(v);
        };
    }
}

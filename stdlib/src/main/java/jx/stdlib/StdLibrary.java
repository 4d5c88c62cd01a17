package jx.stdlib;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jx.eval.Interp;
import jx.eval.Library;
import jx.eval.Values;

/**
 * The standard library as the interpreter sees it: native modules built from tables, modules
 * written in jx (resources under jx/stdlib/), and what every module has pre-bound.
 */
public final class StdLibrary implements Library {
    private static final Set<String> ARRAY_METHODS = Set.of("sum", "mean", "max", "min", "prod", "argmax",
            "argmin", "any", "all", "std", "var", "cumsum", "cumprod", "clip", "round", "squeeze", "dot", "swapaxes",
            "sort", "argsort", "take", "repeat", "trace", "diagonal", "nonzero", "ptp", "conj");

    private final Map<Interp, Map<String, Values.Module>> built = new java.util.WeakHashMap<>();

    @Override
    public Values.Module nativeModule(String name, Interp interp) {
        Map<String, Values.Module> mods = built.computeIfAbsent(interp, i -> new LinkedHashMap<>());
        Values.Module m = mods.get(name);
        if (m == null) {
            m = build(name, interp, mods);
            if (m != null) {
                mods.put(name, m);
            }
        }
        return m;
    }

    private static final List<String> NUMPY_EXTRA = List.of("concat", "empty", "empty_like",
            "matrix_transpose", "logspace", "pad", "diff", "cross", "isin", "select", "nanvar", "nanstd",
            "searchsorted", "digitize", "bincount", "unique", "trapezoid", "polyval", "interp", "convolve", "correlate");

    private Values.Module build(String name, Interp interp, Map<String, Values.Module> mods) {
        return switch (name) {
            case "jax.numpy", "numpy" -> {
                Values.Module m = NumpyModule.create(name);
                NumpyRules.install(m);
                // The members written in jx (jax/_numpy_extra.jx), loaded on first use of one.
                LazyMembers members = new LazyMembers(new java.util.LinkedHashMap<>(m.members()));
                for (String extra : NUMPY_EXTRA) {
                    members.later(extra, () -> interp.module("jax._numpy_extra", null, null).members().get(extra));
                }
                yield new Values.Module(name, members);
            }
            case "jax" -> JaxModule.create(this, interp);
            case "jax.lax" -> JaxModule.lax(interp);
            case "jax.random" -> RandomModule.create();
            case "jax.tree_util" -> TreeUtil.create();
            case "math" -> PyModules.math();
            case "functools" -> PyModules.functools();
            case "types" -> PyModules.types();
            default -> null;
        };
    }

    @Override
    public String jxSource(String name) {
        String path = "/jx/stdlib/" + name.replace('.', '/') + ".jx";
        try (InputStream in = StdLibrary.class.getResourceAsStream(path)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public Map<String, Object> prelude(Interp interp) {
        Map<String, Object> names = new LinkedHashMap<>();
        Values.Module jnp = nativeModule("jax.numpy", interp);
        names.put("jax", nativeModule("jax", interp));
        names.put("jnp", jnp);
        names.put("np", jnp);
        names.put("lax", nativeModule("jax.lax", interp));
        names.put("random", nativeModule("jax.random", interp));
        NumpyRules.installBuiltins(interp);
        return names;
    }

    @Override
    public Values.Builtin arrayMethod(String name, Interp interp) {
        if (!ARRAY_METHODS.contains(name)) {
            return null;
        }
        Object fn = nativeModule("jax.numpy", interp).members().get(name);
        return fn instanceof Values.Builtin b ? b : null;
    }
}

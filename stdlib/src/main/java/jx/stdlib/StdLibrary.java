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
import jx.prim.Derivative;
import jx.prim.Prim;
import jx.prim.Registry;

/**
 * The standard library as the interpreter sees it: native modules built from tables, modules
 * written in jx (resources under jx/stdlib/), and what every module has pre-bound.
 */
public final class StdLibrary implements Library {
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

    private Values.Module build(String name, Interp interp, Map<String, Values.Module> mods) {
        return switch (name) {
            case "jax.numpy" -> {
                Values.Module m = NumpyModule.create(name, interp.registry());
                // The members written in jx (jax/_numpy_extra.jx, jax/_linalg_extra.jx, jax/_fft.jx), loaded on first use of one.
                Map<String, Object> members = new LinkedHashMap<>(m.members());
                Values.Module linalg = (Values.Module) members.get("linalg");
                members.put("linalg", new Values.Module(linalg.name(), new LazyMembers(new LinkedHashMap<>(linalg.members()))
                        .laterFrom(interp, "jax._linalg_extra")
                        // The decompositions' derivative rules, which their rows' templates call.
                        .later("_rules", () -> interp.module("jax._linalg_rules", null, null))));
                Values.Module fft = (Values.Module) members.get("fft");
                members.put("fft", new Values.Module(fft.name(), new LazyMembers(new LinkedHashMap<>(fft.members()))
                        .laterFrom(interp, "jax._fft")));
                yield new Values.Module(name, new LazyMembers(members).laterFrom(interp, "jax._numpy_extra"));
            }
            // numpy is jax.numpy in jx: np is pre-bound to it, and import numpy gives the same module.
            case "numpy" -> nativeModule("jax.numpy", interp);
            case "jax" -> JaxModule.create(this, interp);
            case "jax.lax" -> JaxModule.lax(interp);
            case "jax.random" -> {
                // The samplers written in jx (jax/_random_extra.jx) join the Java rows, loaded on first use of one.
                Values.Module m = RandomModule.create(interp.registry());
                yield new Values.Module(name, new LazyMembers(new LinkedHashMap<>(m.members())).laterFrom(interp, "jax._random_extra"));
            }
            case "jax.tree_util" -> TreeUtil.create(interp.registry());
            case "math" -> PyModules.math();
            case "functools" -> PyModules.functools();
            case "types" -> PyModules.types();
            case "collections" -> PyModules.collections();
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
        Registry registry = interp.registry();
        // The helpers derived programs call, where rule templates find them by name, and their rows.
        jx.ad.Runtime.install(registry, interp.builtins());
        jx.batch.Vmap.install(registry, interp.builtins());
        jx.ad.JvpRuntime.install(interp.builtins());
        Map<String, Object> names = new LinkedHashMap<>();
        Values.Module jnp = nativeModule("jax.numpy", interp);
        names.put("jax", nativeModule("jax", interp));
        names.put("jnp", jnp);
        names.put("np", jnp);
        names.put("lax", nativeModule("jax.lax", interp));
        names.put("random", nativeModule("jax.random", interp));
        for (String numpy : List.of("jnp", "np")) {
            registry.prebind(numpy, "jax.numpy");
        }
        registry.prebind("lax", "jax.lax");
        registry.prebind("jax", "jax");
        registry.prebind("random", "jax.random");
        registry.prefix("jax.numpy", "jnp");
        registry.prefix("jax.lax", "jax.lax");
        registry.prefix("jax.tree_util", "jax.tree_util");
        registry.prefix("jax.random", "jax.random");
        registry.sameModule("numpy", "jax.numpy");
        // Python's sum is differentiated through its definition in jax/_numpy_grad.jx, a loop of +.
        registry.add(new Prim("sum", List.of("iterable", "start"), Map.of("start", 0L), interp.builtins().get("sum"),
                new Derivative.Definition("jax._numpy_grad", "sum"), Set.of(), null));
        // Python's abs, max and min of traced values, as jnp.abs and the comparisons they make; enumerate and zip as
        // the lists they build (stax's serial loops over zip(fs, params)).
        registry.add(new Prim("max", List.of("args"), Map.of(), interp.builtins().get("max"),
                new Derivative.Definition("jax._numpy_grad", "max"), Set.of(), null));
        registry.add(new Prim("min", List.of("args"), Map.of(), interp.builtins().get("min"),
                new Derivative.Definition("jax._numpy_grad", "min"), Set.of(), null));
        registry.add(new Prim("abs", List.of("x"), Map.of(), interp.builtins().get("abs"),
                new Derivative.Definition("jax._numpy_grad", "abs"), Set.of(), null));
        registry.add(new Prim("enumerate", List.of("iterable", "start"), Map.of("start", 0L), interp.builtins().get("enumerate"),
                new Derivative.Definition("jax._numpy_grad", "enumerate"), Set.of(), null));
        registry.add(new Prim("zip", List.of("iterables"), Map.of(), interp.builtins().get("zip"),
                new Derivative.Definition("jax._numpy_grad", "zip"), Set.of(), null));
        // functools.partial(f, x) of a differentiated x: the closure its definition builds carries x's derivative.
        Object partial = nativeModule("functools", interp).members().get("partial");
        registry.add(new Prim("functools.partial", List.of("func", "args"), Map.of(), partial,
                new Derivative.Definition("jax._numpy_grad", "partial"), Set.of(), null));
        return names;
    }
}

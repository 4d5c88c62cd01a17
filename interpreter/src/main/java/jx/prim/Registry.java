package jx.prim;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import jx.core.Primitives;

/**
 * A session's primitives: every row the library declared, found by qualified name, by the function
 * value a program holds, or as an array method; and the caches of what the transformations derive
 * from them, bounded and owned by the session.
 */
public final class Registry implements Primitives {
    private final Map<String, Prim> byName = new LinkedHashMap<>();
    /** Pre-bound global -> the module it holds; module -> the prefix of its rows' names; import aliases. */
    private final Map<String, String> prebound = new LinkedHashMap<>();
    private final Map<String, String> prefixes = new LinkedHashMap<>();
    private final Map<String, String> canonical = new LinkedHashMap<>();
    private final Map<Object, Prim> byFunction = new IdentityHashMap<>();
    private final Map<String, Prim> methods = new LinkedHashMap<>();
    private final Map<Object, Object> derived = new Bounded<>(4096);
    private Registry session;

    /** Adds a row; a second row of the same name is a declaration error. */
    public synchronized Prim add(Prim p) {
        if (byName.putIfAbsent(p.name(), p) != null) {
            throw new IllegalStateException("primitive " + p.name() + " is declared twice");
        }
        if (p.function() != null) {
            byFunction.put(p.function(), p);
        }
        if (p.has(Tag.METHOD)) {
            methods.put(p.member(), p);
        }
        return p;
    }

    /** Another name of a row's function: lax.tanh is jnp.tanh. */
    public synchronized void alias(String name, Prim p) {
        if (byName.putIfAbsent(name, p) != null) {
            throw new IllegalStateException("primitive " + name + " is declared twice");
        }
    }

    /** The rows known under prefix.NAME by another name, by NAME: what a module shares with jnp. */
    public synchronized Map<String, Prim> aliasesUnder(String prefix) {
        Map<String, Prim> out = new LinkedHashMap<>();
        byName.forEach((name, p) -> {
            if (name.startsWith(prefix + ".") && !name.equals(p.name()) && name.indexOf('.', prefix.length() + 1) < 0) {
                out.put(name.substring(prefix.length() + 1), p);
            }
        });
        return out;
    }

    /** The library's word that {@code global} holds {@code module} before any program runs. */
    public synchronized void prebind(String global, String module) {
        prebound.put(global, module);
    }

    /** Rows of {@code module}'s members are named prefix.member ("jax.numpy" rows are "jnp.tanh"). */
    public synchronized void prefix(String module, String prefix) {
        prefixes.put(module, prefix);
    }

    /** Importing {@code module} binds the library module {@code same} ("numpy" is "jax.numpy" in jx). */
    public synchronized void sameModule(String module, String same) {
        canonical.put(module, same);
    }

    @Override
    public synchronized String preboundModule(String global) {
        return prebound.get(global);
    }

    @Override
    public synchronized String canonical(String module) {
        return canonical.getOrDefault(module, module);
    }

    @Override
    public synchronized Prim lookup(String module, List<String> path) {
        String m = module;
        for (int i = 0; i < path.size(); i++) {
            String prefix = prefixes.get(m);
            if (prefix != null) {
                return byName.get(prefix + "." + String.join(".", path.subList(i, path.size())));
            }
            m = m + "." + path.get(i);
        }
        return null;
    }

    public synchronized Prim byName(String qualified) {
        return byName.get(qualified);
    }

    public synchronized Prim byFunction(Object function) {
        if (function == null) {
            return null;
        }
        Prim p = byFunction.get(function);
        if (p == null && session != null) {
            // A function of the session's modules (an earlier cell's `import jax.numpy as jnp`): its row here.
            Prim theirs = session.byFunction(function);
            p = theirs == null ? null : byName.get(theirs.name());
        }
        return p;
    }

    /**
     * The registry of the session this one checks for (jx.check.ShapeCheck runs a session's input on
     * an interpreter of its own, whose scope holds the session's functions): byFunction knows those too.
     */
    public synchronized void checksFor(Registry session) {
        this.session = session;
    }

    /** The row behind array method {@code x.name(...)}, or null. */
    public synchronized Prim method(String name) {
        return methods.get(name);
    }

    /** Every row, in declaration order, each once. */
    public synchronized List<Prim> all() {
        List<Prim> out = new ArrayList<>();
        byName.forEach((name, p) -> {
            if (name.equals(p.name())) {
                out.add(p);
            }
        });
        return out;
    }

    /** What a transformation derived for key (a derived program, a parsed rule), made once per session. */
    @SuppressWarnings("unchecked")
    public <K, V> V derived(K key, Function<K, V> make) {
        synchronized (derived) {
            Object v = derived.get(key);
            if (v == null) {
                v = make.apply(key);
                derived.put(key, v);
            }
            return (V) v;
        }
    }

    /** A map that forgets its least recently used entry past a size. */
    private static final class Bounded<K, V> extends LinkedHashMap<K, V> {
        private final int limit;

        Bounded(int limit) {
            super(16, 0.75f, true);
            this.limit = limit;
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
            return size() > limit;
        }
    }
}

package jx.stdlib;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A module's members, some of which are produced on first use: jax.nn is jx source, and parsing
 * it while the prelude is built would slow down every program that never touches it.
 */
final class LazyMembers extends AbstractMap<String, Object> {
    private final Map<String, Object> members;
    private final Map<String, Supplier<Object>> pending = new LinkedHashMap<>();

    LazyMembers(Map<String, Object> members) {
        this.members = members;
    }

    LazyMembers later(String name, Supplier<Object> make) {
        pending.put(name, make);
        return this;
    }

    /** Every public function the jx module defines at top level, loaded with the module on first use of one. */
    LazyMembers laterFrom(jx.eval.Interp interp, String module) {
        java.util.regex.Matcher m = DEF.matcher(interp.library().jxSource(module));
        while (m.find()) {
            String name = m.group(1);
            later(name, () -> interp.module(module, null, null).members().get(name));
        }
        return this;
    }

    private static final java.util.regex.Pattern DEF = java.util.regex.Pattern.compile("^def ([A-Za-z]\\w*)\\(",
            java.util.regex.Pattern.MULTILINE);

    @Override
    public Object get(Object key) {
        Supplier<Object> make = pending.remove(key);
        if (make != null) {
            members.put((String) key, make.get());
        }
        return members.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return members.containsKey(key) || pending.containsKey(key);
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        for (String name : Set.copyOf(pending.keySet())) {
            get(name);
        }
        return Collections.unmodifiableMap(members).entrySet();
    }

    @Override
    public Set<String> keySet() {
        Set<String> names = new java.util.LinkedHashSet<>(members.keySet());
        names.addAll(pending.keySet());
        return Collections.unmodifiableSet(names);
    }
}

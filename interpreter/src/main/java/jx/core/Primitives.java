package jx.core;

import java.util.List;

/**
 * The library primitives a call can name statically, as lowering asks for them: module-level names
 * that hold a library module before the program runs (jnp, np, lax, jax), and the primitives of
 * those modules. The session gives its registry's view; without one every call stays dynamic.
 */
public interface Primitives {
    /** The module the pre-bound global holds ("jax.numpy" for jnp and np), or null. */
    String preboundModule(String global);

    /** The module an import of {@code module} binds, by its canonical name ("numpy" is "jax.numpy" here). */
    String canonical(String module);

    /** The primitive {@code module.path[0].path[1]...} names, or null. */
    Core.Primitive lookup(String module, List<String> path);

    /**
     * Whether the names can still be rebound after lowering (a session's scope, where a later REPL
     * input may assign jnp): then a Prim keeps its callee, to call what the name holds at that time.
     */
    default boolean rebindable() {
        return false;
    }

    Primitives NONE = new Primitives() {
        @Override
        public String preboundModule(String global) {
            return null;
        }

        @Override
        public String canonical(String module) {
            return module;
        }

        @Override
        public Core.Primitive lookup(String module, List<String> path) {
            return null;
        }
    };
}

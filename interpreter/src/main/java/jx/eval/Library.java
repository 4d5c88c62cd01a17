package jx.eval;

import java.util.Map;

/**
 * What the standard library module provides to the interpreter, found with ServiceLoader so that
 * the interpreter does not depend on it: native modules (jax, jax.numpy, ...), modules written in
 * jx, and the names pre-bound in every module; the library declares its primitives (array methods among them)
 * in the interpreter's registry as it builds its modules.
 */
public interface Library {
    /** A module implemented in Java, or null. */
    Values.Module nativeModule(String name, Interp interp);

    /** The source of a library module written in jx (e.g. "optax"), or null. */
    String jxSource(String name);

    /** Names bound in every module before it runs: jax, jnp, np, lax, random. */
    Map<String, Object> prelude(Interp interp);
}

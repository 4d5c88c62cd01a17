package jx.eval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jx.array.Array;
import jx.array.Index;
import jx.core.Core;
import jx.diag.Source;

/**
 * The values of jx besides Python's scalars (Long, Double, Boolean, String) and arrays
 * ({@link jx.array.Array}). All are immutable.
 */
public final class Values {
    private Values() {}

    public enum None {
        NONE;

        @Override
        public String toString() {
            return "None";
        }
    }

    public enum Ellipsis {
        ELLIPSIS;

        @Override
        public String toString() {
            return "Ellipsis";
        }
    }

    /** A tuple; a named tuple (collections.namedtuple, JAX's result records) also has its type's fields. */
    public record Tuple(List<Object> items, Fields fields) {
        public static final Tuple EMPTY = new Tuple(List.of());

        /** A named tuple type: its name and field names, in order. */
        public record Fields(String type, List<String> names) {}

        public Tuple {
            items = Collections.unmodifiableList(items);
        }

        public Tuple(List<Object> items) {
            this(items, null);
        }

        public static Tuple of(Object... items) {
            return new Tuple(List.of(items));
        }
    }

    public record PyList(List<Object> items) {
        public PyList {
            items = Collections.unmodifiableList(items);
        }
    }

    public record PyDict(Map<Object, Object> map) {
        public PyDict {
            map = Collections.unmodifiableMap(new LinkedHashMap<>(map));
        }
    }

    public record Range(long start, long stop, long step) {
        public long length() {
            if (step > 0) {
                return Math.max(0, (stop - start + step - 1) / step);
            }
            return Math.max(0, (start - stop - step - 1) / -step);
        }

        public long get(long i) {
            return start + i * step;
        }
    }

    public record SliceValue(Object lo, Object hi, Object step) {}

    /** A module: a named table of members, native or loaded from a .jx file. */
    public record Module(String name, Map<String, Object> members) {}

    /** A function defined in jx: its code, the values it captured and its default values. */
    public record Closure(Core.Code code, Object[] captured, Object[] defaults, Globals globals) {
        public String name() {
            return code.name();
        }
    }

    /** A capture of a name of the enclosing function that is bound only later (recursion). */
    public record Forward(Object[] frame, int slot) {}

    /** A function implemented in Java. */
    public record Builtin(String name, Impl impl) {
        @FunctionalInterface
        public interface Impl {
            Object call(Interp interp, List<Object> args, Map<String, Object> kwargs);
        }

        // A function is equal only to itself, as in Python. With a record's equality, two sessions'
        // `list` (same name, same lambda) were one key of the weak rule registries: the entry kept the
        // first session's key and vanished with it, so a later session's grad lost the rule.
        @Override
        public boolean equals(Object o) {
            return this == o;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }

    /**
     * A function made by a transformation (jax.grad, ...): calling it runs impl, which checks the
     * inputs and calls the derived jx function; jx.show prints the derived function.
     */
    public record Transformed(String name, List<String> params, java.util.function.Supplier<Closure> derivation, Builtin.Impl impl,
            java.util.function.Supplier<Closure> shown) {
        public Transformed(String name, List<String> params, java.util.function.Supplier<Closure> derivation, Builtin.Impl impl) {
            this(name, params, derivation, impl, derivation);
        }

        /**
         * The derived jx function that other transformations compose with (derived on first use: the
         * checker calls impl without deriving).
         */
        public Closure derived() {
            return derivation.get();
        }

        /** The derived function as jx.show prints it: grad's, without the casts impl applies after it. */
        public Closure shownCode() {
            return shown.get();
        }
    }

    /**
     * A function with a derivative rule of the program's own (jax.custom_jvp, jax.custom_vjp): called,
     * it calls fun; rule holds what defjvp / defjvps / defvjp set (the one mutable slot JAX's API has,
     * set once before the function is differentiated; rule[1] is the transformations' mark that
     * reverse mode is transposing the rule now). kind is "custom_jvp" or "custom_vjp".
     */
    public record CustomRule(String kind, Object fun, List<Integer> nondiff, Object[] rule) {}

    /** obj.method, with obj passed first. */
    public record BoundMethod(Object self, Builtin fn) {}

    /** x.at and x.at[idx]: JAX's functional update syntax. */
    public record AtProxy(Array array) {}

    public record AtIndexed(Array array, List<Index> index) {}

    /** The module scope: names bound at top level, live (as Python globals) for the module's functions. */
    public static final class Globals {
        public final Map<String, Object> names;
        public final Source source;
        public final java.nio.file.Path dir;

        public Globals(Source source, java.nio.file.Path dir) {
            this(new LinkedHashMap<>(), source, dir);
        }

        /** A scope over existing names: each REPL input has its own source but shares the names. */
        public Globals(Map<String, Object> names, Source source, java.nio.file.Path dir) {
            this.names = names;
            this.source = source;
            this.dir = dir;
        }
    }
}

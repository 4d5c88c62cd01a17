package jx.jit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import jx.array.Array;
import jx.array.ArrayContext;
import jx.array.ArrayException;
import jx.array.Backend;
import jx.array.DType;
import jx.eval.Interp;
import jx.eval.Values;

/**
 * One jitted function: its staged programs per signature (argument structure, shapes, dtypes,
 * weak types and static values, the backend and the x64 setting), at most {@link #CAPACITY} of
 * them, the least recently used dropped first. A signature whose function cannot be staged (it
 * needs a value, or prints) runs eagerly from then on.
 */
final class Staged implements Values.Builtin.Impl, jx.eval.Showable {
    private static final int CAPACITY = 64;

    private final Object fn;
    private final String name;
    private final Set<Integer> staticNums;
    private final Set<String> staticNames;
    private final Map<List<Object>, Entry> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<List<Object>, Staged.Entry> eldest) {
            return size() > CAPACITY;
        }
    };

    /** Whether Python scalars are staged as weak-typed arrays and results made arrays (jax.jit), or left as they are. */
    private final boolean asJax;

    Staged(Object fn, String name, Set<Integer> staticNums, Set<String> staticNames, boolean asJax) {
        this.asJax = asJax;
        this.fn = fn;
        this.name = name;
        this.staticNums = staticNums;
        this.staticNames = staticNames;
    }

    /** A staged signature: its program (null where the function runs eagerly) and what it read besides arguments. */
    private record Entry(Program program, Tracer tracer, Object template, List<Read> reads) {
        boolean valid() {
            for (Read r : reads) {
                if (!r.holds()) {
                    return false;
                }
            }
            return true;
        }
    }

    /** A module name the staged function read, and what it held then. */
    private record Read(Values.Globals globals, String name, Object bound) {
        boolean holds() {
            Object now = globals.names.get(name);
            return now == bound || now != null && Static.immutable(now) && now.equals(bound);
        }
    }

    /** A static argument or a leaf jit does not stage: equal when Python would call the values equal and hashable. */
    record Static(Object value) {
        static boolean immutable(Object v) {
            return v instanceof Long || v instanceof Double || v instanceof Boolean || v instanceof String
                    || v instanceof DType || v == Values.None.NONE
                    || v instanceof Values.Tuple t && t.items().stream().allMatch(Static::immutable);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Static s && (immutable(value) ? value.equals(s.value) : value == s.value);
        }

        @Override
        public int hashCode() {
            return immutable(value) ? value.hashCode() : System.identityHashCode(value);
        }
    }

    /** The program staged last, for jx.show. */
    private Entry last;

    @Override
    public String show() {
        if (last == null) {
            return "# " + name + " has not been called yet: jit stages it on its first call\n"
                    + jx.eval.Show.function(fn);
        }
        if (last.program == null) {
            return "# " + name + " runs eagerly (it prints or needs the value of a staged array)\n"
                    + jx.eval.Show.function(fn);
        }
        return JxText.program(name, params(), last.program, last.tracer, last.template);
    }

    private List<String> params() {
        return fn instanceof Values.Closure c ? c.code().params() : List.of();
    }

    @Override
    public Object call(Interp in, List<Object> args, Map<String, Object> kw) {
        if (in.overShapes()) {
            return in.call(fn, args, kw);
        }
        ArrayContext context = ArrayContext.current();
        if (context.backend() instanceof Tracer tr) {
            return nested(in, tr, args, kw);
        }
        List<Object> key = new ArrayList<>();
        key.add(context.backend());
        key.add(context.x64());
        List<Object> dynamic = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            signature(args.get(i), staticNums.contains(i) || staticNums.contains(i - args.size()), asJax, key, dynamic);
        }
        for (Map.Entry<String, Object> e : kw.entrySet()) {
            key.add(e.getKey());
            signature(e.getValue(), staticNames.contains(e.getKey()), asJax, key, dynamic);
        }
        Backend be = context.backend();
        Backend.Buffer[] inputs = new Backend.Buffer[dynamic.size()];
        for (int i = 0; i < inputs.length; i++) {
            Array a = asArray(dynamic.get(i));
            if (a == null) {
                return eager(in, args, kw); // a Python int past int32: eager raises what JAX would
            }
            if (a.dtype().isComplex()) {
                return eager(in, args, kw); // staged programs hold real nodes; complex values run eagerly
            }
            inputs[i] = a.bufferOn(be);
        }
        Entry entry = cache.get(key);
        if (entry == null || !entry.valid()) {
            entry = stage(in, context, args, kw);
            if (entry == null) {
                return eager(in, args, kw);
            }
            cache.put(key, entry);
        }
        last = entry;
        if (entry.program == null) {
            return eager(in, args, kw);
        }
        Backend.Buffer[] outs = entry.program.run(be, inputs);
        int[] next = {0};
        Tracer tr = entry.tracer;
        return Leaves.map(entry.template, leaf -> leaf instanceof Array a && a.backend() == tr
                ? Array.of(be, outs[next[0]++], a.shape(), a.weak()) : asJax ? asResult(leaf) : leaf);
    }

    /** Adds v's part of the signature to key; its staged leaves go to dynamic. */
    private static void signature(Object v, boolean isStatic, boolean scalars, List<Object> key, List<Object> dynamic) {
        if (isStatic) {
            key.add(new Static(v));
            return;
        }
        List<Object> leaves = new ArrayList<>();
        Leaves.flatten(v, leaves, key);
        for (Object leaf : leaves) {
            switch (leaf) {
                case Array a -> {
                    key.add(a.dtype() + (a.weak() ? "~" : "") + Arrays.toString(a.shape()));
                    dynamic.add(a);
                }
                case Long l when scalars -> {
                    key.add("int");
                    dynamic.add(l);
                }
                case Double d when scalars -> {
                    key.add("float");
                    dynamic.add(d);
                }
                case Boolean b when scalars -> {
                    key.add("bool");
                    dynamic.add(b);
                }
                default -> key.add(new Static(leaf));
            }
        }
    }

    /** A staged leaf as the array jit gives the function (a Python scalar is a weak-typed array, as in JAX); null if it cannot be one. */
    private static Array asArray(Object leaf) {
        try {
            return switch (leaf) {
                case Array a -> a;
                case Long l -> Array.weak(l);
                case Double d -> Array.weak(d);
                case Boolean b -> Array.weak(b);
                default -> throw new IllegalStateException("not a staged leaf: " + leaf);
            };
        } catch (ArrayException e) {
            return null;
        }
    }

    /** An output leaf as jit returns it: numbers become arrays, as JAX's outputs are. */
    private static Object asResult(Object leaf) {
        if (leaf instanceof Long || leaf instanceof Double || leaf instanceof Boolean) {
            Array a = asArray(leaf);
            return a != null ? a : leaf;
        }
        return leaf;
    }

    private Object eager(Interp in, List<Object> args, Map<String, Object> kw) {
        Object out = in.call(fn, args, kw);
        return asJax ? Leaves.map(out, Staged::asResult) : out;
    }

    /** Stages fn for these arguments; an entry without a program where it cannot be staged, null where it failed. */
    private Entry stage(Interp in, ArrayContext context, List<Object> args, Map<String, Object> kw) {
        Tracer tr = new Tracer(context.backend());
        Traced t = trace(in, fn, tr, context.x64(), args, kw, staticNums, staticNames, false, asJax);
        if (t.failed()) {
            return null;
        }
        if (t.output() == null) {
            return new Entry(null, tr, null, t.reads());
        }
        Program p = Simplify.program(context.backend(), tr.nodes, t.inputs().size(), t.outputs());
        return new Entry(Fuse.program(p), tr, t.output(), t.reads());
    }

    /** What staging found: the input and output nodes and the output with its staged leaves; output null where it needs values. */
    record Traced(List<Node> inputs, List<Node> outputs, Object output, List<Read> reads, boolean failed) {}

    /**
     * Runs fn over staged arguments on tr. Output (print) gives up staging unless allowOutput
     * (make_jaxpr prints once, as JAX does); any other failure is reported as failed, and the
     * caller runs the function eagerly, which raises the error with eager evaluation's words.
     */
    static Traced trace(Interp in, Object fn, Tracer tr, boolean x64, List<Object> args, Map<String, Object> kw,
            Set<Integer> staticNums, Set<String> staticNames, boolean allowOutput, boolean scalars) {
        List<Node> inputs = new ArrayList<>();
        List<Object> targs = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            boolean isStatic = staticNums.contains(i) || staticNums.contains(i - args.size());
            targs.add(isStatic ? args.get(i) : Leaves.map(args.get(i), leaf -> input(tr, leaf, inputs, scalars)));
        }
        Map<String, Object> tkw = new LinkedHashMap<>();
        kw.forEach((k, v) -> tkw.put(k, staticNames.contains(k) ? v : Leaves.map(v, leaf -> input(tr, leaf, inputs, scalars))));
        List<Read> reads = new ArrayList<>();
        Interp.StagingWatch watch = new Interp.StagingWatch() {
            @Override
            public void output() {
                if (!allowOutput) {
                    throw new NeedsValue("output");
                }
            }

            @Override
            public void global(Values.Globals globals, String name, Object bound) {
                reads.add(new Read(globals, name, bound));
            }
        };
        Interp.StagingWatch previous = in.watch(watch);
        Object out;
        try {
            out = new ArrayContext(tr, x64).call(() -> in.call(fn, targs, tkw));
        } catch (NeedsValue e) {
            return new Traced(inputs, List.of(), null, List.copyOf(reads), false);
        } catch (RuntimeException | StackOverflowError e) {
            return new Traced(inputs, List.of(), null, List.copyOf(reads), true);
        } finally {
            in.watch(previous);
        }
        List<Node> outputs = new ArrayList<>();
        boolean[] stageable = {true};
        Leaves.map(out, leaf -> {
            switch (leaf) {
                // A complex value is two staged parts, not one node: such a function runs eagerly.
                case Array a when a.backend() == tr && a.dtype().isComplex() -> stageable[0] = false;
                case Array a when a.backend() == tr -> outputs.add((Node) a.bufferOn(tr));
                case Array a -> { }
                case Long l -> { }
                case Double d -> { }
                case Boolean b -> { }
                case String s -> { }
                case Values.None n -> { }
                default -> stageable[0] = false;
            }
            return leaf;
        });
        if (!stageable[0]) {
            return new Traced(inputs, List.of(), null, List.copyOf(reads), false);
        }
        return new Traced(inputs, outputs, out, List.copyOf(reads), false);
    }

    private static Object input(Tracer tr, Object leaf, List<Node> inputs, boolean scalars) {
        Array a = switch (leaf) {
            case Array x -> x;
            case Object o when !scalars -> null;
            case Long l -> Array.weak(l);
            case Double d -> Array.weak(d);
            case Boolean b -> Array.weak(b);
            default -> null;
        };
        if (a == null) {
            return leaf;
        }
        Node n = tr.input(inputs.size(), a.dtype(), a.shape());
        inputs.add(n);
        return Array.of(tr, n, a.shape(), a.weak());
    }

    /** A jitted function called while another is being staged: its work joins the outer program, marked as a region. */
    private Object nested(Interp in, Tracer tr, List<Object> args, Map<String, Object> kw) {
        List<Node> ins = new ArrayList<>();
        Leaves.map(new Values.Tuple(args), leaf -> {
            if (leaf instanceof Array a && a.backend() == tr) {
                ins.add((Node) a.bufferOn(tr));
            }
            return leaf;
        });
        int first = tr.nodes.size();
        Object out = in.call(fn, args, kw);
        List<Node> outs = new ArrayList<>();
        Leaves.map(out, leaf -> {
            if (leaf instanceof Array a && a.backend() == tr) {
                outs.add((Node) a.bufferOn(tr));
            }
            return leaf;
        });
        tr.regions.add(new Tracer.Region(name, ins, outs, first, tr.nodes.size()));
        return out;
    }
}

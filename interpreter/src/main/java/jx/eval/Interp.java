package jx.eval;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import jx.array.Array;
import jx.array.ArrayIndexing;
import jx.array.ArrayException;
import jx.array.Budget;
import jx.array.DType;
import jx.array.Index;
import jx.array.format.PyFormat;
import jx.core.Core;
import jx.diag.Diagnostic;
import jx.diag.Source;
import jx.diag.JxException;
import jx.syntax.Expr;
import jx.diag.Pos;

/**
 * The evaluator: runs core IR over frames of slots. Statements report how they ended (normally,
 * break, continue, return) by a small integer instead of exceptions, so loops stay cheap.
 */
public final class Interp {
    private static final int NORMAL = 0;
    private static final int BREAK = 1;
    private static final int CONTINUE = 2;
    private static final int RETURN = 3;
    private static final int MAX_DEPTH = 5000;

    private final PrintStream out;
    private final List<String> argv;
    private final Library library;
    private final Map<String, Object> builtins = new HashMap<>();
    private final Map<String, Values.Module> modules = new HashMap<>();
    private int depth;
    /** Loop iterations and calls left before the checker gives up following a program (unlimited when run). */
    private long steps = Long.MAX_VALUE;
    /** Whether this interpreter is the checker's, whose arrays have shapes but no elements. */
    private final boolean overShapes;
    private final Compiler compiler;
    /** The session's primitives: the library declares its rows here, the transformations read them. */
    private final jx.prim.Registry registry = new jx.prim.Registry();

    /** One activation: the slots of a function (or module), its captures and its module scope. */
    static final class Frame {
        final Object[] slots;
        final Object[] captured;
        final Values.Globals globals;
        Object returned;

        Frame(Object[] slots, Object[] captured, Values.Globals globals) {
            this.slots = slots;
            this.captured = captured;
            this.globals = globals;
        }
    }

    public Interp(PrintStream out, List<String> argv, boolean overShapes, Compiler compiler) {
        this.out = out;
        this.argv = argv;
        this.overShapes = overShapes;
        this.compiler = compiler;
        this.library = ServiceLoader.load(Library.class).findFirst().orElse(null);
        Builtins.install(this, builtins);
        if (library != null) {
            builtins.putAll(library.prelude(this));
        }
        builtins.put("jx", JxModule.create(this));
    }

    /**
     * What a function being staged (jax.jit) depends on besides its arguments: the module names it
     * reads (a staged program is only reused while they hold the same values) and output (which
     * must happen on every call, so it cannot be staged). Null while nothing is being staged.
     */
    public interface StagingWatch {
        void output();

        /** name was read from globals, where it held bound (null: it was a builtin). */
        void global(Values.Globals globals, String name, Object bound);
    }

    private StagingWatch watch;

    /** Applied to every function a module binds, with the module's scope (the test mode that jits them); null: none. */
    private java.util.function.BinaryOperator<Object> moduleFunctions;

    public void wrapModuleFunctions(java.util.function.BinaryOperator<Object> wrap) {
        moduleFunctions = wrap;
    }

    /** Sets the watch for what follows and returns the one it replaces. */
    public StagingWatch watch(StagingWatch w) {
        StagingWatch previous = watch;
        watch = w;
        return previous;
    }

    /** Bounds the work of the next evaluations: past {@code n} loop iterations and calls they throw {@link Unknown}. */
    public void limitSteps(long n) {
        steps = n;
    }

    /**
     * Whether values here are shapes only, so a transformation may give the shapes and dtypes of its
     * result without deriving (as jax.eval_shape would find them).
     */
    public boolean overShapes() {
        return overShapes;
    }

    public long stepsLeft() {
        return steps;
    }

    public Library library() {
        return library;
    }

    public jx.prim.Registry registry() {
        return registry;
    }

    public PrintStream out() {
        if (watch != null) {
            watch.output();
        }
        return out;
    }

    public List<String> argv() {
        return argv;
    }

    public Map<String, Object> builtins() {
        return builtins;
    }

    /** The modules imported so far (for help() to say where a function lives). */
    public java.util.Collection<Values.Module> loadedModules() {
        return modules.values();
    }

    // ---- modules ----

    /** Runs a module's code in the given scope. */
    public void run(Core.Module module, Values.Globals globals) {
        Core.Code code = module.code();
        Frame f = new Frame(new Object[code.frameSize()], new Object[0], globals);
        exec(code.body(), f);
    }

    /** Runs one expression-or-statements REPL input; returns the last expression's value, if any. */
    public Object runInteractive(Core.Module module, Values.Globals globals) {
        Core.Code code = module.code();
        List<Core.Stmt> body = code.body();
        Frame f = new Frame(new Object[code.frameSize()], new Object[0], globals);
        if (!body.isEmpty() && body.get(body.size() - 1) instanceof Core.Eval last) {
            exec(body.subList(0, body.size() - 1), f);
            return eval(last.expr(), f);
        }
        exec(body, f);
        return null;
    }

    public Values.Module module(String name, Path fromDir, Pos pos) {
        Values.Module cached = modules.get(name);
        if (cached != null) {
            return cached;
        }
        Values.Module m = null;
        if (fromDir != null) {
            Path file = fromDir.resolve(name.replace('.', '/') + ".jx");
            if (Files.isRegularFile(file)) {
                m = loadJx(name, readFile(file), file.getParent());
            }
        }
        if (m == null && library != null) {
            m = library.nativeModule(name, this);
            if (m == null) {
                String src = library.jxSource(name);
                if (src != null) {
                    m = loadJx(name, Source.of("<" + name + ">", src), null);
                }
            }
        }
        if (m == null && name.equals("itertools")) {
            throw new EvalError("ModuleNotFoundError: No module named 'itertools' (its iterators are state, and jx is pure)",
                    "count with an index instead of itertools.count(): `for step in range(num_steps):`, "
                            + "or carry it: `step = step + 1`");
        }
        if (m == null) {
            throw new EvalError("ModuleNotFoundError: No module named '" + name + "'",
                    "jx finds NAME.jx beside the importing file, then the standard library");
        }
        modules.put(name, m);
        return m;
    }

    private Source readFile(Path file) {
        try {
            return Source.of(file.toString(), Files.readString(file));
        } catch (java.io.IOException e) {
            throw new EvalError("ImportError: cannot read " + file + ": " + e.getMessage());
        }
    }

    private Values.Module loadJx(String name, Source source, Path dir) {
        Core.Module code = compiler.compile(this, source, n -> false);
        Values.Globals g = new Values.Globals(source, dir);
        g.names.put("__name__", name);
        run(code, g);
        return new Values.Module(name, g.names);
    }

    // ---- statements ----

    private int exec(List<Core.Stmt> body, Frame f) {
        for (int i = 0, n = body.size(); i < n; i++) {
            int signal = exec(body.get(i), f);
            if (signal != NORMAL) {
                return signal;
            }
        }
        return NORMAL;
    }

    private int exec(Core.Stmt s, Frame f) {
        try {
            return switch (s) {
                case Core.Bind b -> {
                    bind(b.target(), eval(b.value(), f), f);
                    yield NORMAL;
                }
                case Core.Eval e -> {
                    eval(e.expr(), f);
                    yield NORMAL;
                }
                case Core.Return r -> {
                    f.returned = eval(r.value(), f);
                    yield RETURN;
                }
                case Core.If i -> {
                    for (int k = 0; k < i.tests().size(); k++) {
                        if (PyOps.truthy(eval(i.tests().get(k), f))) {
                            yield exec(i.bodies().get(k), f);
                        }
                    }
                    yield exec(i.orElse(), f);
                }
                case Core.For loop -> forLoop(loop, f);
                case Core.While w -> whileLoop(w, f);
                case Core.Break b -> BREAK;
                case Core.Continue c -> CONTINUE;
                case Core.Assert a -> {
                    if (!PyOps.truthy(eval(a.test(), f))) {
                        String msg = a.message() == null ? "" : ": " + Printer.str(eval(a.message(), f));
                        throw new EvalError("AssertionError" + msg);
                    }
                    yield NORMAL;
                }
                case Core.Import im -> {
                    bind(im.target(), importValue(im, f), f);
                    yield NORMAL;
                }
            };
        } catch (EvalError e) {
            throw e.at(s.pos(), f.globals.source);
        } catch (Unknown u) {
            // Only while checking: a statement that binds nothing can be skipped and the rest followed.
            if (s instanceof Core.Eval || s instanceof Core.Assert) {
                return NORMAL;
            }
            throw u;
        }
    }

    private Object importValue(Core.Import im, Frame f) {
        Path dir = f.globals.dir;
        if (im.member() == null) {
            return module(im.module(), dir, im.pos());
        }
        if (!im.member().startsWith(".")) {
            module(im.member(), dir, im.pos());
            return module(im.module(), dir, im.pos());
        }
        String name = im.member().substring(1);
        Values.Module m = module(im.module(), dir, im.pos());
        Object v = m.members().get(name);
        if (v != null) {
            return v;
        }
        try {
            return module(im.module() + "." + name, dir, im.pos());
        } catch (EvalError e) {
            throw new EvalError("ImportError: cannot import name '" + name + "' from '" + im.module() + "'");
        }
    }

    private int forLoop(Core.For loop, Frame f) {
        Object iterable = eval(loop.iter(), f);
        for (Object item : iterate(iterable)) {
            checkInterrupt();
            bind(loop.target(), item, f);
            int signal = exec(loop.body(), f);
            if (signal == BREAK) {
                return NORMAL;
            }
            if (signal == RETURN) {
                return RETURN;
            }
        }
        return exec(loop.orElse(), f);
    }

    private int whileLoop(Core.While w, Frame f) {
        while (PyOps.truthy(eval(w.test(), f))) {
            checkInterrupt();
            int signal = exec(w.body(), f);
            if (signal == BREAK) {
                return NORMAL;
            }
            if (signal == RETURN) {
                return RETURN;
            }
        }
        return exec(w.orElse(), f);
    }

    private void checkInterrupt() {
        if (--steps < 0) {
            throw new Unknown();
        }
        if (Thread.interrupted()) {
            throw new EvalError("KeyboardInterrupt");
        }
    }

    private void bind(Core.Bind.Target t, Object value, Frame f) {
        switch (t) {
            case Core.Bind.ToLocal l -> f.slots[l.slot()] = value;
            case Core.Bind.ToGlobal g -> f.globals.names.put(g.name(),
                    moduleFunctions != null && value instanceof Values.Closure ? moduleFunctions.apply(f.globals, value) : value);
            case Core.Bind.Unpack u -> {
                List<Object> items = unpack(value, u.items().size());
                for (int i = 0; i < items.size(); i++) {
                    bind(u.items().get(i), items.get(i), f);
                }
            }
        }
    }

    private List<Object> unpack(Object value, int n) {
        List<Object> items = new ArrayList<>();
        for (Object o : iterate(value)) {
            items.add(o);
            if (items.size() > n) {
                throw new EvalError("ValueError: too many values to unpack (expected " + n + ")");
            }
        }
        if (items.size() < n) {
            throw new EvalError("ValueError: not enough values to unpack (expected " + n + ", got " + items.size() + ")");
        }
        return items;
    }

    // ---- iteration ----

    public Iterable<Object> iterate(Object v) {
        return switch (v) {
            case Values.Tuple t -> t.items();
            case Values.PyList l -> l.items();
            case Values.PyDict d -> d.map().keySet();
            case Progress p -> p.iterate();
            case String s -> s.chars().mapToObj(c -> (Object) String.valueOf((char) c)).toList();
            case Values.Range r -> () -> new java.util.Iterator<>() {
                long i = 0;
                final long n = r.length();

                public boolean hasNext() {
                    return i < n;
                }

                public Object next() {
                    return r.get(i++);
                }
            };
            case Array a -> {
                if (a.ndim() == 0) {
                    throw new EvalError("TypeError: iteration over a 0-d array");
                }
                int n = a.shape()[0];
                List<Object> rows = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    rows.add(ArrayIndexing.index(a, List.of(new Index.At(i))));
                }
                yield rows;
            }
            default -> throw new EvalError("TypeError: '" + PyOps.typeName(v) + "' object is not iterable");
        };
    }

    public List<Object> list(Object v) {
        if (v instanceof Values.Range r) {
            jx.array.Budget.items(r.length(), 24, "a list");
        }
        List<Object> out = new ArrayList<>();
        for (Object o : iterate(v)) {
            out.add(o);
            if ((out.size() & 0xffff) == 0 && Thread.interrupted()) {
                throw new EvalError("KeyboardInterrupt"); // list(range(10**8)) stops on Ctrl-C like a loop
            }
        }
        return out;
    }

    // ---- expressions ----

    Object eval(Core e, Frame f) {
        try {
            return switch (e) {
                case Core.Lit l -> literal(l.value());
                case Core.Local l -> {
                    Object v = f.slots[l.slot()];
                    if (v == null) {
                        throw new EvalError("UnboundLocalError: local variable '" + l.name()
                                + "' referenced before assignment", "assign '" + l.name() + "' before this line");
                    }
                    yield v;
                }
                case Core.Captured c -> {
                    Object v = f.captured[c.index()];
                    if (v instanceof Values.Forward fw) {
                        v = fw.frame()[fw.slot()];
                        if (v == null) {
                            throw new EvalError("NameError: free variable '" + c.name()
                                    + "' referenced before assignment in enclosing scope");
                        }
                    }
                    yield v;
                }
                case Core.Global g -> global(g.name(), f);
                case Core.Unary u -> PyOps.unary(u.op(), eval(u.operand(), f));
                case Core.Binary b -> PyOps.binary(b.op(), eval(b.left(), f), eval(b.right(), f));
                case Core.Compare c -> compare(c, f);
                // As in Python, the last operand's value is the result without being tested.
                case Core.And a -> {
                    List<Core> xs = a.operands();
                    Object v = eval(xs.get(0), f);
                    for (int k = 1; k < xs.size() && PyOps.truthy(v); k++) {
                        v = eval(xs.get(k), f);
                    }
                    yield v;
                }
                case Core.Or o -> {
                    List<Core> xs = o.operands();
                    Object v = eval(xs.get(0), f);
                    for (int k = 1; k < xs.size() && !PyOps.truthy(v); k++) {
                        v = eval(xs.get(k), f);
                    }
                    yield v;
                }
                case Core.Not n -> !PyOps.truthy(eval(n.operand(), f));
                case Core.IfExp i -> PyOps.truthy(eval(i.test(), f)) ? eval(i.body(), f) : eval(i.orElse(), f);
                case Core.Call c -> call(eval(c.fn(), f), c.args(), f);
                case Core.Prim p -> call(p.callee() != null && rebound(p.callee(), f) ? eval(p.callee(), f)
                        : p.primitive().function(), p.args(), f);
                case Core.Attr a -> Attributes.get(this, eval(a.obj(), f), a.name());
                case Core.Index ix -> Indexing.get(this, eval(ix.obj(), f), indexKey(ix.index(), f));
                case Core.Slice s -> new Values.SliceValue(s.lo() == null ? Values.None.NONE : eval(s.lo(), f),
                        s.hi() == null ? Values.None.NONE : eval(s.hi(), f),
                        s.step() == null ? Values.None.NONE : eval(s.step(), f));
                case Core.MakeTuple t -> new Values.Tuple(items(t.items(), f));
                case Core.MakeList l -> new Values.PyList(items(l.items(), f));
                case Core.MakeDict d -> dict(d, f);
                case Core.Spread s -> throw new EvalError("SyntaxError: can't use starred expression here");
                case Core.Closure c -> closure(c, f);
                case Core.Comprehension c -> comprehension(c, f);
                case Core.Format fmt -> format(fmt.parts(), f);
            };
        } catch (EvalError err) {
            throw err.at(e.pos(), f.globals.source);
        } catch (ArrayException err) {
            throw new EvalError(err.getMessage()).at(e.pos(), f.globals.source);
        } catch (jx.array.Interrupted err) {
            throw new EvalError("KeyboardInterrupt").at(e.pos(), f.globals.source);
        } catch (StackOverflowError err) {
            throw new EvalError("RecursionError: maximum recursion depth exceeded",
                    "jx has no tail calls: rewrite deep recursion as a loop").at(e.pos(), f.globals.source);
        } catch (OutOfMemoryError err) {
            throw new EvalError(Budget.exhausted(), Budget.EXHAUSTED_HINT).at(e.pos(), f.globals.source);
        }
    }

    private Object literal(Object v) {
        if (v instanceof Expr.Marker m) {
            return m == Expr.Marker.NONE ? Values.None.NONE : Values.Ellipsis.ELLIPSIS;
        }
        return v;
    }

    private Object global(String name, Frame f) {
        Object v = f.globals.names.get(name);
        if (watch != null) {
            watch.global(f.globals, name, v);
        }
        if (v == null) {
            v = builtins.get(name);
        }
        if (v == null) {
            throw new EvalError("NameError: name '" + name + "' is not defined");
        }
        if (v == Unknown.VALUE) {
            throw new Unknown();
        }
        return v;
    }

    private Object compare(Core.Compare c, Frame f) {
        Object left = eval(c.operands().get(0), f);
        Object result = Boolean.TRUE;
        for (int i = 0; i < c.ops().size(); i++) {
            Object right = eval(c.operands().get(i + 1), f);
            result = PyOps.compare(c.ops().get(i), left, right);
            if (c.ops().size() > 1 && !PyOps.truthy(result)) {
                return result;
            }
            left = right;
        }
        return result;
    }

    private List<Object> items(List<Core> cores, Frame f) {
        List<Object> out = new ArrayList<>(cores.size());
        for (Core c : cores) {
            if (c instanceof Core.Spread s) {
                for (Object o : iterate(eval(s.value(), f))) {
                    out.add(o);
                }
            } else {
                out.add(eval(c, f));
            }
        }
        return out;
    }

    private Object dict(Core.MakeDict d, Frame f) {
        Map<Object, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < d.keys().size(); i++) {
            Core k = d.keys().get(i);
            Object v = eval(d.values().get(i), f);
            if (k == null) {
                if (!(v instanceof Values.PyDict spread)) {
                    throw new EvalError("TypeError: '" + PyOps.typeName(v) + "' object is not a mapping");
                }
                m.putAll(spread.map());
            } else {
                m.put(PyOps.key(eval(k, f)), v);
            }
        }
        return new Values.PyDict(m);
    }

    private Object indexKey(List<Core> index, Frame f) {
        if (index.size() == 1 && !(index.get(0) instanceof Core.Spread)) {
            return eval(index.get(0), f);
        }
        return new Values.Tuple(items(index, f));
    }

    private Object closure(Core.Closure c, Frame f) {
        Core.Code code = c.code();
        Object[] captured = new Object[code.captures().size()];
        for (int i = 0; i < captured.length; i++) {
            Core ref = code.captures().get(i);
            if (ref instanceof Core.Local l && f.slots[l.slot()] == null) {
                // Bound later in the enclosing function (a recursive inner def): read it at call time.
                captured[i] = new Values.Forward(f.slots, l.slot());
            } else if (ref instanceof Core.Captured cc) {
                captured[i] = f.captured[cc.index()];
            } else {
                captured[i] = eval(ref, f);
            }
        }
        Object[] defaults = new Object[c.defaults().size()];
        for (int i = 0; i < defaults.length; i++) {
            defaults[i] = eval(c.defaults().get(i), f);
        }
        return new Values.Closure(code, captured, defaults, f.globals);
    }

    private Object comprehension(Core.Comprehension c, Frame f) {
        if (c.value() == null) {
            List<Object> out = new ArrayList<>();
            clauses(c, 0, f, out, null);
            return new Values.PyList(out);
        }
        Map<Object, Object> out = new LinkedHashMap<>();
        clauses(c, 0, f, null, out);
        return new Values.PyDict(out);
    }

    private void clauses(Core.Comprehension c, int k, Frame f, List<Object> list, Map<Object, Object> map) {
        if (k == c.clauses().size()) {
            if (list != null) {
                list.add(eval(c.element(), f));
            } else {
                map.put(PyOps.key(eval(c.element(), f)), eval(c.value(), f));
            }
            return;
        }
        Core.Clause clause = c.clauses().get(k);
        outer:
        for (Object item : iterate(eval(clause.iter(), f))) {
            checkInterrupt();
            bind(clause.target(), item, f);
            for (Core cond : clause.conditions()) {
                if (!PyOps.truthy(eval(cond, f))) {
                    continue outer;
                }
            }
            clauses(c, k + 1, f, list, map);
        }
    }

    private String format(List<Object> parts, Frame f) {
        StringBuilder sb = new StringBuilder();
        for (Object p : parts) {
            if (p instanceof String s) {
                sb.append(s);
                continue;
            }
            Core.Field field = (Core.Field) p;
            Object v = eval(field.value(), f);
            String spec = field.spec().isEmpty() ? "" : format(field.spec(), f);
            if (field.conversion() == 'r') {
                v = Printer.repr(v);
            } else if (field.conversion() == 's') {
                v = Printer.str(v);
            } else if (field.conversion() == 'a') {
                v = Printer.repr(v);
            }
            sb.append(formatValue(v, spec));
        }
        return sb.toString();
    }

    /** Python's format(value, spec). */
    public static String formatValue(Object v, String spec) {
        if (spec.isEmpty() && v instanceof Array a && a.dtype().isComplex() && a.ndim() == 0) {
            // JAX formats a 0-d array's NumPy scalar, and np.complex64's format is Python complex's repr.
            return Printer.repr(Convert.item(a));
        }
        if (spec.isEmpty()) {
            return Printer.str(v);
        }
        try {
            return formatWith(v, spec);
        } catch (IllegalArgumentException e) {
            throw new EvalError("ValueError: " + e.getMessage());
        }
    }

    private static String formatWith(Object v, String spec) {
        return switch (v) {
            case Long l -> PyFormat.format(l, spec);
            case java.math.BigInteger b -> spec.isEmpty() ? Printer.str(b) : PyFormat.format(b, spec);
            case Double d -> PyFormat.format(d, spec);
            case Boolean b -> PyFormat.format(b, spec);
            case String s -> PyFormat.format(s, spec);
            case jx.syntax.PyComplex z -> PyFormat.formatComplex(z.re(), z.im(), spec);
            case Array a when a.dtype().isComplex() && a.ndim() == 0 -> formatWith(Convert.item(a), spec);
            case Array a when a.dtype().isComplex() -> throw new IllegalArgumentException("unsupported format string passed to numpy.ndarray.__format__");
            case Array a -> PyFormat.formatArray(a.toHost(), spec);
            default -> PyFormat.format(Printer.str(v), spec);
        };
    }

    // ---- calls ----

    /** Whether the module-level name a primitive's callee starts from holds something else than at start. */
    private boolean rebound(Core callee, Frame f) {
        Core root = callee;
        while (root instanceof Core.Attr a) {
            root = a.obj();
        }
        if (!(root instanceof Core.Global g)) {
            return false;
        }
        Object bound = f.globals.names.get(g.name());
        return bound != null && bound != builtins.get(g.name());
    }

    private Object call(Object fn, List<Core.Arg> argNodes, Frame f) {
        List<Object> args = new ArrayList<>(argNodes.size());
        Map<String, Object> kwargs = Map.of();
        for (Core.Arg a : argNodes) {
            switch (a) {
                case Core.Positional p -> args.add(eval(p.value(), f));
                case Core.Star s -> {
                    for (Object o : iterate(eval(s.value(), f))) {
                        args.add(o);
                    }
                }
                case Core.Keyword k -> {
                    if (kwargs.isEmpty()) {
                        kwargs = new LinkedHashMap<>();
                    }
                    if (kwargs.put(k.name(), eval(k.value(), f)) != null) {
                        throw new EvalError("SyntaxError: keyword argument repeated: " + k.name());
                    }
                }
                case Core.KwStar k -> {
                    if (kwargs.isEmpty()) {
                        kwargs = new LinkedHashMap<>();
                    }
                    Object d = eval(k.value(), f);
                    if (!(d instanceof Values.PyDict dict)) {
                        throw new EvalError("TypeError: argument after ** must be a mapping, not " + PyOps.typeName(d));
                    }
                    for (Map.Entry<Object, Object> en : dict.map().entrySet()) {
                        kwargs.put(String.valueOf(en.getKey()), en.getValue());
                    }
                }
            }
        }
        return call(fn, args, kwargs);
    }

    public Object call(Object fn, List<Object> args) {
        return call(fn, args, Map.of());
    }

    public Object call(Object fn, List<Object> args, Map<String, Object> kwargs) {
        return switch (fn) {
            case Values.Closure c -> callClosure(c, args, kwargs);
            case Values.Builtin b -> {
                try {
                    yield b.impl().call(this, args, kwargs);
                } catch (ArrayException e) {
                    throw new EvalError(e.getMessage());
                } catch (ClassCastException | IndexOutOfBoundsException e) {
                    // A library function given arguments of the wrong kind or number: say so in its terms.
                    throw new EvalError("TypeError: " + b.name() + "() got an argument it cannot use",
                            "check the arguments against the function's documentation");
                } catch (IllegalArgumentException e) {
                    throw new EvalError("ValueError: " + e.getMessage());
                } catch (ArithmeticException e) {
                    throw new EvalError("ZeroDivisionError: " + e.getMessage());
                }
            }
            case Values.Transformed t -> t.impl().call(this, args, kwargs);
            case Values.CustomRule c -> call(c.fun(), args, kwargs);
            case Values.BoundMethod m -> {
                List<Object> all = new ArrayList<>(args.size() + 1);
                all.add(m.self());
                all.addAll(args);
                yield call(m.fn(), all, kwargs);
            }
            case DType d -> {
                if (args.size() != 1) {
                    throw new EvalError("TypeError: " + d + "() takes exactly one argument");
                }
                yield Convert.toArray(this, args.get(0), d);
            }
            default -> throw new EvalError("TypeError: '" + PyOps.typeName(fn) + "' object is not callable");
        };
    }

    private Object callClosure(Values.Closure c, List<Object> args, Map<String, Object> kwargs) {
        Core.Code code = c.code();
        Object[] slots = new Object[code.frameSize()];
        List<String> params = code.params();
        List<Core.Code.ParamKind> kinds = code.kinds();
        int plain = 0;
        int varargs = -1;
        int kwargsSlot = -1;
        for (int i = 0; i < params.size(); i++) {
            switch (kinds.get(i)) {
                case PLAIN -> plain++;
                case VARARGS -> varargs = i;
                case KWARGS -> kwargsSlot = i;
            }
        }
        String name = code.isLambda() ? "<lambda>" : code.name();
        int positional = Math.min(args.size(), plain);
        if (args.size() > plain && varargs < 0) {
            throw new EvalError("TypeError: " + name + "() takes " + plain + " positional argument" + (plain == 1 ? "" : "s")
                    + " but " + args.size() + (args.size() == 1 ? " was" : " were") + " given");
        }
        for (int i = 0; i < positional; i++) {
            slots[i] = args.get(i);
        }
        if (varargs >= 0) {
            slots[varargs] = new Values.Tuple(args.size() > plain ? new ArrayList<>(args.subList(plain, args.size())) : List.of());
        }
        Map<Object, Object> extra = kwargsSlot >= 0 ? new LinkedHashMap<>() : null;
        for (Map.Entry<String, Object> kw : kwargs.entrySet()) {
            int at = params.indexOf(kw.getKey());
            if (at < 0 || kinds.get(at) != Core.Code.ParamKind.PLAIN) {
                if (extra == null) {
                    throw new EvalError("TypeError: " + name + "() got an unexpected keyword argument '" + kw.getKey() + "'");
                }
                extra.put(kw.getKey(), kw.getValue());
                continue;
            }
            if (slots[at] != null) {
                throw new EvalError("TypeError: " + name + "() got multiple values for argument '" + kw.getKey() + "'");
            }
            slots[at] = kw.getValue();
        }
        if (kwargsSlot >= 0) {
            slots[kwargsSlot] = new Values.PyDict(extra);
        }
        Object[] defaults = c.defaults();
        int firstDefault = plain - defaults.length;
        List<String> missing = null;
        for (int i = 0; i < plain; i++) {
            if (slots[i] == null) {
                if (i >= firstDefault) {
                    slots[i] = defaults[i - firstDefault];
                } else {
                    if (missing == null) {
                        missing = new ArrayList<>();
                    }
                    missing.add("'" + params.get(i) + "'");
                }
            }
        }
        if (missing != null) {
            String names = missing.size() == 1 ? missing.get(0)
                    : String.join(", ", missing.subList(0, missing.size() - 1)) + " and " + missing.get(missing.size() - 1);
            throw new EvalError("TypeError: " + name + "() missing " + missing.size() + " required positional argument"
                    + (missing.size() == 1 ? "" : "s") + ": " + names);
        }
        if (++depth > MAX_DEPTH) {
            depth = 0;
            throw new EvalError("RecursionError: maximum recursion depth exceeded (" + MAX_DEPTH + " nested calls)",
                    "jx has no tail calls: rewrite deep recursion as a loop");
        }
        try {
            checkInterrupt();
            Frame f = new Frame(slots, c.captured(), c.globals());
            int signal = exec(code.body(), f);
            return signal == RETURN ? f.returned : Values.None.NONE;
        } catch (EvalError e) {
            throw e.leaving(name);
        } finally {
            depth = Math.max(0, depth - 1);
        }
    }

    /** Turns an evaluation error into the rendered error users see. */
    public static JxException render(EvalError e, Source fallback) {
        Source src = e.source() != null ? e.source() : fallback;
        Pos p = e.pos() != null ? e.pos() : new Pos(0, 0);
        if (p.line() == 0) {
            return new JxException(JxException.Kind.RUNTIME, src.name() + ": error: " + e.getMessage()
                    + (e.hint() != null ? "\nhint: " + e.hint() : ""));
        }
        Diagnostic d = new Diagnostic(src, p.line(), p.col(), 1, e.getMessage(), e.hint());
        return new JxException(JxException.Kind.RUNTIME, Traceback.render(e.frames()) + d.render("error").stripTrailing());
    }
}

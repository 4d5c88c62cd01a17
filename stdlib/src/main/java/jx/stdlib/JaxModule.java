package jx.stdlib;

import java.util.ArrayList;
import java.util.List;

import jx.array.Array;
import jx.array.ArrayIndexing;
import jx.array.Index;
import jx.array.Ops;

import jx.eval.EvalError;
import jx.eval.Interp;
import jx.eval.Printer;
import jx.eval.Values;

/** The jax namespace: its submodules and the transformations (jit is transparent). */
final class JaxModule {
    private JaxModule() {}

    static Values.Module create(StdLibrary lib, Interp interp) {
        Table t = new Table();
        t.value("numpy", lib.nativeModule("jax.numpy", interp));
        t.value("lax", lib.nativeModule("jax.lax", interp));
        t.value("random", lib.nativeModule("jax.random", interp));
        t.value("tree_util", lib.nativeModule("jax.tree_util", interp));
        // jit stages and compiles (jx.jit); checkpoint (remat) changes memory, never meaning: @jax.checkpoint is f.
        t.fn("jit(fun=None, static_argnums=None, static_argnames=None, donate_argnums=None, donate_argnames=None, "
                + "inline=False, keep_unused=False, device=None, backend=None)", (in, a) -> a[0] instanceof Values.None
                        ? new Values.Builtin("jit", (in2, a2, kw2) -> jx.jit.Jit.jit(in2, a2.get(0), a[1], a[2]))
                        : jx.jit.Jit.jit(in, a[0], a[1], a[2]));
        t.fn("make_jaxpr(fun, static_argnums=None)", (in, a) -> jx.jit.Jit.makeJaxpr(a[0], a[1]));
        for (String name : List.of("checkpoint", "remat")) {
            t.raw(name, (in, a, kw) -> a.isEmpty() ? new Values.Builtin(name, (in2, a2, kw2) -> a2.get(0)) : a.get(0));
        }
        // jax.Array, for isinstance and annotations: the type of every array.
        t.raw("Array", (in, a, kw) -> {
            throw new EvalError("TypeError: use jnp.array(...) to make arrays");
        });
        Values.Module treeUtil = lib.nativeModule("jax.tree_util", interp);
        Table tree = new Table();
        for (String name : List.of("map", "leaves", "structure", "flatten", "unflatten", "reduce", "all")) {
            tree.value(name, treeUtil.members().get("tree_" + name));
        }
        t.value("tree", tree.module("jax.tree"));
        // jax.tree_map and its siblings, JAX's names before jax.tree (removed in JAX 0.6): the jax-101
        // notebooks and much tutorial code call them.
        for (String name : List.of("map", "leaves", "structure", "flatten", "unflatten", "reduce")) {
            t.value("tree_" + name, treeUtil.members().get("tree_" + name));
        }
        Table config = new Table();
        config.fn("update(name, val)", (in, a) -> {
            String name = String.valueOf(a[0]);
            switch (name) {
                case "jax_enable_x64" -> jx.array.ArrayContext.current().setX64(jx.eval.PyOps.truthy(a[1]));
                case "jax_threefry_partitionable" ->
                        jx.array.ArrayContext.current().setThreefryPartitionable(jx.eval.PyOps.truthy(a[1]));
                // jit never changes meaning and the device is chosen with --device: nothing to change.
                case "jax_disable_jit", "jax_platform_name", "jax_platforms", "jax_default_device" -> { }
                default -> throw new EvalError("AttributeError: Unrecognized config option: " + name,
                        "jx knows jax_enable_x64 (or run with --x64) and jax_threefry_partitionable");
            }
            return Values.None.NONE;
        });
        t.value("config", config.module("jax.config"));
        t.raw("eval_shape", EvalShape::evalShape);
        t.fn("ShapeDtypeStruct(shape, dtype, weak_type=False)", (in, a) -> EvalShape.make(in, a[0], a[1], a[2]))
                .tags(jx.prim.Tag.NONDIFF);
        t.raw("block_until_ready", (in, a, kw) -> a.get(0));
        t.raw("device_put", (in, a, kw) -> a.get(0));
        // The arrays already live where the host can read them (a GPU array is copied when printed).
        t.raw("device_get", (in, a, kw) -> a.get(0));
        t.fn("default_backend()", (in, a) -> jx.array.ArrayContext.current().backend().toString().startsWith("cuda")
                ? "gpu" : "cpu").tags(jx.prim.Tag.NONDIFF);
        t.raw("devices", (in, a, kw) -> new Values.PyList(List.of(new Device(jx.array.ArrayContext.current().backend().toString()))));
        // One device: the backend the session runs on (jax.device_count() on a one-GPU or CPU host).
        t.fn("device_count(backend=None)", (in, a) -> 1L).tags(jx.prim.Tag.NONDIFF);
        t.fn("local_device_count(backend=None)", (in, a) -> 1L).tags(jx.prim.Tag.NONDIFF);
        t.fn("process_count(backend=None)", (in, a) -> 1L).tags(jx.prim.Tag.NONDIFF);
        t.fn("process_index(backend=None)", (in, a) -> 0L).tags(jx.prim.Tag.NONDIFF);
        // A derived function closes over what fun closes over: their cotangents are the same (so a
        // gradient inside a differentiated function reaches the variables it captures).
        t.fn("grad(fun, argnums=0, has_aux=False, holomorphic=False)", (in, a) ->
                jx.ad.Transform.grad(in, a[0], a[1], jx.eval.PyOps.truthy(a[2]), false, jx.eval.PyOps.truthy(a[3])))
                .vjp("g", null, null, null).jvp("t", null, null, null);
        interp.registry().add(t.row("grad").prim("jax"));
        // The batched function closes over what fun closes over: their cotangents are the same.
        t.fn("vmap(fun, in_axes=0, out_axes=0, axis_size=None)", (in, a) -> jx.batch.Vmap.vmap(in, a[0], a[1], a[2], a[3]))
                .vjp("g", null, null, null).jvp("t", null, null, null);
        interp.registry().add(t.row("vmap").prim("jax"));
        t.fn("value_and_grad(fun, argnums=0, has_aux=False, holomorphic=False)", (in, a) ->
                jx.ad.Transform.grad(in, a[0], a[1], jx.eval.PyOps.truthy(a[2]), true, jx.eval.PyOps.truthy(a[3])))
                .vjp("g", null, null, null).jvp("t", null, null, null);
        interp.registry().add(t.row("value_and_grad").prim("jax"));
        t.raw("linearize", (in, a, kw) -> jx.ad.JvpRuntime.linearize(in, a.get(0), a.subList(1, a.size())));
        for (String kind : List.of("custom_jvp", "custom_vjp")) {
            t.fn(kind + "(fun, nondiff_argnums=())", (in, a) -> {
                List<Integer> nondiff = new ArrayList<>();
                for (Object n : in.list(a[1])) {
                    nondiff.add((int) jx.eval.Builtins.asIndex(n, null));
                }
                return new Values.CustomRule(kind, a[0], List.copyOf(nondiff), new Object[2]);
            });
        }
        Table debug = new Table();
        debug.raw("print", (in, a, kw) -> {
            in.out().println(jx.eval.StringMethods.format(Printer.str(a.get(0)), a.subList(1, a.size()), kw));
            return Values.None.NONE;
        });
        t.value("debug", debug.module("jax.debug"));
        LazyMembers members = new LazyMembers(t.members).later("nn", () -> interp.module("jax.nn", null, null))
                .later("scipy", () -> interp.module("jax.scipy", null, null))
                .later("example_libraries", () -> interp.module("jax.example_libraries", null, null));
        // Written in jx on top of reverse and forward mode, so that they can be differentiated again.
        for (String transform : List.of("jvp", "vjp", "linear_transpose", "jacfwd", "jacrev", "hessian")) {
            members.later(transform, () -> interp.module("jax._transforms", null, null).members().get(transform));
        }
        members.later("test_util", () -> interp.module("jax.test_util", null, null));
        members.later("jacobian", () -> interp.module("jax._transforms", null, null).members().get("jacrev"));
        return new Values.Module("jax", members);
    }

    /** What jax.devices() lists: prints as JAX's CpuDevice(id=0) / CudaDevice(id=0). */
    record Device(String backend) {
        @Override
        public String toString() {
            return (backend.startsWith("cuda") ? "CudaDevice" : "CpuDevice") + "(id=0)";
        }
    }

    static Values.Module lax(Interp interp) {
        Table t = new Table();
        t.fn("stop_gradient(x)", (in, a) -> a[0]).vjp((String) null);
        t.fn("select(pred, on_true, on_false)", (in, a) -> jx.array.Ops.where(NumpyModule.arr(in, a[0]),
                NumpyModule.arr(in, a[1]), NumpyModule.arr(in, a[2])))
                .vjpAs(List.of("pred", "a", "b"), null, "_unbroadcast(jnp.where(pred, g, 0.0), a)", "_unbroadcast(jnp.where(pred, 0.0, g), b)")
                .jvp(null, "_bcast_like(jnp.where(pred, t, 0.0), y)", "_bcast_like(jnp.where(pred, 0.0, t), y)");
        t.fn("scan(f, init, xs=None, length=None, reverse=False, unroll=1)", (in, a) -> scan(in, a[0], a[1], a[2],
                a[3], jx.eval.PyOps.truthy(a[4]))).custom(JaxModule::scanVjp, true);
        // Transposes as JAX's: x gets real(g), y gets imag(-g) (the transpose of y -> 1j * y).
        t.fn("complex(x, y)", (in, a) -> jx.array.Complex.make(NumpyModule.arr(in, a[0]), NumpyModule.arr(in, a[1])))
                .vjpAs(List.of("x1", "x2"), "_unbroadcast(jnp.real(g), x1)", "_unbroadcast(-jnp.imag(g), x2)")
                .jvp("t * (1 + 0j)", "t * 1j")
                .tags(jx.prim.Tag.ELEMENTWISE, jx.prim.Tag.ARRAY).domain("-1.0, 1.0");
        // lax.round's rounding_method (an enum.IntEnum in JAX): the ints it compares equal to.
        t.value("RoundingMethod", new Values.Module("jax.lax.RoundingMethod", new java.util.LinkedHashMap<>(
                java.util.Map.of("AWAY_FROM_ZERO", 0L, "TO_NEAREST_EVEN", 1L))));
        windows(t);
        BatchRules.lax(t);
        t.declare(interp.registry(), "jax.lax");
        // lax's elementwise functions that are jnp's (jnp's rows say which).
        interp.registry().aliasesUnder("jax.lax").forEach((name, row) -> t.value(name, row.function()));
        // The rest of lax is written in jx (jax/_lax.jx), loaded on first use of one of its names.
        // lax.slice is _static_slice there, which keeps Python's slice in reach of the module's code.
        LazyMembers members = new LazyMembers(t.members).laterFrom(interp, "jax._lax")
                .later("slice", () -> interp.module("jax._lax", null, null).members().get("_static_slice"));
        return new Values.Module("jax.lax", members);
    }

    /**
     * lax.pad and the patch extraction convolutions and pooling are built on (jax/_lax.jx): each
     * linear, so each derivative is the other's transpose and they differentiate to any order.
     */
    private static void windows(Table t) {
        t.fn("pad(operand, padding_value, padding_config)", (in, a) -> jx.array.Windows.pad(NumpyModule.arr(in, a[0]),
                NumpyModule.arr(in, a[1]), padConfig(in, a[2])))
                .vjp("jax.lax._pad_transpose(_materialize(g, y), padding_config)",
                        "jnp.sum(_materialize(g, y)) - jnp.sum(jax.lax._pad_transpose(_materialize(g, y), padding_config))", null)
                .jvp("jax.lax.pad(t, jnp.zeros((), y.dtype), padding_config)",
                        "jax.lax.pad(jnp.zeros(jnp.shape(operand), y.dtype), t, padding_config)", null)
                .tags(jx.prim.Tag.ARRAY);
        t.fn("_pad_transpose(operand, padding_config)", (in, a) -> jx.array.Windows.padTranspose(NumpyModule.arr(in, a[0]),
                padConfig(in, a[1])))
                .vjp("jax.lax.pad(_materialize(g, y), jnp.zeros((), y.dtype), padding_config)", null)
                .jvp("jax.lax._pad_transpose(t, padding_config)", null).tags(jx.prim.Tag.ARRAY);
        t.fn("_im2col(x, kernel, strides, dilation)", (in, a) -> jx.array.Windows.im2col(NumpyModule.arr(in, a[0]),
                ints(in, a[1]), ints(in, a[2]), ints(in, a[3])))
                .vjp("jax.lax._col2im(_materialize(g, y), jnp.shape(x), kernel, strides, dilation)", null, null, null)
                .jvp("jax.lax._im2col(t, kernel, strides, dilation)", null, null, null).tags(jx.prim.Tag.ARRAY);
        t.fn("_col2im(cols, x_shape, kernel, strides, dilation)", (in, a) -> jx.array.Windows.col2im(NumpyModule.arr(in, a[0]),
                jx.eval.Builtins.shape(in, a[1]), ints(in, a[2]), ints(in, a[3]), ints(in, a[4])))
                .vjp("jax.lax._im2col(_materialize(g, y), kernel, strides, dilation)", null, null, null, null)
                .jvp("jax.lax._col2im(t, x_shape, kernel, strides, dilation)", null, null, null, null).tags(jx.prim.Tag.ARRAY);
    }

    private static int[][] padConfig(Interp in, Object v) {
        List<Object> items = in.list(v);
        int[][] out = new int[items.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = ints(in, items.get(i));
        }
        return out;
    }

    private static int[] ints(Interp in, Object v) {
        List<Object> items = in.list(v);
        int[] out = new int[items.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) jx.eval.Builtins.asIndex(items.get(i), null);
        }
        return out;
    }

    /**
     * lax.scan: carry, y = f(carry, x) over the leading axis of every leaf of xs (or length times
     * with x None); the ys are stacked along a new leading axis, in the order of xs even when reversed.
     */
    private static Object scan(Interp in, Object f, Object init, Object xs, Object lengthArg, boolean reverse) {
        return scan(in, (carry, x) -> in.call(f, List.of(carry, x)), init, xs, lengthArg, reverse);
    }

    /** scan with its body given as a Java function (the derivative wraps each call of the body). */
    private static Object scan(Interp in, java.util.function.BinaryOperator<Object> body, Object init, Object xs,
            Object lengthArg, boolean reverse) {
        List<Object> xLeaves = new ArrayList<>();
        TreeUtil.Node xTree = TreeUtil.flatten(in, xs, xLeaves, null);
        List<Array> xArrays = xLeaves.stream().map(x -> NumpyModule.arr(in, x)).toList();
        Long length = lengthArg instanceof Values.None ? null : jx.eval.Builtins.asIndex(lengthArg, null);
        List<String> sizes = new ArrayList<>();
        for (Array x : xArrays) {
            if (x.ndim() == 0) {
                throw new EvalError("ValueError: scan got value with no leading axis to scan over: " + x.dtype() + "[]");
            }
            sizes.add(Integer.toString(x.shape()[0]));
        }
        if (sizes.stream().distinct().count() > 1) {
            throw new EvalError("ValueError: scan got values with different leading axis sizes: "
                    + String.join(", ", sizes) + ".");
        }
        if (!sizes.isEmpty()) {
            long n = Long.parseLong(sizes.get(0));
            if (length != null && n != length) {
                throw new EvalError("ValueError: scan got `length` argument of " + length
                        + " which disagrees with leading axis sizes [" + n + "].");
            }
            length = n;
        }
        if (length == null) {
            throw new EvalError("ValueError: scan got no values to scan over and `length` not provided.");
        }
        Object carry = init;
        List<Object> ys = new ArrayList<>();
        for (long k = 0; k < length; k++) {
            long i = reverse ? length - 1 - k : k;
            List<Object> slice = new ArrayList<>();
            for (Array x : xArrays) {
                slice.add(ArrayIndexing.index(x, List.of(new Index.At(i))));
            }
            Object x = TreeUtil.unflatten(xTree, slice.iterator());
            Object out = body.apply(carry, x);
            if (!(out instanceof Values.Tuple pair) || pair.items().size() != 2) {
                throw new EvalError("TypeError: scan body function must return a pair (carry, y), got "
                        + jx.eval.PyOps.typeName(out));
            }
            carry = pair.items().get(0);
            ys.add(pair.items().get(1));
        }
        if (reverse) {
            java.util.Collections.reverse(ys);
        }
        // As in JAX, the final carry's leaves come back as arrays even when init held Python scalars.
        List<Object> carryLeaves = new ArrayList<>();
        TreeUtil.Node carryTree = TreeUtil.flatten(in, carry, carryLeaves, null);
        List<Object> carryArrays = new ArrayList<>(carryLeaves.stream().map(c -> (Object) NumpyModule.arr(in, c)).toList());
        return Values.Tuple.of(TreeUtil.unflatten(carryTree, carryArrays.iterator()), stackTrees(in, ys));
    }

    /** The per-step outputs (all of one structure) as one tree whose leaves are stacked along axis 0. */
    private static Object stackTrees(Interp in, List<Object> ys) {
        if (ys.isEmpty()) {
            throw new EvalError("NotImplementedError: lax.scan with length 0 is not supported in jx",
                    "jx runs the body to learn the output's shape; give scan at least one step");
        }
        List<Object> first = new ArrayList<>();
        TreeUtil.Node structure = TreeUtil.flatten(in, ys.get(0), first, null);
        List<List<Array>> columns = new ArrayList<>();
        for (int j = 0; j < first.size(); j++) {
            columns.add(new ArrayList<>());
        }
        for (Object y : ys) {
            List<Object> leaves = new ArrayList<>();
            TreeUtil.Node s = TreeUtil.flatten(in, y, leaves, null);
            if (!s.equals(structure)) {
                throw new EvalError("TypeError: scan body function output must keep one structure, got "
                        + new TreeUtil.TreeDef(structure) + " and " + new TreeUtil.TreeDef(s));
            }
            for (int j = 0; j < leaves.size(); j++) {
                columns.get(j).add(NumpyModule.arr(in, leaves.get(j)));
            }
        }
        List<Object> stacked = new ArrayList<>();
        for (List<Array> column : columns) {
            stacked.add(Ops.stack(column, 0));
        }
        return TreeUtil.unflatten(structure, stacked.iterator());
    }

    private static Object argument(List<Object> args, java.util.Map<String, Object> kw, int at, String name, Object absent) {
        return args.size() > at ? args.get(at) : kw.getOrDefault(name, absent);
    }

    /**
     * The derivative of lax.scan: each step's body is called through _vjp_call, and the backward
     * function runs the steps' backward functions last to first, passing the carry's cotangent along
     * and stacking the cotangents of the xs slices (first order: the backward function is Java).
     */
    private static Object scanVjp(Interp in, List<Object> args, java.util.Map<String, Object> kw) {
        Object f = args.get(0);
        Object xs = argument(args, kw, 2, "xs", Values.None.NONE);
        boolean reverse = jx.eval.PyOps.truthy(argument(args, kw, 4, "reverse", false));
        List<Object> backs = new ArrayList<>();
        List<Object> xSlices = new ArrayList<>();
        Object result = scan(in, (carry, x) -> {
            Values.Tuple r = (Values.Tuple) in.call(jx.ad.Runtime.VJP_CALL, List.of(f, carry, x));
            backs.add(r.items().get(1));
            xSlices.add(x);
            return r.items().get(0);
        }, args.get(1), xs, argument(args, kw, 3, "length", Values.None.NONE), reverse);
        Object ys = ((Values.Tuple) result).items().get(1);
        int steps = backs.size();
        return Values.Tuple.of(result, new Values.Builtin("back_scan", (in2, g, kw2) -> {
            Object ctCarry = 0.0;
            Object ctYs = 0.0;
            if (g.get(0) instanceof Values.Tuple pair) {
                ctCarry = pair.items().get(0);
                ctYs = pair.items().get(1);
            }
            List<Object> yLeaves = new ArrayList<>();
            TreeUtil.Node yTree = TreeUtil.flatten(in2, ys, yLeaves, null);
            List<Object> ctYLeaves = new ArrayList<>();
            if (ctYs instanceof Double d && d == 0.0) {
                yLeaves.forEach(y -> ctYLeaves.add(0.0));
            } else {
                TreeUtil.flatten(in2, ctYs, ctYLeaves, null);
            }
            Object ctF = 0.0;
            Object[] ctX = new Object[steps];
            for (int s = steps - 1; s >= 0; s--) {
                int i = reverse ? steps - 1 - s : s;
                List<Object> stepCt = new ArrayList<>();
                for (Object leaf : ctYLeaves) {
                    stepCt.add(leaf instanceof Array a ? ArrayIndexing.index(a, List.of(new Index.At(i))) : leaf);
                }
                Object ctY = TreeUtil.unflatten(yTree, stepCt.iterator());
                List<Object> cts = ((Values.Tuple) in2.call(backs.get(s), List.of(Values.Tuple.of(ctCarry, ctY)))).items();
                ctF = jx.ad.Runtime.acc(ctF, cts.get(0));
                ctCarry = cts.get(1);
                ctX[i] = cts.get(2);
            }
            Object ctXs = 0.0;
            if (!(xs instanceof Values.None) && steps > 0) {
                List<Object> rows = new ArrayList<>();
                for (int i = 0; i < steps; i++) {
                    int s = reverse ? steps - 1 - i : i;
                    rows.add(ctX[i] instanceof Double d && d == 0.0 ? jx.ad.Runtime.ZEROS.impl().call(in2,
                            List.of(xSlices.get(s)), java.util.Map.of()) : ctX[i]);
                }
                ctXs = stackTrees(in2, rows);
            }
            List<Object> out = new ArrayList<>(List.of(0.0, ctF, ctCarry, ctXs));
            while (out.size() < args.size() + 1) {
                out.add(0.0);
            }
            return new Values.Tuple(out.subList(0, args.size() + 1));
        }));
    }

    static Values.Module random() {
        return new Table().module("jax.random");
    }
}

package jx.array.cpu;

import java.util.List;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

import jx.array.Backend.Buffer;
import jx.array.Backend.ReduceOp;
import jx.array.DType;
import jx.array.Fused;

/**
 * A float32 fusion group (jax.jit) as one pass over memory: blocks of {@link #BLOCK} elements, small
 * enough that every register of the group stays in the first-level cache, run on all cores by
 * {@link Chunks}; a trailing sum, max or min of whole rows is taken block by block. Every step
 * computes exactly what the kernel of the same operation computes (Float32Loops, BinaryLoops), so a
 * fused result equals the unfused one element by element; only sums may round differently.
 */
final class FusedLoops {
    private FusedLoops() {}

    static final int BLOCK = 1024;

    /** Whether this group runs here: float32 throughout, a trailing reduction of whole rows if any. */
    static boolean handles(Fused g, List<Buffer> inputs) {
        for (Buffer b : inputs) {
            if (b.dtype() != DType.FLOAT32) {
                return false;
            }
        }
        for (Fused.Step s : g.steps()) {
            if (s.out() != DType.FLOAT32 || s instanceof Fused.Cast
                    || s instanceof Fused.RowReduce r && r.op() == ReduceOp.PROD) {
                return false;
            }
        }
        Fused.Reduction r = g.reduction();
        return r == null || r.inner() == 1 && r.out() == DType.FLOAT32 && r.op() != ReduceOp.PROD;
    }

    static Buffer run(Fused g, List<Buffer> inputs) {
        float[][] in = new float[inputs.size()][];
        for (int i = 0; i < in.length; i++) {
            in[i] = (float[]) ((CpuBuffer) inputs.get(i)).data;
        }
        int n = g.size();
        Fused.Reduction red = g.reduction();
        Plan plan = new Plan(g, in);
        if (g.rowwise()) {
            return rowwise(g, plan, n);
        }
        if (red == null) {
            float[] out = new float[n];
            Chunks.forRange(n, (from, to) -> {
                float[][] regs = plan.registers(Math.min(BLOCK, to - from));
                for (int b = from; b < to; b += BLOCK) {
                    plan.block(regs, out, b, Math.min(BLOCK, to - b));
                }
            });
            return new CpuBuffer(DType.FLOAT32, out);
        }
        int rows = red.outer();
        int cols = red.n();
        float[] out = new float[rows];
        if (rows == 1) {
            // One long row: partial results per block, combined pairwise in block order.
            int blocks = (cols + BLOCK - 1) / BLOCK;
            float[] partial = new float[blocks];
            Chunks.forRange(blocks, 16, (from, to) -> {
                float[][] regs = plan.registers(BLOCK);
                for (int k = from; k < to; k++) {
                    int len = Math.min(BLOCK, cols - k * BLOCK);
                    partial[k] = plan.reduced(red.op(), regs, k * BLOCK, len);
                }
            });
            out[0] = reduce(red.op(), partial, 0, blocks);
            return new CpuBuffer(DType.FLOAT32, out);
        }
        Chunks.forRange(rows, Math.max(1, Chunks.PARALLEL_MIN / Math.max(1, cols)), (from, to) -> {
            float[][] regs = plan.registers(BLOCK);
            float[] partial = new float[(cols + BLOCK - 1) / BLOCK];
            for (int row = from; row < to; row++) {
                int k = 0;
                for (int c = 0; c < cols; c += BLOCK, k++) {
                    partial[k] = plan.reduced(red.op(), regs, row * cols + c, Math.min(BLOCK, cols - c));
                }
                out[row] = k == 1 ? partial[0] : reduce(red.op(), partial, 0, k);
            }
        });
        return new CpuBuffer(DType.FLOAT32, out);
    }

    /** A group that reduces rows inside it, a whole row at a time: the row's registers stay in cache through all steps. */
    private static Buffer rowwise(Fused g, Plan plan, int n) {
        int cols = g.shape()[g.shape().length - 1];
        int rows = cols == 0 ? 0 : n / cols;
        Fused.Reduction red = g.reduction();
        if (red != null && (red.outer() != rows || red.n() != cols)) {
            throw new IllegalStateException("a row-wise group reduces " + red + ", not its rows of " + cols);
        }
        float[] out = new float[red == null ? n : rows];
        Chunks.forRange(rows, Math.max(1, Chunks.PARALLEL_MIN / Math.max(1, cols)), (from, to) -> {
            float[][] regs = plan.registers(cols);
            for (int row = from; row < to; row++) {
                if (red == null) {
                    plan.block(regs, out, row * cols, cols);
                } else {
                    out[row] = plan.reduced(red.op(), regs, row * cols, cols);
                }
            }
        });
        return new CpuBuffer(DType.FLOAT32, out);
    }

    private static float reduce(ReduceOp op, float[] v, int from, int len) {
        return switch (op) {
            case SUM -> Float32Loops.pairwiseSum(v, from, len);
            case MAX -> {
                float m = Float.NEGATIVE_INFINITY;
                for (int i = from; i < from + len; i++) {
                    m = Math.max(m, v[i]);
                }
                yield m;
            }
            case MIN -> {
                float m = Float.POSITIVE_INFINITY;
                for (int i = from; i < from + len; i++) {
                    m = Math.min(m, v[i]);
                }
                yield m;
            }
            default -> throw new IllegalArgumentException(op + " is not fused");
        };
    }

    /** Where a step's value is read: a register of the block, or a constant (a broadcast scalar). */
    private sealed interface Src {}

    private record Reg(int slot) implements Src {}

    private record Const(float value) implements Src {}

    /** One compiled step, writing register dst. */
    private sealed interface Instr {}

    /** Input elements [start, start + len) into a register: copied where contiguous, gathered where broadcast. */
    private record Load(int input, boolean contiguous, int dst) implements Instr {}

    private record Un(Fused.Unary step, DoubleUnaryOperator f, int a, int dst) implements Instr {}

    private record Bin(Fused.Binary step, DoubleBinaryOperator f, Src a, Src b, int dst) implements Instr {}

    private record Clip(int a, int lo, int hi, int dst) implements Instr {}

    /** The block (a whole row) of register a reduced, its result filling register dst. */
    private record RowRed(ReduceOp op, int a, int dst) implements Instr {}

    /**
     * The group compiled for blocks. Every loop reads and writes its registers at one index (C2
     * vectorises a loop over several arrays only then: it cannot rule out that arrays at different
     * offsets overlap), so inputs are copied into registers and the result out of one. A broadcast
     * scalar is an operand of the binary loops rather than a filled register, and a register is
     * reused once its value is dead, so that a long chain stays in a few first-level-cache blocks.
     */
    private static final class Plan {
        final float[][] in;
        final int[] shape;
        final int[][] strides;
        final List<Instr> code = new java.util.ArrayList<>();
        /** The register of the group's value (the last step's). */
        final int result;
        /** Registers that hold a constant for a whole chunk (operands of unary and clip steps). */
        final java.util.Map<Integer, Float> constants = new java.util.HashMap<>();
        int slots;

        Plan(Fused g, float[][] in) {
            this.in = in;
            this.shape = g.shape();
            strides = new int[in.length][];
            for (int i = 0; i < in.length; i++) {
                strides[i] = g.inputStrides().get(i);
            }
            List<Fused.Step> steps = g.steps();
            int last = steps.size() - 1;
            int[] lastUse = new int[steps.size()];
            for (int i = 0; i < steps.size(); i++) {
                for (int o : operands(steps.get(i))) {
                    lastUse[o] = i;
                }
            }
            lastUse[last] = Integer.MAX_VALUE;
            java.util.ArrayDeque<Integer> free = new java.util.ArrayDeque<>();
            Src[] value = new Src[steps.size()];
            for (int i = 0; i < steps.size(); i++) {
                Fused.Step s = steps.get(i);
                if (s instanceof Fused.Load l) {
                    int k = l.input();
                    if (Elementwise.allZero(strides[k]) && i != last) {
                        value[i] = new Const(in[k][0]);
                    } else {
                        int r = take(free);
                        code.add(new Load(k, g.contiguous(k), r));
                        value[i] = new Reg(r);
                    }
                    continue;
                }
                int[] ops = operands(s);
                Src[] src = new Src[ops.length];
                for (int j = 0; j < ops.length; j++) {
                    src[j] = value[ops[j]];
                    // Only the binary loops take a constant operand (one); the rest read a filled register.
                    if (src[j] instanceof Const c && (!(s instanceof Fused.Binary) || j == 1 && src[0] instanceof Const)) {
                        src[j] = constant(c.value());
                    }
                }
                // Elementwise loops read and write one index, so a register dying here can take the result.
                for (int j = 0; j < ops.length; j++) {
                    if (value[ops[j]] instanceof Reg r && lastUse[ops[j]] == i && !free.contains(r.slot())) {
                        free.push(r.slot());
                    }
                }
                int dst = take(free);
                code.add(switch (s) {
                    case Fused.Unary u -> new Un(u, Elementwise.floatUnary(u.op()), slot(src[0]), dst);
                    case Fused.Binary b -> new Bin(b, Elementwise.floatBinary(b.op(), true), src[0], src[1], dst);
                    case Fused.Ternary t -> new Clip(slot(src[0]), slot(src[1]), slot(src[2]), dst);
                    case Fused.RowReduce r -> new RowRed(r.op(), slot(src[0]), dst);
                    default -> throw new IllegalStateException("casts are not fused here: " + s);
                });
                value[i] = new Reg(dst);
            }
            result = slot(value[last]);
        }

        private static int slot(Src s) {
            return ((Reg) s).slot();
        }

        private static int[] operands(Fused.Step s) {
            return switch (s) {
                case Fused.Load l -> new int[0];
                case Fused.Cast c -> new int[] {c.a()};
                case Fused.Unary u -> new int[] {u.a()};
                case Fused.Binary b -> new int[] {b.a(), b.b()};
                case Fused.Ternary t -> new int[] {t.a(), t.b(), t.c()};
                case Fused.RowReduce r -> new int[] {r.a()};
            };
        }

        private int take(java.util.ArrayDeque<Integer> free) {
            return free.isEmpty() ? slots++ : free.pop();
        }

        private Reg constant(float value) {
            int r = slots++;
            constants.put(r, value);
            return new Reg(r);
        }

        /** A chunk's registers of len elements, the constant ones filled. */
        float[][] registers(int len) {
            float[][] regs = new float[slots][len];
            constants.forEach((r, v) -> java.util.Arrays.fill(regs[r], v));
            return regs;
        }

        /** The reduction of elements [start, start + len) of the group's value. */
        float reduced(ReduceOp op, float[][] regs, int start, int len) {
            return reduce(op, block(regs, start, len), 0, len);
        }

        /** Elements [start, start + len) of the group's value into out at start. */
        void block(float[][] regs, float[] out, int start, int len) {
            System.arraycopy(block(regs, start, len), 0, out, start, len);
        }

        /** Computes elements [start, start + len) of every step; returns the register of the last. */
        private float[] block(float[][] regs, int start, int len) {
            for (Instr ins : code) {
                switch (ins) {
                    case Load l -> {
                        if (l.contiguous()) {
                            System.arraycopy(in[l.input()], start, regs[l.dst()], 0, len);
                        } else {
                            load(l.input(), regs[l.dst()], start, len);
                        }
                    }
                    case Un u -> unary(u.step(), regs[u.a()], regs[u.dst()], len, u.f());
                    case Bin b -> {
                        float[] r = regs[b.dst()];
                        if (b.a() instanceof Const c) {
                            binary(b.step(), c.value(), regs[slot(b.b())], r, len, b.f());
                        } else if (b.b() instanceof Const c) {
                            binary(b.step(), regs[slot(b.a())], c.value(), r, len, b.f());
                        } else {
                            binary(b.step(), regs[slot(b.a())], regs[slot(b.b())], r, len, b.f());
                        }
                    }
                    case Clip c -> {
                        float[] x = regs[c.a()];
                        float[] lo = regs[c.lo()];
                        float[] hi = regs[c.hi()];
                        float[] r = regs[c.dst()];
                        for (int j = 0; j < len; j++) {
                            r[j] = Math.min(Math.max(x[j], lo[j]), hi[j]);
                        }
                    }
                    case RowRed r -> java.util.Arrays.fill(regs[r.dst()], 0, len, reduce(r.op(), regs[r.a()], 0, len));
                }
            }
            return regs[result];
        }

        /** Elements [start, start + len) of a broadcast input (neither contiguous nor a scalar) into r. */
        private void load(int input, float[] r, int start, int len) {
            float[] x = in[input];
            int[] st = strides[input];
            int nd = shape.length;
            int[] coord = new int[nd];
            int rem = start;
            int at = 0;
            for (int d = nd - 1; d >= 0; d--) {
                coord[d] = rem % shape[d];
                rem /= shape[d];
                at += coord[d] * st[d];
            }
            int last = nd - 1;
            int inner = st[last];
            if (inner == 0 || inner == 1) {
                // Whole runs along the last axis: a broadcast value repeated, or a contiguous piece.
                int j = 0;
                while (j < len) {
                    int run = Math.min(len - j, shape[last] - coord[last]);
                    if (inner == 0) {
                        java.util.Arrays.fill(r, j, j + run, x[at]);
                    } else {
                        System.arraycopy(x, at, r, j, run);
                    }
                    j += run;
                    at += inner * run - inner * shape[last];
                    coord[last] = 0;
                    at += advance(coord, st, last);
                }
                return;
            }
            for (int j = 0; j < len; j++) {
                r[j] = x[at];
                if (++coord[last] < shape[last]) {
                    at += inner;
                    continue;
                }
                at -= (shape[last] - 1) * inner;
                coord[last] = 0;
                for (int d = last - 1; d >= 0; d--) {
                    if (++coord[d] < shape[d]) {
                        at += st[d];
                        break;
                    }
                    at -= (shape[d] - 1) * st[d];
                    coord[d] = 0;
                }
            }
        }

        /** Moves coord (its last axis just wrapped to 0) to the next row; returns the change of the flat position. */
        private int advance(int[] coord, int[] st, int last) {
            int delta = 0;
            for (int d = last - 1; d >= 0; d--) {
                if (++coord[d] < shape[d]) {
                    return delta + st[d];
                }
                delta -= (shape[d] - 1) * st[d];
                coord[d] = 0;
            }
            return delta;
        }

        private static void unary(Fused.Unary u, float[] x, float[] r, int len, DoubleUnaryOperator f) {
            switch (u.op()) {
                case NEG -> {
                    for (int j = 0; j < len; j++) {
                        r[j] = -x[j];
                    }
                }
                case ABS -> {
                    for (int j = 0; j < len; j++) {
                        r[j] = Math.abs(x[j]);
                    }
                }
                case SQUARE -> {
                    for (int j = 0; j < len; j++) {
                        r[j] = x[j] * x[j];
                    }
                }
                case LOG -> {
                    for (int j = 0; j < len; j++) {
                        r[j] = (float) Math.log(x[j]);
                    }
                }
                case SQRT -> {
                    for (int j = 0; j < len; j++) {
                        r[j] = (float) Math.sqrt(x[j]);
                    }
                }
                case EXP -> Transcendentals.exp(x, r, 0, len);
                case TANH -> Transcendentals.tanh(x, r, 0, len);
                case SIGMOID -> Transcendentals.sigmoid(x, r, 0, len);
                default -> {
                    for (int j = 0; j < len; j++) {
                        r[j] = (float) f.applyAsDouble(x[j]);
                    }
                }
            }
        }

        /** Both operands arrays. */
        private static void binary(Fused.Binary b, float[] x, float[] y, float[] r, int len,
                DoubleBinaryOperator f) {
            switch (b.op()) {
                case ADD -> {
                    for (int j = 0; j < len; j++) {
                        r[j] = x[j] + y[j];
                    }
                }
                case SUB -> {
                    for (int j = 0; j < len; j++) {
                        r[j] = x[j] - y[j];
                    }
                }
                case MUL -> {
                    for (int j = 0; j < len; j++) {
                        r[j] = x[j] * y[j];
                    }
                }
                case DIV -> {
                    for (int j = 0; j < len; j++) {
                        r[j] = x[j] / y[j];
                    }
                }
                case MAX -> {
                    for (int j = 0; j < len; j++) {
                        r[j] = Math.max(x[j], y[j]);
                    }
                }
                case MIN -> {
                    for (int j = 0; j < len; j++) {
                        r[j] = Math.min(x[j], y[j]);
                    }
                }
                default -> {
                    for (int j = 0; j < len; j++) {
                        r[j] = (float) f.applyAsDouble(x[j], y[j]);
                    }
                }
            }
        }

        /** A constant right operand: the same arithmetic as reading it from a filled register. */
        private static void binary(Fused.Binary b, float[] x, float y, float[] r, int len,
                DoubleBinaryOperator f) {
            switch (b.op()) {
                case ADD -> {
                    for (int j = 0; j < len; j++) {
                        r[j] = x[j] + y;
                    }
                }
                case SUB -> {
                    for (int j = 0; j < len; j++) {
                        r[j] = x[j] - y;
                    }
                }
                case MUL -> {
                    for (int j = 0; j < len; j++) {
                        r[j] = x[j] * y;
                    }
                }
                case DIV -> {
                    for (int j = 0; j < len; j++) {
                        r[j] = x[j] / y;
                    }
                }
                case MAX -> {
                    for (int j = 0; j < len; j++) {
                        r[j] = Math.max(x[j], y);
                    }
                }
                case MIN -> {
                    for (int j = 0; j < len; j++) {
                        r[j] = Math.min(x[j], y);
                    }
                }
                default -> {
                    for (int j = 0; j < len; j++) {
                        r[j] = (float) f.applyAsDouble(x[j], y);
                    }
                }
            }
        }

        /** A constant left operand. */
        private static void binary(Fused.Binary b, float x, float[] y, float[] r, int len,
                DoubleBinaryOperator f) {
            switch (b.op()) {
                case ADD -> {
                    for (int j = 0; j < len; j++) {
                        r[j] = x + y[j];
                    }
                }
                case SUB -> {
                    for (int j = 0; j < len; j++) {
                        r[j] = x - y[j];
                    }
                }
                case MUL -> {
                    for (int j = 0; j < len; j++) {
                        r[j] = x * y[j];
                    }
                }
                case DIV -> {
                    for (int j = 0; j < len; j++) {
                        r[j] = x / y[j];
                    }
                }
                case MAX -> {
                    for (int j = 0; j < len; j++) {
                        r[j] = Math.max(x, y[j]);
                    }
                }
                case MIN -> {
                    for (int j = 0; j < len; j++) {
                        r[j] = Math.min(x, y[j]);
                    }
                }
                default -> {
                    for (int j = 0; j < len; j++) {
                        r[j] = (float) f.applyAsDouble(x, y[j]);
                    }
                }
            }
        }
    }
}

package jx.array.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleBinaryOperator;
import jx.array.Backend.BinaryOp;
import jx.array.Backend.ReduceOp;
import jx.array.Backend.TernaryOp;
import jx.array.DType;
import org.junit.jupiter.api.Test;

/**
 * The run-by-run float loops (BinaryLoops over a Walk, select, the float32 reductions) against
 * the element-by-element definitions, bit for bit, on seeded random shapes where each operand is
 * contiguous, broadcast along random axes, or a transposed view, some big enough to be cut into
 * parallel chunks. Inputs include NaN, infinities and signed zeros.
 */
class ElementwiseTest {
    private static final Random RND = new Random(1313);

    /** An operand: its buffer and its element strides over the output shape. */
    private record View(CpuBuffer buffer, int[] strides) {}

    private static int[] randomShape() {
        int nd = RND.nextInt(5);
        int[] shape = new int[nd];
        for (int d = 0; d < nd; d++) {
            shape[d] = 1 + RND.nextInt(6);
        }
        if (nd > 0 && RND.nextInt(4) == 0) {
            shape[nd - 1] = 20_000 + RND.nextInt(50_000); // big: parallel chunks and long runs
        }
        return shape;
    }

    private static float value() {
        return switch (RND.nextInt(20)) {
            case 0 -> Float.NaN;
            case 1 -> Float.POSITIVE_INFINITY;
            case 2 -> -0.0f;
            case 3 -> 0.0f;
            default -> (float) (RND.nextGaussian() * 10);
        };
    }

    private static View randomView(int[] shape, DType dt) {
        int nd = shape.length;
        boolean[] broadcast = new boolean[nd];
        List<Integer> own = new ArrayList<>();
        int size = 1;
        for (int d = 0; d < nd; d++) {
            broadcast[d] = RND.nextInt(3) == 0;
            if (!broadcast[d]) {
                own.add(d);
                size *= shape[d];
            }
        }
        if (RND.nextBoolean()) {
            Collections.shuffle(own, RND); // memory order of a transposed view
        }
        int[] strides = new int[nd];
        int s = 1;
        for (int i = own.size() - 1; i >= 0; i--) {
            strides[own.get(i)] = s;
            s *= shape[own.get(i)];
        }
        Object data;
        if (dt == DType.FLOAT32) {
            float[] v = new float[size];
            for (int i = 0; i < size; i++) {
                v[i] = value();
            }
            data = v;
        } else if (dt == DType.FLOAT64) {
            double[] v = new double[size];
            for (int i = 0; i < size; i++) {
                v[i] = value() + RND.nextGaussian() * 1e-9;
            }
            data = v;
        } else {
            boolean[] v = new boolean[size];
            for (int i = 0; i < size; i++) {
                v[i] = RND.nextBoolean();
            }
            data = v;
        }
        return new View(new CpuBuffer(dt, data), strides);
    }

    private static int[] positions(View v, int[] shape) {
        int[] p = Storage.positions(0, v.strides, shape);
        if (p == null) {
            p = new int[Storage.sizeOf(shape)];
            for (int i = 0; i < p.length; i++) {
                p[i] = i;
            }
        }
        return p;
    }

    private static double at(CpuBuffer b, int i) {
        return b.data instanceof float[] f ? f[i] : ((double[]) b.data)[i];
    }

    @Test
    void binaryLoopsEqualTheElementwiseDefinition() {
        BinaryOp[] ops = {BinaryOp.ADD, BinaryOp.SUB, BinaryOp.MUL, BinaryOp.DIV, BinaryOp.MAX, BinaryOp.MIN,
                BinaryOp.EQ, BinaryOp.NE, BinaryOp.LT, BinaryOp.LE, BinaryOp.GT, BinaryOp.GE};
        for (int trial = 0; trial < 300; trial++) {
            DType dt = RND.nextBoolean() ? DType.FLOAT32 : DType.FLOAT64;
            BinaryOp op = ops[RND.nextInt(ops.length)];
            boolean cmp = op.isComparison();
            int[] shape = randomShape();
            View a = randomView(shape, dt);
            View b = randomView(shape, dt);
            DType out = cmp ? DType.BOOL : dt;
            CpuBuffer r = (CpuBuffer) Elementwise.binary(op, a.buffer, a.strides, b.buffer, b.strides, shape, out);
            DoubleBinaryOperator f = Elementwise.floatBinary(op, dt == DType.FLOAT32);
            int[] pa = positions(a, shape);
            int[] pb = positions(b, shape);
            for (int i = 0; i < pa.length; i++) {
                double want = f.applyAsDouble(at(a.buffer, pa[i]), at(b.buffer, pb[i]));
                String where = op + " " + dt + " " + java.util.Arrays.toString(shape) + " at " + i;
                if (cmp) {
                    assertEquals(want != 0, ((boolean[]) r.data)[i], where);
                } else if (dt == DType.FLOAT32) {
                    assertEquals(Float.floatToIntBits((float) want), Float.floatToIntBits(((float[]) r.data)[i]), where);
                } else {
                    assertEquals(Double.doubleToLongBits(want), Double.doubleToLongBits(((double[]) r.data)[i]), where);
                }
            }
        }
    }

    @Test
    void selectEqualsTheElementwiseDefinition() {
        for (int trial = 0; trial < 100; trial++) {
            DType dt = RND.nextBoolean() ? DType.FLOAT32 : DType.FLOAT64;
            int[] shape = randomShape();
            View c = randomView(shape, DType.BOOL);
            View y = randomView(shape, dt);
            View z = randomView(shape, dt);
            CpuBuffer r = (CpuBuffer) Elementwise.ternary(TernaryOp.SELECT, c.buffer, c.strides, y.buffer, y.strides,
                    z.buffer, z.strides, shape, dt);
            int[] pc = positions(c, shape);
            int[] py = positions(y, shape);
            int[] pz = positions(z, shape);
            for (int i = 0; i < pc.length; i++) {
                double want = ((boolean[]) c.buffer.data)[pc[i]] ? at(y.buffer, py[i]) : at(z.buffer, pz[i]);
                assertEquals(Double.doubleToLongBits(want), Double.doubleToLongBits(at(r, i)), "select at " + i);
            }
        }
    }

    @Test
    void float32ReductionsFoldInNumpysOrder() {
        ReduceOp[] ops = {ReduceOp.SUM, ReduceOp.PROD, ReduceOp.MAX, ReduceOp.MIN};
        for (int trial = 0; trial < 200; trial++) {
            ReduceOp op = ops[RND.nextInt(ops.length)];
            int outer = 1 + RND.nextInt(3);
            int n = 1 + RND.nextInt(RND.nextBoolean() ? 8 : 300);
            int inner = RND.nextInt(3) == 0 ? 1 : 1 + RND.nextInt(RND.nextBoolean() ? 10 : 70_000 / n);
            float[] v = new float[outer * n * inner];
            for (int i = 0; i < v.length; i++) {
                v[i] = op == ReduceOp.PROD ? (float) (1 + RND.nextGaussian() * 0.01) : value();
            }
            CpuBuffer r = (CpuBuffer) Reductions.reduce(op, new CpuBuffer(DType.FLOAT32, v), outer, n, inner,
                    DType.FLOAT32);
            for (int o = 0; o < outer; o++) {
                for (int c = 0; c < inner; c++) {
                    float want;
                    if (op == ReduceOp.SUM && inner == 1) {
                        want = Float32Loops.pairwiseSum(v, o * n, n);
                    } else {
                        want = switch (op) {
                            case SUM -> 0f;
                            case PROD -> 1f;
                            case MAX -> Float.NEGATIVE_INFINITY;
                            default -> Float.POSITIVE_INFINITY;
                        };
                        for (int j = 0; j < n; j++) {
                            float x = v[(o * n + j) * inner + c];
                            want = switch (op) {
                                case SUM -> want + x;
                                case PROD -> want * x;
                                case MAX -> Float.isNaN(want) || Float.isNaN(x) ? Float.NaN : Math.max(want, x);
                                default -> Float.isNaN(want) || Float.isNaN(x) ? Float.NaN : Math.min(want, x);
                            };
                        }
                    }
                    assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(((float[]) r.data)[o * inner + c]),
                            op + " (" + outer + ", " + n + ", " + inner + ") at " + o + ", " + c);
                }
            }
        }
    }

    @Test
    void anInterruptedCallerStopsBigKernelsAndKeepsItsFlag() {
        int n = 1 << 20;
        CpuBuffer x = new CpuBuffer(DType.FLOAT32, new float[n]);
        CpuBuffer d = new CpuBuffer(DType.FLOAT64, new double[n]);
        int[] shape = {n};
        int[] one = {1};
        List<Runnable> kernels = List.of(
                () -> Elementwise.binary(BinaryOp.ADD, x, one, x, one, shape, DType.FLOAT32),
                () -> Elementwise.binary(BinaryOp.ATAN2, d, one, d, one, shape, DType.FLOAT64),
                () -> Elementwise.unary(jx.array.Backend.UnaryOp.TANH, x, DType.FLOAT32),
                () -> Elementwise.unary(jx.array.Backend.UnaryOp.EXP, d, DType.FLOAT64),
                () -> Reductions.reduce(ReduceOp.MAX, x, 1, n, 1, DType.FLOAT32),
                () -> Reductions.reduce(ReduceOp.SUM, d, 1, n, 1, DType.FLOAT64),
                () -> Movement.copy(x, n - 1, new int[] {-1}, shape));
        try {
            for (Runnable k : kernels) {
                Thread.currentThread().interrupt();
                org.junit.jupiter.api.Assertions.assertThrows(jx.array.Interrupted.class, k::run);
                org.junit.jupiter.api.Assertions.assertTrue(Thread.interrupted(), "the flag stays set");
            }
        } finally {
            Thread.interrupted();
        }
    }
}

package jx.gpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import jx.array.Backend.BinaryOp;
import jx.array.Backend.Buffer;
import jx.array.Backend.ReduceOp;
import jx.array.Backend.ScanOp;
import jx.array.Backend.ScatterOp;
import jx.array.Backend.TernaryOp;
import jx.array.Backend.UnaryOp;
import jx.array.DType;
import jx.array.HostData;
import jx.array.cpu.CpuBackend;

/**
 * GPU-only: every Backend method on the CUDA backend against the CPU backend (the reference) on
 * the same inputs, special values included. Exact ops must agree to the bit; float math, long
 * float sums and atomic float scatters to float rounding.
 */
class CudaBackendTest {
    private static final double[] FLOATS = {-3.5, -1, -0.5, -0.0, 0, 0.25, 0.5, 0.75, 1, 2, 7.75, 100, 1e-3, 1e6,
        Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
    private static final long[] INTS = {-7, -1, 0, 1, 2, 3, 5, 100, Integer.MIN_VALUE, Integer.MAX_VALUE, 12345};

    private static CudaBackend gpu;
    private static final CpuBackend cpu = new CpuBackend();

    @BeforeAll
    static void open() {
        gpu = Gpu.backend();
    }

    private static HostData data(DType d, int[] shape, Function<Integer, Double> f) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        double[] fl = d.isFloat() ? new double[n] : null;
        long[] in = d.isFloat() ? null : new long[n];
        for (int i = 0; i < n; i++) {
            double v = f.apply(i);
            if (d.isFloat()) {
                fl[i] = d == DType.FLOAT32 ? (float) v : v;
            } else {
                long x = (long) v;
                in[i] = switch (d) {
                    case BOOL -> x != 0 ? 1 : 0;
                    case INT32 -> (int) x;
                    case UINT32 -> x & 0xFFFFFFFFL;
                    default -> x;
                };
            }
        }
        return new HostData(d, shape, false, fl, in);
    }

    private static HostData samples(DType d) {
        return d.isFloat() ? data(d, new int[] {FLOATS.length}, i -> FLOATS[i])
                : data(d, new int[] {INTS.length}, i -> (double) INTS[i]);
    }

    private static HostData random(DType d, int[] shape, long seed) {
        Random r = new Random(seed);
        return data(d, shape, i -> d.isFloat() ? r.nextGaussian() * 3 : d == DType.BOOL ? r.nextInt(2) : r.nextInt(201) - 100);
    }

    /** Runs {@code op} on both backends with the inputs moved to each, and compares. */
    private static void same(String what, double relTol, List<HostData> inputs, int[] shape,
                             Function<Object[], Buffer> cpuOp, Function<Object[], Buffer> gpuOp) {
        Object[] c = inputs.stream().map(cpu::fromHost).toArray();
        Object[] g = inputs.stream().map(gpu::fromHost).toArray();
        HostData expected = cpu.toHost(cpuOp.apply(c), shape, false);
        HostData actual = gpu.toHost(gpuOp.apply(g), shape, false);
        assertEquals(expected.dtype(), actual.dtype(), what);
        if (expected.dtype().isFloat()) {
            double[] e = expected.floats();
            double[] a = actual.floats();
            assertEquals(e.length, a.length, what);
            for (int i = 0; i < e.length; i++) {
                boolean ok = Double.isNaN(e[i]) ? Double.isNaN(a[i])
                        : e[i] == a[i] || Math.abs(e[i] - a[i]) <= relTol * Math.max(Math.abs(e[i]), Math.abs(a[i]));
                assertTrue(ok, what + " at " + i + ": cpu " + e[i] + ", cuda " + a[i]);
            }
        } else {
            assertArrayEquals(expected.ints(), actual.ints(), what);
        }
    }

    private static double tolerance(DType d) {
        return d == DType.FLOAT32 ? 2e-7 : 1e-14;
    }

    private static final DType[] ALL = DType.values();

    @Test
    void hostRoundTripFillIotaAndCasts() {
        for (DType d : ALL) {
            HostData s = samples(d);
            int[] shape = s.shape();
            same("round trip " + d, 0, List.of(s), shape, x -> (Buffer) x[0], x -> (Buffer) x[0]);
            same("fill " + d, 0, List.of(), new int[] {7}, x -> cpu.fill(d, 7, -2.5), x -> gpu.fill(d, 7, -2.5));
            same("fill long " + d, 0, List.of(), new int[] {3}, x -> cpu.fill(d, 3, 300L), x -> gpu.fill(d, 3, 300L));
            same("iota " + d, 0, List.of(), new int[] {1000}, x -> cpu.iota(d, 1000), x -> gpu.iota(d, 1000));
            for (DType to : ALL) {
                same("cast " + d + " to " + to, 0, List.of(s), shape, x -> cpu.cast((Buffer) x[0], to),
                        x -> gpu.cast((Buffer) x[0], to));
            }
        }
    }

    @Test
    void unaryOps() {
        for (DType d : ALL) {
            for (UnaryOp op : UnaryOp.values()) {
                if (!Alu.supports(op, d)) {
                    continue;
                }
                HostData s = samples(d);
                DType out = Alu.out(op, d);
                same(op + " " + d, d.isFloat() ? tolerance(d) * 4 : 0, List.of(s), s.shape(),
                        x -> cpu.unary(op, (Buffer) x[0], out), x -> gpu.unary(op, (Buffer) x[0], out));
            }
        }
    }

    @Test
    void binaryOpsFlatAndBroadcast() {
        for (DType d : ALL) {
            HostData s = samples(d);
            int n = s.size();
            for (BinaryOp op : BinaryOp.values()) {
                if (!Alu.supports(op, d)) {
                    continue;
                }
                DType out = Alu.out(op, d);
                double tol = op == BinaryOp.POW || op == BinaryOp.ATAN2 ? tolerance(d) * 4 : 0;
                // Every pair of samples: a as rows, b as columns (strided kernel), then a flat pair.
                int[] shape = {n, n};
                same(op + " " + d + " outer", tol, List.of(s, s), shape,
                        x -> cpu.binary(op, (Buffer) x[0], new int[] {1, 0}, (Buffer) x[1], new int[] {0, 1}, shape, out),
                        x -> gpu.binary(op, (Buffer) x[0], new int[] {1, 0}, (Buffer) x[1], new int[] {0, 1}, shape, out));
                HostData r = random(d, new int[] {n}, op.ordinal());
                same(op + " " + d + " flat", tol, List.of(s, r), s.shape(),
                        x -> cpu.binary(op, (Buffer) x[0], new int[] {1}, (Buffer) x[1], new int[] {1}, s.shape(), out),
                        x -> gpu.binary(op, (Buffer) x[0], new int[] {1}, (Buffer) x[1], new int[] {1}, s.shape(), out));
            }
        }
    }

    @Test
    void selectAndClip() {
        for (DType d : ALL) {
            int[] shape = {4, 5};
            HostData cond = random(DType.BOOL, shape, 1);
            HostData b = random(d, shape, 2);
            HostData lo = random(d, new int[] {5}, 3);
            HostData hi = random(d, new int[] {1}, 4);
            int[] full = {5, 1};
            int[] row = {0, 1};
            int[] scalar = {0, 0};
            same("select " + d, 0, List.of(cond, b, lo), shape,
                    x -> cpu.ternary(TernaryOp.SELECT, (Buffer) x[0], full, (Buffer) x[1], full, (Buffer) x[2], row, shape, d),
                    x -> gpu.ternary(TernaryOp.SELECT, (Buffer) x[0], full, (Buffer) x[1], full, (Buffer) x[2], row, shape, d));
            if (d != DType.BOOL) {
                same("clip " + d, 0, List.of(b, lo, hi), shape,
                        x -> cpu.ternary(TernaryOp.CLIP, (Buffer) x[0], full, (Buffer) x[1], row, (Buffer) x[2], scalar, shape, d),
                        x -> gpu.ternary(TernaryOp.CLIP, (Buffer) x[0], full, (Buffer) x[1], row, (Buffer) x[2], scalar, shape, d));
            }
        }
    }

    @Test
    void reductionsShortLongAndStrided() {
        int[][] views = {{3, 7, 1}, {2, 100, 3}, {1, 20_000, 1}, {3, 9000, 2}, {4000, 3, 5}, {1, 1, 1}};
        for (DType d : ALL) {
            for (ReduceOp op : ReduceOp.values()) {
                boolean logical = op == ReduceOp.ANY || op == ReduceOp.ALL;
                if (logical && d != DType.BOOL) {
                    continue;
                }
                DType out = op == ReduceOp.ARGMAX || op == ReduceOp.ARGMIN ? DType.INT32 : d;
                for (int[] v : views) {
                    HostData a = random(d, new int[] {v[0] * v[1] * v[2]}, v[1]);
                    boolean inexact = d.isFloat() && (op == ReduceOp.SUM || op == ReduceOp.PROD) && v[1] > 128;
                    double tol = inexact ? (d == DType.FLOAT32 ? 1e-4 : 1e-12) : 0;
                    if (op == ReduceOp.PROD && v[1] > 128) {
                        continue;
                    }
                    same(op + " " + d + " " + java.util.Arrays.toString(v), tol, List.of(a), new int[] {v[0] * v[2]},
                            x -> cpu.reduce(op, (Buffer) x[0], v[0], v[1], v[2], out),
                            x -> gpu.reduce(op, (Buffer) x[0], v[0], v[1], v[2], out));
                }
            }
        }
    }

    @Test
    void argmaxFindsTheFirstNanAndTheFirstOfTies() {
        HostData a = data(DType.FLOAT32, new int[] {10_000}, i -> i == 7000 || i == 9000 ? Double.NaN : (double) (i % 100));
        HostData b = data(DType.FLOAT32, new int[] {10_000}, i -> (double) (i % 100));
        for (HostData h : List.of(a, b)) {
            for (ReduceOp op : List.of(ReduceOp.ARGMAX, ReduceOp.ARGMIN)) {
                same(op + "", 0, List.of(h), new int[] {1},
                        x -> cpu.reduce(op, (Buffer) x[0], 1, 10_000, 1, DType.INT32),
                        x -> gpu.reduce(op, (Buffer) x[0], 1, 10_000, 1, DType.INT32));
            }
        }
    }

    @Test
    void scans() {
        for (DType d : ALL) {
            for (ScanOp op : ScanOp.values()) {
                HostData a = random(d, new int[] {60}, 5);
                same(op + " " + d, 0, List.of(a), new int[] {60},
                        x -> cpu.scan(op, (Buffer) x[0], 3, 4, 5), x -> gpu.scan(op, (Buffer) x[0], 3, 4, 5));
            }
        }
    }

    @Test
    void matmulOddSizesBatchesAndBroadcast() {
        int[][] cases = {{1, 1, 1, 1}, {1, 65, 70, 67}, {3, 17, 5, 129}, {2, 128, 128, 128}};
        for (DType d : ALL) {
            for (int[] c : cases) {
                int batch = c[0], m = c[1], k = c[2], n = c[3];
                HostData a = random(d, new int[] {batch * m * k}, 6);
                HostData b = random(d, new int[] {k * n}, 7);
                double tol = d.isFloat() ? tolerance(d) * k * 8 : 0;
                same("matmul " + d + " " + java.util.Arrays.toString(c), tol, List.of(a, b), new int[] {batch * m * n},
                        x -> cpu.matmul((Buffer) x[0], m * k, (Buffer) x[1], 0, batch, m, k, n),
                        x -> gpu.matmul((Buffer) x[0], m * k, (Buffer) x[1], 0, batch, m, k, n));
            }
        }
    }

    @Test
    void stridedCopiesIncludingFlipsAndManyDimensions() {
        for (DType d : ALL) {
            HostData a = random(d, new int[] {256}, 8);
            int[] transposeShape = {16, 16};
            same("transpose " + d, 0, List.of(a), transposeShape,
                    x -> cpu.copy((Buffer) x[0], 0, new int[] {1, 16}, transposeShape),
                    x -> gpu.copy((Buffer) x[0], 0, new int[] {1, 16}, transposeShape));
            same("flip " + d, 0, List.of(a), new int[] {256},
                    x -> cpu.copy((Buffer) x[0], 255, new int[] {-1}, new int[] {256}),
                    x -> gpu.copy((Buffer) x[0], 255, new int[] {-1}, new int[] {256}));
            int[] eight = {2, 2, 2, 2, 2, 2, 2, 2};
            int[] reversed = {1, 2, 4, 8, 16, 32, 64, 128};
            same("8-d transpose " + d, 0, List.of(a), eight,
                    x -> cpu.copy((Buffer) x[0], 0, reversed, eight), x -> gpu.copy((Buffer) x[0], 0, reversed, eight));
            same("slice " + d, 0, List.of(a), new int[] {10},
                    x -> cpu.copy((Buffer) x[0], 5, new int[] {1}, new int[] {10}),
                    x -> gpu.copy((Buffer) x[0], 5, new int[] {1}, new int[] {10}));
        }
    }

    @Test
    void gatherScatterAndConcat() {
        HostData index = data(DType.INT32, new int[] {9}, i -> new double[] {3, 0, 3, 9, -1, 100, 5, 3, 0}[i]);
        HostData inRange = data(DType.INT32, new int[] {5}, i -> new double[] {3, 0, 3, 9, 5}[i]);
        for (DType d : ALL) {
            HostData a = random(d, new int[] {10}, 9);
            HostData u = random(d, new int[] {9}, 10);
            same("gather " + d, 0, List.of(a, inRange), new int[] {5},
                    x -> cpu.gather((Buffer) x[0], (Buffer) x[1]), x -> gpu.gather((Buffer) x[0], (Buffer) x[1]));
            for (ScatterOp op : ScatterOp.values()) {
                same("scatter " + op + " " + d, d.isFloat() ? tolerance(d) * 4 : 0, List.of(a, index, u), new int[] {10},
                        x -> cpu.scatter(op, (Buffer) x[0], (Buffer) x[1], (Buffer) x[2]),
                        x -> gpu.scatter(op, (Buffer) x[0], (Buffer) x[1], (Buffer) x[2]));
            }
            HostData p = random(d, new int[] {6}, 11);
            HostData q = random(d, new int[] {9}, 12);
            same("concat " + d, 0, List.of(p, q), new int[] {15},
                    x -> cpu.concat(List.of((Buffer) x[0], (Buffer) x[1]), 3, new int[] {2, 3}),
                    x -> gpu.concat(List.of((Buffer) x[0], (Buffer) x[1]), 3, new int[] {2, 3}));
        }
    }

    @Test
    void emptyArraysLaunchNothing() {
        List<HostData> none = new ArrayList<>();
        same("empty fill", 0, none, new int[] {0}, x -> cpu.fill(DType.FLOAT32, 0, 1.0), x -> gpu.fill(DType.FLOAT32, 0, 1.0));
        same("empty matmul", 0, none, new int[] {0, 3},
                x -> cpu.matmul(cpu.fill(DType.FLOAT32, 0, 1.0), 0, cpu.fill(DType.FLOAT32, 6, 1.0), 0, 1, 0, 2, 3),
                x -> gpu.matmul(gpu.fill(DType.FLOAT32, 0, 1.0), 0, gpu.fill(DType.FLOAT32, 6, 1.0), 0, 1, 0, 2, 3));
    }
}

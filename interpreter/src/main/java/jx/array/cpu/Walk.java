package jx.array.cpu;

/**
 * An elementwise kernel's output as runs of consecutive elements, each operand read with a fixed
 * step along a run (1 contiguous, 0 broadcast): the whole output when every operand is
 * contiguous or a scalar, else one run per row of the last axis. Kernels loop over a run with
 * constant steps, which the JIT vectorises, instead of reading a position table per element.
 */
final class Walk {
    final int n;
    final int inner;
    /** Per operand: its step along a run, and where each row's run starts (null: row * inner * step). */
    final int[] steps;
    final int[][] starts;

    private Walk(int n, int inner, int[] steps, int[][] starts) {
        this.n = n;
        this.inner = inner;
        this.steps = steps;
        this.starts = starts;
    }

    static Walk of(int[] shape, int[]... strides) {
        int n = sizeOf(shape);
        int k = strides.length;
        int[] steps = new int[k];
        boolean flat = true;
        for (int o = 0; o < k; o++) {
            if (allZero(strides[o])) {
                steps[o] = 0;
            } else if (contiguous(strides[o], shape)) {
                steps[o] = 1;
            } else {
                flat = false;
            }
        }
        int nd = shape.length;
        if (flat || nd == 0 || n == 0) {
            return new Walk(n, Math.max(n, 1), steps, new int[k][]);
        }
        int inner = shape[nd - 1];
        int rows = n / inner;
        int[][] starts = new int[k][rows];
        int[] idx = new int[nd];
        int[] base = new int[k];
        for (int row = 0; row < rows; row++) {
            for (int o = 0; o < k; o++) {
                starts[o][row] = base[o];
            }
            for (int d = nd - 2; d >= 0; d--) {
                idx[d]++;
                for (int o = 0; o < k; o++) {
                    base[o] += strides[o][d];
                }
                if (idx[d] < shape[d]) {
                    break;
                }
                for (int o = 0; o < k; o++) {
                    base[o] -= idx[d] * strides[o][d];
                }
                idx[d] = 0;
            }
        }
        for (int o = 0; o < k; o++) {
            steps[o] = strides[o][nd - 1];
        }
        return new Walk(n, inner, steps, starts);
    }

    private static int sizeOf(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    private static boolean allZero(int[] strides) {
        for (int s : strides) {
            if (s != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean contiguous(int[] strides, int[] shape) {
        int expect = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] != 1 && strides[d] != expect) {
                return false;
            }
            expect *= shape[d];
        }
        return true;
    }

    int start(int operand, int row, int col) {
        int[] s = starts[operand];
        return (s == null ? row * inner * steps[operand] : s[row]) + col * steps[operand];
    }

    interface Run2 {
        void run(int out, int len, int a, int b);
    }

    interface Run3 {
        void run(int out, int len, int a, int b, int c);
    }

    /** Whether the output is one run that one thread does: a small operation, called without Chunks' lambdas. */
    private boolean single() {
        return starts.length > 0 && starts[0] == null && n > 0 && n <= Chunks.PARALLEL_MIN;
    }

    /** Calls body for each run of the output, in parallel chunks (Chunks). */
    void each(Run2 body) {
        if (single()) {
            body.run(0, n, 0, 0);
            Interrupts.check(Thread.currentThread());
            return;
        }
        Chunks.forRange(n, (from, to) -> {
            for (int i = from; i < to; ) {
                int row = i / inner;
                int col = i - row * inner;
                int len = Math.min(inner - col, to - i);
                body.run(i, len, start(0, row, col), start(1, row, col));
                i += len;
            }
        });
    }

    void each(Run3 body) {
        if (single()) {
            body.run(0, n, 0, 0, 0);
            Interrupts.check(Thread.currentThread());
            return;
        }
        Chunks.forRange(n, (from, to) -> {
            for (int i = from; i < to; ) {
                int row = i / inner;
                int col = i - row * inner;
                int len = Math.min(inner - col, to - i);
                body.run(i, len, start(0, row, col), start(1, row, col), start(2, row, col));
                i += len;
            }
        });
    }
}

package jx.array.cpu;

import jx.array.Backend.BinaryOp;

/**
 * Binary float loops written out per operation and per step pattern (both contiguous, a scalar on
 * either side, strided), so that each loop's operation is a constant the JIT inlines and
 * vectorises; one loop calling every operation through an interface inlines none. Float32
 * arithmetic in float equals the double computation rounded once: +, -, *, / and min/max are
 * exact in double for float operands. Math.max/min propagate NaN and order -0 below +0, as NumPy.
 */
final class BinaryLoops {
    private BinaryLoops() {}

    /** Whether {@code op} has a loop here for float operands (comparisons: float32 only). */
    static boolean has(BinaryOp op, boolean f32) {
        return switch (op) {
            case ADD, SUB, MUL, DIV, MAX, MIN -> true;
            case EQ, NE, LT, LE, GT, GE -> f32;
            default -> false;
        };
    }

    static void run(BinaryOp op, float[] x, int xo, int xs, float[] y, int yo, int ys, float[] r, int ro, int len) {
        switch (op) {
            case ADD -> addF(x, xo, xs, y, yo, ys, r, ro, len);
            case SUB -> subF(x, xo, xs, y, yo, ys, r, ro, len);
            case MUL -> mulF(x, xo, xs, y, yo, ys, r, ro, len);
            case DIV -> divF(x, xo, xs, y, yo, ys, r, ro, len);
            case MAX -> maxF(x, xo, xs, y, yo, ys, r, ro, len);
            case MIN -> minF(x, xo, xs, y, yo, ys, r, ro, len);
            default -> throw new IllegalArgumentException(op + " has no float loop");
        }
    }

    private static void addF(float[] x, int xo, int xs, float[] y, int yo, int ys, float[] r, int ro, int len) {
        if (xs == 1 && ys == 1) {
            for (int i = 0; i < len; i++) {
                r[ro + i] = x[xo + i] + y[yo + i];
            }
        } else if (xs == 1 && ys == 0) {
            float c = y[yo];
            for (int i = 0; i < len; i++) {
                r[ro + i] = x[xo + i] + c;
            }
        } else if (xs == 0 && ys == 1) {
            float c = x[xo];
            for (int i = 0; i < len; i++) {
                r[ro + i] = c + y[yo + i];
            }
        } else {
            for (int i = 0; i < len; i++) {
                r[ro + i] = x[xo + i * xs] + y[yo + i * ys];
            }
        }
    }

    private static void subF(float[] x, int xo, int xs, float[] y, int yo, int ys, float[] r, int ro, int len) {
        if (xs == 1 && ys == 1) {
            for (int i = 0; i < len; i++) {
                r[ro + i] = x[xo + i] - y[yo + i];
            }
        } else if (xs == 1 && ys == 0) {
            float c = y[yo];
            for (int i = 0; i < len; i++) {
                r[ro + i] = x[xo + i] - c;
            }
        } else if (xs == 0 && ys == 1) {
            float c = x[xo];
            for (int i = 0; i < len; i++) {
                r[ro + i] = c - y[yo + i];
            }
        } else {
            for (int i = 0; i < len; i++) {
                r[ro + i] = x[xo + i * xs] - y[yo + i * ys];
            }
        }
    }

    private static void mulF(float[] x, int xo, int xs, float[] y, int yo, int ys, float[] r, int ro, int len) {
        if (xs == 1 && ys == 1) {
            for (int i = 0; i < len; i++) {
                r[ro + i] = x[xo + i] * y[yo + i];
            }
        } else if (xs == 1 && ys == 0) {
            float c = y[yo];
            for (int i = 0; i < len; i++) {
                r[ro + i] = x[xo + i] * c;
            }
        } else if (xs == 0 && ys == 1) {
            float c = x[xo];
            for (int i = 0; i < len; i++) {
                r[ro + i] = c * y[yo + i];
            }
        } else {
            for (int i = 0; i < len; i++) {
                r[ro + i] = x[xo + i * xs] * y[yo + i * ys];
            }
        }
    }

    private static void divF(float[] x, int xo, int xs, float[] y, int yo, int ys, float[] r, int ro, int len) {
        if (xs == 1 && ys == 1) {
            for (int i = 0; i < len; i++) {
                r[ro + i] = x[xo + i] / y[yo + i];
            }
        } else if (xs == 1 && ys == 0) {
            float c = y[yo];
            for (int i = 0; i < len; i++) {
                r[ro + i] = x[xo + i] / c;
            }
        } else if (xs == 0 && ys == 1) {
            float c = x[xo];
            for (int i = 0; i < len; i++) {
                r[ro + i] = c / y[yo + i];
            }
        } else {
            for (int i = 0; i < len; i++) {
                r[ro + i] = x[xo + i * xs] / y[yo + i * ys];
            }
        }
    }

    private static void maxF(float[] x, int xo, int xs, float[] y, int yo, int ys, float[] r, int ro, int len) {
        if (xs == 1 && ys == 1) {
            for (int i = 0; i < len; i++) {
                r[ro + i] = Math.max(x[xo + i], y[yo + i]);
            }
        } else if (xs == 1 && ys == 0) {
            float c = y[yo];
            for (int i = 0; i < len; i++) {
                r[ro + i] = Math.max(x[xo + i], c);
            }
        } else if (xs == 0 && ys == 1) {
            float c = x[xo];
            for (int i = 0; i < len; i++) {
                r[ro + i] = Math.max(c, y[yo + i]);
            }
        } else {
            for (int i = 0; i < len; i++) {
                r[ro + i] = Math.max(x[xo + i * xs], y[yo + i * ys]);
            }
        }
    }

    private static void minF(float[] x, int xo, int xs, float[] y, int yo, int ys, float[] r, int ro, int len) {
        if (xs == 1 && ys == 1) {
            for (int i = 0; i < len; i++) {
                r[ro + i] = Math.min(x[xo + i], y[yo + i]);
            }
        } else if (xs == 1 && ys == 0) {
            float c = y[yo];
            for (int i = 0; i < len; i++) {
                r[ro + i] = Math.min(x[xo + i], c);
            }
        } else if (xs == 0 && ys == 1) {
            float c = x[xo];
            for (int i = 0; i < len; i++) {
                r[ro + i] = Math.min(c, y[yo + i]);
            }
        } else {
            for (int i = 0; i < len; i++) {
                r[ro + i] = Math.min(x[xo + i * xs], y[yo + i * ys]);
            }
        }
    }

    static void run(BinaryOp op, double[] x, int xo, int xs, double[] y, int yo, int ys, double[] r, int ro, int len) {
        switch (op) {
            case ADD -> addD(x, xo, xs, y, yo, ys, r, ro, len);
            case SUB -> subD(x, xo, xs, y, yo, ys, r, ro, len);
            case MUL -> mulD(x, xo, xs, y, yo, ys, r, ro, len);
            case DIV -> divD(x, xo, xs, y, yo, ys, r, ro, len);
            case MAX -> maxD(x, xo, xs, y, yo, ys, r, ro, len);
            case MIN -> minD(x, xo, xs, y, yo, ys, r, ro, len);
            default -> throw new IllegalArgumentException(op + " has no double loop");
        }
    }

    private static void addD(double[] x, int xo, int xs, double[] y, int yo, int ys, double[] r, int ro, int len) {
        if (xs == 1 && ys == 1) {
            for (int i = 0; i < len; i++) {
                r[ro + i] = x[xo + i] + y[yo + i];
            }
        } else if (xs == 1 && ys == 0) {
            double c = y[yo];
            for (int i = 0; i < len; i++) {
                r[ro + i] = x[xo + i] + c;
            }
        } else if (xs == 0 && ys == 1) {
            double c = x[xo];
            for (int i = 0; i < len; i++) {
                r[ro + i] = c + y[yo + i];
            }
        } else {
            for (int i = 0; i < len; i++) {
                r[ro + i] = x[xo + i * xs] + y[yo + i * ys];
            }
        }
    }

    private static void subD(double[] x, int xo, int xs, double[] y, int yo, int ys, double[] r, int ro, int len) {
        if (xs == 1 && ys == 1) {
            for (int i = 0; i < len; i++) {
                r[ro + i] = x[xo + i] - y[yo + i];
            }
        } else if (xs == 1 && ys == 0) {
            double c = y[yo];
            for (int i = 0; i < len; i++) {
                r[ro + i] = x[xo + i] - c;
            }
        } else if (xs == 0 && ys == 1) {
            double c = x[xo];
            for (int i = 0; i < len; i++) {
                r[ro + i] = c - y[yo + i];
            }
        } else {
            for (int i = 0; i < len; i++) {
                r[ro + i] = x[xo + i * xs] - y[yo + i * ys];
            }
        }
    }

    private static void mulD(double[] x, int xo, int xs, double[] y, int yo, int ys, double[] r, int ro, int len) {
        if (xs == 1 && ys == 1) {
            for (int i = 0; i < len; i++) {
                r[ro + i] = x[xo + i] * y[yo + i];
            }
        } else if (xs == 1 && ys == 0) {
            double c = y[yo];
            for (int i = 0; i < len; i++) {
                r[ro + i] = x[xo + i] * c;
            }
        } else if (xs == 0 && ys == 1) {
            double c = x[xo];
            for (int i = 0; i < len; i++) {
                r[ro + i] = c * y[yo + i];
            }
        } else {
            for (int i = 0; i < len; i++) {
                r[ro + i] = x[xo + i * xs] * y[yo + i * ys];
            }
        }
    }

    private static void divD(double[] x, int xo, int xs, double[] y, int yo, int ys, double[] r, int ro, int len) {
        if (xs == 1 && ys == 1) {
            for (int i = 0; i < len; i++) {
                r[ro + i] = x[xo + i] / y[yo + i];
            }
        } else if (xs == 1 && ys == 0) {
            double c = y[yo];
            for (int i = 0; i < len; i++) {
                r[ro + i] = x[xo + i] / c;
            }
        } else if (xs == 0 && ys == 1) {
            double c = x[xo];
            for (int i = 0; i < len; i++) {
                r[ro + i] = c / y[yo + i];
            }
        } else {
            for (int i = 0; i < len; i++) {
                r[ro + i] = x[xo + i * xs] / y[yo + i * ys];
            }
        }
    }

    private static void maxD(double[] x, int xo, int xs, double[] y, int yo, int ys, double[] r, int ro, int len) {
        if (xs == 1 && ys == 1) {
            for (int i = 0; i < len; i++) {
                r[ro + i] = Math.max(x[xo + i], y[yo + i]);
            }
        } else if (xs == 1 && ys == 0) {
            double c = y[yo];
            for (int i = 0; i < len; i++) {
                r[ro + i] = Math.max(x[xo + i], c);
            }
        } else if (xs == 0 && ys == 1) {
            double c = x[xo];
            for (int i = 0; i < len; i++) {
                r[ro + i] = Math.max(c, y[yo + i]);
            }
        } else {
            for (int i = 0; i < len; i++) {
                r[ro + i] = Math.max(x[xo + i * xs], y[yo + i * ys]);
            }
        }
    }

    private static void minD(double[] x, int xo, int xs, double[] y, int yo, int ys, double[] r, int ro, int len) {
        if (xs == 1 && ys == 1) {
            for (int i = 0; i < len; i++) {
                r[ro + i] = Math.min(x[xo + i], y[yo + i]);
            }
        } else if (xs == 1 && ys == 0) {
            double c = y[yo];
            for (int i = 0; i < len; i++) {
                r[ro + i] = Math.min(x[xo + i], c);
            }
        } else if (xs == 0 && ys == 1) {
            double c = x[xo];
            for (int i = 0; i < len; i++) {
                r[ro + i] = Math.min(c, y[yo + i]);
            }
        } else {
            for (int i = 0; i < len; i++) {
                r[ro + i] = Math.min(x[xo + i * xs], y[yo + i * ys]);
            }
        }
    }

    static void run(BinaryOp op, float[] x, int xo, int xs, float[] y, int yo, int ys, boolean[] r, int ro, int len) {
        switch (op) {
            case EQ -> eqB(x, xo, xs, y, yo, ys, r, ro, len);
            case NE -> neB(x, xo, xs, y, yo, ys, r, ro, len);
            case LT -> ltB(x, xo, xs, y, yo, ys, r, ro, len);
            case LE -> leB(x, xo, xs, y, yo, ys, r, ro, len);
            case GT -> gtB(x, xo, xs, y, yo, ys, r, ro, len);
            case GE -> geB(x, xo, xs, y, yo, ys, r, ro, len);
            default -> throw new IllegalArgumentException(op + " has no float loop");
        }
    }

    private static void eqB(float[] x, int xo, int xs, float[] y, int yo, int ys, boolean[] r, int ro, int len) {
        if (xs == 1 && ys == 1) {
            for (int i = 0; i < len; i++) {
                r[ro + i] = x[xo + i] == y[yo + i];
            }
        } else if (xs == 1 && ys == 0) {
            float c = y[yo];
            for (int i = 0; i < len; i++) {
                r[ro + i] = x[xo + i] == c;
            }
        } else if (xs == 0 && ys == 1) {
            float c = x[xo];
            for (int i = 0; i < len; i++) {
                r[ro + i] = c == y[yo + i];
            }
        } else {
            for (int i = 0; i < len; i++) {
                r[ro + i] = x[xo + i * xs] == y[yo + i * ys];
            }
        }
    }

    private static void neB(float[] x, int xo, int xs, float[] y, int yo, int ys, boolean[] r, int ro, int len) {
        if (xs == 1 && ys == 1) {
            for (int i = 0; i < len; i++) {
                r[ro + i] = x[xo + i] != y[yo + i];
            }
        } else if (xs == 1 && ys == 0) {
            float c = y[yo];
            for (int i = 0; i < len; i++) {
                r[ro + i] = x[xo + i] != c;
            }
        } else if (xs == 0 && ys == 1) {
            float c = x[xo];
            for (int i = 0; i < len; i++) {
                r[ro + i] = c != y[yo + i];
            }
        } else {
            for (int i = 0; i < len; i++) {
                r[ro + i] = x[xo + i * xs] != y[yo + i * ys];
            }
        }
    }

    private static void ltB(float[] x, int xo, int xs, float[] y, int yo, int ys, boolean[] r, int ro, int len) {
        if (xs == 1 && ys == 1) {
            for (int i = 0; i < len; i++) {
                r[ro + i] = x[xo + i] < y[yo + i];
            }
        } else if (xs == 1 && ys == 0) {
            float c = y[yo];
            for (int i = 0; i < len; i++) {
                r[ro + i] = x[xo + i] < c;
            }
        } else if (xs == 0 && ys == 1) {
            float c = x[xo];
            for (int i = 0; i < len; i++) {
                r[ro + i] = c < y[yo + i];
            }
        } else {
            for (int i = 0; i < len; i++) {
                r[ro + i] = x[xo + i * xs] < y[yo + i * ys];
            }
        }
    }

    private static void leB(float[] x, int xo, int xs, float[] y, int yo, int ys, boolean[] r, int ro, int len) {
        if (xs == 1 && ys == 1) {
            for (int i = 0; i < len; i++) {
                r[ro + i] = x[xo + i] <= y[yo + i];
            }
        } else if (xs == 1 && ys == 0) {
            float c = y[yo];
            for (int i = 0; i < len; i++) {
                r[ro + i] = x[xo + i] <= c;
            }
        } else if (xs == 0 && ys == 1) {
            float c = x[xo];
            for (int i = 0; i < len; i++) {
                r[ro + i] = c <= y[yo + i];
            }
        } else {
            for (int i = 0; i < len; i++) {
                r[ro + i] = x[xo + i * xs] <= y[yo + i * ys];
            }
        }
    }

    private static void gtB(float[] x, int xo, int xs, float[] y, int yo, int ys, boolean[] r, int ro, int len) {
        if (xs == 1 && ys == 1) {
            for (int i = 0; i < len; i++) {
                r[ro + i] = x[xo + i] > y[yo + i];
            }
        } else if (xs == 1 && ys == 0) {
            float c = y[yo];
            for (int i = 0; i < len; i++) {
                r[ro + i] = x[xo + i] > c;
            }
        } else if (xs == 0 && ys == 1) {
            float c = x[xo];
            for (int i = 0; i < len; i++) {
                r[ro + i] = c > y[yo + i];
            }
        } else {
            for (int i = 0; i < len; i++) {
                r[ro + i] = x[xo + i * xs] > y[yo + i * ys];
            }
        }
    }

    private static void geB(float[] x, int xo, int xs, float[] y, int yo, int ys, boolean[] r, int ro, int len) {
        if (xs == 1 && ys == 1) {
            for (int i = 0; i < len; i++) {
                r[ro + i] = x[xo + i] >= y[yo + i];
            }
        } else if (xs == 1 && ys == 0) {
            float c = y[yo];
            for (int i = 0; i < len; i++) {
                r[ro + i] = x[xo + i] >= c;
            }
        } else if (xs == 0 && ys == 1) {
            float c = x[xo];
            for (int i = 0; i < len; i++) {
                r[ro + i] = c >= y[yo + i];
            }
        } else {
            for (int i = 0; i < len; i++) {
                r[ro + i] = x[xo + i * xs] >= y[yo + i * ys];
            }
        }
    }
}

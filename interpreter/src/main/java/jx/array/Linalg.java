package jx.array;

import java.util.ArrayList;
import java.util.List;

/**
 * jnp.linalg's factorizations (inv, solve, det, cholesky, qr, eigh, svd) over the last two axes
 * (complex matrices but for qr and svd: {@link ComplexLinalg}, which also has eig),
 * batched over the leading ones. They run in double precision on a host copy, one small dense
 * matrix at a time, and the result is rounded to the input's inexact dtype: the Backend's kernels
 * are data-parallel maps, and these are sequential pivoting/rotation algorithms.
 */
public final class Linalg {
    private Linalg() {}

    /** The (batch, rows, cols) view of a host copy in the inexact dtype. */
    private record Batch(double[] v, int[] lead, int rows, int cols, DType dtype) {
        int count() {
            return rows * cols == 0 ? Ops.sizeOf(lead) : v.length / (rows * cols);
        }

        double[][] matrix(int b) {
            double[][] m = new double[rows][cols];
            for (int i = 0; i < rows; i++) {
                System.arraycopy(v, b * rows * cols + i * cols, m[i], 0, cols);
            }
            return m;
        }
    }

    /** That a is a stack of matrices (square ones where asked), as every jnp.linalg function requires. */
    static void checkMatrices(Array a, String name, boolean square) {
        if (a.ndim() < 2) {
            throw new ArrayException(name + ": argument must have at least 2 dimensions, got shape " + Ops.shapeString(a.shapeRef()));
        }
        int[] s = a.shapeRef();
        if (square && s[s.length - 2] != s[s.length - 1]) {
            throw new ArrayException(name + ": argument must be a batch of square matrices, got shape " + Ops.shapeString(s));
        }
    }

    private static Batch batch(Array a, String name, boolean square) {
        if (a.dtype().isComplex()) {
            throw new ArrayException("NotImplementedError: " + name + " of complex matrices is not implemented in jx"
                    + " (only inv, solve, det, cholesky, qr, eigh and eig are)");
        }
        checkMatrices(a, name, square);
        int[] s = a.shapeRef();
        int rows = s[s.length - 2];
        int cols = s[s.length - 1];
        DType d = Promotion.toInexact(a.dtype());
        return new Batch(a.astype(d).toHost().floats(), java.util.Arrays.copyOf(s, s.length - 2), rows, cols, d);
    }

    /** Stacks per-batch matrices into an array of shape lead + (rows, cols) (cols < 0: vectors of length rows). */
    private static Array stackOut(List<double[][]> ms, int[] lead, int rows, int cols, DType d) {
        boolean vector = cols < 0;
        int c = vector ? 1 : cols;
        double[] out = new double[ms.size() * rows * c];
        int at = 0;
        for (double[][] m : ms) {
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < c; j++) {
                    out[at++] = m[i][j];
                }
            }
        }
        int[] shape = java.util.Arrays.copyOf(lead, lead.length + (vector ? 1 : 2));
        shape[lead.length] = rows;
        if (!vector) {
            shape[lead.length + 1] = cols;
        }
        return Array.fromHost(new HostData(d, shape, false, out, null));
    }

    private static double[][] column(double[] v) {
        double[][] m = new double[v.length][1];
        for (int i = 0; i < v.length; i++) {
            m[i][0] = v[i];
        }
        return m;
    }

    /** LU with partial pivoting in place; returns the permutation sign (0 never: singular gives inf/nan later, as JAX). */
    private static int lu(double[][] m, int[] piv) {
        int n = m.length;
        int sign = 1;
        for (int i = 0; i < n; i++) {
            piv[i] = i;
        }
        for (int k = 0; k < n; k++) {
            int p = k;
            for (int i = k + 1; i < n; i++) {
                if (Math.abs(m[i][k]) > Math.abs(m[p][k])) {
                    p = i;
                }
            }
            if (p != k) {
                double[] t = m[p];
                m[p] = m[k];
                m[k] = t;
                int ti = piv[p];
                piv[p] = piv[k];
                piv[k] = ti;
                sign = -sign;
            }
            for (int i = k + 1; i < n; i++) {
                m[i][k] /= m[k][k];
                for (int j = k + 1; j < n; j++) {
                    m[i][j] -= m[i][k] * m[k][j];
                }
            }
        }
        return sign;
    }

    /** Solves L U x = P b for each column of b. */
    private static double[][] luSolve(double[][] lu, int[] piv, double[][] b) {
        int n = lu.length;
        int k = b.length == 0 ? 0 : b[0].length;
        double[][] x = new double[n][k];
        for (int c = 0; c < k; c++) {
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                double s = b[piv[i]][c];
                for (int j = 0; j < i; j++) {
                    s -= lu[i][j] * y[j];
                }
                y[i] = s;
            }
            for (int i = n - 1; i >= 0; i--) {
                double s = y[i];
                for (int j = i + 1; j < n; j++) {
                    s -= lu[i][j] * x[j][c];
                }
                x[i][c] = s / lu[i][i];
            }
        }
        return x;
    }

    private static double[][] identity(int n) {
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            m[i][i] = 1;
        }
        return m;
    }

    public static Array inv(Array a) {
        if (a.dtype().isComplex()) {
            return ComplexLinalg.inv(a);
        }
        Batch b = batch(a, "inv", true);
        List<double[][]> out = new ArrayList<>();
        for (int i = 0; i < b.count(); i++) {
            double[][] m = b.matrix(i);
            int[] piv = new int[b.rows()];
            lu(m, piv);
            out.add(luSolve(m, piv, identity(b.rows())));
        }
        return stackOut(out, b.lead(), b.rows(), b.cols(), b.dtype());
    }

    public static Array det(Array a) {
        if (a.dtype().isComplex()) {
            return ComplexLinalg.det(a);
        }
        Batch b = batch(a, "det", true);
        double[] out = new double[b.count()];
        for (int i = 0; i < out.length; i++) {
            double[][] m = b.matrix(i);
            double d = lu(m, new int[b.rows()]);
            for (int k = 0; k < b.rows(); k++) {
                d *= m[k][k];
            }
            out[i] = d;
        }
        return Array.fromHost(new HostData(b.dtype(), b.lead(), false, out, null));
    }

    /** jnp.linalg.solve: b is a vector when it is 1-d, else a batch of (n, k) right-hand sides (JAX's rule). */
    public static Array solve(Array a, Array b) {
        if (a.dtype().isComplex() || b.dtype().isComplex()) {
            return ComplexLinalg.solve(a, b);
        }
        Batch m = batch(a, "solve", true);
        boolean vector = b.ndim() == 1;
        Array rhs = vector ? b.withShape(new int[] {b.shapeRef()[0], 1}) : b;
        if (rhs.ndim() < 2 || rhs.shapeRef()[rhs.ndim() - 2] != m.rows()) {
            throw new ArrayException("solve: b must have shape (..., " + m.rows() + ") or (..., " + m.rows()
                    + ", k), got " + Ops.shapeString(b.shapeRef()));
        }
        int k = rhs.shapeRef()[rhs.ndim() - 1];
        int[] lead = Ops.broadcastShapes(m.lead(), java.util.Arrays.copyOf(rhs.shapeRef(), rhs.ndim() - 2));
        int[] as = java.util.Arrays.copyOf(lead, lead.length + 2);
        as[lead.length] = m.rows();
        as[lead.length + 1] = m.rows();
        int[] bs = as.clone();
        bs[lead.length + 1] = k;
        DType d = Ops.promote(a, b).dtype();
        Batch ab = batch(Ops.broadcastTo(a.astype(Promotion.toInexact(d)), as), "solve", true);
        Batch bb = batch(Ops.broadcastTo(rhs.astype(Promotion.toInexact(d)), bs), "solve", false);
        List<double[][]> out = new ArrayList<>();
        for (int i = 0; i < ab.count(); i++) {
            double[][] lu = ab.matrix(i);
            double[][] x = a.backend().solveOnHost(lu, bb.matrix(i), ab.dtype() == DType.FLOAT32); // null: small, singular, or no native solver
            if (x == null) {
                int[] piv = new int[ab.rows()];
                lu(lu, piv);
                x = luSolve(lu, piv, bb.matrix(i));
            }
            out.add(x);
        }
        Array x = stackOut(out, lead, m.rows(), k, ab.dtype());
        return vector ? x.withShape(new int[] {m.rows()}) : x;
    }

    /** Lower Cholesky factor; a matrix that is not positive definite gives NaNs, as JAX. */
    public static Array cholesky(Array a) {
        if (a.dtype().isComplex()) {
            return ComplexLinalg.cholesky(a);
        }
        Batch b = batch(a, "cholesky", true);
        int n = b.rows();
        List<double[][]> out = new ArrayList<>();
        for (int i = 0; i < b.count(); i++) {
            double[][] m = b.matrix(i);
            double[][] l = new double[n][n];
            for (int r = 0; r < n; r++) {
                for (int c = 0; c <= r; c++) {
                    double s = m[r][c];
                    for (int k = 0; k < c; k++) {
                        s -= l[r][k] * l[c][k];
                    }
                    l[r][c] = r == c ? Math.sqrt(s) : s / l[c][c];
                }
            }
            out.add(l);
        }
        return stackOut(out, b.lead(), n, n, b.dtype());
    }

    /** Householder QR with LAPACK's sign convention (R's diagonal is -sign(a_kk)|.|), so Q and R match NumPy's. */
    public static List<Array> qr(Array a, String mode) {
        if (a.dtype().isComplex()) {
            return ComplexLinalg.qr(a, mode);
        }
        Batch b = batch(a, "qr", false);
        int m = b.rows();
        int n = b.cols();
        int k = Math.min(m, n);
        boolean complete = mode.equals("complete");
        if (!complete && !mode.equals("reduced") && !mode.equals("r")) {
            throw new ArrayException("Unsupported QR decomposition mode '" + mode + "'");
        }
        List<double[][]> qs = new ArrayList<>();
        List<double[][]> rs = new ArrayList<>();
        for (int i = 0; i < b.count(); i++) {
            double[][] r = b.matrix(i);
            double[][] q = identity(m);
            for (int c = 0; c < k; c++) {
                double alpha = r[c][c];
                double xnorm = 0;
                for (int j = c + 1; j < m; j++) {
                    xnorm = Math.hypot(xnorm, r[j][c]);
                }
                if (xnorm == 0) {
                    continue;
                }
                double beta = -Math.copySign(Math.hypot(alpha, xnorm), alpha);
                double[] v = new double[m];
                v[c] = 1;
                for (int j = c + 1; j < m; j++) {
                    v[j] = r[j][c] / (alpha - beta);
                }
                double tau = (beta - alpha) / beta;
                reflect(r, v, tau, c, true);
                reflect(q, v, tau, c, false);
            }
            int qc = complete ? m : k;
            int rr = complete ? m : k;
            double[][] qo = new double[m][qc];
            double[][] ro = new double[rr][n];
            for (int x = 0; x < m; x++) {
                System.arraycopy(q[x], 0, qo[x], 0, qc);
            }
            for (int x = 0; x < rr; x++) {
                for (int y = x; y < n; y++) {
                    ro[x][y] = r[x][y];
                }
            }
            qs.add(qo);
            rs.add(ro);
        }
        Array rOut = stackOut(rs, b.lead(), complete ? m : k, n, b.dtype());
        if (mode.equals("r")) {
            return List.of(rOut);
        }
        return List.of(stackOut(qs, b.lead(), m, complete ? m : k, b.dtype()), rOut);
    }

    /** Applies H = I - tau v v^T from the left to rows c.. of m (left) or from the right to columns c.. (q accumulates H). */
    private static void reflect(double[][] m, double[] v, double tau, int c, boolean left) {
        int rows = m.length;
        int cols = m[0].length;
        if (left) {
            for (int j = 0; j < cols; j++) {
                double s = 0;
                for (int i = c; i < rows; i++) {
                    s += v[i] * m[i][j];
                }
                for (int i = c; i < rows; i++) {
                    m[i][j] -= tau * v[i] * s;
                }
            }
        } else {
            for (int i = 0; i < rows; i++) {
                double s = 0;
                for (int j = c; j < cols; j++) {
                    s += m[i][j] * v[j];
                }
                for (int j = c; j < cols; j++) {
                    m[i][j] -= tau * s * v[j];
                }
            }
        }
    }

    /** Symmetric eigendecomposition by cyclic Jacobi rotations, of the lower (or upper) triangle: ascending (w, v). */
    public static List<Array> eigh(Array a, boolean lower) {
        if (a.dtype().isComplex()) {
            return ComplexLinalg.eigh(a, lower);
        }
        Batch b = batch(a, "eigh", true);
        int n = b.rows();
        List<double[][]> ws = new ArrayList<>();
        List<double[][]> vs = new ArrayList<>();
        for (int i = 0; i < b.count(); i++) {
            double[][] m = b.matrix(i);
            for (int r = 0; r < n; r++) {
                for (int c = r + 1; c < n; c++) {
                    if (lower) {
                        m[r][c] = m[c][r];
                    } else {
                        m[c][r] = m[r][c];
                    }
                }
            }
            double[][] v = identity(n);
            jacobi(m, v);
            Integer[] order = new Integer[n];
            for (int k = 0; k < n; k++) {
                order[k] = k;
            }
            java.util.Arrays.sort(order, (x, y) -> Double.compare(m[x][x], m[y][y]));
            double[] w = new double[n];
            double[][] vo = new double[n][n];
            for (int k = 0; k < n; k++) {
                w[k] = m[order[k]][order[k]];
                for (int r = 0; r < n; r++) {
                    vo[r][k] = v[r][order[k]];
                }
            }
            ws.add(column(w));
            vs.add(vo);
        }
        return List.of(stackOut(ws, b.lead(), n, -1, b.dtype()), stackOut(vs, b.lead(), n, n, b.dtype()));
    }

    /** Diagonalizes symmetric m in place, accumulating the rotations into v (m = v diag v^T at the end). */
    private static void jacobi(double[][] m, double[][] v) {
        int n = m.length;
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    off += m[p][q] * m[p][q];
                }
            }
            if (off < 1e-300) {
                return;
            }
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    if (m[p][q] == 0) {
                        continue;
                    }
                    double theta = (m[q][q] - m[p][p]) / (2 * m[p][q]);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    for (int k = 0; k < n; k++) {
                        double mkp = m[k][p];
                        double mkq = m[k][q];
                        m[k][p] = c * mkp - s * mkq;
                        m[k][q] = s * mkp + c * mkq;
                    }
                    for (int k = 0; k < n; k++) {
                        double mpk = m[p][k];
                        double mqk = m[q][k];
                        m[p][k] = c * mpk - s * mqk;
                        m[q][k] = s * mpk + c * mqk;
                    }
                    for (int k = 0; k < n; k++) {
                        double vkp = v[k][p];
                        double vkq = v[k][q];
                        v[k][p] = c * vkp - s * vkq;
                        v[k][q] = s * vkp + c * vkq;
                    }
                }
            }
        }
    }

    /** Singular value decomposition by one-sided Jacobi (Hestenes): (u, s, vh) with s descending, or just (s). */
    public static List<Array> svd(Array a, boolean fullMatrices, boolean computeUv) {
        Batch b = batch(a, "svd", false);
        int m = b.rows();
        int n = b.cols();
        int k = Math.min(m, n);
        List<double[][]> us = new ArrayList<>();
        List<double[][]> ss = new ArrayList<>();
        List<double[][]> vhs = new ArrayList<>();
        for (int i = 0; i < b.count(); i++) {
            double[][] x = b.matrix(i);
            boolean flip = m < n;
            double[][] w = flip ? transpose(x) : x;
            int rows = w.length;
            int cols = k;
            double[][] v = identity(cols);
            hestenes(w, v);
            double[] s = new double[cols];
            for (int c = 0; c < cols; c++) {
                double nrm = 0;
                for (int r = 0; r < rows; r++) {
                    nrm = Math.hypot(nrm, w[r][c]);
                }
                s[c] = nrm;
            }
            Integer[] order = new Integer[cols];
            for (int c = 0; c < cols; c++) {
                order[c] = c;
            }
            java.util.Arrays.sort(order, (p, q) -> Double.compare(s[q], s[p]));
            double[][] u = new double[rows][cols];
            double[][] vv = new double[cols][cols];
            double[] so = new double[cols];
            for (int c = 0; c < cols; c++) {
                int o = order[c];
                so[c] = s[o];
                for (int r = 0; r < rows; r++) {
                    u[r][c] = s[o] == 0 ? 0 : w[r][o] / s[o];
                }
                for (int r = 0; r < cols; r++) {
                    vv[r][c] = v[r][o];
                }
            }
            ss.add(column(so));
            int full = fullMatrices ? rows : cols;
            double[][] uf = complete(u, full);
            // x = u s v^T (or x^T = u s v^T when flipped, so x = v s u^T).
            us.add(flip ? vv : uf);
            vhs.add(transpose(flip ? uf : vv));
        }
        Array s = stackOut(ss, b.lead(), k, -1, b.dtype());
        if (!computeUv) {
            return List.of(s);
        }
        int uc = fullMatrices ? m : k;
        int vr = fullMatrices ? n : k;
        return List.of(stackOut(us, b.lead(), m, uc, b.dtype()), s, stackOut(vhs, b.lead(), vr, n, b.dtype()));
    }

    /** One-sided Jacobi: rotates the columns of w (rows >= cols) until orthogonal, accumulating into v. */
    private static void hestenes(double[][] w, double[][] v) {
        int rows = w.length;
        int cols = v.length;
        for (int sweep = 0; sweep < 100; sweep++) {
            boolean rotated = false;
            for (int p = 0; p < cols; p++) {
                for (int q = p + 1; q < cols; q++) {
                    double alpha = 0;
                    double beta = 0;
                    double gamma = 0;
                    for (int r = 0; r < rows; r++) {
                        alpha += w[r][p] * w[r][p];
                        beta += w[r][q] * w[r][q];
                        gamma += w[r][p] * w[r][q];
                    }
                    if (Math.abs(gamma) <= 1e-15 * Math.sqrt(alpha * beta) || gamma == 0) {
                        continue;
                    }
                    rotated = true;
                    double zeta = (beta - alpha) / (2 * gamma);
                    double t = Math.signum(zeta) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
                    if (zeta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(1 + t * t);
                    double s = c * t;
                    for (int r = 0; r < rows; r++) {
                        double wp = w[r][p];
                        double wq = w[r][q];
                        w[r][p] = c * wp - s * wq;
                        w[r][q] = s * wp + c * wq;
                    }
                    for (int r = 0; r < cols; r++) {
                        double vp = v[r][p];
                        double vq = v[r][q];
                        v[r][p] = c * vp - s * vq;
                        v[r][q] = s * vp + c * vq;
                    }
                }
            }
            if (!rotated) {
                return;
            }
        }
    }

    /** Extends orthonormal columns u (rows x c) to {@code full} orthonormal columns by Gram-Schmidt on unit vectors. */
    private static double[][] complete(double[][] u, int full) {
        int rows = u.length;
        int c = rows == 0 ? 0 : u[0].length;
        double[][] out = new double[rows][full];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(u[r], 0, out[r], 0, Math.min(c, full));
        }
        int have = Math.min(c, full);
        for (int e = 0; e < rows && have < full; e++) {
            double[] cand = new double[rows];
            cand[e] = 1;
            for (int j = 0; j < have; j++) {
                double dot = 0;
                for (int r = 0; r < rows; r++) {
                    dot += out[r][j] * cand[r];
                }
                for (int r = 0; r < rows; r++) {
                    cand[r] -= dot * out[r][j];
                }
            }
            double nrm = 0;
            for (double x : cand) {
                nrm = Math.hypot(nrm, x);
            }
            if (nrm > 1e-8) {
                for (int r = 0; r < rows; r++) {
                    out[r][have] = cand[r] / nrm;
                }
                have++;
            }
        }
        return out;
    }

    private static double[][] transpose(double[][] x) {
        int r = x.length;
        int c = r == 0 ? 0 : x[0].length;
        double[][] t = new double[c][r];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                t[j][i] = x[i][j];
            }
        }
        return t;
    }
}

package jx.array;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * jnp.linalg on complex matrices (inv, solve, det, cholesky, eigh) and jnp.linalg.eig / eigvals
 * on real or complex ones. Like {@link Linalg}, each matrix of the batch is factored in double
 * precision on a host copy and the result rounded to the input's dtype. eig is the complex Schur
 * decomposition (Householder reduction to Hessenberg form, then single-shift QR with Wilkinson
 * shifts), the eigenvectors back-substituted from the triangular factor and normalized as LAPACK's
 * geev does (unit norm, largest component real). A Hermitian matrix's Schur form is diagonal, so
 * eigh reads its eigenvalues and orthonormal eigenvectors off the same decomposition.
 */
public final class ComplexLinalg {
    private ComplexLinalg() {}

    private static final double EPS = Math.ulp(1.0);

    /** One complex matrix as its parts. */
    private record Mat(double[][] re, double[][] im) {
        static Mat zeros(int rows, int cols) {
            return new Mat(new double[rows][cols], new double[rows][cols]);
        }

        static Mat identity(int n) {
            Mat m = zeros(n, n);
            for (int i = 0; i < n; i++) {
                m.re[i][i] = 1;
            }
            return m;
        }

        int rows() {
            return re.length;
        }

        int cols() {
            return re.length == 0 ? 0 : re[0].length;
        }

        double abs(int i, int j) {
            return Math.hypot(re[i][j], im[i][j]);
        }

        void swapRows(int a, int b) {
            double[] t = re[a];
            re[a] = re[b];
            re[b] = t;
            t = im[a];
            im[a] = im[b];
            im[b] = t;
        }
    }

    /** The (batch, rows, cols) view of a host copy; dtype is the complex dtype of the result. */
    private record Batch(double[] re, double[] im, int[] lead, int rows, int cols, DType dtype) {
        int count() {
            return rows * cols == 0 ? Ops.sizeOf(lead) : re.length / (rows * cols);
        }

        Mat matrix(int b) {
            Mat m = Mat.zeros(rows, cols);
            for (int i = 0; i < rows; i++) {
                System.arraycopy(re, b * rows * cols + i * cols, m.re[i], 0, cols);
                System.arraycopy(im, b * rows * cols + i * cols, m.im[i], 0, cols);
            }
            return m;
        }
    }

    private static Batch batch(Array a, String name, boolean square) {
        Linalg.checkMatrices(a, name, square);
        int[] s = a.shapeRef();
        int rows = s[s.length - 2];
        int cols = s[s.length - 1];
        DType d = Promotion.toInexact(a.dtype()).partType().complexType();
        HostData h = a.astype(d).toHostComplex();
        return new Batch(h.floats(), h.imag(), Arrays.copyOf(s, s.length - 2), rows, cols, d);
    }

    /** Stacks per-batch matrices into lead + (rows, cols) (cols < 0: vectors of length rows, kept as a column). */
    private static Array stackOut(List<Mat> ms, int[] lead, int rows, int cols, DType d) {
        boolean vector = cols < 0;
        int c = vector ? 1 : cols;
        double[] re = new double[ms.size() * rows * c];
        double[] im = new double[re.length];
        int at = 0;
        for (Mat m : ms) {
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < c; j++) {
                    re[at] = m.re[i][j];
                    im[at++] = m.im[i][j];
                }
            }
        }
        int[] shape = Arrays.copyOf(lead, lead.length + (vector ? 1 : 2));
        shape[lead.length] = rows;
        if (!vector) {
            shape[lead.length + 1] = cols;
        }
        return Array.fromHost(new HostData(d, shape, false, re, null, im));
    }

    private static Mat column(double[] re, double[] im) {
        Mat m = Mat.zeros(re.length, 1);
        for (int i = 0; i < re.length; i++) {
            m.re[i][0] = re[i];
            m.im[i][0] = im[i];
        }
        return m;
    }

    /** LU with partial pivoting in place (by modulus); returns the permutation's sign. */
    private static int lu(Mat m, int[] piv) {
        int n = m.rows();
        int sign = 1;
        for (int i = 0; i < n; i++) {
            piv[i] = i;
        }
        for (int k = 0; k < n; k++) {
            int p = k;
            for (int i = k + 1; i < n; i++) {
                if (m.abs(i, k) > m.abs(p, k)) {
                    p = i;
                }
            }
            if (p != k) {
                m.swapRows(p, k);
                int t = piv[p];
                piv[p] = piv[k];
                piv[k] = t;
                sign = -sign;
            }
            double dr = m.re[k][k];
            double di = m.im[k][k];
            double dd = dr * dr + di * di;
            for (int i = k + 1; i < n; i++) {
                double lr = (m.re[i][k] * dr + m.im[i][k] * di) / dd;
                double li = (m.im[i][k] * dr - m.re[i][k] * di) / dd;
                m.re[i][k] = lr;
                m.im[i][k] = li;
                for (int j = k + 1; j < n; j++) {
                    m.re[i][j] -= lr * m.re[k][j] - li * m.im[k][j];
                    m.im[i][j] -= lr * m.im[k][j] + li * m.re[k][j];
                }
            }
        }
        return sign;
    }

    /** Solves L U x = P b for each column of b. */
    private static Mat luSolve(Mat lu, int[] piv, Mat b) {
        int n = lu.rows();
        int k = b.cols();
        Mat x = Mat.zeros(n, k);
        double[] yr = new double[n];
        double[] yi = new double[n];
        for (int c = 0; c < k; c++) {
            for (int i = 0; i < n; i++) {
                double sr = b.re[piv[i]][c];
                double si = b.im[piv[i]][c];
                for (int j = 0; j < i; j++) {
                    sr -= lu.re[i][j] * yr[j] - lu.im[i][j] * yi[j];
                    si -= lu.re[i][j] * yi[j] + lu.im[i][j] * yr[j];
                }
                yr[i] = sr;
                yi[i] = si;
            }
            for (int i = n - 1; i >= 0; i--) {
                double sr = yr[i];
                double si = yi[i];
                for (int j = i + 1; j < n; j++) {
                    sr -= lu.re[i][j] * x.re[j][c] - lu.im[i][j] * x.im[j][c];
                    si -= lu.re[i][j] * x.im[j][c] + lu.im[i][j] * x.re[j][c];
                }
                double dr = lu.re[i][i];
                double di = lu.im[i][i];
                double dd = dr * dr + di * di;
                x.re[i][c] = (sr * dr + si * di) / dd;
                x.im[i][c] = (si * dr - sr * di) / dd;
            }
        }
        return x;
    }

    public static Array inv(Array a) {
        Batch b = batch(a, "inv", true);
        List<Mat> out = new ArrayList<>();
        for (int i = 0; i < b.count(); i++) {
            Mat m = b.matrix(i);
            int[] piv = new int[b.rows()];
            lu(m, piv);
            out.add(luSolve(m, piv, Mat.identity(b.rows())));
        }
        return stackOut(out, b.lead(), b.rows(), b.cols(), b.dtype());
    }

    public static Array det(Array a) {
        Batch b = batch(a, "det", true);
        int count = b.count();
        double[] re = new double[count];
        double[] im = new double[count];
        for (int i = 0; i < count; i++) {
            Mat m = b.matrix(i);
            double pr = lu(m, new int[b.rows()]);
            double pi = 0;
            for (int k = 0; k < b.rows(); k++) {
                double r = pr * m.re[k][k] - pi * m.im[k][k];
                pi = pr * m.im[k][k] + pi * m.re[k][k];
                pr = r;
            }
            re[i] = pr;
            im[i] = pi;
        }
        return Array.fromHost(new HostData(b.dtype(), b.lead(), false, re, null, im));
    }

    /** jnp.linalg.solve with a complex operand: b is a vector when 1-d, else a batch of (n, k) right-hand sides. */
    public static Array solve(Array a, Array b) {
        int n = a.ndim() < 2 ? -1 : a.shapeRef()[a.ndim() - 1];
        boolean vector = b.ndim() == 1;
        Array rhs = vector ? b.withShape(new int[] {b.shapeRef()[0], 1}) : b;
        Batch probe = batch(a, "solve", true);
        if (rhs.ndim() < 2 || rhs.shapeRef()[rhs.ndim() - 2] != n) {
            throw new ArrayException("solve: b must have shape (..., " + n + ") or (..., " + n
                    + ", k), got " + Ops.shapeString(b.shapeRef()));
        }
        int k = rhs.shapeRef()[rhs.ndim() - 1];
        int[] lead = Ops.broadcastShapes(probe.lead(), Arrays.copyOf(rhs.shapeRef(), rhs.ndim() - 2));
        int[] as = Arrays.copyOf(lead, lead.length + 2);
        as[lead.length] = n;
        as[lead.length + 1] = n;
        int[] bs = as.clone();
        bs[lead.length + 1] = k;
        DType d = Promotion.toInexact(Ops.promote(a, b).dtype()).partType().complexType();
        Batch ab = batch(Ops.broadcastTo(a.astype(d), as), "solve", true);
        Batch bb = batch(Ops.broadcastTo(rhs.astype(d), bs), "solve", false);
        List<Mat> out = new ArrayList<>();
        for (int i = 0; i < ab.count(); i++) {
            Mat m = ab.matrix(i);
            int[] piv = new int[n];
            lu(m, piv);
            out.add(luSolve(m, piv, bb.matrix(i)));
        }
        Array x = stackOut(out, lead, n, k, d);
        return vector ? x.withShape(new int[] {n}) : x;
    }

    /** Lower factor L with a = L L^H, from a's lower triangle; not positive definite gives NaNs, as JAX. */
    public static Array cholesky(Array a) {
        Batch b = batch(a, "cholesky", true);
        int n = b.rows();
        List<Mat> out = new ArrayList<>();
        for (int i = 0; i < b.count(); i++) {
            Mat m = b.matrix(i);
            Mat l = Mat.zeros(n, n);
            for (int r = 0; r < n; r++) {
                for (int c = 0; c <= r; c++) {
                    double sr = m.re[r][c];
                    double si = m.im[r][c];
                    for (int k = 0; k < c; k++) {
                        // l[r][k] * conj(l[c][k])
                        sr -= l.re[r][k] * l.re[c][k] + l.im[r][k] * l.im[c][k];
                        si -= l.im[r][k] * l.re[c][k] - l.re[r][k] * l.im[c][k];
                    }
                    if (r == c) {
                        l.re[r][r] = Math.sqrt(sr);
                    } else {
                        l.re[r][c] = sr / l.re[c][c];
                        l.im[r][c] = si / l.re[c][c];
                    }
                }
            }
            out.add(l);
        }
        return stackOut(out, b.lead(), n, n, b.dtype());
    }

    /**
     * Householder QR as LAPACK's zgeqrf/zungqr: column c is reflected by H = I - tau v v^H (v[c] = 1)
     * onto the real beta = -sign(Re alpha) |(alpha, x)|, so R's diagonal is real; Q = H_1 ... H_k.
     */
    public static List<Array> qr(Array a, String mode) {
        boolean complete = mode.equals("complete");
        if (!complete && !mode.equals("reduced") && !mode.equals("r")) {
            throw new ArrayException("Unsupported QR decomposition mode '" + mode + "'");
        }
        Batch b = batch(a, "qr", false);
        int m = b.rows();
        int n = b.cols();
        int k = Math.min(m, n);
        List<Mat> qs = new ArrayList<>();
        List<Mat> rs = new ArrayList<>();
        for (int i = 0; i < b.count(); i++) {
            Mat r = b.matrix(i);
            Mat q = Mat.identity(m);
            for (int c = 0; c < k; c++) {
                double ar = r.re[c][c];
                double ai = r.im[c][c];
                double xnorm = 0;
                for (int j = c + 1; j < m; j++) {
                    xnorm = Math.hypot(xnorm, r.abs(j, c));
                }
                if (xnorm == 0 && ai == 0) {
                    continue;
                }
                double beta = -Math.copySign(Math.hypot(Math.hypot(ar, ai), xnorm), ar);
                // tau = (beta - alpha) / beta; v = x / (alpha - beta).
                double tr = (beta - ar) / beta;
                double ti = -ai / beta;
                double dr = ar - beta;
                double di = ai;
                double dd = dr * dr + di * di;
                double[] vr = new double[m];
                double[] vi = new double[m];
                vr[c] = 1;
                for (int j = c + 1; j < m; j++) {
                    vr[j] = (r.re[j][c] * dr + r.im[j][c] * di) / dd;
                    vi[j] = (r.im[j][c] * dr - r.re[j][c] * di) / dd;
                }
                // R <- H^H R = R - conj(tau) v (v^H R); Q <- Q H = Q - tau (Q v) v^H.
                for (int col = 0; col < n; col++) {
                    double sr = 0;
                    double si = 0;
                    for (int j = c; j < m; j++) {
                        sr += vr[j] * r.re[j][col] + vi[j] * r.im[j][col];
                        si += vr[j] * r.im[j][col] - vi[j] * r.re[j][col];
                    }
                    double wr = tr * sr + ti * si;
                    double wi = tr * si - ti * sr;
                    for (int j = c; j < m; j++) {
                        r.re[j][col] -= vr[j] * wr - vi[j] * wi;
                        r.im[j][col] -= vr[j] * wi + vi[j] * wr;
                    }
                }
                for (int row = 0; row < m; row++) {
                    double sr = 0;
                    double si = 0;
                    for (int j = c; j < m; j++) {
                        sr += q.re[row][j] * vr[j] - q.im[row][j] * vi[j];
                        si += q.re[row][j] * vi[j] + q.im[row][j] * vr[j];
                    }
                    double wr = tr * sr - ti * si;
                    double wi = tr * si + ti * sr;
                    for (int j = c; j < m; j++) {
                        // w * conj(v[j])
                        q.re[row][j] -= wr * vr[j] + wi * vi[j];
                        q.im[row][j] -= wi * vr[j] - wr * vi[j];
                    }
                }
                r.re[c][c] = beta;
                r.im[c][c] = 0;
                for (int j = c + 1; j < m; j++) {
                    r.re[j][c] = 0;
                    r.im[j][c] = 0;
                }
            }
            int qc = complete ? m : k;
            int rr = complete ? m : k;
            Mat qo = Mat.zeros(m, qc);
            Mat ro = Mat.zeros(rr, n);
            for (int x = 0; x < m; x++) {
                System.arraycopy(q.re[x], 0, qo.re[x], 0, qc);
                System.arraycopy(q.im[x], 0, qo.im[x], 0, qc);
            }
            for (int x = 0; x < rr && x < m; x++) {
                for (int y = x; y < n; y++) {
                    ro.re[x][y] = r.re[x][y];
                    ro.im[x][y] = r.im[x][y];
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

    /** Hermitian eigendecomposition from the lower (or upper) triangle: ascending real w, unitary v. */
    public static List<Array> eigh(Array a, boolean lower) {
        Batch b = batch(a, "eigh", true);
        int n = b.rows();
        List<Mat> ws = new ArrayList<>();
        List<Mat> vs = new ArrayList<>();
        for (int i = 0; i < b.count(); i++) {
            Mat m = b.matrix(i);
            for (int r = 0; r < n; r++) {
                m.im[r][r] = 0;
                for (int c = r + 1; c < n; c++) {
                    if (lower) {
                        m.re[r][c] = m.re[c][r];
                        m.im[r][c] = -m.im[c][r];
                    } else {
                        m.re[c][r] = m.re[r][c];
                        m.im[c][r] = -m.im[r][c];
                    }
                }
            }
            Mat z = schur(m, "eigh");
            Integer[] order = new Integer[n];
            for (int k = 0; k < n; k++) {
                order[k] = k;
            }
            Arrays.sort(order, (x, y) -> Double.compare(m.re[x][x], m.re[y][y]));
            double[] w = new double[n];
            Mat v = Mat.zeros(n, n);
            for (int k = 0; k < n; k++) {
                w[k] = m.re[order[k]][order[k]];
                for (int r = 0; r < n; r++) {
                    v.re[r][k] = z.re[r][order[k]];
                    v.im[r][k] = z.im[r][order[k]];
                }
            }
            ws.add(column(w, new double[n]));
            vs.add(v);
        }
        Array w = stackOut(ws, b.lead(), n, -1, b.dtype()).realPart();
        return List.of(w, stackOut(vs, b.lead(), n, n, b.dtype()));
    }

    /** jnp.linalg.eig: (w, v) with a v[:, k] = w[k] v[:, k], complex for real inputs too; eigvals alone when !vectors. */
    public static List<Array> eig(Array a, boolean vectors) {
        boolean real = !a.dtype().isComplex();
        Batch b = batch(a, "eig", true);
        int n = b.rows();
        List<Mat> ws = new ArrayList<>();
        List<Mat> vs = new ArrayList<>();
        for (int i = 0; i < b.count(); i++) {
            Mat t = b.matrix(i);
            double[][] original = real ? copy(t.re) : null;
            Mat z = schur(t, "eig");
            Mat x = vectors ? triangularEigenvectors(t) : null;
            double[] wr = new double[n];
            double[] wi = new double[n];
            for (int k = 0; k < n; k++) {
                wr[k] = t.re[k][k];
                wi[k] = t.im[k][k];
            }
            Mat v = vectors ? normalize(multiply(z, x)) : null;
            int[] order = real ? realOrder(original, wr, wi, v) : identityOrder(n);
            double[] or = new double[n];
            double[] oi = new double[n];
            Mat ov = vectors ? Mat.zeros(n, n) : null;
            for (int k = 0; k < n; k++) {
                or[k] = wr[order[k]];
                oi[k] = wi[order[k]];
                for (int r = 0; vectors && r < n; r++) {
                    ov.re[r][k] = v.re[r][order[k]];
                    ov.im[r][k] = v.im[r][order[k]];
                }
            }
            ws.add(column(or, oi));
            vs.add(ov);
        }
        Array w = stackOut(ws, b.lead(), n, -1, b.dtype());
        return vectors ? List.of(w, stackOut(vs, b.lead(), n, n, b.dtype())) : List.of(w);
    }

    private static int[] identityOrder(int n) {
        int[] o = new int[n];
        for (int i = 0; i < n; i++) {
            o[i] = i;
        }
        return o;
    }

    /**
     * A real matrix's eigenvalues as LAPACK's dgeev gives them: real ones exactly real (with real
     * vectors), each complex pair exactly conjugate and adjacent, the positive imaginary part first
     * (with conjugate vectors), and a 2x2 matrix's real pair in dlanv2's order. Adjusts wr, wi and v
     * in place and returns the output order.
     */
    private static int[] realOrder(double[][] a, double[] wr, double[] wi, Mat v) {
        int n = wr.length;
        double scale = 0;
        for (int k = 0; k < n; k++) {
            scale = Math.max(scale, Math.hypot(wr[k], wi[k]));
        }
        double tol = 64 * n * EPS * Math.max(scale, Double.MIN_NORMAL);
        boolean[] used = new boolean[n];
        int[] order = new int[n];
        int at = 0;
        for (int k = 0; k < n; k++) {
            if (used[k]) {
                continue;
            }
            used[k] = true;
            if (Math.abs(wi[k]) <= tol) {
                wi[k] = 0;
                if (v != null) {
                    for (int r = 0; r < n; r++) {
                        v.im[r][k] = 0;
                    }
                }
                order[at++] = k;
                continue;
            }
            int partner = -1;
            for (int j = k + 1; j < n; j++) {
                if (!used[j] && (partner < 0 || Math.hypot(wr[j] - wr[k], wi[j] + wi[k])
                        < Math.hypot(wr[partner] - wr[k], wi[partner] + wi[k]))) {
                    partner = j;
                }
            }
            if (partner < 0) {
                throw new ArrayException("eig: a complex eigenvalue of a real matrix has no conjugate (broken invariant)");
            }
            used[partner] = true;
            int first = wi[k] > 0 ? k : partner;
            int second = first == k ? partner : k;
            wr[second] = wr[first];
            wi[second] = -wi[first];
            if (v != null) {
                for (int r = 0; r < n; r++) {
                    v.re[r][second] = v.re[r][first];
                    v.im[r][second] = -v.im[r][first];
                }
            }
            order[at++] = first;
            order[at++] = second;
        }
        if (n == 2 && wi[0] == 0 && wi[1] == 0) {
            // dlanv2: the first eigenvalue is (a + d)/2 + sign(a - d) * disc (sign(0) = +).
            boolean largerFirst = a[0][0] - a[1][1] >= 0;
            boolean isLarger = wr[order[0]] >= wr[order[1]];
            if (largerFirst != isLarger) {
                order = new int[] {order[1], order[0]};
            }
        }
        return order;
    }

    private static double[][] copy(double[][] m) {
        double[][] c = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            c[i] = m[i].clone();
        }
        return c;
    }

    private static Mat multiply(Mat a, Mat b) {
        int n = a.rows();
        int k = a.cols();
        int m = b.cols();
        Mat c = Mat.zeros(n, m);
        for (int i = 0; i < n; i++) {
            for (int l = 0; l < k; l++) {
                double ar = a.re[i][l];
                double ai = a.im[i][l];
                for (int j = 0; j < m; j++) {
                    c.re[i][j] += ar * b.re[l][j] - ai * b.im[l][j];
                    c.im[i][j] += ar * b.im[l][j] + ai * b.re[l][j];
                }
            }
        }
        return c;
    }

    /** geev's normalization: each column to unit 2-norm, then rotated so its largest (first such) component is real. */
    private static Mat normalize(Mat v) {
        int n = v.rows();
        for (int c = 0; c < v.cols(); c++) {
            double norm = 0;
            int big = 0;
            double bigAbs = -1;
            for (int r = 0; r < n; r++) {
                double m = v.abs(r, c);
                norm = Math.hypot(norm, m);
                if (m > bigAbs) {
                    bigAbs = m;
                    big = r;
                }
            }
            if (norm == 0) {
                continue;
            }
            double pr = v.re[big][c] / bigAbs;
            double pi = -v.im[big][c] / bigAbs;
            for (int r = 0; r < n; r++) {
                double x = v.re[r][c];
                double y = v.im[r][c];
                v.re[r][c] = (x * pr - y * pi) / norm;
                v.im[r][c] = (x * pi + y * pr) / norm;
            }
            v.im[big][c] = 0;
        }
        return v;
    }

    /** Eigenvectors of upper triangular t by back substitution (column k has x_k = 1), as ztrevc. */
    private static Mat triangularEigenvectors(Mat t) {
        int n = t.rows();
        double norm = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                norm = Math.max(norm, t.abs(i, j));
            }
        }
        double small = Math.max(EPS * norm, Double.MIN_NORMAL);
        Mat x = Mat.zeros(n, n);
        for (int k = 0; k < n; k++) {
            x.re[k][k] = 1;
            for (int j = k - 1; j >= 0; j--) {
                double sr = 0;
                double si = 0;
                for (int l = j + 1; l <= k; l++) {
                    sr += t.re[j][l] * x.re[l][k] - t.im[j][l] * x.im[l][k];
                    si += t.re[j][l] * x.im[l][k] + t.im[j][l] * x.re[l][k];
                }
                double dr = t.re[j][j] - t.re[k][k];
                double di = t.im[j][j] - t.im[k][k];
                if (Math.hypot(dr, di) < small) {
                    dr = small;
                    di = 0;
                }
                double dd = dr * dr + di * di;
                x.re[j][k] = -(sr * dr + si * di) / dd;
                x.im[j][k] = -(si * dr - sr * di) / dd;
            }
        }
        return x;
    }

    /**
     * The complex Schur form in place: h becomes upper triangular T with a = Z T Z^H; returns the
     * unitary Z. Householder reduction to Hessenberg form, then QR steps of Givens rotations with
     * Wilkinson shifts (an exceptional shift every 10 stalled steps), deflating from the bottom.
     */
    private static Mat schur(Mat h, String name) {
        int n = h.rows();
        Mat z = Mat.identity(n);
        hessenberg(h, z);
        double anorm = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                anorm = Math.max(anorm, h.abs(i, j));
            }
        }
        int hi = n - 1;
        int stalled = 0;
        int total = 0;
        while (hi > 0) {
            int l = hi;
            while (l > 0) {
                double s = abs1(h, l - 1, l - 1) + abs1(h, l, l);
                if (s == 0) {
                    s = anorm;
                }
                if (abs1(h, l, l - 1) <= EPS * s) {
                    h.re[l][l - 1] = 0;
                    h.im[l][l - 1] = 0;
                    break;
                }
                l--;
            }
            if (l == hi) {
                hi--;
                stalled = 0;
                continue;
            }
            if (++total > 100 * n) {
                throw new ArrayException("LinAlgError: " + name + " did not converge");
            }
            stalled++;
            double mr;
            double mi;
            if (stalled % 10 == 0) {
                mr = h.re[hi][hi] + 0.75 * Math.abs(h.re[hi][hi - 1]) + 0.1 * anorm;
                mi = h.im[hi][hi];
            } else {
                double[] mu = wilkinson(h, hi);
                mr = mu[0];
                mi = mu[1];
            }
            qrStep(h, z, l, hi, mr, mi);
        }
        for (int i = 1; i < n; i++) {
            for (int j = 0; j < i; j++) {
                h.re[i][j] = 0;
                h.im[i][j] = 0;
            }
        }
        return z;
    }

    private static double abs1(Mat m, int i, int j) {
        return Math.abs(m.re[i][j]) + Math.abs(m.im[i][j]);
    }

    /** The eigenvalue of the trailing 2x2 block [[a, b], [c, d]] (rows hi-1, hi) nearer d. */
    private static double[] wilkinson(Mat h, int hi) {
        double ar = h.re[hi - 1][hi - 1];
        double ai = h.im[hi - 1][hi - 1];
        double dr = h.re[hi][hi];
        double di = h.im[hi][hi];
        double br = h.re[hi - 1][hi];
        double bi = h.im[hi - 1][hi];
        double cr = h.re[hi][hi - 1];
        double ci = h.im[hi][hi - 1];
        double pr = (ar - dr) / 2;
        double pi = (ai - di) / 2;
        // disc = sqrt(p^2 + b c)
        double qr = pr * pr - pi * pi + br * cr - bi * ci;
        double qi = 2 * pr * pi + br * ci + bi * cr;
        double[] sq = sqrt(qr, qi);
        double mean_r = (ar + dr) / 2;
        double mean_i = (ai + di) / 2;
        double e1r = mean_r + sq[0];
        double e1i = mean_i + sq[1];
        double e2r = mean_r - sq[0];
        double e2i = mean_i - sq[1];
        return Math.hypot(e1r - dr, e1i - di) <= Math.hypot(e2r - dr, e2i - di)
                ? new double[] {e1r, e1i} : new double[] {e2r, e2i};
    }

    private static double[] sqrt(double re, double im) {
        double m = Math.hypot(re, im);
        double r = Math.sqrt((m + Math.abs(re)) / 2);
        if (r == 0) {
            return new double[] {0, 0};
        }
        return re >= 0 ? new double[] {r, im / (2 * r)} : new double[] {Math.abs(im) / (2 * r), Math.copySign(r, im)};
    }

    /** One explicit shifted QR step on the active block l..hi, applied to the whole of h and accumulated into z. */
    private static void qrStep(Mat h, Mat z, int l, int hi, double mr, double mi) {
        int n = h.rows();
        for (int k = l; k <= hi; k++) {
            h.re[k][k] -= mr;
            h.im[k][k] -= mi;
        }
        int steps = hi - l;
        double[] cs = new double[steps];
        double[] sr = new double[steps];
        double[] si = new double[steps];
        for (int k = l; k < hi; k++) {
            double fr = h.re[k][k];
            double fi = h.im[k][k];
            double gr = h.re[k + 1][k];
            double gi = h.im[k + 1][k];
            double fa = Math.hypot(fr, fi);
            double r = Math.hypot(fa, Math.hypot(gr, gi));
            double c;
            double s_r;
            double s_i;
            if (r == 0) {
                c = 1;
                s_r = 0;
                s_i = 0;
            } else if (fa == 0) {
                c = 0;
                s_r = 1;
                s_i = 0;
            } else {
                // s = (f/|f|) conj(g) / r
                c = fa / r;
                double ur = fr / fa;
                double ui = fi / fa;
                s_r = (ur * gr + ui * gi) / r;
                s_i = (ui * gr - ur * gi) / r;
            }
            cs[k - l] = c;
            sr[k - l] = s_r;
            si[k - l] = s_i;
            for (int j = k; j < n; j++) {
                double xr = h.re[k][j];
                double xi = h.im[k][j];
                double yr = h.re[k + 1][j];
                double yi = h.im[k + 1][j];
                // row k: c x + s y; row k+1: -conj(s) x + c y
                h.re[k][j] = c * xr + s_r * yr - s_i * yi;
                h.im[k][j] = c * xi + s_r * yi + s_i * yr;
                h.re[k + 1][j] = -(s_r * xr + s_i * xi) + c * yr;
                h.im[k + 1][j] = -(s_r * xi - s_i * xr) + c * yi;
            }
            h.re[k + 1][k] = 0;
            h.im[k + 1][k] = 0;
        }
        for (int k = l; k < hi; k++) {
            double c = cs[k - l];
            double s_r = sr[k - l];
            double s_i = si[k - l];
            rotateColumns(h, k, Math.min(k + 2, hi) + 1, c, s_r, s_i);
            rotateColumns(z, k, n, c, s_r, s_i);
        }
        for (int k = l; k <= hi; k++) {
            h.re[k][k] += mr;
            h.im[k][k] += mi;
        }
    }

    /** Columns k, k+1 of rows 0..rows-1 times G^H = [[c, -s], [conj(s), c]]. */
    private static void rotateColumns(Mat m, int k, int rows, double c, double s_r, double s_i) {
        for (int i = 0; i < rows; i++) {
            double xr = m.re[i][k];
            double xi = m.im[i][k];
            double yr = m.re[i][k + 1];
            double yi = m.im[i][k + 1];
            // x c + y conj(s); -x s + y c
            m.re[i][k] = xr * c + yr * s_r + yi * s_i;
            m.im[i][k] = xi * c + yi * s_r - yr * s_i;
            m.re[i][k + 1] = -(xr * s_r - xi * s_i) + yr * c;
            m.im[i][k + 1] = -(xr * s_i + xi * s_r) + yi * c;
        }
    }

    /** h := Q^H h Q upper Hessenberg by Householder reflections H = I - 2 v v^H / (v^H v); z := z Q. */
    private static void hessenberg(Mat h, Mat z) {
        int n = h.rows();
        for (int k = 0; k < n - 2; k++) {
            double xnorm = 0;
            for (int i = k + 1; i < n; i++) {
                xnorm = Math.hypot(xnorm, h.abs(i, k));
            }
            double tail = 0;
            for (int i = k + 2; i < n; i++) {
                tail = Math.hypot(tail, h.abs(i, k));
            }
            if (tail == 0) {
                continue;
            }
            double[] vr = new double[n];
            double[] vi = new double[n];
            double a0 = h.abs(k + 1, k);
            double phr = a0 == 0 ? 1 : h.re[k + 1][k] / a0;
            double phi = a0 == 0 ? 0 : h.im[k + 1][k] / a0;
            vr[k + 1] = h.re[k + 1][k] + phr * xnorm;
            vi[k + 1] = h.im[k + 1][k] + phi * xnorm;
            for (int i = k + 2; i < n; i++) {
                vr[i] = h.re[i][k];
                vi[i] = h.im[i][k];
            }
            double vv = 0;
            for (int i = k + 1; i < n; i++) {
                vv += vr[i] * vr[i] + vi[i] * vi[i];
            }
            // Left: rows k+1.. of every column j: a -= 2 v (v^H a) / vv.
            for (int j = 0; j < n; j++) {
                double sr = 0;
                double si = 0;
                for (int i = k + 1; i < n; i++) {
                    sr += vr[i] * h.re[i][j] + vi[i] * h.im[i][j];
                    si += vr[i] * h.im[i][j] - vi[i] * h.re[i][j];
                }
                sr *= 2 / vv;
                si *= 2 / vv;
                for (int i = k + 1; i < n; i++) {
                    h.re[i][j] -= vr[i] * sr - vi[i] * si;
                    h.im[i][j] -= vr[i] * si + vi[i] * sr;
                }
            }
            reflectColumns(h, vr, vi, vv, k + 1);
            reflectColumns(z, vr, vi, vv, k + 1);
        }
    }

    /** Columns from..n-1 of every row: a -= 2 (a v) v^H / vv. */
    private static void reflectColumns(Mat m, double[] vr, double[] vi, double vv, int from) {
        int n = vr.length;
        for (int i = 0; i < m.rows(); i++) {
            double sr = 0;
            double si = 0;
            for (int j = from; j < n; j++) {
                sr += m.re[i][j] * vr[j] - m.im[i][j] * vi[j];
                si += m.re[i][j] * vi[j] + m.im[i][j] * vr[j];
            }
            sr *= 2 / vv;
            si *= 2 / vv;
            for (int j = from; j < n; j++) {
                // (s) * conj(v_j)
                m.re[i][j] -= sr * vr[j] + si * vi[j];
                m.im[i][j] -= si * vr[j] - sr * vi[j];
            }
        }
    }
}

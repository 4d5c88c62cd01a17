package jx.array;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * einsum and tensordot, lowered to transposes, diagonals, sums and one batched matmul per pair of
 * operands (left to right), so they run on whatever kernels the backend has for matmul.
 */
public final class Contraction {
    private Contraction() {}

    /** An operand with one letter per axis. */
    private record Term(Array a, String letters) {}

    /** NumPy's tensordot: the last {@code n} axes of a against the first n of b, or the given axis lists. */
    public static Array tensordot(Array a, Array b, int[] axesA, int[] axesB) {
        if (axesA.length != axesB.length) {
            throw new ArrayException("tensordot requires axes lists to have equal length, got " + Ops.shapeString(axesA)
                    + " and " + Ops.shapeString(axesB) + ".");
        }
        int[] ca = new int[axesA.length];
        int[] cb = new int[axesB.length];
        for (int i = 0; i < ca.length; i++) {
            ca[i] = Ops.normAxis(axesA[i], a.ndim());
            cb[i] = Ops.normAxis(axesB[i], b.ndim());
            if (a.shapeRef()[ca[i]] != b.shapeRef()[cb[i]]) {
                throw new ArrayException("tensordot: shape mismatch along contracted axes: " + a.shapeRef()[ca[i]]
                        + " and " + b.shapeRef()[cb[i]]);
            }
        }
        StringBuilder la = new StringBuilder();
        StringBuilder lb = new StringBuilder();
        StringBuilder out = new StringBuilder();
        char next = 'a';
        char[] forA = new char[a.ndim()];
        for (int d = 0; d < a.ndim(); d++) {
            forA[d] = next++;
            la.append(forA[d]);
        }
        for (int d = 0; d < a.ndim(); d++) {
            if (indexOf(ca, d) < 0) {
                out.append(forA[d]);
            }
        }
        for (int d = 0; d < b.ndim(); d++) {
            int k = indexOf(cb, d);
            char c = k >= 0 ? forA[ca[k]] : next++;
            lb.append(c);
            if (k < 0) {
                out.append(c);
            }
        }
        return contract(List.of(new Term(a, la.toString()), new Term(b, lb.toString())), out.toString());
    }

    private static int indexOf(int[] xs, int v) {
        for (int i = 0; i < xs.length; i++) {
            if (xs[i] == v) {
                return i;
            }
        }
        return -1;
    }

    /** einsum("ij,jk->ik", ...): explicit or implicit output (letters seen once, sorted); no ellipsis. */
    public static Array einsum(String subscripts, List<Array> operands) {
        String spec = subscripts.replace(" ", "");
        if (spec.contains(".")) {
            throw new ArrayException("einsum: '...' (ellipsis) subscripts are not supported in jx yet");
        }
        int arrow = spec.indexOf("->");
        String lhs = arrow < 0 ? spec : spec.substring(0, arrow);
        String[] ins = lhs.split(",", -1);
        if (ins.length != operands.size()) {
            throw new ArrayException("einsum: " + ins.length + " operand subscripts given for " + operands.size()
                    + " operands");
        }
        List<Term> terms = new ArrayList<>();
        for (int i = 0; i < ins.length; i++) {
            Array x = operands.get(i);
            if (ins[i].length() != x.ndim()) {
                throw new ArrayException("einsum: operand " + i + " has " + x.ndim() + " axes but subscripts '"
                        + ins[i] + "' name " + ins[i].length());
            }
            for (char c : ins[i].toCharArray()) {
                if (!Character.isLetter(c)) {
                    throw new ArrayException("einsum: invalid subscript '" + c + "'");
                }
            }
            terms.add(new Term(x, ins[i]));
        }
        String out;
        if (arrow >= 0) {
            out = spec.substring(arrow + 2);
            for (char c : out.toCharArray()) {
                if (lhs.indexOf(c) < 0) {
                    throw new ArrayException("einsum: output subscript '" + c + "' does not appear in the inputs");
                }
            }
        } else {
            StringBuilder sb = new StringBuilder();
            lhs.chars().filter(Character::isLetter).distinct().sorted()
                    .filter(c -> lhs.chars().filter(x -> x == c).count() == 1).forEach(c -> sb.append((char) c));
            out = sb.toString();
        }
        return contract(terms, out);
    }

    private static Array contract(List<Term> terms, String out) {
        Typed t = Typed.of(terms);
        List<Term> ts = new ArrayList<>();
        for (int i = 0; i < terms.size(); i++) {
            StringBuilder others = new StringBuilder(out);
            for (int j = 0; j < terms.size(); j++) {
                others.append(j == i ? "" : terms.get(j).letters());
            }
            ts.add(sumUnique(diagonals(terms.get(i)), others.toString(), ""));
        }
        Term acc = ts.get(0);
        for (int i = 1; i < ts.size(); i++) {
            StringBuilder keep = new StringBuilder(out);
            for (Term rest : ts.subList(i + 1, ts.size())) {
                keep.append(rest.letters());
            }
            acc = pair(acc, ts.get(i), keep.toString());
        }
        acc = sumUnique(acc, out, "");
        int[] perm = new int[out.length()];
        for (int i = 0; i < perm.length; i++) {
            perm[i] = acc.letters().indexOf(out.charAt(i));
        }
        Array r = Ops.transpose(acc.a(), perm);
        return r.dtype() == t.dtype ? r : r.astype(t.dtype);
    }

    /** The promoted dtype of all operands (matmul promotes pairwise, which is the same on jx's lattice). */
    private record Typed(DType dtype) {
        static Typed of(List<Term> terms) {
            return new Typed(Ops.promote(terms.stream().map(Term::a).toArray(Array[]::new)).dtype());
        }
    }

    /** A letter repeated within one operand takes that operand's diagonal, as einsum("ii->i") does. */
    private static Term diagonals(Term t) {
        String l = t.letters();
        for (int i = 0; i < l.length(); i++) {
            int j = l.indexOf(l.charAt(i), i + 1);
            if (j >= 0) {
                if (t.a().shapeRef()[i] != t.a().shapeRef()[j]) {
                    throw new ArrayException("einsum: repeated subscript '" + l.charAt(i) + "' has sizes "
                            + t.a().shapeRef()[i] + " and " + t.a().shapeRef()[j]);
                }
                Array d = Shaping.diagonal(t.a(), 0, i, j);
                String rest = new StringBuilder(l).deleteCharAt(j).deleteCharAt(i).toString() + l.charAt(i);
                return diagonals(new Term(d, rest));
            }
        }
        return t;
    }

    /** Sums out the axes whose letters appear neither in {@code keep} nor in {@code also}. */
    private static Term sumUnique(Term t, String keep, String also) {
        List<Integer> axes = new ArrayList<>();
        StringBuilder rest = new StringBuilder();
        for (int i = 0; i < t.letters().length(); i++) {
            char c = t.letters().charAt(i);
            if (keep.indexOf(c) < 0 && also.indexOf(c) < 0) {
                axes.add(i);
            } else {
                rest.append(c);
            }
        }
        if (axes.isEmpty()) {
            return t;
        }
        int[] ax = axes.stream().mapToInt(Integer::intValue).toArray();
        Array a = t.a();
        Array s = a.dtype() == DType.BOOL ? Ops.any(a, ax, false) : Ops.sum(a, ax, false).astype(a.dtype());
        return new Term(s, rest.toString());
    }

    /** Contracts two operands: shared letters kept later are batch axes, the other shared ones are summed by matmul. */
    private static Term pair(Term x, Term y, String keep) {
        x = sumUnique(x, keep, y.letters());
        y = sumUnique(y, keep, x.letters());
        Set<Character> batch = new LinkedHashSet<>();
        Set<Character> contracted = new LinkedHashSet<>();
        Set<Character> xOnly = new LinkedHashSet<>();
        Set<Character> yOnly = new LinkedHashSet<>();
        for (char c : x.letters().toCharArray()) {
            if (y.letters().indexOf(c) >= 0) {
                (keep.indexOf(c) >= 0 ? batch : contracted).add(c);
            } else {
                xOnly.add(c);
            }
        }
        for (char c : y.letters().toCharArray()) {
            if (x.letters().indexOf(c) < 0) {
                yOnly.add(c);
            }
        }
        for (char c : batch) {
            checkSize(x, y, c);
        }
        for (char c : contracted) {
            checkSize(x, y, c);
        }
        Array xm = group(x, batch, xOnly, contracted);
        Array ym = group(y, batch, contracted, yOnly);
        Array prod = Ops.matmul(xm, ym);
        StringBuilder letters = new StringBuilder();
        List<Integer> shape = new ArrayList<>();
        for (Set<Character> part : List.of(batch, xOnly)) {
            for (char c : part) {
                letters.append(c);
                shape.add(x.a().shapeRef()[x.letters().indexOf(c)]);
            }
        }
        for (char c : yOnly) {
            letters.append(c);
            shape.add(y.a().shapeRef()[y.letters().indexOf(c)]);
        }
        return new Term(Ops.reshape(prod, shape.stream().mapToInt(Integer::intValue).toArray()), letters.toString());
    }

    private static void checkSize(Term x, Term y, char c) {
        int nx = x.a().shapeRef()[x.letters().indexOf(c)];
        int ny = y.a().shapeRef()[y.letters().indexOf(c)];
        if (nx != ny) {
            throw new ArrayException("einsum: size of label '" + c + "' is " + nx + " for one operand and " + ny
                    + " for another");
        }
    }

    /** Transposes to (batch, rows, cols) letter groups and merges each group into one axis. */
    private static Array group(Term t, Set<Character> batch, Set<Character> rows, Set<Character> cols) {
        int[] perm = new int[t.letters().length()];
        int[] sizes = new int[3];
        Arrays.fill(sizes, 1);
        int p = 0;
        int g = 0;
        for (Set<Character> part : List.of(batch, rows, cols)) {
            for (char c : part) {
                int ax = t.letters().indexOf(c);
                perm[p++] = ax;
                sizes[g] *= t.a().shapeRef()[ax];
            }
            g++;
        }
        return Ops.reshape(Ops.transpose(t.a(), perm), sizes);
    }
}

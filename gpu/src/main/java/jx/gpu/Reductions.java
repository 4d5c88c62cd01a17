package jx.gpu;

import jx.array.Backend.ReduceOp;
import jx.array.Backend.ScanOp;
import jx.array.DType;
import jx.gpu.Ptx.Reg;

/**
 * Reductions of the middle axis of an (outer, n, inner) view, and inclusive scans.
 * <ul>
 * <li>{@code reduce_seq}: one thread per output, in order along n — exactly the CPU backend's
 *     loop, used for short rows and for many outputs;
 * <li>{@code reduce_pairwise}: one thread per row of a float sum, NumPy's eight-accumulator
 *     pairwise block (the CPU backend's leaf), so short float sums agree to the bit;
 * <li>{@code reduce_tree}: a 256-thread block per (output, chunk of n): strided per-thread
 *     accumulation, then a shared-memory tree; long rows take two launches (chunks, then their
 *     partials). Float sums then differ from the CPU's order only by rounding.
 * </ul>
 * ARGMAX/ARGMIN carry (value, index) pairs; the first NaN wins, then the largest (smallest)
 * value, ties to the lower index, as NumPy and the CPU backend do.
 */
final class Reductions {
    static final int BLOCK = 256;

    private Reductions() {}

    static boolean isArg(ReduceOp op) {
        return op == ReduceOp.ARGMAX || op == ReduceOp.ARGMIN;
    }

    /** Accumulator identity of {@code op} on {@code d} (for ARG*, the worst value). */
    static String identity(ReduceOp op, DType d) {
        boolean max = op == ReduceOp.MAX || op == ReduceOp.ARGMAX;
        return switch (op) {
            case SUM, ANY -> DevType.constant(d, 0);
            case PROD, ALL -> DevType.constant(d, 1);
            default -> switch (d) {
                case FLOAT32 -> Ptx.f32(max ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY);
                case FLOAT64 -> Ptx.f64(max ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
                case INT32 -> Integer.toString(max ? Integer.MIN_VALUE : Integer.MAX_VALUE);
                case INT64 -> Long.toString(max ? Long.MIN_VALUE : Long.MAX_VALUE);
                case UINT32 -> max ? "0" : "-1";
                case BOOL -> max ? "0" : "1";
                case COMPLEX64, COMPLEX128 -> throw DevType.notReal(d);
                default -> throw DevType.notHeld(d);
            };
        };
    }

    /** acc op x for the value reductions. */
    static String combine(Ptx k, ReduceOp op, DType d, String acc, String x) {
        String t = DevType.arith(d);
        Reg r = DevType.reg(d);
        return switch (op) {
            case SUM -> k.op(r, d.isFloat() ? "add.rn." + t : "add." + t, acc, x);
            case PROD -> k.op(r, d.isFloat() ? "mul.rn." + t : "mul.lo." + t, acc, x);
            case MAX, MIN -> d.isFloat() ? Alu.floatMaxMin(k, d, op == ReduceOp.MAX, acc, x)
                    : Alu.intMaxMin(k, d, op == ReduceOp.MAX, acc, x);
            case ANY -> k.op(r, "or.b32", acc, x);
            case ALL -> k.op(r, "and.b32", acc, x);
            default -> throw new IllegalStateException(op.toString());
        };
    }

    /**
     * Whether candidate (v, i) beats (best, bi): a NaN beats any number and the lower index of two
     * NaNs wins; among numbers the larger (ARGMAX) or smaller wins, ties to the lower index.
     */
    static String argBetter(Ptx k, ReduceOp op, DType d, String best, String bi, String v, String i) {
        String t = DevType.arith(d);
        String lower = k.op(Reg.P, "setp.lt.s32", i, bi);
        String strictly = k.op(Reg.P, "setp." + (op == ReduceOp.ARGMAX ? "gt." : "lt.") + t, v, best);
        String equal = k.op(Reg.P, "setp.eq." + t, v, best);
        String numeric = k.op(Reg.P, "or.pred", strictly, k.op(Reg.P, "and.pred", equal, lower));
        if (!d.isFloat()) {
            return numeric;
        }
        String vNan = k.op(Reg.P, "testp.notanumber." + t, v);
        String bNan = k.op(Reg.P, "testp.notanumber." + t, best);
        // v NaN: wins unless best is an earlier NaN. v a number: wins numerically unless best is NaN.
        String ifNan = k.op(Reg.P, "or.pred", k.op(Reg.P, "not.pred", bNan), lower);
        String ifNum = k.op(Reg.P, "and.pred", k.op(Reg.P, "not.pred", bNan), numeric);
        String fromNan = k.op(Reg.P, "and.pred", vNan, ifNan);
        String fromNum = k.op(Reg.P, "and.pred", k.op(Reg.P, "not.pred", vNan), ifNum);
        return k.op(Reg.P, "or.pred", fromNan, fromNum);
    }

    private static void store(Ptx k, ReduceOp op, DType out, String addr, String acc, String index) {
        if (isArg(op)) {
            DevType.store(k, out, addr, Casts.value(k, DType.INT32, out, index));
        } else if (out == DType.BOOL) {
            DevType.store(k, out, addr, Alu.bool(k, k.op(Reg.P, "setp.ne.u32", acc, "0")));
        } else {
            DevType.store(k, out, addr, acc);
        }
    }

    static String name(String kind, ReduceOp op, DType in, DType out) {
        return kind + "_" + op.name().toLowerCase() + "_" + DevType.tag(in) + (isArg(op) ? "_" + DevType.tag(out) : "");
    }

    /** Params: out, a, outputs (= outer * inner), n, inner. */
    static Ptx sequential(ReduceOp op, DType in, DType out) {
        Ptx k = new Ptx(name("reduce_seq", op, in, out));
        String o = k.pointer();
        String a = k.pointer();
        String outputs = k.param("u32");
        String n = k.param("u32");
        String inner = k.param("u32");
        String t = k.globalIndex();
        k.exitUnless(t, outputs, "DONE");
        // Element j of output t = (o, in) sits at o * n * inner + in + j * inner.
        String row = k.op(Reg.R, "div.u32", t, inner);
        String col = k.op(Reg.R, "rem.u32", t, inner);
        String pos = k.op(Reg.R, "mad.lo.s32", k.op(Reg.R, "mul.lo.s32", row, n), inner, col);
        Reg r = DevType.reg(in);
        String acc = k.op(r, "mov." + DevType.arith(in), identity(op, in));
        String bi = k.op(Reg.R, "mov.u32", Integer.toString(Integer.MAX_VALUE));
        String j = k.op(Reg.R, "mov.u32", "0");
        String loop = k.label();
        String end = k.label();
        k.place(loop);
        k.bra(k.op(Reg.P, "setp.ge.u32", j, n), end);
        String x = DevType.load(k, in, k.address(a, pos, in.itemSize(), false));
        if (isArg(op)) {
            String better = argBetter(k, op, in, acc, bi, x, j);
            k.ins("@" + better + " mov." + DevType.arith(in) + " " + acc + ", " + x);
            k.ins("@" + better + " mov.u32 " + bi + ", " + j);
        } else {
            k.ins("mov." + DevType.arith(in) + " " + acc + ", " + combine(k, op, in, acc, x));
        }
        k.ins("add.s32 " + pos + ", " + pos + ", " + inner);
        k.ins("add.s32 " + j + ", " + j + ", 1");
        k.jump(loop);
        k.place(end);
        if (isArg(op)) {
            // Any element beats the identity, so only an empty row keeps INT_MAX: index 0, as the CPU loop gives.
            k.ins("min.u32 " + bi + ", " + bi + ", " + n);
        }
        store(k, op, out, k.address(o, t, out.itemSize(), false), acc, bi);
        k.place("DONE");
        return k;
    }

    /** NumPy's pairwise block for a float sum of contiguous rows. Params: out, a, rows, n. */
    static Ptx pairwise(DType d) {
        Ptx k = new Ptx("reduce_pairwise_" + DevType.tag(d));
        String o = k.pointer();
        String a = k.pointer();
        String rows = k.param("u32");
        String n = k.param("u32");
        String t = k.globalIndex();
        k.exitUnless(t, rows, "DONE");
        String ty = DevType.arith(d);
        Reg r = DevType.reg(d);
        String base = k.address(a, k.op(Reg.R, "mul.lo.s32", t, n), d.itemSize(), false);
        String acc = k.op(r, "mov." + ty, DevType.constant(d, 0));
        String j = k.op(Reg.R, "mov.u32", "0");
        String tail = k.label();
        String end = k.label();
        // Fewer than 8 terms: one running sum.
        k.bra(k.op(Reg.P, "setp.lt.u32", n, "8"), tail);
        String[] lane = new String[8];
        for (int l = 0; l < 8; l++) {
            lane[l] = k.op(r, "ld.global." + ty, "[" + base + "+" + (l * d.itemSize()) + "]");
        }
        String blocks = k.op(Reg.R, "sub.s32", n, k.op(Reg.R, "rem.u32", n, "8"));
        k.ins("mov.u32 " + j + ", 8");
        String loop = k.label();
        String sum = k.label();
        k.place(loop);
        k.bra(k.op(Reg.P, "setp.ge.u32", j, blocks), sum);
        String addr = k.address(base, j, d.itemSize(), false);
        for (int l = 0; l < 8; l++) {
            String x = k.op(r, "ld.global." + ty, "[" + addr + "+" + (l * d.itemSize()) + "]");
            k.ins("add.rn." + ty + " " + lane[l] + ", " + lane[l] + ", " + x);
        }
        k.ins("add.s32 " + j + ", " + j + ", 8");
        k.jump(loop);
        k.place(sum);
        String s01 = k.op(r, "add.rn." + ty, lane[0], lane[1]);
        String s23 = k.op(r, "add.rn." + ty, lane[2], lane[3]);
        String s45 = k.op(r, "add.rn." + ty, lane[4], lane[5]);
        String s67 = k.op(r, "add.rn." + ty, lane[6], lane[7]);
        k.ins("add.rn." + ty + " " + acc + ", " + k.op(r, "add.rn." + ty, s01, s23) + ", " + k.op(r, "add.rn." + ty, s45, s67));
        k.place(tail);
        k.bra(k.op(Reg.P, "setp.ge.u32", j, n), end);
        String x = DevType.load(k, d, k.address(base, j, d.itemSize(), false));
        k.ins("add.rn." + ty + " " + acc + ", " + acc + ", " + x);
        k.ins("add.s32 " + j + ", " + j + ", 1");
        k.jump(tail);
        k.place(end);
        DevType.store(k, d, k.address(o, t, d.itemSize(), false), acc);
        k.place("DONE");
        return k;
    }

    /**
     * One block per (output, chunk). Params: out, a, n, inner, chunk (elements per block), chunks
     * (blocks per output). ARG* adds outIndex after out and aIndex after a, and two flags at the
     * end: first (indices are positions, aIndex unused) and last (write the index as out; else
     * write partial values to out and their indices to outIndex).
     */
    static Ptx tree(ReduceOp op, DType in, DType out) {
        Ptx k = new Ptx(name("reduce_tree", op, in, out));
        boolean arg = isArg(op);
        String o = k.pointer();
        String oIndex = arg ? k.pointer() : null;
        String a = k.pointer();
        String aIndex = arg ? k.pointer() : null;
        String n = k.param("u32");
        String inner = k.param("u32");
        String chunk = k.param("u32");
        String chunks = k.param("u32");
        String first = arg ? k.op(Reg.P, "setp.ne.u32", k.param("u32"), "0") : null;
        String last = arg ? k.op(Reg.P, "setp.ne.u32", k.param("u32"), "0") : null;
        String tid = k.op(Reg.R, "mov.u32", "%tid.x");
        String block = k.op(Reg.R, "mov.u32", "%ctaid.x");
        String output = k.op(Reg.R, "div.u32", block, chunks);
        String c = k.op(Reg.R, "rem.u32", block, chunks);
        String row = k.op(Reg.R, "div.u32", output, inner);
        String col = k.op(Reg.R, "rem.u32", output, inner);
        String start = k.op(Reg.R, "mul.lo.s32", c, chunk);
        String end = k.op(Reg.R, "min.u32", k.op(Reg.R, "add.s32", start, chunk), n);
        String rowBase = k.op(Reg.R, "mad.lo.s32", k.op(Reg.R, "mul.lo.s32", row, n), inner, col);

        String ty = DevType.arith(in);
        Reg r = DevType.reg(in);
        int size = in == DType.BOOL ? 4 : in.itemSize();
        String acc = k.op(r, "mov." + ty, identity(op, in));
        String bi = k.op(Reg.R, "mov.u32", Integer.toString(Integer.MAX_VALUE));
        String j = k.op(Reg.R, "add.s32", start, tid);
        String loop = k.label();
        String reduce = k.label();
        k.place(loop);
        k.bra(k.op(Reg.P, "setp.ge.u32", j, end), reduce);
        String pos = k.op(Reg.R, "mad.lo.s32", j, inner, rowBase);
        String x = DevType.load(k, in, k.address(a, pos, in.itemSize(), false));
        if (arg) {
            // On a second pass the partials carry the indices of the first.
            String loaded = k.op(Reg.R, "mov.u32", j);
            k.ins("@!" + first + " ld.global.u32 " + loaded + ", [" + k.address(aIndex, pos, 4, false) + "]");
            String better = argBetter(k, op, in, acc, bi, x, loaded);
            k.ins("@" + better + " mov." + ty + " " + acc + ", " + x);
            k.ins("@" + better + " mov.u32 " + bi + ", " + loaded);
        } else {
            k.ins("mov." + ty + " " + acc + ", " + combine(k, op, in, acc, x));
        }
        k.ins("add.s32 " + j + ", " + j + ", " + BLOCK);
        k.jump(loop);
        k.place(reduce);

        String values = k.shared(BLOCK * size, size);
        String indices = arg ? k.shared(BLOCK * 4, 4) : null;
        String sMem = in == DType.BOOL ? "u32" : ty;
        String mine = k.address(values, tid, size, false);
        k.ins("st.shared." + sMem + " [" + mine + "], " + acc);
        String myIndex = arg ? k.address(indices, tid, 4, false) : null;
        if (arg) {
            k.ins("st.shared.u32 [" + myIndex + "], " + bi);
        }
        k.ins("bar.sync 0");
        for (int s = BLOCK / 2; s >= 1; s /= 2) {
            String skip = k.label();
            k.bra(k.op(Reg.P, "setp.ge.u32", tid, Integer.toString(s)), skip);
            String other = k.op(r, "ld.shared." + sMem, "[" + mine + "+" + (s * size) + "]");
            if (arg) {
                String otherIndex = k.op(Reg.R, "ld.shared.u32", "[" + myIndex + "+" + (s * 4) + "]");
                String better = argBetter(k, op, in, acc, bi, other, otherIndex);
                k.ins("@" + better + " mov." + ty + " " + acc + ", " + other);
                k.ins("@" + better + " mov.u32 " + bi + ", " + otherIndex);
                k.ins("st.shared.u32 [" + myIndex + "], " + bi);
            } else {
                k.ins("mov." + ty + " " + acc + ", " + combine(k, op, in, acc, other));
            }
            k.ins("st.shared." + sMem + " [" + mine + "], " + acc);
            k.place(skip);
            k.ins("bar.sync 0");
        }
        k.bra(k.op(Reg.P, "setp.ne.u32", tid, "0"), "DONE");
        if (arg) {
            // Partials keep the input dtype and an int32 index; the final pass writes the index as out.
            String notLast = k.label();
            k.ins("@!" + last + " bra " + notLast);
            k.ins("min.u32 " + bi + ", " + bi + ", " + n);
            store(k, op, out, k.address(o, block, out.itemSize(), false), acc, bi);
            k.jump("DONE");
            k.place(notLast);
            DevType.store(k, in, k.address(o, block, in.itemSize(), false), acc);
            k.ins("st.global.u32 [" + k.address(oIndex, block, 4, false) + "], " + bi);
        } else {
            store(k, op, out, k.address(o, block, out.itemSize(), false), acc, bi);
        }
        k.place("DONE");
        return k;
    }

    /** Inclusive scan, one thread per (outer, inner) column in order. Params: out, a, columns, n, inner. */
    static Ptx scan(ScanOp op, DType d) {
        Ptx k = new Ptx("scan_" + op.name().toLowerCase() + "_" + DevType.tag(d));
        String o = k.pointer();
        String a = k.pointer();
        String columns = k.param("u32");
        String n = k.param("u32");
        String inner = k.param("u32");
        String t = k.globalIndex();
        k.exitUnless(t, columns, "DONE");
        String row = k.op(Reg.R, "div.u32", t, inner);
        String col = k.op(Reg.R, "rem.u32", t, inner);
        String pos = k.op(Reg.R, "mad.lo.s32", k.op(Reg.R, "mul.lo.s32", row, n), inner, col);
        ReduceOp combineOp = op == ScanOp.CUMSUM ? ReduceOp.SUM : ReduceOp.PROD;
        String ty = DevType.arith(d);
        String acc = k.op(DevType.reg(d), "mov." + ty, identity(combineOp, d));
        String j = k.op(Reg.R, "mov.u32", "0");
        String loop = k.label();
        k.place(loop);
        k.bra(k.op(Reg.P, "setp.ge.u32", j, n), "DONE");
        String x = DevType.load(k, d, k.address(a, pos, d.itemSize(), false));
        k.ins("mov." + ty + " " + acc + ", " + combine(k, combineOp, d, acc, x));
        String v = d == DType.BOOL ? Alu.bool(k, k.op(Reg.P, "setp.ne.u32", acc, "0")) : acc;
        DevType.store(k, d, k.address(o, pos, d.itemSize(), false), v);
        k.ins("add.s32 " + pos + ", " + pos + ", " + inner);
        k.ins("add.s32 " + j + ", " + j + ", 1");
        k.jump(loop);
        k.place("DONE");
        return k;
    }
}

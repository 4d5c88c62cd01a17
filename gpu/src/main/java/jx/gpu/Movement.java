package jx.gpu;

import jx.array.Backend.ScatterOp;
import jx.array.DType;
import jx.gpu.Ptx.Reg;

/**
 * Kernels that create or move data: fill, iota, strided copy, gather and scatter. Data movement
 * works on raw bits, so copy, gather and fill exist per element size (1, 4, 8 bytes), not per dtype.
 */
final class Movement {
    private Movement() {}

    static String bitsMem(int size) {
        return switch (size) {
            case 1 -> "u8";
            case 4 -> "u32";
            case 8 -> "u64";
            default -> throw new IllegalArgumentException("element size " + size);
        };
    }

    static Reg bitsReg(int size) {
        return size == 8 ? Reg.RD : Reg.R;
    }

    /** out[i] = value (the element's bits, computed on the host with the CPU backend's conversion). */
    static Ptx fill(int size) {
        Ptx k = new Ptx("fill_" + size);
        String out = k.pointer();
        String n = k.param("u32");
        String value = k.param(size == 8 ? "u64" : "u32");
        String i = k.globalIndex();
        k.exitUnless(i, n, "DONE");
        k.ins("st.global." + bitsMem(size) + " [" + k.address(out, i, size, false) + "], " + value);
        k.place("DONE");
        return k;
    }

    /** out[i] = i converted to the dtype. */
    static Ptx iota(DType d) {
        Ptx k = new Ptx("iota_" + DevType.tag(d));
        String out = k.pointer();
        String n = k.param("u32");
        String i = k.globalIndex();
        k.exitUnless(i, n, "DONE");
        DevType.store(k, d, k.address(out, i, d.itemSize(), false), Casts.value(k, DType.INT32, d, i));
        k.place("DONE");
        return k;
    }

    /** out[i] = a[offset + sum(coord * stride)]: transpose, slice, flip (negative strides), broadcast (0). */
    static Ptx copy(int size) {
        Ptx k = new Ptx("copy_" + size);
        String out = k.pointer();
        String a = k.pointer();
        String n = k.param("u32");
        String offset = k.param("s32");
        String i = k.globalIndex();
        String off = Elementwise.stridedOffsets(k, i, 1)[0];
        k.exitUnless(i, n, "DONE");
        String src = k.op(Reg.R, "add.s32", off, offset);
        String v = k.op(bitsReg(size), "ld.global." + bitsMem(size), "[" + k.address(a, src, size, true) + "]");
        k.ins("st.global." + bitsMem(size) + " [" + k.address(out, i, size, false) + "], " + v);
        k.place("DONE");
        return k;
    }

    /** out[i] = a[index[i]]. */
    static Ptx gather(int size) {
        Ptx k = new Ptx("gather_" + size);
        String out = k.pointer();
        String a = k.pointer();
        String index = k.pointer();
        String n = k.param("u32");
        String i = k.globalIndex();
        k.exitUnless(i, n, "DONE");
        String j = k.op(Reg.R, "ld.global.s32", "[" + k.address(index, i, 4, false) + "]");
        String v = k.op(bitsReg(size), "ld.global." + bitsMem(size), "[" + k.address(a, j, size, true) + "]");
        k.ins("st.global." + bitsMem(size) + " [" + k.address(out, i, size, false) + "], " + v);
        k.place("DONE");
        return k;
    }

    /** Loads index[i] and exits unless it is in [0, size): out-of-bounds updates are dropped, as in JAX. */
    private static String target(Ptx k, String index, String i, String size) {
        String p = k.op(Reg.R, "ld.global.s32", "[" + k.address(index, i, 4, false) + "]");
        // One unsigned comparison rejects both negative and too-large indices.
        k.bra(k.op(Reg.P, "setp.ge.u32", p, size), "DONE");
        return p;
    }

    /**
     * First step of an ordered SET scatter: winner[p] = the largest i writing p, so that the
     * second step lets only the last update of each position write, as a sequential loop would.
     */
    static Ptx scatterWinner() {
        Ptx k = new Ptx("scatter_winner");
        String winner = k.pointer();
        String index = k.pointer();
        String n = k.param("u32");
        String size = k.param("u32");
        String i = k.globalIndex();
        k.exitUnless(i, n, "DONE");
        String p = target(k, index, i, size);
        k.op(Reg.R, "atom.global.max.s32", "[" + k.address(winner, p, 4, false) + "]", i);
        k.place("DONE");
        return k;
    }

    /** Second step of SET: out[index[i]] = updates[i] where i won. */
    static Ptx scatterSet(int size) {
        Ptx k = new Ptx("scatter_set_" + size);
        String out = k.pointer();
        String index = k.pointer();
        String updates = k.pointer();
        String winner = k.pointer();
        String n = k.param("u32");
        String count = k.param("u32");
        String i = k.globalIndex();
        k.exitUnless(i, n, "DONE");
        String p = target(k, index, i, count);
        String w = k.op(Reg.R, "ld.global.s32", "[" + k.address(winner, p, 4, false) + "]");
        k.bra(k.op(Reg.P, "setp.ne.s32", w, i), "DONE");
        String v = k.op(bitsReg(size), "ld.global." + bitsMem(size), "[" + k.address(updates, i, size, false) + "]");
        k.ins("st.global." + bitsMem(size) + " [" + k.address(out, p, size, false) + "], " + v);
        k.place("DONE");
        return k;
    }

    /**
     * out[index[i]] op= updates[i] with atomics: hardware add (and integer min/max) where PTX has
     * them, a compare-and-swap loop otherwise; bool (bytes) by and/or on the aligned 32-bit word.
     */
    static Ptx scatter(ScatterOp op, DType d) {
        Ptx k = new Ptx("scatter_" + op.name().toLowerCase() + "_" + DevType.tag(d));
        String out = k.pointer();
        String index = k.pointer();
        String updates = k.pointer();
        String n = k.param("u32");
        String size = k.param("u32");
        String i = k.globalIndex();
        k.exitUnless(i, n, "DONE");
        String p = target(k, index, i, size);
        String u = DevType.load(k, d, k.address(updates, i, d.itemSize(), false));
        String addr = k.address(out, p, d.itemSize(), false);
        if (d == DType.BOOL) {
            boolBytes(k, op, out, p, u);
        } else if (op == ScatterOp.ADD) {
            String t = d.isFloat() ? DevType.arith(d) : d.itemSize() == 8 ? "u64" : "u32";
            k.op(DevType.reg(d), "atom.global.add." + t, "[" + addr + "]", u);
        } else if (!d.isFloat() && op != ScatterOp.MUL) {
            k.op(DevType.reg(d), "atom.global." + (op == ScatterOp.MAX ? "max." : "min.") + DevType.arith(d),
                    "[" + addr + "]", u);
        } else {
            casLoop(k, op, d, addr, u);
        }
        k.place("DONE");
        return k;
    }

    /** bool or (add, max) / and (mul, min) into the byte's aligned word; the pool keeps buffers word-aligned. */
    private static void boolBytes(Ptx k, ScatterOp op, String out, String p, String u) {
        String word = k.op(Reg.R, "and.b32", p, "-4");
        String shift = k.op(Reg.R, "shl.b32", k.op(Reg.R, "and.b32", p, "3"), "3");
        String addr = k.address(out, word, 1, false);
        String bit = k.op(Reg.R, "shl.b32", "1", shift);
        if (op == ScatterOp.ADD || op == ScatterOp.MAX) {
            String mask = k.op(Reg.R, "selp.b32", bit, "0", k.op(Reg.P, "setp.ne.u32", u, "0"));
            k.op(Reg.R, "atom.global.or.b32", "[" + addr + "]", mask);
        } else {
            String clear = k.op(Reg.R, "not.b32", bit);
            String mask = k.op(Reg.R, "selp.b32", "-1", clear, k.op(Reg.P, "setp.ne.u32", u, "0"));
            k.op(Reg.R, "atom.global.and.b32", "[" + addr + "]", mask);
        }
    }

    private static void casLoop(Ptx k, ScatterOp op, DType d, String addr, String u) {
        boolean wide = d.itemSize() == 8;
        Reg bits = wide ? Reg.RD : Reg.R;
        String b = wide ? "b64" : "b32";
        String old = k.op(bits, "ld.global." + b, "[" + addr + "]");
        String loop = k.label();
        k.place(loop);
        String cur = d.isFloat() ? k.op(DevType.reg(d), "mov." + b, old) : old;
        String t = DevType.arith(d);
        String next = switch (op) {
            case MUL -> k.op(DevType.reg(d), d.isFloat() ? "mul.rn." + t : "mul.lo." + t, cur, u);
            case MAX -> Alu.floatMaxMin(k, d, true, cur, u);
            case MIN -> Alu.floatMaxMin(k, d, false, cur, u);
            default -> throw new IllegalStateException(op.toString());
        };
        String nextBits = d.isFloat() ? k.op(bits, "mov." + b, next) : next;
        String got = k.op(bits, "atom.global.cas." + b, "[" + addr + "]", old, nextBits);
        String retry = k.op(Reg.P, "setp.ne." + (wide ? "u64" : "u32"), got, old);
        k.ins("mov." + b + " " + old + ", " + got);
        k.bra(retry, loop);
    }
}

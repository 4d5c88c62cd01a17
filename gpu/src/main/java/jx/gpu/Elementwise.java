package jx.gpu;

import jx.array.Backend.BinaryOp;
import jx.array.Backend.TernaryOp;
import jx.array.Backend.UnaryOp;
import jx.array.DType;
import jx.gpu.Ptx.Reg;

/**
 * Elementwise kernels, one thread per output element. Each comes in two layouts: flat (every
 * operand contiguous or a broadcast scalar: operand index = i * step, step 0 or 1) and strided
 * (up to {@link #MAX_RANK} dimensions after the host merged what it could; operand offset =
 * sum of coordinate * stride, dimensions passed innermost first, the unused ones skipped by a
 * uniform branch). Parameter order is the launch order in {@link CudaBackend}.
 */
final class Elementwise {
    static final int MAX_RANK = 6;

    private Elementwise() {}

    /** Offsets (s32 element indices) of each operand for output index i: reads the strided parameters. */
    static String[] stridedOffsets(Ptx k, String i, int operands) {
        String rank = k.param("u32");
        String[] shape = new String[MAX_RANK];
        for (int j = 0; j < MAX_RANK; j++) {
            shape[j] = k.param("u32");
        }
        String[][] strides = new String[operands][MAX_RANK];
        for (int o = 0; o < operands; o++) {
            for (int j = 0; j < MAX_RANK; j++) {
                strides[o][j] = k.param("s32");
            }
        }
        String rem = k.op(Reg.R, "mov.u32", i);
        String[] off = new String[operands];
        for (int o = 0; o < operands; o++) {
            off[o] = k.op(Reg.R, "mov.u32", "0");
        }
        String done = k.label();
        for (int j = 0; j < MAX_RANK; j++) {
            k.bra(k.op(Reg.P, "setp.le.u32", rank, Integer.toString(j)), done);
            String coord = k.op(Reg.R, "rem.u32", rem, shape[j]);
            k.ins("div.u32 " + rem + ", " + rem + ", " + shape[j]);
            for (int o = 0; o < operands; o++) {
                k.ins("mad.lo.s32 " + off[o] + ", " + coord + ", " + strides[o][j] + ", " + off[o]);
            }
        }
        k.place(done);
        return off;
    }

    /** Loads operand values at their offsets, and leaves the output address in out[0]. */
    private static String[] operands(Ptx k, DType[] types, boolean strided, String[] outAddress) {
        int n = types.length;
        String out = k.pointer();
        String[] base = new String[n];
        String[] step = new String[n];
        for (int o = 0; o < n; o++) {
            base[o] = k.pointer();
            if (!strided) {
                step[o] = k.param("u32");
            }
        }
        String count = k.param("u32");
        String i = k.globalIndex();
        String[] off;
        if (strided) {
            off = stridedOffsets(k, i, n);
        } else {
            off = new String[n];
            for (int o = 0; o < n; o++) {
                off[o] = k.op(Reg.R, "mul.lo.s32", i, step[o]);
            }
        }
        k.exitUnless(i, count, "DONE");
        String[] v = new String[n];
        for (int o = 0; o < n; o++) {
            v[o] = DevType.load(k, types[o], k.address(base[o], off[o], types[o].itemSize(), true));
        }
        outAddress[0] = out;
        outAddress[1] = i;
        return v;
    }

    /** Stores the result; a bool result is normalized to 0 or 1 first (bool - bool, say, can give -1). */
    private static void finish(Ptx k, DType out, String[] outAddress, String value) {
        if (out == DType.BOOL) {
            value = Alu.bool(k, k.op(Reg.P, "setp.ne.u32", value, "0"));
        }
        DevType.store(k, out, k.address(outAddress[0], outAddress[1], out.itemSize(), false), value);
        k.place("DONE");
    }

    static String name(String kind, Enum<?> op, DType d, boolean strided) {
        return kind + "_" + op.name().toLowerCase() + "_" + DevType.tag(d) + (strided ? "_strided" : "_flat");
    }

    /** out[i] = op(a[i]), contiguous. */
    static Ptx unary(UnaryOp op, DType d) {
        Ptx k = new Ptx("unary_" + op.name().toLowerCase() + "_" + DevType.tag(d));
        String[] out = new String[2];
        String[] v = operands(k, new DType[] {d}, false, out);
        finish(k, Alu.out(op, d), out, Alu.unary(k, op, d, v[0]));
        return k;
    }

    static Ptx binary(BinaryOp op, DType d, boolean strided) {
        Ptx k = new Ptx(name("binary", op, d, strided));
        String[] out = new String[2];
        String[] v = operands(k, new DType[] {d, d}, strided, out);
        finish(k, Alu.out(op, d), out, Alu.binary(k, op, d, v[0], v[1]));
        return k;
    }

    /** SELECT: a (bool) ? b : c; CLIP: min(max(a, b), c). {@code d} is the value dtype. */
    static Ptx ternary(TernaryOp op, DType d, boolean strided) {
        Ptx k = new Ptx(name("ternary", op, d, strided));
        String[] out = new String[2];
        boolean select = op == TernaryOp.SELECT;
        String[] v = operands(k, new DType[] {select ? DType.BOOL : d, d, d}, strided, out);
        String r;
        if (select) {
            String p = k.op(Reg.P, "setp.ne.u32", v[0], "0");
            r = k.op(DevType.reg(d), "selp." + DevType.arith(d), v[1], v[2], p);
        } else if (d.isFloat()) {
            r = Alu.floatMaxMin(k, d, false, Alu.floatMaxMin(k, d, true, v[0], v[1]), v[2]);
        } else {
            r = Alu.intMaxMin(k, d, false, Alu.intMaxMin(k, d, true, v[0], v[1]), v[2]);
        }
        finish(k, d, out, r);
        return k;
    }

    static Ptx cast(DType from, DType to) {
        Ptx k = new Ptx("cast_" + DevType.tag(from) + "_" + DevType.tag(to));
        String[] out = new String[2];
        String[] v = operands(k, new DType[] {from}, false, out);
        finish(k, to, out, Casts.value(k, from, to, v[0]));
        return k;
    }
}

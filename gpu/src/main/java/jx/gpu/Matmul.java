package jx.gpu;

import jx.array.DType;
import jx.gpu.Ptx.Reg;

/**
 * Batched matrix product: 64x64 output tiles per 256-thread block, the k dimension in steps of
 * 8 staged through shared memory (A stored transposed so both operands are read along rows),
 * and each thread holding a 4x4 register block of accumulators (rows ty + 16i, columns tx + 16j,
 * so neighbouring threads read neighbouring shared words). Floats accumulate with fma, integers
 * with wrap-around, bools as or-of-and. Params: out, a, b, aBatchStride, bBatchStride, m, k, n;
 * grid (ceil(n/64), ceil(m/64), batch).
 */
final class Matmul {
    static final int TILE = 64;
    static final int STEP = 8;
    static final int THREADS = 256;
    private static final int MICRO = 4;

    private Matmul() {}

    static Ptx kernel(DType d) {
        Ptx k = new Ptx("matmul_" + DevType.tag(d));
        String out = k.pointer();
        String a = k.pointer();
        String b = k.pointer();
        String aStride = k.param("u32");
        String bStride = k.param("u32");
        String m = k.param("u32");
        String kk = k.param("u32");
        String n = k.param("u32");
        String t = DevType.arith(d);
        Reg r = DevType.reg(d);
        int size = d == DType.BOOL ? 4 : d.itemSize();
        String sMem = d == DType.BOOL ? "u32" : t;

        String tid = k.op(Reg.R, "mov.u32", "%tid.x");
        String tx = k.op(Reg.R, "and.b32", tid, "15");
        String ty = k.op(Reg.R, "shr.u32", tid, "4");
        String row0 = k.op(Reg.R, "shl.b32", k.op(Reg.R, "mov.u32", "%ctaid.y"), "6");
        String col0 = k.op(Reg.R, "shl.b32", k.op(Reg.R, "mov.u32", "%ctaid.x"), "6");
        String batch = k.op(Reg.R, "mov.u32", "%ctaid.z");
        String aBase = k.address(a, k.op(Reg.R, "mul.lo.s32", batch, aStride), d.itemSize(), false);
        String bBase = k.address(b, k.op(Reg.R, "mul.lo.s32", batch, bStride), d.itemSize(), false);
        String outBase = k.address(out, k.op(Reg.R, "mul.lo.s32", k.op(Reg.R, "mul.lo.s32", batch, m), n),
                d.itemSize(), false);
        String as = k.shared(STEP * TILE * size, size);
        String bs = k.shared(STEP * TILE * size, size);

        String[][] acc = new String[MICRO][MICRO];
        for (int i = 0; i < MICRO; i++) {
            for (int j = 0; j < MICRO; j++) {
                acc[i][j] = k.op(r, "mov." + t, DevType.constant(d, 0));
            }
        }
        // Where this thread stages its two A and two B elements of each step, and reads its operands.
        String[] aRow = new String[2];
        String[] aCol = new String[2];
        String[] bRow = new String[2];
        String[] bCol = new String[2];
        String[] aShared = new String[2];
        String[] bShared = new String[2];
        for (int l = 0; l < 2; l++) {
            String e = k.op(Reg.R, "add.s32", tid, Integer.toString(l * THREADS));
            aRow[l] = k.op(Reg.R, "shr.u32", e, "3");
            aCol[l] = k.op(Reg.R, "and.b32", e, "7");
            bRow[l] = k.op(Reg.R, "shr.u32", e, "6");
            bCol[l] = k.op(Reg.R, "and.b32", e, "63");
            aShared[l] = k.address(as, k.op(Reg.R, "mad.lo.s32", aCol[l], Integer.toString(TILE), aRow[l]), size, false);
            bShared[l] = k.address(bs, k.op(Reg.R, "mad.lo.s32", bRow[l], Integer.toString(TILE), bCol[l]), size, false);
        }
        String aRead = k.address(as, ty, size, false);
        String bRead = k.address(bs, tx, size, false);

        String k0 = k.op(Reg.R, "mov.u32", "0");
        String loop = k.label();
        String end = k.label();
        k.place(loop);
        k.bra(k.op(Reg.P, "setp.ge.u32", k0, kk), end);
        for (int l = 0; l < 2; l++) {
            stage(k, d, r, t, sMem, aBase, k.op(Reg.R, "add.s32", row0, aRow[l]), m,
                    k.op(Reg.R, "add.s32", k0, aCol[l]), kk, aShared[l]);
            stage(k, d, r, t, sMem, bBase, k.op(Reg.R, "add.s32", k0, bRow[l]), kk,
                    k.op(Reg.R, "add.s32", col0, bCol[l]), n, bShared[l]);
        }
        k.ins("bar.sync 0");
        for (int s = 0; s < STEP; s++) {
            String[] av = new String[MICRO];
            String[] bv = new String[MICRO];
            for (int i = 0; i < MICRO; i++) {
                av[i] = k.op(r, "ld.shared." + sMem, "[" + aRead + "+" + ((s * TILE + 16 * i) * size) + "]");
                bv[i] = k.op(r, "ld.shared." + sMem, "[" + bRead + "+" + ((s * TILE + 16 * i) * size) + "]");
            }
            for (int i = 0; i < MICRO; i++) {
                for (int j = 0; j < MICRO; j++) {
                    mac(k, d, t, acc[i][j], av[i], bv[j]);
                }
            }
        }
        k.ins("bar.sync 0");
        k.ins("add.s32 " + k0 + ", " + k0 + ", " + STEP);
        k.jump(loop);
        k.place(end);

        for (int i = 0; i < MICRO; i++) {
            String row = k.op(Reg.R, "add.s32", row0, k.op(Reg.R, "add.s32", ty, Integer.toString(16 * i)));
            for (int j = 0; j < MICRO; j++) {
                String col = k.op(Reg.R, "add.s32", col0, k.op(Reg.R, "add.s32", tx, Integer.toString(16 * j)));
                String skip = k.label();
                k.bra(k.op(Reg.P, "or.pred", k.op(Reg.P, "setp.ge.u32", row, m), k.op(Reg.P, "setp.ge.u32", col, n)), skip);
                String addr = k.address(outBase, k.op(Reg.R, "mad.lo.s32", row, n, col), d.itemSize(), false);
                String v = d == DType.BOOL ? Alu.bool(k, k.op(Reg.P, "setp.ne.u32", acc[i][j], "0")) : acc[i][j];
                DevType.store(k, d, addr, v);
                k.place(skip);
            }
        }
        return k;
    }

    /** Copies element (row, col) of a rows x cols matrix into shared memory, or 0 outside it. */
    private static void stage(Ptx k, DType d, Reg r, String t, String sMem, String base, String row, String rows,
                              String col, String cols, String shared) {
        String v = k.op(r, "mov." + t, DevType.constant(d, 0));
        String inside = k.op(Reg.P, "and.pred", k.op(Reg.P, "setp.lt.u32", row, rows), k.op(Reg.P, "setp.lt.u32", col, cols));
        String addr = k.address(base, k.op(Reg.R, "mad.lo.s32", row, cols, col), d.itemSize(), false);
        k.ins("@" + inside + " ld.global." + DevType.mem(d) + " " + v + ", [" + addr + "]");
        k.ins("st.shared." + sMem + " [" + shared + "], " + v);
    }

    private static void mac(Ptx k, DType d, String t, String acc, String x, String y) {
        if (d.isFloat()) {
            k.ins("fma.rn." + t + " " + acc + ", " + x + ", " + y + ", " + acc);
        } else if (d == DType.BOOL) {
            String both = k.op(Reg.R, "and.b32", x, y);
            k.ins("or.b32 " + acc + ", " + acc + ", " + both);
        } else {
            k.ins("mad.lo." + t + " " + acc + ", " + x + ", " + y + ", " + acc);
        }
    }
}

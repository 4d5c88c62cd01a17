package jx.gpu;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the text of one PTX kernel. PTX has unlimited virtual registers, so every value gets a
 * fresh one and ptxas does the allocation; the builder only counts them per class to declare them.
 * Entries are self-contained (no module-scope symbols), so several can be concatenated into one
 * file for ptxas.
 */
final class Ptx {
    static final String HEADER = ".version 7.0\n.target sm_70\n.address_size 64\n\n";

    /** Register classes: 32/64-bit integers (bit-typed, usable by any integer instruction), floats, predicates. */
    enum Reg {
        P("pred", "%p"), R("b32", "%r"), RD("b64", "%rd"), F("f32", "%f"), FD("f64", "%fd");

        final String type;
        final String prefix;

        Reg(String type, String prefix) {
            this.type = type;
            this.prefix = prefix;
        }
    }

    private final String name;
    private final List<String> params = new ArrayList<>();
    private final List<String> shared = new ArrayList<>();
    private final StringBuilder body = new StringBuilder();
    private final Map<Reg, Integer> counts = new EnumMap<>(Reg.class);
    private int labels;

    Ptx(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    /** Declares a kernel parameter and loads it into a register. */
    String param(String type) {
        String p = "p" + params.size();
        params.add(".param ." + type + " " + p);
        Reg r = switch (type) {
            case "u64" -> Reg.RD;
            case "f64" -> Reg.FD;
            case "f32" -> Reg.F;
            case "u32", "s32" -> Reg.R;
            default -> throw new IllegalArgumentException(type);
        };
        return op(r, "ld.param." + type, "[" + p + "]");
    }

    /** A global-space pointer parameter. */
    String pointer() {
        return op(Reg.RD, "cvta.to.global.u64", param("u64"));
    }

    /** Declares a shared-memory array of {@code bytes} bytes and returns its address register. */
    String shared(int bytes, int align) {
        String s = "sh" + shared.size();
        shared.add(".shared .align " + align + " .b8 " + s + "[" + bytes + "];");
        return op(Reg.RD, "mov.u64", s);
    }

    String reg(Reg r) {
        int n = counts.merge(r, 1, Integer::sum) - 1;
        return r.prefix + n;
    }

    String label() {
        return "L" + labels++;
    }

    void place(String label) {
        body.append(label).append(":\n");
    }

    void ins(String instruction) {
        body.append('\t').append(instruction).append(";\n");
    }

    /** Emits {@code instr dst, args...} into a fresh register of class {@code r} and returns it. */
    String op(Reg r, String instr, String... args) {
        String d = reg(r);
        ins(instr + " " + d + (args.length == 0 ? "" : ", " + String.join(", ", args)));
        return d;
    }

    void bra(String pred, String label) {
        ins("@" + pred + " bra " + label);
    }

    void jump(String label) {
        ins("bra.uni " + label);
    }

    /** The global thread index blockIdx.x * blockDim.x + threadIdx.x (u32). */
    String globalIndex() {
        String c = op(Reg.R, "mov.u32", "%ctaid.x");
        String n = op(Reg.R, "mov.u32", "%ntid.x");
        String t = op(Reg.R, "mov.u32", "%tid.x");
        return op(Reg.R, "mad.lo.s32", c, n, t);
    }

    /** Exits threads whose index is not below {@code n}. */
    void exitUnless(String index, String n, String exit) {
        bra(op(Reg.P, "setp.ge.u32", index, n), exit);
    }

    /** base + index * size as a 64-bit address ({@code signed}: the index may be negative). */
    String address(String base, String index, int size, boolean signed) {
        String off = op(Reg.RD, signed ? "mul.wide.s32" : "mul.wide.u32", index, Integer.toString(size));
        return op(Reg.RD, "add.s64", base, off);
    }

    static String f64(double v) {
        return String.format("0d%016X", Double.doubleToRawLongBits(v));
    }

    static String f32(float v) {
        return String.format("0f%08X", Float.floatToRawIntBits(v));
    }

    /** The entry without the module header: entries of several kernels can share one file. */
    String entry() {
        StringBuilder sb = new StringBuilder();
        sb.append(".visible .entry ").append(name).append("(\n\t").append(String.join(",\n\t", params)).append("\n)\n{\n");
        for (Reg r : Reg.values()) {
            Integer n = counts.get(r);
            if (n != null) {
                sb.append("\t.reg .").append(r.type).append(' ').append(r.prefix).append('<').append(n).append(">;\n");
            }
        }
        for (String s : shared) {
            sb.append('\t').append(s).append('\n');
        }
        sb.append(body).append("\tret;\n}\n");
        return sb.toString();
    }

    String module() {
        return HEADER + entry();
    }
}

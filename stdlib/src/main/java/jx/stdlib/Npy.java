package jx.stdlib;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jx.array.DType;
import jx.array.HostData;

/**
 * NumPy's .npy format (numpy/lib/format.py): a magic string, a version, a Python-literal header
 * dict padded to 64 bytes, then the raw elements. Writing follows NumPy 1.24 byte for byte
 * (version 1.0, keys sorted, 21 - len(repr(shape[0])) spare spaces); reading accepts versions
 * 1-3, either byte order and Fortran order. Problems are IllegalArgumentExceptions whose message
 * names the problem; FileIO adds the file name.
 */
final class Npy {
    private Npy() {}

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGN = 64;
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;

    static byte[] write(HostData d) {
        String shape = shapeRepr(d.shape());
        StringBuilder header = new StringBuilder("{'descr': '").append(descr(d.dtype()))
                .append("', 'fortran_order': False, 'shape': ").append(shape).append(", }");
        if (d.shape().length > 0) {
            header.append(" ".repeat(GROWTH_AXIS_MAX_DIGITS - String.valueOf(d.shape()[0]).length()));
        }
        int hlen = header.length() + 1;
        int pad = ALIGN - ((MAGIC.length + 2 + 2 + hlen) % ALIGN);
        header.append(" ".repeat(pad)).append('\n');
        byte[] h = header.toString().getBytes(StandardCharsets.ISO_8859_1);
        int n = d.size();
        ByteBuffer body = ByteBuffer.allocate(n * d.dtype().itemSize()).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            switch (d.dtype()) {
                case FLOAT16 -> body.putShort(Float.floatToFloat16((float) d.floats()[i]));
                case FLOAT32 -> body.putFloat((float) d.floats()[i]);
                case FLOAT64 -> body.putDouble(d.floats()[i]);
                case INT8, UINT8 -> body.put((byte) d.ints()[i]);
                case INT16, UINT16 -> body.putShort((short) d.ints()[i]);
                case INT32, UINT32 -> body.putInt((int) d.ints()[i]);
                case INT64 -> body.putLong(d.ints()[i]);
                case BOOL -> body.put((byte) d.ints()[i]);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(MAGIC);
        out.write(1);
        out.write(0);
        out.write(h.length & 0xFF);
        out.write(h.length >>> 8);
        out.writeBytes(h);
        out.writeBytes(body.array());
        return out.toByteArray();
    }

    private static String shapeRepr(int[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return sb.append(')').toString();
    }

    private static String descr(DType t) {
        return switch (t) {
            case FLOAT16 -> "<f2";
            case FLOAT32 -> "<f4";
            case INT8 -> "|i1";
            case UINT8 -> "|u1";
            case INT16 -> "<i2";
            case UINT16 -> "<u2";
            case BFLOAT16, UINT64 -> throw new jx.eval.EvalError("NotImplementedError: saving " + t
                    + " arrays to .npy is not implemented in jx (NumPy has no " + t + ")");
            case FLOAT64 -> "<f8";
            case INT32 -> "<i4";
            case INT64 -> "<i8";
            case UINT32 -> "<u4";
            case BOOL -> "|b1";
            case COMPLEX64, COMPLEX128 -> throw new jx.eval.EvalError("NotImplementedError: saving complex arrays to .npy is not implemented in jx");
        };
    }

    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=])([a-z])(\\d+)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    static HostData read(byte[] file) {
        if (file.length < 10 || !java.util.Arrays.equals(java.util.Arrays.copyOf(file, 6), MAGIC)) {
            throw new IllegalArgumentException("not a .npy file (the magic string \\x93NUMPY is missing)");
        }
        int major = file[6];
        ByteBuffer buf = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int hlen;
        int start;
        if (major == 1) {
            hlen = buf.getShort(8) & 0xFFFF;
            start = 10;
        } else if (major == 2 || major == 3) {
            if (file.length < 12) {
                throw new IllegalArgumentException("truncated file: the header is incomplete");
            }
            hlen = buf.getInt(8);
            start = 12;
        } else {
            throw new IllegalArgumentException("unsupported .npy format version " + major + "." + file[7]);
        }
        if (hlen < 0 || start + hlen > file.length) {
            throw new IllegalArgumentException("truncated file: the header is incomplete");
        }
        String header = new String(file, start, hlen, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher descr = DESCR.matcher(header);
        Matcher fortran = FORTRAN.matcher(header);
        Matcher shapeM = SHAPE.matcher(header);
        if (!descr.find() || !fortran.find() || !shapeM.find()) {
            throw new IllegalArgumentException("the header is not a NumPy array header: " + header.strip());
        }
        int[] shape = parseShape(shapeM.group(1));
        ByteOrder order = descr.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        char kind = descr.group(2).charAt(0);
        int width = Integer.parseInt(descr.group(3));
        DType dtype = dtypeOf(kind, width, descr.group(1) + kind + width);
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        int dataStart = start + hlen;
        long expected = (long) n * width;
        if (file.length - dataStart < expected) {
            throw new IllegalArgumentException("truncated file: expected " + expected + " bytes of data, found "
                    + (file.length - dataStart));
        }
        ByteBuffer data = ByteBuffer.wrap(file, dataStart, (int) expected).slice().order(order);
        double[] floats = dtype.isFloat() ? new double[n] : null;
        long[] ints = dtype.isFloat() ? null : new long[n];
        for (int i = 0; i < n; i++) {
            switch (kind) {
                case 'f' -> floats[i] = switch (width) {
                    case 2 -> Float.float16ToFloat(data.getShort());
                    case 4 -> data.getFloat();
                    default -> data.getDouble();
                };
                case 'b' -> ints[i] = data.get() != 0 ? 1 : 0;
                case 'i' -> ints[i] = switch (width) {
                    case 1 -> data.get();
                    case 2 -> data.getShort();
                    case 4 -> data.getInt();
                    default -> data.getLong();
                };
                default -> ints[i] = switch (width) {
                    case 1 -> data.get() & 0xFFL;
                    case 2 -> data.getShort() & 0xFFFFL;
                    case 4 -> data.getInt() & 0xFFFFFFFFL;
                    default -> data.getLong();
                };
            }
        }
        if (fortran.group(1).equals("True") && shape.length > 1) {
            return fromFortran(dtype, shape, floats, ints);
        }
        return new HostData(dtype, shape, false, floats, ints);
    }

    private static int[] parseShape(String inside) {
        String s = inside.strip();
        if (s.isEmpty()) {
            return new int[0];
        }
        return java.util.Arrays.stream(s.split(",")).map(String::strip).filter(p -> !p.isEmpty())
                .mapToInt(p -> Integer.parseInt(p.endsWith("L") ? p.substring(0, p.length() - 1) : p)).toArray();
    }

    /** The jx dtype an element type reads as (under x64 off, 64-bit ones canonicalize later, as jnp.asarray does). */
    private static DType dtypeOf(char kind, int width, String descr) {
        return switch (kind) {
            case 'f' -> switch (width) {
                case 2 -> DType.FLOAT16;
                case 4 -> DType.FLOAT32;
                case 8 -> DType.FLOAT64;
                default -> throw unsupported(descr);
            };
            case 'i' -> switch (width) {
                case 1 -> DType.INT8;
                case 2 -> DType.INT16;
                case 4 -> DType.INT32;
                case 8 -> DType.INT64;
                default -> throw unsupported(descr);
            };
            case 'u' -> switch (width) {
                case 1 -> DType.UINT8;
                case 2 -> DType.UINT16;
                case 4 -> DType.UINT32;
                default -> throw unsupported(descr);
            };
            case 'b' -> DType.BOOL;
            default -> throw unsupported(descr);
        };
    }

    private static IllegalArgumentException unsupported(String descr) {
        return new IllegalArgumentException("unsupported element type '" + descr
                + "' (jx reads bool, int8-64, uint8-32, float16, float32 and float64)");
    }

    /** Column-major elements reordered to row-major. */
    private static HostData fromFortran(DType dtype, int[] shape, double[] floats, long[] ints) {
        int n = floats != null ? floats.length : ints.length;
        double[] f = floats == null ? null : new double[n];
        long[] l = ints == null ? null : new long[n];
        int[] idx = new int[shape.length];
        for (int rowMajor = 0; rowMajor < n; rowMajor++) {
            int colMajor = 0;
            int stride = 1;
            for (int k = 0; k < shape.length; k++) {
                colMajor += idx[k] * stride;
                stride *= shape[k];
            }
            if (f != null) {
                f[rowMajor] = floats[colMajor];
            } else {
                l[rowMajor] = ints[colMajor];
            }
            for (int k = shape.length - 1; k >= 0 && ++idx[k] == shape[k]; k--) {
                idx[k] = 0;
            }
        }
        return new HostData(dtype, shape, false, f, l);
    }
}

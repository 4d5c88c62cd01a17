package jx.stdlib;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import jx.array.Array;
import jx.array.DType;
import jx.array.HostData;
import jx.array.Ops;
import jx.eval.Builtins;
import jx.eval.Convert;
import jx.eval.EvalError;
import jx.eval.Interp;
import jx.eval.PyOps;
import jx.eval.Values;

/**
 * The file effects of jax.numpy: save/load of .npy and .npz (NumPy's formats, see {@link Npy})
 * and loadtxt/genfromtxt for delimited text. Paths are relative to the working directory, as in
 * Python. Every write goes to a temporary file beside the target and is then renamed over it, so
 * a crash never leaves a half-written file.
 */
final class FileIO {
    private FileIO() {}

    static void register(Table t) {
        t.fn("save(file, arr, allow_pickle=True)", (in, a) -> {
            String name = withSuffix(str(a[0], "save"), ".npy");
            writeAtomically("save", name, Npy.write(NumpyModule.arr(in, a[1]).toHost()));
            return Values.None.NONE;
        });
        t.raw("savez", (in, a, kw) -> savez(in, a, kw, false));
        t.raw("savez_compressed", (in, a, kw) -> savez(in, a, kw, true));
        t.fn("load(file, mmap_mode=None, allow_pickle=False)", (in, a) -> load(str(a[0], "load")));
        t.fn("loadtxt(fname, dtype=None, comments='#', delimiter=None, skiprows=0, usecols=None, unpack=False, ndmin=0)",
                (in, a) -> text(in, "loadtxt", a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], false, Values.None.NONE));
        t.fn("genfromtxt(fname, dtype=None, comments='#', delimiter=None, skip_header=0, usecols=None, unpack=False, "
                + "ndmin=0, filling_values=None)",
                (in, a) -> text(in, "genfromtxt", a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], true, a[8]));
    }

    private static String str(Object v, String fn) {
        if (!(v instanceof String s)) {
            throw new EvalError("TypeError: jnp." + fn + ": the file must be a path string, not " + PyOps.typeName(v));
        }
        return s;
    }

    /** np.save and np.savez add their suffix when the name lacks it. */
    private static String withSuffix(String name, String suffix) {
        return name.endsWith(suffix) ? name : name + suffix;
    }

    private static EvalError ioError(String fn, String name, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new EvalError("FileNotFoundError: [Errno 2] No such file or directory: '" + name + "'");
        }
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new EvalError("OSError: jnp." + fn + ": " + name + ": " + why);
    }

    private static EvalError badFile(String fn, String name, String problem) {
        return new EvalError("ValueError: jnp." + fn + ": " + name + ": " + problem);
    }

    private static void writeAtomically(String fn, String name, byte[] bytes) {
        try {
            AtomicWrite.write(Path.of(name).toAbsolutePath(), bytes);
        } catch (IOException e) {
            throw ioError(fn, name, e);
        }
    }

    private static Object savez(Interp in, List<Object> args, Map<String, Object> kw, boolean compressed) {
        String fn = compressed ? "savez_compressed" : "savez";
        if (args.isEmpty()) {
            throw new EvalError("TypeError: " + fn + "() missing required argument 'file'");
        }
        String name = withSuffix(str(args.get(0), fn), ".npz");
        Map<String, Object> arrays = new LinkedHashMap<>();
        for (int i = 1; i < args.size(); i++) {
            arrays.put("arr_" + (i - 1), args.get(i));
        }
        for (Map.Entry<String, Object> e : kw.entrySet()) {
            if (arrays.containsKey(e.getKey())) {
                throw new EvalError("ValueError: Cannot use un-named variables and keyword " + e.getKey());
            }
            arrays.put(e.getKey(), e.getValue());
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, Object> e : arrays.entrySet()) {
                byte[] npy = Npy.write(NumpyModule.arr(in, e.getValue()).toHost());
                ZipEntry entry = new ZipEntry(e.getKey() + ".npy");
                if (compressed) {
                    entry.setMethod(ZipEntry.DEFLATED);
                } else {
                    // A stored entry needs its size and checksum up front.
                    CRC32 crc = new CRC32();
                    crc.update(npy);
                    entry.setMethod(ZipEntry.STORED);
                    entry.setSize(npy.length);
                    entry.setCompressedSize(npy.length);
                    entry.setCrc(crc.getValue());
                }
                zip.putNextEntry(entry);
                zip.write(npy);
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw ioError(fn, name, e);
        }
        writeAtomically(fn, name, bytes.toByteArray());
        return Values.None.NONE;
    }

    private static Object load(String name) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(Path.of(name));
        } catch (IOException e) {
            throw ioError("load", name, e);
        }
        if (bytes.length >= 4 && bytes[0] == 'P' && bytes[1] == 'K' && bytes[2] == 3 && bytes[3] == 4) {
            return loadNpz(name, bytes);
        }
        try {
            return Array.fromHost(Npy.read(bytes));
        } catch (IllegalArgumentException e) {
            throw badFile("load", name, e.getMessage());
        }
    }

    /** An .npz as a dict from member name (without ".npy") to array: {@code data["w"]} works. */
    private static Object loadNpz(String name, byte[] bytes) {
        Map<Object, Object> members = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new java.io.ByteArrayInputStream(bytes))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                String member = e.getName();
                byte[] npy = BoundedRead.readAll(zip, "jnp.load: " + name + "[" + member + "]");
                try {
                    members.put(member.endsWith(".npy") ? member.substring(0, member.length() - 4) : member,
                            Array.fromHost(Npy.read(npy)));
                } catch (IllegalArgumentException err) {
                    throw badFile("load", name + "[" + member + "]", err.getMessage());
                }
            }
        } catch (ZipException e) {
            throw badFile("load", name, "not a valid .npz file (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw badFile("load", name, "truncated or damaged .npz file (" + e.getMessage() + ")");
        }
        return new Values.PyDict(members);
    }

    // ---- text ----

    private static Object text(Interp in, String fn, Object fname, Object dtypeArg, Object comments, Object delimiter,
                               Object skip, Object usecolsArg, Object unpack, Object ndminArg, boolean lenient,
                               Object filling) {
        String name = str(fname, fn);
        DType dtype = Builtins.dtype(dtypeArg);
        if (dtype == null) {
            // NumPy's default, float64, becomes float32 on the way into a jx array unless x64 is on.
            dtype = DType.FLOAT64;
        }
        int ndmin = (int) Builtins.asIndex(ndminArg, "ndmin must be 0, 1 or 2");
        if (ndmin < 0 || ndmin > 2) {
            throw new EvalError("ValueError: Illegal value of ndmin keyword: " + ndmin);
        }
        String comment = NumpyModule.none(comments) ? null : str(comments, fn);
        String delim = NumpyModule.none(delimiter) ? null : str(delimiter, fn);
        int skipRows = (int) Builtins.asIndex(skip, "the number of rows to skip is an integer");
        int[] usecols = NumpyModule.none(usecolsArg) ? null : Builtins.shape(in, usecolsArg);
        if (!NumpyModule.none(filling) && !(filling instanceof Number)) {
            throw new EvalError("TypeError: genfromtxt: filling_values must be a number");
        }
        double fill = filling instanceof Number v ? v.doubleValue() : Double.NaN;
        List<String> lines;
        try (InputStream s = Files.newInputStream(Path.of(name))) {
            lines = new String(s.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw ioError(fn, name, e);
        }
        List<double[]> rows = new ArrayList<>();
        int width = -1;
        for (int ln = skipRows; ln < lines.size(); ln++) {
            String line = lines.get(ln);
            if (comment != null && line.contains(comment)) {
                line = line.substring(0, line.indexOf(comment));
            }
            if (line.isBlank()) {
                continue;
            }
            String[] fields = delim == null ? line.strip().split("\\s+") : line.split(java.util.regex.Pattern.quote(delim), -1);
            int[] cols = usecols;
            if (cols == null) {
                cols = new int[fields.length];
                for (int c = 0; c < cols.length; c++) {
                    cols[c] = c;
                }
            }
            if (width >= 0 && usecols == null && fields.length != width) {
                throw badFile(fn, name, "the number of columns changed from " + width + " to " + fields.length
                        + " at line " + (ln + 1) + "; use `usecols` to select a subset and avoid this error");
            }
            width = fields.length;
            double[] row = new double[cols.length];
            for (int c = 0; c < cols.length; c++) {
                int col = cols[c] < 0 ? cols[c] + fields.length : cols[c];
                if (col < 0 || col >= fields.length) {
                    throw badFile(fn, name, "column " + cols[c] + " does not exist in line " + (ln + 1)
                            + ", which has " + fields.length + " columns");
                }
                row[c] = parse(fields[col].strip(), dtype, lenient, fill, fn, name, ln + 1);
            }
            rows.add(row);
        }
        int ncols = rows.isEmpty() ? 0 : rows.get(0).length;
        double[] flat = new double[rows.size() * ncols];
        for (int r = 0; r < rows.size(); r++) {
            System.arraycopy(rows.get(r), 0, flat, r * ncols, ncols);
        }
        Array table = toArray(flat, new int[] {rows.size(), ncols}, dtype);
        // NumPy squeezes axes of length 1 unless ndmin asks to keep them.
        if (table.ndim() > ndmin) {
            table = Ops.squeeze(table, null);
        }
        while (table.ndim() < ndmin) {
            table = Ops.expandDims(table, ndmin == 2 && table.ndim() == 1 ? 1 : 0);
        }
        return PyOps.truthy(unpack) ? Ops.transpose(table, null) : table;
    }

    private static Array toArray(double[] values, int[] shape, DType dtype) {
        if (dtype.isFloat()) {
            return Array.fromHost(new HostData(dtype, shape, false, values, null));
        }
        long[] ints = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            ints[i] = (long) values[i];
        }
        return Array.fromHost(new HostData(dtype, shape, false, null, ints));
    }

    /** A field as Python's float() or int() reads it; genfromtxt fills what it cannot read. */
    private static double parse(String field, DType dtype, boolean lenient, double fill, String fn, String name, int line) {
        try {
            if (dtype.isFloat()) {
                return switch (field.toLowerCase(java.util.Locale.ROOT)) {
                    case "nan", "+nan", "-nan" -> Double.NaN;
                    case "inf", "+inf", "infinity", "+infinity" -> Double.POSITIVE_INFINITY;
                    case "-inf", "-infinity" -> Double.NEGATIVE_INFINITY;
                    default -> Double.parseDouble(field);
                };
            }
            if (dtype.isBool()) {
                return Long.parseLong(field) != 0 ? 1 : 0;
            }
            return Long.parseLong(field.replace("_", ""));
        } catch (NumberFormatException e) {
            if (lenient) {
                return fill;
            }
            String type = dtype.isFloat() ? "float" : "int";
            throw badFile(fn, name, "could not convert string '" + field + "' to " + type + " at line " + line);
        }
    }
}

package jx.array.cpu;

/**
 * Whether OpenBLAS (JavaCPP's binding, natives for linux-x86_64 in the jar) can be used. It is
 * loaded on the first matrix product big enough to want it: the load takes about a second, which
 * `print(1)` must not pay. Where it cannot load (another platform, no writable cache directory,
 * -Djx.blas=java) the Java kernels run, and under --debug (-Djx.debug=true) jx says so once.
 * This class names no JavaCPP type, so it loads even where those classes are missing.
 */
final class OpenBlas {
    /** {@code -Djx.blas=java} forbids the native library, as on a machine where it cannot load. */
    static final String PROPERTY = "jx.blas";

    private OpenBlas() {}

    private static final class Blas {
        /** Null once OpenBLAS's BLAS is loaded, else why it is not. */
        static final String FAILURE = load("openblas_nolapack", "matrix products run on the Java kernel");
    }

    /** LAPACK comes with a second, bigger JNI library (and its own copy of OpenBLAS): loaded on the first big solve. */
    private static final class Lapack {
        static final String FAILURE = load("openblas", "linear algebra runs on the Java kernels");
    }

    static boolean available() {
        return Blas.FAILURE == null;
    }

    static boolean lapackAvailable() {
        return Lapack.FAILURE == null;
    }

    private static String load(String binding, String instead) {
        String why;
        if ("java".equals(System.getProperty(PROPERTY))) {
            why = "-D" + PROPERTY + "=java";
        } else {
            try {
                Class.forName("org.bytedeco.openblas.global." + binding, true, OpenBlas.class.getClassLoader());
                return null;
            } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
                String m = String.valueOf(e.getMessage());
                why = e.getClass().getSimpleName() + ": " + m.lines().findFirst().orElse("");
            }
        }
        if (Boolean.getBoolean("jx.debug")) {
            System.err.println("jx: OpenBLAS " + (binding.equals("openblas") ? "LAPACK " : "") + "not loaded (" + why
                    + "); " + instead);
        }
        return why;
    }
}

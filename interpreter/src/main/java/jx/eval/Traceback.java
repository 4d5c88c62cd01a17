package jx.eval;

import java.util.List;

import jx.diag.Source;
import jx.diag.Pos;

/**
 * Python's "Traceback (most recent call last)": one entry per active call at the error, the
 * outermost first. The innermost location is not listed here: the error's own diagnostic (with its
 * caret) follows the traceback and shows it.
 */
public final class Traceback {
    private Traceback() {}

    /** Where a frame was when the error passed through it: the function's name, or "<module>". */
    public record Frame(Source source, Pos pos, String function) {}

    /** More identical entries in a row than this are folded into one line (deep recursion). */
    private static final int REPEATS_SHOWN = 3;

    /** The traceback text for {@code frames} (outermost first, the innermost last), or "" for a single frame. */
    static String render(List<Frame> frames) {
        List<Frame> shown = frames.stream().filter(f -> !isLibrary(f.source())).toList();
        if (frames.size() < 2 || shown.size() < 2) {
            return "";
        }
        StringBuilder sb = new StringBuilder("Traceback (most recent call last):\n");
        // The innermost user frame is the diagnostic below; list the ones that led to it.
        List<Frame> callers = shown.subList(0, shown.size() - 1);
        for (int i = 0; i < callers.size(); ) {
            Frame f = callers.get(i);
            int run = 1;
            while (i + run < callers.size() && same(callers.get(i + run), f)) {
                run++;
            }
            for (int k = 0; k < Math.min(run, REPEATS_SHOWN); k++) {
                line(sb, f);
            }
            if (run > REPEATS_SHOWN) {
                int more = run - REPEATS_SHOWN;
                sb.append("  [Previous line repeated ").append(more).append(" more time").append(more == 1 ? "" : "s")
                        .append("]\n");
            }
            i += run;
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, Frame f) {
        sb.append("  File \"").append(f.source().name()).append("\", line ").append(f.pos().line())
                .append(", in ").append(f.function()).append('\n');
        String text = f.source().line(f.pos().line()).strip();
        if (!text.isEmpty()) {
            sb.append("    ").append(text).append('\n');
        }
    }

    private static boolean same(Frame a, Frame b) {
        return a.source() == b.source() && a.pos().line() == b.pos().line() && a.function().equals(b.function());
    }

    /** The standard library's own jx sources ("<jax._transforms>"): internal frames, hidden as JAX hides its own. */
    private static boolean isLibrary(Source s) {
        String name = s.name();
        return name.startsWith("<") && !name.equals("<stdin>") && !name.equals("<string>");
    }
}

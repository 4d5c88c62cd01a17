package jx.check;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

import jx.core.Core;
import jx.core.Lower;
import jx.core.Primitives;
import jx.diag.Diagnostic;
import jx.diag.Diagnostics;
import jx.diag.JxException;
import jx.diag.Source;
import jx.eval.Interp;
import jx.syntax.Parser;

/** Text to checked core IR: parse, lower, check; every problem is thrown together before anything runs. */
public final class Compile {
    private Compile() {}

    /** The interpreter's {@link jx.eval.Compiler}: imported modules are checked like the main one, over text only. */
    public static Core.Module module(Interp interp, Source source, Predicate<String> known) {
        return module(interp, source, known, interp.registry(), m -> List.of());
    }

    /**
     * As {@link #module(Interp, Source, Predicate)}, with the primitives calls may name (the
     * session's view, which knows what its scope rebinds), adding what {@code later} finds in the lowered
     * module (the checker's evaluation over shapes) unless the text itself did not parse. A later
     * finding on a line already reported is the same problem seen again, and is dropped.
     */
    public static Core.Module module(Interp interp, Source source, Predicate<String> known, Primitives primitives,
                                     Function<Core.Module, List<Diagnostic>> later) {
        Parser.Parsed parsed = Parser.parseFile(source);
        List<Diagnostic> problems = new ArrayList<>(parsed.problems());
        Lower lower = new Lower(source, name -> known.test(name) || interp.builtins().containsKey(name), problems,
                primitives);
        Core.Module module = lower.module(parsed.body());
        Hints.refine(problems, module, interp.registry());
        Checker.check(module, source, problems, interp.registry());
        if (parsed.problems().isEmpty()) {
            Set<Integer> lines = new HashSet<>();
            problems.forEach(p -> lines.add(p.line()));
            for (Diagnostic p : later.apply(module)) {
                if (p.source() != source || !lines.contains(p.line())) {
                    problems.add(p);
                }
            }
        }
        Diagnostics d = new Diagnostics();
        problems.forEach(d::add);
        d.throwIfAny(JxException.Kind.CHECK);
        return module;
    }
}

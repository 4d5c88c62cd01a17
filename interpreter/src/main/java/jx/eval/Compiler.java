package jx.eval;

import java.util.function.Predicate;

import jx.core.Core;
import jx.diag.Source;

/**
 * Turns a module's text into checked core IR; the interpreter asks for it when a program imports a
 * module written in jx. Whoever builds the interpreter gives it (the session gives the checker's),
 * so evaluation does not depend on the layers that check.
 */
@FunctionalInterface
public interface Compiler {
    /** The module, or a JxException holding every problem found; {@code known} names the scope's names. */
    Core.Module compile(Interp interp, Source source, Predicate<String> known);
}

package jx.ad;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import jx.core.Core;
import jx.diag.Pos;

/**
 * Loops without break, continue or else, for reverse mode's tape: break sets a flag that ends a
 * while loop's test and skips a for loop's remaining iterations, continue a flag that skips the
 * rest of its iteration, and a loop's else runs when the break flag is unset. The statements after
 * a branch that breaks or continues run under `if not (flags)`, so each path computes what Python's
 * would, and the derivative follows the iterations that ran.
 */
final class Breaks {
    private Breaks() {}

    static List<Core.Stmt> remove(List<Core.Stmt> body, Function<String, Core.Local> fresh) {
        List<Core.Stmt> out = new ArrayList<>();
        for (Core.Stmt s : body) {
            out.addAll(loops(s, fresh));
        }
        return out;
    }

    /** s with every loop inside it rewritten (break and continue of those loops only). */
    private static List<Core.Stmt> loops(Core.Stmt s, Function<String, Core.Local> fresh) {
        return switch (s) {
            case Core.If i -> List.of(new Core.If(i.tests(), i.bodies().stream().map(b -> remove(b, fresh)).toList(),
                    remove(i.orElse(), fresh), i.pos()));
            case Core.For f -> loop(f, null, f.body(), f.orElse(), fresh);
            case Core.While w -> loop(null, w, w.body(), w.orElse(), fresh);
            default -> List.of(s);
        };
    }

    private static List<Core.Stmt> loop(Core.For f, Core.While w, List<Core.Stmt> body, List<Core.Stmt> orElse,
            Function<String, Core.Local> fresh) {
        Pos pos = f != null ? f.pos() : w.pos();
        List<Core.Stmt> inner = remove(body, fresh);
        boolean breaks = exits(inner, true);
        boolean continues = exits(inner, false);
        List<Core.Stmt> out = new ArrayList<>();
        Core.Local brk = breaks ? fresh.apply("_break") : null;
        Core.Local cont = continues ? fresh.apply("_continue") : null;
        if (breaks) {
            out.add(set(brk, false, pos));
        }
        List<Core.Stmt> newBody = new ArrayList<>();
        if (continues) {
            newBody.add(set(cont, false, pos));
        }
        List<Core.Stmt> rewritten = block(inner, brk, cont, pos);
        if (breaks && f != null) {
            // A for loop cannot stop early here: the iterations after a break do nothing.
            newBody.add(new Core.If(List.of(new Core.Not(brk, pos)), List.of(rewritten), List.of(), pos));
        } else {
            newBody.addAll(rewritten);
        }
        if (f != null) {
            out.add(new Core.For(f.target(), f.iter(), newBody, List.of(), f.carried(), pos));
        } else {
            Core test = breaks ? new Core.And(List.of(new Core.Not(brk, pos), w.test()), pos) : w.test();
            out.add(new Core.While(test, newBody, List.of(), w.carried(), pos));
        }
        List<Core.Stmt> otherwise = remove(orElse, fresh);
        if (breaks && !otherwise.isEmpty()) {
            out.add(new Core.If(List.of(new Core.Not(brk, pos)), List.of(otherwise), List.of(), pos));
        } else {
            out.addAll(otherwise);
        }
        return out;
    }

    /** A loop body's statements with its break and continue replaced by flags; what follows one is skipped. */
    private static List<Core.Stmt> block(List<Core.Stmt> body, Core.Local brk, Core.Local cont, Pos pos) {
        List<Core.Stmt> out = new ArrayList<>();
        for (int k = 0; k < body.size(); k++) {
            Core.Stmt s = body.get(k);
            switch (s) {
                case Core.Break b -> {
                    out.add(set(brk, true, pos));
                    return out;
                }
                case Core.Continue c -> {
                    out.add(set(cont, true, pos));
                    return out;
                }
                case Core.If i when exits(List.of(i), true) || exits(List.of(i), false) -> {
                    out.add(new Core.If(i.tests(), i.bodies().stream().map(b -> block(b, brk, cont, pos)).toList(),
                            block(i.orElse(), brk, cont, pos), i.pos()));
                    List<Core.Stmt> rest = block(body.subList(k + 1, body.size()), brk, cont, pos);
                    if (!rest.isEmpty()) {
                        List<Core> flags = new ArrayList<>();
                        if (brk != null) {
                            flags.add(brk);
                        }
                        if (cont != null) {
                            flags.add(cont);
                        }
                        Core any = flags.size() == 1 ? flags.get(0) : new Core.Or(flags, pos);
                        out.add(new Core.If(List.of(new Core.Not(any, pos)), List.of(rest), List.of(), pos));
                    }
                    return out;
                }
                default -> out.add(s);
            }
        }
        return out;
    }

    /** Whether stmts break (or continue) out of the loop they are in (not out of a loop inside them). */
    private static boolean exits(List<Core.Stmt> stmts, boolean isBreak) {
        for (Core.Stmt s : stmts) {
            boolean found = switch (s) {
                case Core.Break b -> isBreak;
                case Core.Continue c -> !isBreak;
                case Core.If i -> i.bodies().stream().anyMatch(b -> exits(b, isBreak)) || exits(i.orElse(), isBreak);
                default -> false;
            };
            if (found) {
                return true;
            }
        }
        return false;
    }

    private static Core.Stmt set(Core.Local flag, boolean value, Pos pos) {
        return new Core.Bind(new Core.Bind.ToLocal(flag.slot(), flag.name()), new Core.Lit(value, pos), pos);
    }
}

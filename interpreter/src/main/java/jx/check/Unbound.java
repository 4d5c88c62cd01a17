package jx.check;

import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jx.core.Core;
import jx.diag.Diagnostic;
import jx.diag.Source;
import jx.diag.Pos;

/**
 * Python's UnboundLocalError, found before the run: a read of a function's local that no path from
 * the function's start can have assigned yet. The analysis tracks the locals each point may have
 * assigned (a loop body may see what its own later lines assign, on the next iteration), so it
 * reports only reads that fail on every path — never one that a run could pass.
 */
final class Unbound {
    private final Source source;
    private final List<Diagnostic> out;
    private Core.Code code;
    /** Slots some path to here may have assigned; null after return/break/continue (unreachable). */
    private BitSet may;
    /** Reads already reported (a loop's first iteration is looked at twice). */
    private final Set<Pos> reported = new HashSet<>();

    Unbound(Source source, List<Diagnostic> out) {
        this.source = source;
        this.out = out;
    }

    void module(Core.Module m) {
        function(m.code());
    }

    private void function(Core.Code c) {
        Core.Code savedCode = code;
        BitSet savedMay = may;
        code = c;
        may = new BitSet();
        may.set(0, c.params().size());
        stmts(c.body());
        code = savedCode;
        may = savedMay;
    }

    private void stmts(List<Core.Stmt> body) {
        for (Core.Stmt s : body) {
            if (may == null) {
                return;
            }
            stmt(s);
        }
    }

    private void stmt(Core.Stmt s) {
        switch (s) {
            case Core.Bind b -> {
                expr(b.value());
                assign(b.target(), may);
            }
            case Core.Eval e -> expr(e.expr());
            case Core.Return r -> {
                expr(r.value());
                may = null;
            }
            case Core.If i -> {
                for (Core t : i.tests()) {
                    expr(t);
                }
                BitSet entry = may;
                BitSet joined = null;
                for (List<Core.Stmt> body : i.bodies()) {
                    joined = union(joined, branch(entry, body));
                }
                may = union(joined, branch(entry, i.orElse()));
            }
            case Core.For f -> {
                expr(f.iter());
                BitSet loop = (BitSet) may.clone();
                assign(f.target(), loop);
                firstIteration((BitSet) loop.clone(), f.body());
                assignedIn(f.body(), loop);
                may = loop;
                stmts(f.body());
                may = (BitSet) loop.clone();
                stmts(f.orElse());
            }
            case Core.While w -> {
                // The test runs first with what the entry assigned; later tests see no less.
                expr(w.test());
                BitSet loop = (BitSet) may.clone();
                firstIteration((BitSet) loop.clone(), w.body());
                assignedIn(w.body(), loop);
                may = loop;
                stmts(w.body());
                may = (BitSet) loop.clone();
                stmts(w.orElse());
            }
            case Core.Break b -> may = null;
            case Core.Continue c -> may = null;
            case Core.Assert a -> {
                expr(a.test());
                if (a.message() != null) {
                    expr(a.message());
                }
            }
            case Core.Import im -> assign(im.target(), may);
        }
    }

    /**
     * The statements a loop's first iteration certainly runs (those before its first branch or
     * jump) see only what was assigned before the loop: there, a read of what the body assigns
     * later fails whenever the loop runs at all.
     */
    private void firstIteration(BitSet entry, List<Core.Stmt> body) {
        may = entry;
        for (Core.Stmt s : body) {
            if (!(s instanceof Core.Bind || s instanceof Core.Eval || s instanceof Core.Assert)) {
                break;
            }
            stmt(s);
        }
    }

    private BitSet branch(BitSet entry, List<Core.Stmt> body) {
        may = (BitSet) entry.clone();
        stmts(body);
        return may;
    }

    private static BitSet union(BitSet a, BitSet b) {
        if (a == null) {
            return b;
        }
        if (b != null) {
            a.or(b);
        }
        return a;
    }

    private void expr(Core e) {
        if (may == null) {
            return;
        }
        switch (e) {
            case Core.Local l -> {
                if (!may.get(l.slot()) && reported.add(l.pos())) {
                    out.add(new Diagnostic(source, l.pos().line(), l.pos().col(), l.name().length(),
                            "UnboundLocalError: local variable '" + l.name() + "' referenced before assignment",
                            "'" + l.name() + "' is assigned in '" + code.name() + "', so it is local to all of it (as in "
                                    + "Python); assign it before this line, or give the new value another name"));
                }
            }
            case Core.Closure c -> {
                // Captures are not read here: a def may capture a function defined after it (recursion).
                c.defaults().forEach(this::expr);
                function(c.code());
            }
            case Core.Comprehension c -> {
                for (Core.Clause clause : c.clauses()) {
                    expr(clause.iter());
                    assign(clause.target(), may);
                    clause.conditions().forEach(this::expr);
                }
                expr(c.element());
                if (c.value() != null) {
                    expr(c.value());
                }
            }
            default -> Walk.children(e).forEach(this::expr);
        }
    }

    private static void assign(Core.Bind.Target t, BitSet into) {
        if (into == null) {
            return;
        }
        switch (t) {
            case Core.Bind.ToLocal l -> into.set(l.slot());
            case Core.Bind.ToGlobal g -> { }
            case Core.Bind.Unpack u -> u.items().forEach(x -> assign(x, into));
        }
    }

    /** Adds every local the statements may assign, at any depth of blocks. */
    private static void assignedIn(List<Core.Stmt> body, BitSet into) {
        for (Core.Stmt s : body) {
            switch (s) {
                case Core.Bind b -> assign(b.target(), into);
                case Core.Import im -> assign(im.target(), into);
                case Core.For f -> {
                    assign(f.target(), into);
                    assignedIn(f.body(), into);
                    assignedIn(f.orElse(), into);
                }
                case Core.While w -> {
                    assignedIn(w.body(), into);
                    assignedIn(w.orElse(), into);
                }
                case Core.If i -> {
                    i.bodies().forEach(b -> assignedIn(b, into));
                    assignedIn(i.orElse(), into);
                }
                default -> { }
            }
        }
    }
}

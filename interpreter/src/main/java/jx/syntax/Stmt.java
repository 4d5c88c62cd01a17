package jx.syntax;

import jx.diag.Pos;
import java.util.List;

/** Statements of the surface syntax. */
public sealed interface Stmt {
    Pos pos();

    /** t1 = t2 = value. */
    record Assign(List<Target> targets, Expr value, Pos pos) implements Stmt {}

    /** name op= value, meaning name = name op value. */
    record AugAssign(Target.Name target, String op, Expr value, Pos pos) implements Stmt {}

    record ExprStmt(Expr expr, Pos pos) implements Stmt {}

    record Return(Expr value, Pos pos) implements Stmt {}

    /** if/elif chains: tests.size() == bodies.size(); orElse may be empty. */
    record If(List<Expr> tests, List<List<Stmt>> bodies, List<Stmt> orElse, Pos pos) implements Stmt {}

    record For(Target target, Expr iter, List<Stmt> body, List<Stmt> orElse, Pos pos) implements Stmt {}

    record While(Expr test, List<Stmt> body, List<Stmt> orElse, Pos pos) implements Stmt {}

    record Break(Pos pos) implements Stmt {}

    record Continue(Pos pos) implements Stmt {}

    record Pass(Pos pos) implements Stmt {}

    record Assert(Expr test, Expr message, Pos pos) implements Stmt {}

    record Def(String name, List<Expr.Param> params, List<Stmt> body, List<Expr> decorators, Pos pos)
            implements Stmt {}

    /** import a.b as c: alias null means bind the first component. */
    record Import(List<String> modules, List<String> aliases, Pos pos) implements Stmt {}

    record FromImport(String module, List<String> names, List<String> aliases, Pos pos) implements Stmt {}
}

package jx.syntax;

import jx.diag.Pos;
import java.util.ArrayList;
import java.util.List;

import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.Interval;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;

import jx.diag.Diagnostic;
import jx.diag.Source;
import jx.grammar.JxParser;
import jx.grammar.JxParser.*;
import jx.syntax.Expr.Arg;
import jx.syntax.Expr.Param;

/**
 * Builds the syntax tree from ANTLR's parse tree. Constructs that parse but lie outside jx's pure
 * subset (mutation, class, try, global, ...) become diagnostics here, so that every one of them is
 * reported by name before anything runs.
 */
final class TreeBuilder {
    private final Source source;
    private final int lineOffset;
    private final int colOffset;
    final List<Diagnostic> problems;

    TreeBuilder(Source source, int lineOffset, int colOffset) {
        this(source, lineOffset, colOffset, new ArrayList<>());
    }

    TreeBuilder(Source source, int lineOffset, int colOffset, List<Diagnostic> problems) {
        this.source = source;
        this.lineOffset = lineOffset;
        this.colOffset = colOffset;
        this.problems = problems;
    }

    // ---- entry points ----

    List<Stmt> file(FileInputContext ctx) {
        List<Stmt> out = new ArrayList<>();
        for (StmtContext s : ctx.stmt()) {
            stmt(s, out);
        }
        return out;
    }

    Expr field(FieldInputContext ctx) {
        return testList(ctx.testList());
    }

    // ---- positions and problems ----

    private Pos pos(Token t) {
        int line = t.getLine();
        int col = t.getCharPositionInLine();
        return line == 1 ? new Pos(lineOffset + 1, colOffset + col) : new Pos(lineOffset + line, col);
    }

    private Pos pos(ParserRuleContext ctx) {
        return pos(ctx.getStart());
    }

    private String text(ParserRuleContext ctx) {
        if (ctx.getStop() == null || ctx.getStop().getStopIndex() < ctx.getStart().getStartIndex()) {
            return ctx.getText();
        }
        return ctx.getStart().getInputStream()
                .getText(Interval.of(ctx.getStart().getStartIndex(), ctx.getStop().getStopIndex()));
    }

    private void reject(ParserRuleContext ctx, String message, String hint) {
        reject(pos(ctx), text(ctx).length(), message, hint);
    }

    /** A construct outside the subset: its message and hint come from {@link Unsupported}. */
    private void reject(Pos p, int width, Unsupported what, String quoted) {
        reject(p, width, what.message(quoted), what.hint(quoted));
    }

    private void reject(Pos p, int width, String message, String hint) {
        problems.add(new Diagnostic(source, p.line(), p.col(), width, message, hint));
    }

    // ---- statements ----

    private void stmt(StmtContext ctx, List<Stmt> out) {
        if (ctx.simpleStmts() != null) {
            simpleStmts(ctx.simpleStmts(), out);
        } else {
            Stmt s = compound(ctx.compoundStmt());
            if (s != null) {
                out.add(s);
            }
        }
    }

    private List<Stmt> block(BlockContext ctx) {
        List<Stmt> out = new ArrayList<>();
        if (ctx.simpleStmts() != null) {
            simpleStmts(ctx.simpleStmts(), out);
        } else {
            for (StmtContext s : ctx.stmt()) {
                stmt(s, out);
            }
        }
        return out;
    }

    private void simpleStmts(SimpleStmtsContext ctx, List<Stmt> out) {
        for (SimpleStmtContext s : ctx.simpleStmt()) {
            Stmt st = simple(s);
            if (st != null) {
                out.add(st);
            }
        }
    }

    private Stmt simple(SimpleStmtContext ctx) {
        Pos p = pos(ctx);
        return switch (ctx) {
            case ExprOrAssignStmtContext e -> e.assignTail() == null
                    ? new Stmt.ExprStmt(testListStar(e.testListStar()), p) : assignment(e.testListStar(), e.assignTail(), p);
            case ReturnStmtContext r -> new Stmt.Return(r.testList() == null ? null : testList(r.testList()), p);
            case PassStmtContext x -> new Stmt.Pass(p);
            case BreakStmtContext x -> new Stmt.Break(p);
            case ContinueStmtContext x -> new Stmt.Continue(p);
            case AssertStmtContext a -> new Stmt.Assert(test(a.test(0)), a.test().size() > 1 ? test(a.test(1)) : null, p);
            case ImportStmtContext i -> {
                List<String> mods = new ArrayList<>();
                List<String> aliases = new ArrayList<>();
                for (DottedAsNameContext d : i.dottedAsName()) {
                    mods.add(d.dottedName().getText());
                    aliases.add(d.NAME() == null ? null : d.NAME().getText());
                }
                yield new Stmt.Import(mods, aliases, p);
            }
            case FromImportStmtContext f -> {
                if (f.STAR() != null) {
                    reject(pos(f), text(f).length(), Unsupported.FROM_IMPORT_STAR, f.dottedName().getText());
                    yield null;
                }
                List<String> names = new ArrayList<>();
                List<String> aliases = new ArrayList<>();
                for (ImportAsNameContext n : f.importAsNames().importAsName()) {
                    names.add(n.NAME(0).getText());
                    aliases.add(n.NAME().size() > 1 ? n.NAME(1).getText() : null);
                }
                yield new Stmt.FromImport(f.dottedName().getText(), names, aliases, p);
            }
            case ScopeStmtContext s -> {
                String kw = s.kw.getText();
                reject(p, kw.length(), Unsupported.SCOPE, kw);
                yield null;
            }
            case DelStmtContext d -> {
                reject(p, 3, Unsupported.DEL, null);
                yield null;
            }
            case RaiseStmtContext r -> {
                reject(p, 5, Unsupported.RAISE, null);
                yield null;
            }
            default -> throw new IllegalStateException(ctx.getClass().getSimpleName());
        };
    }

    private Stmt assignment(TestListStarContext left, AssignTailContext tail, Pos p) {
        return switch (tail) {
            case PlainAssignContext a -> {
                List<TestListStarContext> parts = new ArrayList<>();
                parts.add(left);
                parts.addAll(a.testListStar());
                List<Target> targets = new ArrayList<>();
                Expr value = testListStar(parts.get(parts.size() - 1));
                for (int i = 0; i < parts.size() - 1; i++) {
                    Target t = target(testListStar(parts.get(i)), parts.get(i), value, null);
                    if (t != null) {
                        targets.add(t);
                    }
                }
                yield targets.size() == parts.size() - 1 ? new Stmt.Assign(targets, value, p) : null;
            }
            case AugAssignContext a -> {
                Expr lhs = testListStar(left);
                Expr value = testList(a.testList());
                String op = a.augOp.getText();
                op = op.substring(0, op.length() - 1);
                if (lhs instanceof Expr.Name n) {
                    yield new Stmt.AugAssign(new Target.Name(n.id(), n.pos()), op, value, p);
                }
                target(lhs, left, value, op);
                yield null;
            }
            case AnnAssignContext a -> {
                Expr lhs = testListStar(left);
                if (a.testList() == null) {
                    yield new Stmt.Pass(p);
                }
                Expr value = testList(a.testList());
                Target t = target(lhs, left, value, null);
                yield t == null ? null : new Stmt.Assign(List.of(t), value, p);
            }
            default -> throw new IllegalStateException();
        };
    }

    /**
     * Turns an assignment's left side into a target; subscripts and attributes are mutation and are
     * reported with the rewrite that JAX code uses instead.
     */
    private Target target(Expr e, ParserRuleContext ctx, Expr value, String augOp) {
        switch (e) {
            case Expr.Name n -> {
                return new Target.Name(n.id(), n.pos());
            }
            case Expr.Tuple t -> {
                return unpack(t.items(), t.pos(), ctx, value, augOp);
            }
            case Expr.ListDisplay l -> {
                return unpack(l.items(), l.pos(), ctx, value, augOp);
            }
            case Expr.Subscript s -> {
                String obj = sourceOf(s.obj());
                String idx = s.index().stream().map(this::sourceOf).reduce((a, b) -> a + ", " + b).orElse("");
                String v = sourceOf(value);
                String method = augOp == null ? "set" : switch (augOp) {
                    case "+" -> "add";
                    case "*" -> "multiply";
                    case "/" -> "divide";
                    case "**" -> "power";
                    case "-" -> "add";
                    default -> "apply";
                };
                String arg = "-".equals(augOp) ? "-(" + v + ")" : v;
                String written = augOp == null ? obj + "[" + idx + "] = " + v : obj + "[" + idx + "] " + augOp + "= " + v;
                reject(s.pos(), sourceOf(s).length(), "arrays are immutable: `" + written + "` would modify `" + obj + "`",
                        "instead of `x[i] = v` use `x = x.at[i].set(v)` (or `.add`, `.multiply`, …): here `"
                                + obj + " = " + obj + ".at[" + idx + "]." + method + "(" + arg + ")`");
                return null;
            }
            case Expr.Attr a -> {
                reject(a.pos(), sourceOf(a).length(), "values are immutable: `" + sourceOf(a) + " = ...` would modify `"
                        + sourceOf(a.obj()) + "`", "build a new value, e.g. a new tuple or dict `{**d, key: v}`");
                return null;
            }
            case Expr.Starred s -> {
                reject(s.pos(), sourceOf(s).length(), Unsupported.STAR_TARGET, null);
                return null;
            }
            default -> {
                reject(e.pos(), sourceOf(e).length(), "cannot assign to this expression",
                        "the left side of `=` must be a name or a tuple of names");
                return null;
            }
        }
    }

    private Target unpack(List<Expr> items, Pos p, ParserRuleContext ctx, Expr value, String augOp) {
        if (augOp != null) {
            reject(p, 1, "augmented assignment needs a single name on its left", "write `a = a + v` for each name");
            return null;
        }
        List<Target> out = new ArrayList<>();
        for (Expr item : items) {
            Target t = target(item, ctx, value, null);
            if (t == null) {
                return null;
            }
            out.add(t);
        }
        return new Target.Unpack(out, p);
    }

    /** The source text of an expression, rebuilt from its position and the original line. */
    /** Where each expression was written, for diagnostics that quote it (its text is cut out only then). */
    private final java.util.IdentityHashMap<Expr, ParserRuleContext> texts = new java.util.IdentityHashMap<>();

    private String sourceOf(Expr e) {
        ParserRuleContext ctx = texts.get(e);
        return ctx != null ? text(ctx) : "...";
    }

    private <E extends Expr> E remember(E e, ParserRuleContext ctx) {
        texts.put(e, ctx);
        return e;
    }

    private Stmt compound(CompoundStmtContext ctx) {
        if (ctx.ifStmt() != null) {
            IfStmtContext c = ctx.ifStmt();
            List<Expr> tests = new ArrayList<>();
            List<List<Stmt>> bodies = new ArrayList<>();
            List<TestContext> ts = c.test(); // each c.test(i) scans every child: fetch once, or a long elif chain is quadratic
            List<BlockContext> bs = c.block();
            for (int i = 0; i < ts.size(); i++) {
                tests.add(test(ts.get(i)));
                bodies.add(block(bs.get(i)));
            }
            List<Stmt> orElse = bs.size() > ts.size() ? block(bs.get(bs.size() - 1)) : List.of();
            return new Stmt.If(tests, bodies, orElse, pos(c));
        }
        if (ctx.whileStmt() != null) {
            WhileStmtContext w = ctx.whileStmt();
            return new Stmt.While(test(w.test()), block(w.block(0)),
                    w.block().size() > 1 ? block(w.block(1)) : List.of(), pos(w));
        }
        if (ctx.forStmt() != null) {
            ForStmtContext f = ctx.forStmt();
            return new Stmt.For(targetList(f.targetList()), testList(f.testList()), block(f.block(0)),
                    f.block().size() > 1 ? block(f.block(1)) : List.of(), pos(f));
        }
        if (ctx.funcDef() != null) {
            return def(ctx.funcDef(), List.of());
        }
        if (ctx.decorated() != null) {
            List<Expr> decorators = new ArrayList<>();
            for (DecoratorContext d : ctx.decorated().decorator()) {
                decorators.add(test(d.test()));
            }
            return def(ctx.decorated().funcDef(), decorators);
        }
        UnsupportedStmtContext u = ctx.unsupportedStmt();
        String kw = u.kw.getText();
        Unsupported what = switch (kw) {
            case "class" -> Unsupported.CLASS;
            case "try", "except", "finally" -> Unsupported.TRY;
            case "with" -> Unsupported.WITH;
            case "async" -> Unsupported.ASYNC;
            default -> Unsupported.DANGLING_ELSE;
        };
        reject(pos(u), kw.length(), what, kw.equals("except") || kw.equals("finally") ? "try/" + kw : kw);
        return null;
    }

    private Stmt def(FuncDefContext f, List<Expr> decorators) {
        if (f.ASYNC() != null) {
            reject(pos(f), 5, Unsupported.ASYNC, null);
        }
        List<Param> params = f.parameters() == null ? List.of() : parameters(f.parameters());
        return new Stmt.Def(f.NAME().getText(), params, block(f.block()), decorators, pos(f.NAME().getSymbol()));
    }

    private List<Param> parameters(ParametersContext ctx) {
        List<Param> out = new ArrayList<>();
        for (ParameterContext p : ctx.parameter()) {
            switch (p) {
                case PlainParamContext q -> out.add(new Param(q.NAME().getText(),
                        q.ASSIGN() == null ? null : test(q.test(q.test().size() - 1)), Param.Kind.PLAIN, pos(q)));
                case StarParamContext q -> {
                    if (q.NAME() == null) {
                        reject(pos(q), text(q).length(), Unsupported.KEYWORD_ONLY, null);
                    } else {
                        out.add(new Param(q.NAME().getText(), null, Param.Kind.VARARGS, pos(q)));
                    }
                }
                case KwargsParamContext q -> out.add(new Param(q.NAME().getText(), null, Param.Kind.KWARGS, pos(q)));
                default -> { } // a positional-only marker `/` changes nothing for jx's calls
            }
        }
        problems.addAll(ParamOrder.check(source, out));
        return out;
    }

    private List<Param> lambdaParameters(LambdaParametersContext ctx) {
        List<Param> out = new ArrayList<>();
        if (ctx == null) {
            return out;
        }
        for (LambdaParamContext p : ctx.lambdaParam()) {
            switch (p) {
                case PlainLambdaParamContext q -> {
                    Expr d = q.test() == null ? null : test(q.test());
                    if (d instanceof Expr.ListDisplay || d instanceof Expr.DictDisplay) {
                        reject(pos(q.test()), text(q.test()).length(), Unsupported.MUTABLE_DEFAULT, null);
                    }
                    out.add(new Param(q.NAME().getText(), d, Param.Kind.PLAIN, pos(q)));
                }
                case StarLambdaParamContext q -> {
                    if (q.NAME() != null) {
                        out.add(new Param(q.NAME().getText(), null, Param.Kind.VARARGS, pos(q)));
                    }
                }
                case KwargsLambdaParamContext q -> out.add(new Param(q.NAME().getText(), null, Param.Kind.KWARGS, pos(q)));
                default -> throw new IllegalStateException();
            }
        }
        problems.addAll(ParamOrder.check(source, out));
        return out;
    }

    private Target targetList(TargetListContext ctx) {
        List<Target> items = new ArrayList<>();
        for (TargetContext t : ctx.target()) {
            items.add(target(t));
        }
        boolean trailingComma = ctx.COMMA().size() >= ctx.target().size();
        return items.size() == 1 && !trailingComma ? items.get(0) : new Target.Unpack(items, pos(ctx));
    }

    private Target target(TargetContext ctx) {
        return switch (ctx) {
            case NameTargetContext n -> new Target.Name(n.NAME().getText(), pos(n));
            case ParenTargetContext p -> asUnpack(targetList(p.targetList()), pos(p));
            case BrackTargetContext b -> asUnpack(targetList(b.targetList()), pos(b));
            case StarTargetContext s -> {
                reject(pos(s), text(s).length(), Unsupported.STAR_IN_UNPACK, null);
                yield new Target.Name("_", pos(s));
            }
            default -> throw new IllegalStateException();
        };
    }

    private static Target asUnpack(Target t, Pos p) {
        return t instanceof Target.Unpack ? t : new Target.Unpack(List.of(t), p);
    }

    // ---- expressions ----

    private Expr testListStar(TestListStarContext ctx) {
        List<Expr> items = new ArrayList<>();
        for (ParseTree c : ctx.children) {
            if (c instanceof TestContext t) {
                items.add(test(t));
            } else if (c instanceof StarExprContext s) {
                items.add(starExpr(s));
            }
        }
        boolean tuple = items.size() > 1 || !ctx.COMMA().isEmpty();
        return tuple ? remember(new Expr.Tuple(items, pos(ctx)), ctx) : items.get(0);
    }

    private Expr testList(TestListContext ctx) {
        List<Expr> items = new ArrayList<>();
        for (TestContext t : ctx.test()) {
            items.add(test(t));
        }
        boolean tuple = items.size() > 1 || !ctx.COMMA().isEmpty();
        return tuple ? remember(new Expr.Tuple(items, pos(ctx)), ctx) : items.get(0);
    }

    private Expr starExpr(StarExprContext ctx) {
        return remember(new Expr.Starred(expr(ctx.expr()), pos(ctx)), ctx);
    }

    private Expr test(TestContext ctx) {
        Expr e = switch (ctx) {
            case CondTestContext c when c.walrus != null -> {
                reject(pos(c), text(c).length(), Unsupported.WALRUS, null);
                yield test(c.walrus);
            }
            case CondTestContext c -> c.IF() == null ? expr(c.expr(0))
                    : new Expr.IfExp(expr(c.expr(1)), expr(c.expr(0)), test(c.orElse), pos(c.IF().getSymbol()));
            case LambdaTestContext l -> new Expr.Lambda(lambdaParameters(l.lambdaParameters()), test(l.test()), pos(l));
            default -> throw new IllegalStateException();
        };
        return remember(e, ctx);
    }

    private Expr testNoCond(TestNoCondContext ctx) {
        if (ctx.expr() != null) {
            return expr(ctx.expr());
        }
        // lambda in a comprehension condition
        return remember(new Expr.Lambda(lambdaParameters(ctx.lambdaParameters()), testNoCond(ctx.testNoCond()), pos(ctx)), ctx);
    }

    private Expr expr(ExprContext ctx) {
        if (ctx instanceof AtomExprContext a) {
            return atom(a.atom());
        }
        rejectNotOperand(ctx);
        Expr e = switch (ctx) {
            // Trailers are placed at the start of the whole expression: `x[0]`, `f(x)`, `a.b` as written.
            case CallExprContext c -> new Expr.Call(expr(c.expr()), c.argList() == null ? List.of() : args(c.argList()), pos(c));
            case IndexExprContext i -> new Expr.Subscript(expr(i.expr()), subscripts(i.subscriptList()), pos(i));
            case AttrExprContext a -> new Expr.Attr(expr(a.expr()), a.NAME().getText(), pos(a));
            case AwaitExprContext a -> {
                reject(pos(a), 5, Unsupported.AWAIT, null);
                yield expr(a.expr());
            }
            case PowerExprContext p -> new Expr.Binary("**", expr(p.expr(0)), expr(p.expr(1)), pos(p.POWER().getSymbol()));
            case UnaryExprContext u -> unary(u);
            case BinaryExprContext b -> new Expr.Binary(b.op.getText(), expr(b.expr(0)), expr(b.expr(1)), pos(b.op));
            case CompareExprContext c -> compare(c);
            case NotExprContext n -> new Expr.Not(expr(n.expr()), pos(n));
            case AndExprContext a -> new Expr.BoolOp(true, boolOperands(a, AndExprContext.class), pos(a));
            case OrExprContext o -> new Expr.BoolOp(false, boolOperands(o, OrExprContext.class), pos(o));
            default -> throw new IllegalStateException();
        };
        return remember(e, ctx);
    }

    /**
     * The grammar lets `not` start any operand; Python allows it only under `and`, `or`, `not` and
     * on its own, so `a + not b` and `a == not b` are syntax errors there and here.
     */
    private void rejectNotOperand(ExprContext ctx) {
        boolean operator = ctx instanceof BinaryExprContext || ctx instanceof PowerExprContext
                || ctx instanceof UnaryExprContext || ctx instanceof CompareExprContext;
        if (operator && ctx.getChild(ctx.getChildCount() - 1) instanceof NotExprContext n) {
            ParseTree op = ctx.getChild(ctx.getChildCount() - 2);
            reject(n, "`not` cannot be an operand of `"
                    + (op instanceof ParserRuleContext r ? text(r) : op.getText()) + "`",
                    "put the `not` expression in parentheses: (" + text(n) + ")");
        }
    }

    private Expr unary(UnaryExprContext ctx) {
        Expr operand = expr(ctx.expr());
        // Fold negative literals so that -1 is a constant (and indexes like x[-1] stay static).
        if (ctx.op.getType() == JxParser.MINUS && operand instanceof Expr.Const c) {
            if (c.value() instanceof Long l) {
                return new Expr.Const(-l, pos(ctx));
            }
            if (c.value() instanceof Double d) {
                return new Expr.Const(-d, pos(ctx));
            }
            if (c.value() instanceof java.math.BigInteger b) {
                return new Expr.Const(integer(b.negate()), pos(ctx));
            }
        }
        return new Expr.Unary(ctx.op.getText(), operand, pos(ctx));
    }

    /** `a and b and c` parses left-nested; Python's tree has one BoolOp over all three. */
    private List<Expr> boolOperands(ExprContext ctx, Class<? extends ExprContext> kind) {
        List<ExprContext> operands = new ArrayList<>();
        ExprContext left = ctx;
        while (kind.isInstance(left)) {
            operands.add(left.getRuleContext(ExprContext.class, 1));
            left = left.getRuleContext(ExprContext.class, 0);
        }
        operands.add(left);
        List<Expr> out = new ArrayList<>();
        for (int i = operands.size() - 1; i >= 0; i--) {
            out.add(expr(operands.get(i)));
        }
        return out;
    }

    /** `a < b < c` parses left-nested; it is one chained comparison, as in Python. */
    private Expr compare(CompareExprContext ctx) {
        List<ExprContext> operands = new ArrayList<>();
        List<CompOpContext> ops = new ArrayList<>();
        ExprContext left = ctx;
        while (left instanceof CompareExprContext c) {
            operands.add(c.expr(1));
            ops.add(c.compOp());
            left = c.expr(0);
        }
        operands.add(left);
        List<Expr> exprs = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = operands.size() - 1; i >= 0; i--) {
            exprs.add(expr(operands.get(i)));
        }
        for (int i = ops.size() - 1; i >= 0; i--) {
            CompOpContext c = ops.get(i);
            names.add(c.getChildCount() == 2 ? (c.NOT() != null && c.IN() != null ? "not in" : "is not") : c.getText());
        }
        return new Expr.Compare(exprs, names, pos(ops.get(ops.size() - 1)));
    }

    private List<Arg> args(ArgListContext ctx) {
        List<Arg> out = new ArrayList<>();
        for (ArgumentContext a : ctx.argument()) {
            out.add(switch (a) {
                case KeywordArgContext k -> new Expr.Keyword(k.NAME().getText(), test(k.test()), pos(k));
                case StarArgContext s -> new Expr.StarArg(test(s.test()));
                case KwStarArgContext s -> new Expr.KwStarArg(test(s.test()));
                case PositionalArgContext p -> new Expr.Positional(p.compFor() == null ? test(p.test())
                        : remember(new Expr.ListComp(test(p.test()), compFor(p.compFor()), pos(p)), p));
                default -> throw new IllegalStateException();
            });
        }
        return out;
    }

    private List<Expr> subscripts(SubscriptListContext ctx) {
        List<Expr> out = new ArrayList<>();
        for (SubscriptContext s : ctx.subscript()) {
            out.add(switch (s) {
                case IndexSubContext i -> i.sliceTail() == null ? test(i.test()) : slice(test(i.test()), i.sliceTail(), i);
                case StarSubContext st -> starExpr(st.starExpr());
                case SliceSubContext sl -> slice(null, sl.sliceTail(), sl);
                default -> throw new IllegalStateException();
            });
        }
        return out;
    }

    private Expr slice(Expr lo, SliceTailContext tail, ParserRuleContext whole) {
        return remember(new Expr.Slice(lo, tail.hi == null ? null : test(tail.hi),
                tail.step == null ? null : test(tail.step), pos(whole)), whole);
    }

    private List<Expr.Comprehension> compFor(CompForContext ctx) {
        List<Expr.Comprehension> out = new ArrayList<>();
        CompForContext f = ctx;
        while (f != null) {
            Target t = targetList(f.targetList());
            Expr iter = expr(f.expr());
            List<Expr> conds = new ArrayList<>();
            CompIterContext it = f.compIter();
            f = null;
            while (it != null) {
                if (it.compFor() != null) {
                    f = it.compFor();
                    it = null;
                } else {
                    conds.add(testNoCond(it.compIf().testNoCond()));
                    it = it.compIf().compIter();
                }
            }
            out.add(new Expr.Comprehension(t, iter, conds));
        }
        return out;
    }

    private Expr atom(AtomContext ctx) {
        Pos p = pos(ctx);
        Expr e = switch (ctx) {
            case ParenAtomContext a -> {
                if (a.yieldExpr() != null) {
                    yield rejectYield(a.yieldExpr());
                }
                if (a.testListComp() == null) {
                    yield new Expr.Tuple(List.of(), p);
                }
                TestListCompContext t = a.testListComp();
                if (t.compFor() != null) {
                    yield new Expr.ListComp(elements(t).get(0), compFor(t.compFor()), p);
                }
                List<Expr> items = elements(t);
                yield items.size() == 1 && t.COMMA().isEmpty() ? items.get(0) : new Expr.Tuple(items, p);
            }
            case ListAtomContext a -> {
                if (a.testListComp() == null) {
                    yield new Expr.ListDisplay(List.of(), p);
                }
                TestListCompContext t = a.testListComp();
                yield t.compFor() != null ? new Expr.ListComp(elements(t).get(0), compFor(t.compFor()), p)
                        : new Expr.ListDisplay(elements(t), p);
            }
            case DictAtomContext a -> dict(a.dictOrSet(), p);
            case NameAtomContext n -> new Expr.Name(n.NAME().getText(), p);
            case NumberAtomContext n -> number(n.NUMBER().getSymbol());
            case StringAtomContext s -> strings(s.STRING());
            case EllipsisAtomContext x -> new Expr.Const(Expr.Marker.ELLIPSIS, p);
            case NoneAtomContext x -> new Expr.Const(Expr.Marker.NONE, p);
            case TrueAtomContext x -> new Expr.Const(Boolean.TRUE, p);
            case FalseAtomContext x -> new Expr.Const(Boolean.FALSE, p);
            case YieldAtomContext y -> rejectYield(y.yieldExpr());
            default -> throw new IllegalStateException();
        };
        return remember(e, ctx);
    }

    private Expr rejectYield(YieldExprContext y) {
        reject(pos(y), 5, Unsupported.YIELD, null);
        return new Expr.Const(Expr.Marker.NONE, pos(y));
    }

    private List<Expr> elements(TestListCompContext t) {
        List<Expr> items = new ArrayList<>();
        for (ParseTree c : t.children) {
            if (c instanceof TestContext x) {
                items.add(test(x));
            } else if (c instanceof StarExprContext s) {
                items.add(starExpr(s));
            }
        }
        return items;
    }

    private Expr dict(DictOrSetContext ctx, Pos p) {
        if (ctx == null) {
            return new Expr.DictDisplay(List.of(), List.of(), p);
        }
        return switch (ctx) {
            case DictCompContext c -> {
                DictItemContext item = c.dictItem();
                if (item.key == null) {
                    reject(item, "`**` is not allowed in a dict comprehension", null);
                    yield new Expr.DictDisplay(List.of(), List.of(), p);
                }
                yield new Expr.DictComp(test(item.key), test(item.value), compFor(c.compFor()), p);
            }
            case DictDisplayContext d -> {
                List<Expr> keys = new ArrayList<>();
                List<Expr> values = new ArrayList<>();
                for (DictItemContext item : d.dictItem()) {
                    keys.add(item.key == null ? null : test(item.key));
                    values.add(item.key == null ? expr(item.expr()) : test(item.value));
                }
                yield new Expr.DictDisplay(keys, values, p);
            }
            default -> {
                reject(pos(ctx), text(ctx).length(), Unsupported.SET, null);
                yield new Expr.DictDisplay(List.of(), List.of(), p);
            }
        };
    }

    private Expr number(Token t) {
        String s = t.getText().replace("_", "");
        Pos p = pos(t);
        char last = s.charAt(s.length() - 1);
        if (last == 'j' || last == 'J') {
            return new Expr.Const(new PyComplex(0.0, Double.parseDouble(s.substring(0, s.length() - 1))), p);
        }
        String lower = s.toLowerCase();
        if (s.contains(".") || (lower.contains("e") && !lower.startsWith("0x"))) {
            return new Expr.Const(Double.parseDouble(s), p);
        }
        int radix = lower.startsWith("0x") ? 16 : lower.startsWith("0o") ? 8 : lower.startsWith("0b") ? 2 : 10;
        return new Expr.Const(integer(new java.math.BigInteger(radix == 10 ? s : s.substring(2), radix)), p);
    }

    /** Python's ints are unbounded: a literal is a Long when it fits 64 bits, else a BigInteger (as jx.eval keeps them). */
    private static Object integer(java.math.BigInteger b) {
        return b.bitLength() < 64 ? (Object) b.longValue() : b;
    }

    // ---- strings and f-strings ----

    private Expr strings(List<TerminalNode> tokens) {
        List<Expr.FPart> parts = new ArrayList<>();
        boolean formatted = false;
        for (TerminalNode node : tokens) {
            Token t = node.getSymbol();
            String raw = t.getText();
            int q = 0;
            while (raw.charAt(q) != '\'' && raw.charAt(q) != '"') {
                q++;
            }
            String prefix = raw.substring(0, q).toLowerCase();
            int quoteLen = raw.startsWith("\"\"\"", q) || raw.startsWith("'''", q) ? 3 : 1;
            String body = raw.substring(q + quoteLen, raw.length() - quoteLen);
            boolean isRaw = prefix.contains("r");
            if (prefix.contains("b")) {
                reject(pos(t), raw.length(), Unsupported.BYTES, null);
            }
            if (prefix.contains("f")) {
                formatted = true;
                fstring(body, isRaw, t, q + quoteLen, parts);
            } else {
                parts.add(new Expr.FText(isRaw ? body : unescape(body, pos(t))));
            }
        }
        Pos p = pos(tokens.get(0).getSymbol());
        if (!formatted) {
            StringBuilder sb = new StringBuilder();
            for (Expr.FPart part : parts) {
                sb.append(((Expr.FText) part).text());
            }
            return new Expr.Const(sb.toString(), p);
        }
        return new Expr.FString(parts, p);
    }

    /** Splits an f-string body into text and replacement fields, parsing each field's expression. */
    private void fstring(String body, boolean isRaw, Token t, int bodyOffset, List<Expr.FPart> out) {
        StringBuilder text = new StringBuilder();
        int i = 0;
        while (i < body.length()) {
            char c = body.charAt(i);
            if (c == '{' && i + 1 < body.length() && body.charAt(i + 1) == '{') {
                text.append('{');
                i += 2;
            } else if (c == '}' && i + 1 < body.length() && body.charAt(i + 1) == '}') {
                text.append('}');
                i += 2;
            } else if (c == '{') {
                if (!text.isEmpty()) {
                    out.add(new Expr.FText(isRaw ? text.toString() : unescape(text.toString(), pos(t))));
                    text.setLength(0);
                }
                i = field(body, i + 1, t, bodyOffset, out);
            } else if (c == '}') {
                reject(fieldPos(t, bodyOffset + i), 1, "f-string: single '}' is not allowed", "write `}}` for a literal brace");
                i++;
            } else {
                text.append(c);
                i++;
            }
        }
        if (!text.isEmpty()) {
            out.add(new Expr.FText(isRaw ? text.toString() : unescape(text.toString(), pos(t))));
        }
    }

    private Pos fieldPos(Token t, int offsetInToken) {
        String raw = t.getText();
        int line = t.getLine();
        int col = t.getCharPositionInLine();
        for (int k = 0; k < offsetInToken && k < raw.length(); k++) {
            if (raw.charAt(k) == '\n') {
                line++;
                col = 0;
            } else {
                col++;
            }
        }
        return line == 1 ? new Pos(lineOffset + 1, colOffset + col) : new Pos(lineOffset + line, col);
    }

    /** Parses one {expr!c:spec} starting after '{'; returns the index after the closing '}'. */
    private int field(String body, int start, Token t, int bodyOffset, List<Expr.FPart> out) {
        int depth = 0;
        int i = start;
        char quote = 0;
        int exprEnd = -1;
        int convAt = -1;
        int specAt = -1;
        for (; i < body.length(); i++) {
            char c = body.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
                depth--;
            } else if (depth == 0 && c == '!' && i + 1 < body.length() && body.charAt(i + 1) != '=' && convAt < 0 && specAt < 0) {
                convAt = i;
                exprEnd = exprEnd < 0 ? i : exprEnd;
            } else if (depth == 0 && c == ':' && specAt < 0) {
                specAt = i;
                exprEnd = exprEnd < 0 ? i : exprEnd;
            } else if (depth == 0 && c == '}') {
                break;
            }
        }
        Pos at = fieldPos(t, bodyOffset + start);
        if (i >= body.length()) {
            reject(at, 1, "f-string: expecting '}'", "close the replacement field with `}`");
            return body.length();
        }
        if (exprEnd < 0) {
            exprEnd = i;
        }
        String exprText = body.substring(start, exprEnd);
        boolean debug = exprText.stripTrailing().endsWith("=") && !exprText.stripTrailing().endsWith("==");
        String parsedText = debug ? exprText.stripTrailing().substring(0, exprText.stripTrailing().length() - 1) : exprText;
        char conv = convAt >= 0 && convAt + 1 < body.length() ? body.charAt(convAt + 1) : (debug && specAt < 0 ? 'r' : 0);
        if (convAt >= 0 && "sra".indexOf(conv) < 0) {
            reject(at, 1, "f-string: invalid conversion character: expected 's', 'r', or 'a'", "use !s, !r or !a");
        }
        List<Expr.FPart> spec = new ArrayList<>();
        if (specAt >= 0) {
            String specText = body.substring(specAt + 1, i);
            if (specText.contains("{")) {
                fstring(specText, true, t, bodyOffset + specAt + 1, spec);
            } else if (!specText.isEmpty()) {
                spec.add(new Expr.FText(specText));
            }
        }
        if (parsedText.isBlank()) {
            reject(at, 1, "f-string: empty expression not allowed", "put an expression between the braces");
            return i + 1;
        }
        try {
            Expr e = Parser.parseField(source, parsedText, at.line(), at.col(), problems);
            if (debug) {
                out.add(new Expr.FText(exprText));
            }
            out.add(new Expr.FField(e, parsedText.strip(), conv, spec));
        } catch (Parser.SyntaxError err) {
            problems.add(err.diagnostic);
        }
        return i + 1;
    }

    private String unescape(String s, Pos p) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= s.length()) {
                out.append(c);
                continue;
            }
            char n = s.charAt(++i);
            switch (n) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case '\\' -> out.append('\\');
                case '\'' -> out.append('\'');
                case '"' -> out.append('"');
                case '0' -> out.append('\0');
                case 'a' -> out.append('\007');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'v' -> out.append('\013');
                case '\n' -> { }
                case 'x', 'u', 'U' -> {
                    int len = n == 'x' ? 2 : n == 'u' ? 4 : 8;
                    if (i + len < s.length() + 0 && i + len <= s.length() - 1 + 1) {
                        try {
                            out.appendCodePoint(Integer.parseInt(s.substring(i + 1, i + 1 + len), 16));
                            i += len;
                        } catch (RuntimeException e) {
                            reject(p, 1, "invalid \\" + n + " escape in string", null);
                        }
                    } else {
                        reject(p, 1, "invalid \\" + n + " escape in string", null);
                    }
                }
                case 'N' -> i = NamedEscape.append(source, s, i, out, p, problems);
                default -> out.append('\\').append(n);
            }
        }
        return out.toString();
    }
}

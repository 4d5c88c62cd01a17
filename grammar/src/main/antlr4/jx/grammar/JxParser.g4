// The syntax of jx: Python's statement and expression grammar, restricted to the pure subset of
// LANGUAGE.md section 2. Constructs outside the subset still parse (unsupportedStmt, yield/await
// atoms, del/global/nonlocal/raise) so that the tree builder can reject them by name.
parser grammar JxParser;

options { tokenVocab = JxLexer; }

fileInput : ( NEWLINE | stmt )* EOF;

// An f-string's replacement field is parsed on its own with this rule.
fieldInput : NEWLINE* testList NEWLINE* EOF;

stmt : simpleStmts | compoundStmt;

simpleStmts : simpleStmt ( SEMI simpleStmt )* SEMI? ( NEWLINE | EOF );

// Each statement is decided by its first token, and an assignment by the token after its left
// side: alternatives that all begin with an expression would make ANTLR scan it twice.
simpleStmt
    : testListStar assignTail?                            # exprOrAssignStmt
    | RETURN testList?                                    # returnStmt
    | PASS                                                # passStmt
    | BREAK                                               # breakStmt
    | CONTINUE                                            # continueStmt
    | ASSERT test ( COMMA test )?                         # assertStmt
    | IMPORT dottedAsName ( COMMA dottedAsName )*         # importStmt
    | FROM dottedName IMPORT ( STAR | OPEN_PAREN importAsNames COMMA? CLOSE_PAREN | importAsNames ) # fromImportStmt
    | kw=( GLOBAL | NONLOCAL ) NAME ( COMMA NAME )*       # scopeStmt
    | DEL testList                                        # delStmt
    | RAISE ( test ( FROM test )? )?                      # raiseStmt
    ;

assignTail
    : ( ASSIGN testListStar )+                            # plainAssign
    | augOp=( ADD_ASSIGN | SUB_ASSIGN | MUL_ASSIGN | AT_ASSIGN | DIV_ASSIGN
        | MOD_ASSIGN | AND_ASSIGN | OR_ASSIGN | XOR_ASSIGN | LSHIFT_ASSIGN | RSHIFT_ASSIGN
        | POW_ASSIGN | IDIV_ASSIGN ) testList              # augAssign
    | COLON test ( ASSIGN testList )?                     # annAssign
    ;

dottedAsName : dottedName ( AS NAME )?;
importAsNames : importAsName ( COMMA importAsName )*;
importAsName : NAME ( AS NAME )?;
dottedName : NAME ( DOT NAME )*;

compoundStmt
    : ifStmt
    | whileStmt
    | forStmt
    | funcDef
    | decorated
    | unsupportedStmt
    ;

// class, try/except/finally, with, async: recognised by their keyword and skipped to the end of
// their block, so that the diagnostic can name the construct instead of a token.
unsupportedStmt
    : kw=( CLASS | TRY | EXCEPT | FINALLY | WITH | ASYNC | ELSE ) ~NEWLINE* NEWLINE ( INDENT skipped* DEDENT )?
    ;
skipped : ~( INDENT | DEDENT ) | INDENT skipped* DEDENT;

ifStmt : IF test COLON block ( ELIF test COLON block )* ( ELSE COLON block )?;
whileStmt : WHILE test COLON block ( ELSE COLON block )?;
forStmt : FOR targetList IN testList COLON block ( ELSE COLON block )?;
decorated : decorator+ funcDef;
decorator : AT test NEWLINE;
funcDef : ASYNC? DEF NAME OPEN_PAREN parameters? CLOSE_PAREN ( ARROW test )? COLON block;

block : simpleStmts | NEWLINE INDENT stmt+ DEDENT;

parameters : parameter ( COMMA parameter )* COMMA?;
parameter
    : NAME ( COLON test )? ( ASSIGN test )?               # plainParam
    | STAR NAME? ( COLON test )?                          # starParam
    | POWER NAME ( COLON test )?                          # kwargsParam
    | DIV                                                 # slashParam
    ;

lambdaParameters : lambdaParam ( COMMA lambdaParam )* COMMA?;
lambdaParam
    : NAME ( ASSIGN test )?                               # plainLambdaParam
    | STAR NAME?                                          # starLambdaParam
    | POWER NAME                                          # kwargsLambdaParam
    ;

targetList : target ( COMMA target )* COMMA?;
target
    : NAME                                                # nameTarget
    | OPEN_PAREN targetList CLOSE_PAREN                   # parenTarget
    | OPEN_BRACK targetList CLOSE_BRACK                   # brackTarget
    | STAR target                                         # starTarget
    ;

// ---- expressions, loosest binding first ----
testListStar : ( test | starExpr ) ( COMMA ( test | starExpr ) )* COMMA?;
testList : test ( COMMA test )* COMMA?;
starExpr : STAR expr;

// The walrus is an optional tail (rejected later) rather than an alternative `NAME WALRUS test`,
// which would make every test look two tokens ahead.
test
    : expr ( IF expr ELSE orElse=test | WALRUS walrus=test )?   # condTest
    | LAMBDA lambdaParameters? COLON test                 # lambdaTest
    ;
testNoCond : expr | LAMBDA lambdaParameters? COLON testNoCond;

// Every operator from Python's `or` up to its trailers, in one left-recursive rule, tightest first.
// ANTLR turns it into a loop climbing by precedence, so an atom costs one rule invocation and one
// prediction instead of a chain of fifteen (or, and, not, comparison, |, ^, &, shifts, +, *, unary,
// **, await, trailers), which made the parse of a long script several times slower in a cold JVM.
expr
    : atom                                                # atomExpr
    | expr OPEN_PAREN argList? CLOSE_PAREN                # callExpr
    | expr OPEN_BRACK subscriptList CLOSE_BRACK           # indexExpr
    | expr DOT NAME                                       # attrExpr
    | AWAIT expr                                          # awaitExpr
    | <assoc=right> expr POWER expr                       # powerExpr
    | op=( PLUS | MINUS | TILDE ) expr                    # unaryExpr
    | expr op=( STAR | AT | DIV | MOD | IDIV ) expr       # binaryExpr
    | expr op=( PLUS | MINUS ) expr                       # binaryExpr
    | expr op=( LSHIFT | RSHIFT ) expr                    # binaryExpr
    | expr op=AMP expr                                    # binaryExpr
    | expr op=CARET expr                                  # binaryExpr
    | expr op=PIPE expr                                   # binaryExpr
    | expr compOp expr                                    # compareExpr
    | NOT expr                                            # notExpr
    | expr AND expr                                       # andExpr
    | expr OR expr                                        # orExpr
    ;
// `is not` before `is`: `a is not b` could also read as `a is (not b)`, and ANTLR takes the first.
compOp : IS NOT | NOT IN | LT | GT | EQ | GE | LE | NE | IN | IS;

atom
    : OPEN_PAREN ( yieldExpr | testListComp )? CLOSE_PAREN   # parenAtom
    | OPEN_BRACK testListComp? CLOSE_BRACK                   # listAtom
    | OPEN_BRACE dictOrSet? CLOSE_BRACE                      # dictAtom
    | NAME                                                   # nameAtom
    | NUMBER                                                 # numberAtom
    | STRING+                                                # stringAtom
    | ELLIPSIS                                               # ellipsisAtom
    | NONE                                                   # noneAtom
    | TRUE                                                   # trueAtom
    | FALSE                                                  # falseAtom
    | yieldExpr                                              # yieldAtom
    ;
yieldExpr : YIELD ( FROM test | testList )?;

testListComp : ( test | starExpr ) ( compFor | ( COMMA ( test | starExpr ) )* COMMA? );

trailer
    : OPEN_PAREN argList? CLOSE_PAREN                     # callTrailer
    | OPEN_BRACK subscriptList CLOSE_BRACK                # indexTrailer
    | DOT NAME                                            # attrTrailer
    ;

subscriptList : subscript ( COMMA subscript )* COMMA?;
subscript
    : test sliceTail?                                     # indexSub
    | starExpr                                            # starSub
    | sliceTail                                           # sliceSub
    ;
sliceTail : COLON hi=test? ( COLON step=test? )?;

dictOrSet
    : dictItem compFor                                    # dictComp
    | dictItem ( COMMA dictItem )* COMMA?                 # dictDisplay
    | ( test | starExpr ) compFor                         # setComp
    | ( test | starExpr ) ( COMMA ( test | starExpr ) )* COMMA? # setDisplay
    ;
dictItem : key=test COLON value=test | POWER expr;

argList : argument ( COMMA argument )* COMMA?;
argument
    : NAME ASSIGN test                                    # keywordArg
    | STAR test                                           # starArg
    | POWER test                                          # kwStarArg
    | test compFor?                                       # positionalArg
    ;

compFor : ASYNC? FOR targetList IN expr compIter?;
compIter : compFor | compIf;
compIf : IF testNoCond compIter?;

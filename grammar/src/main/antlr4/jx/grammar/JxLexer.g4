// Tokens of jx: Python's lexical structure. INDENT/DEDENT and the suppression of newlines inside
// brackets are produced by JxLexerBase, since they depend on state a lexer rule cannot see.
lexer grammar JxLexer;

options { superClass = JxLexerBase; }

tokens { INDENT, DEDENT }

// Keywords of the subset
DEF      : 'def';
RETURN   : 'return';
LAMBDA   : 'lambda';
IF       : 'if';
ELIF     : 'elif';
ELSE     : 'else';
FOR      : 'for';
IN       : 'in';
WHILE    : 'while';
BREAK    : 'break';
CONTINUE : 'continue';
PASS     : 'pass';
ASSERT   : 'assert';
IMPORT   : 'import';
FROM     : 'from';
AS       : 'as';
NOT      : 'not';
AND      : 'and';
OR       : 'or';
IS       : 'is';
NONE     : 'None';
TRUE     : 'True';
FALSE    : 'False';

// Keywords outside the subset: lexed so that the parser can name them in its diagnostic
CLASS    : 'class';
TRY      : 'try';
EXCEPT   : 'except';
FINALLY  : 'finally';
WITH     : 'with';
YIELD    : 'yield';
ASYNC    : 'async';
AWAIT    : 'await';
GLOBAL   : 'global';
NONLOCAL : 'nonlocal';
DEL      : 'del';
RAISE    : 'raise';

// No semantic predicate here: one reachable from the start state keeps ANTLR from caching the
// lexer's DFA start state, which made lexing 20x slower. Leading indentation is JxLexerBase's.
NEWLINE : ( '\r'? '\n' | '\r' | '\f' ) SPACES? { this.onNewLine(); } ;

NAME : ID_START ID_CONTINUE*;

NUMBER
    : DIGITS ( '.' DIGITS? )? EXPONENT? IMAG?
    | '.' DIGITS EXPONENT? IMAG?
    | '0' [xX] [0-9a-fA-F_]+
    | '0' [oO] [0-7_]+
    | '0' [bB] [01_]+
    ;

STRING : STRING_PREFIX? ( SHORT_STRING | LONG_STRING );

ELLIPSIS   : '...';
DOT        : '.';
STAR       : '*';
POWER      : '**';
OPEN_PAREN : '(' { this.openBracket(); };
CLOSE_PAREN: ')' { this.closeBracket(); };
OPEN_BRACK : '[' { this.openBracket(); };
CLOSE_BRACK: ']' { this.closeBracket(); };
OPEN_BRACE : '{' { this.openBracket(); };
CLOSE_BRACE: '}' { this.closeBracket(); };
COMMA      : ',';
COLON      : ':';
SEMI       : ';';
WALRUS     : ':=';
ARROW      : '->';
ASSIGN     : '=';
PLUS       : '+';
MINUS      : '-';
DIV        : '/';
IDIV       : '//';
MOD        : '%';
AT         : '@';
TILDE      : '~';
AMP        : '&';
PIPE       : '|';
CARET      : '^';
LSHIFT     : '<<';
RSHIFT     : '>>';
LT         : '<';
GT         : '>';
EQ         : '==';
GE         : '>=';
LE         : '<=';
NE         : '!=';
ADD_ASSIGN : '+=';
SUB_ASSIGN : '-=';
MUL_ASSIGN : '*=';
AT_ASSIGN  : '@=';
DIV_ASSIGN : '/=';
MOD_ASSIGN : '%=';
AND_ASSIGN : '&=';
OR_ASSIGN  : '|=';
XOR_ASSIGN : '^=';
LSHIFT_ASSIGN : '<<=';
RSHIFT_ASSIGN : '>>=';
POW_ASSIGN : '**=';
IDIV_ASSIGN: '//=';

SKIP_ : ( SPACES | COMMENT | LINE_JOINING ) -> skip;

// A string whose closing quote is missing: longer matches win, so a terminated one is a STRING.
UNTERMINATED_STRING
    : STRING_PREFIX? ( '\'' ( '\\' . | ~[\\\r\n'] )* | '"' ( '\\' . | ~[\\\r\n"] )* )
    ;
// Its body cannot hold the closing quotes: a body running on to EOF past them would be the longer
// match, and every terminated triple-quoted string would lex as unterminated.
UNTERMINATED_LONG_STRING
    : STRING_PREFIX? ( '\'\'\'' LONG_BODY_SQ EOF | '"""' LONG_BODY_DQ EOF )
    ;

// Anything else is reported by the parser as an unexpected character.
UNKNOWN_CHAR : . ;

fragment STRING_PREFIX : [rRfFbBuU] | [rR][fFbB] | [fFbB][rR];
fragment SHORT_STRING
    : '\'' ( '\\' . | ~[\\\r\n'] )* '\''
    | '"'  ( '\\' . | ~[\\\r\n"] )* '"'
    ;
fragment LONG_STRING
    : '\'\'\'' ( '\\' . | . )*? '\'\'\''
    | '"""'    ( '\\' . | . )*? '"""'
    ;
// Text without three quotes in a row: runs of one or two quotes, each before another character.
fragment LONG_BODY_SQ : ( '\'' '\''? )? ( ( '\\' . | ~['\\] ) ( '\'' '\''? )? )* ;
fragment LONG_BODY_DQ : ( '"' '"'? )? ( ( '\\' . | ~["\\] ) ( '"' '"'? )? )* ;
fragment DIGITS   : [0-9] [0-9_]*;
fragment EXPONENT : [eE] [+-]? DIGITS;
fragment IMAG     : [jJ];
fragment SPACES   : [ \t]+;
fragment COMMENT  : '#' ~[\r\n\f]*;
fragment LINE_JOINING : '\\' SPACES? ( '\r'? '\n' | '\r' | '\f' );
fragment ID_START : [a-zA-Z_] | [\p{L}];
fragment ID_CONTINUE : ID_START | [0-9] | [\p{Mn}\p{Mc}\p{Nd}\p{Pc}];

package jx.syntax;

/**
 * Python constructs outside jx's subset, each with the message and the hint the tree builder
 * reports where it meets one (%s: the words of the program it quotes).
 */
enum Unsupported {
    FROM_IMPORT_STAR("`from ... import *` is not supported in jx", "import the names you use: `from %s import a, b`"),
    SCOPE("`%s` is not supported in jx: values are immutable",
            "return the new value from the function and bind it where it is called"),
    DEL("`del` is not supported in jx: values are immutable",
            "bind a new value instead, e.g. `d = {k: v for k, v in d.items() if k != key}`"),
    RAISE("`raise` is not supported in jx", "use `assert condition, \"message\"` to stop with an error"),
    CLASS("`class` is not supported in jx", "use functions over tuples, dicts or named pytrees instead of classes"),
    TRY("`%s` is not supported in jx", "check conditions with `if` or `jnp.where`; errors stop the program"),
    WITH("`with` is not supported in jx", "call the functions directly; jx has no context managers"),
    ASYNC("`async` is not supported in jx", "jx runs sequentially; remove `async`"),
    AWAIT("`await` is not supported in jx", "jx runs sequentially; remove `await`"),
    DANGLING_ELSE("`else` is not supported in jx", "`else` must follow an `if`, `for` or `while` block"),
    STAR_TARGET("star-expressions in assignment targets are not supported in jx",
            "unpack a fixed number of names, or slice: `first, rest = xs[0], xs[1:]`"),
    STAR_IN_UNPACK("star-expressions in assignment targets are not supported in jx", "unpack a fixed number of names"),
    KEYWORD_ONLY("keyword-only parameters (a bare `*`) are not supported in jx", "remove the `*`"),
    MUTABLE_DEFAULT("mutable container defaults are not supported in jx",
            "use a tuple default, or `None` and build the container inside"),
    WALRUS("the walrus operator `:=` is not supported in jx", "bind the value with `=` on its own line"),
    YIELD("`yield` is not supported in jx", "return a list or tuple of the values instead"),
    SET("sets are not supported in jx", "use a tuple, a list or a dict"),
    BYTES("bytes literals are not supported in jx", "use a str literal");

    private final String message;
    private final String hint;

    Unsupported(String message, String hint) {
        this.message = message;
        this.hint = hint;
    }

    String message(String quoted) {
        return message.contains("%s") ? message.formatted(quoted) : message;
    }

    String hint(String quoted) {
        return hint == null || !hint.contains("%s") ? hint : hint.formatted(quoted);
    }
}

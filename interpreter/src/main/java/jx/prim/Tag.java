package jx.prim;

/** What kind of operation a primitive is: the passes read these instead of lists of names. */
public enum Tag {
    /** Elementwise over its (broadcast) array arguments: the result has their broadcast shape. */
    ELEMENTWISE,
    /** Reduces over axes; with axis=None to a scalar. */
    REDUCTION,
    /** Also an array method: {@code x.name(...)} is {@code jnp.name(x, ...)} for every interpretation. */
    METHOD,
    /** Always returns one array (what the checker knows about a value it did not see made). */
    ARRAY,
    /** Its result carries no derivative: sizes, shapes, indices, booleans, constants. */
    NONDIFF,
}

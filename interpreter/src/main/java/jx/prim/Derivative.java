package jx.prim;

import java.util.List;

/** How jax.grad differentiates a primitive: the one derivative of its registry row. */
public sealed interface Derivative {
    /**
     * A cotangent expression in jx per parameter (null: none flows to it) over the parameters, the
     * output {@code y} and its cotangent {@code g}; names lists the parameters as the expressions
     * call them (the row's own names, unless one of them is y or g).
     */
    record Rule(List<String> names, List<String> templates) implements Derivative {}

    /** Differentiated through a jx function of the same parameters, in terms of functions with rules. */
    record Definition(String module, String function) implements Derivative {}

    /**
     * A Java vjp for a function no expression can state (tree_map, scan, einsum): first order only.
     * vjp is the transformations' {@code jx.ad.Rules.Custom}; this layer only carries it.
     */
    record Custom(Object vjp) implements Derivative {}

    /** Not differentiable yet: jax.grad through it says so instead of guessing. */
    record NoneYet() implements Derivative {}

    NoneYet NONE_YET = new NoneYet();
}

package jx.prim;

import java.util.List;

/** How jax.grad differentiates a primitive: the one derivative of its registry row. */
public sealed interface Derivative {
    /**
     * A cotangent expression in jx per parameter (null: none flows to it) over the parameters, the
     * output {@code y} and its cotangent {@code g}; names lists the parameters as the expressions
     * call them (the row's own names, unless one of them is y or g). jvps: forward mode's rule, a
     * tangent expression per parameter over the same names, y and that parameter's tangent {@code t}
     * (linear in t; the output's tangent is the sum over the parameters that carry one), or null
     * where jx.ad derives it (elementwise rows) or has none.
     */
    record Rule(List<String> names, List<String> templates, List<String> jvps) implements Derivative {
        public Rule(List<String> names, List<String> templates) {
            this(names, templates, null);
        }
    }

    /** Differentiated through a jx function of the same parameters, in terms of functions with rules. */
    record Definition(String module, String function) implements Derivative {}

    /**
     * A Java vjp for a function no expression can state (scan, einsum). vjp is the transformations'
     * {@code jx.ad.Rules.Custom}; this layer only carries it. again (or null: first order only) is
     * the jx function its derivative is differentiated through, for second derivatives.
     */
    record Custom(Object vjp, Definition again) implements Derivative {
        public Custom(Object vjp) {
            this(vjp, null);
        }
    }

    /** Not differentiable yet: jax.grad through it says so instead of guessing. */
    record NoneYet() implements Derivative {}

    NoneYet NONE_YET = new NoneYet();
}

package jx.prim;

import java.util.Map;

/** How jax.vmap batches a primitive: the batching rule of its registry row (jx.batch applies it). */
public sealed interface Batching {
    /**
     * The array argument (the row's first parameter) keeps its meaning per example; the parameter
     * {@code axis} names axes of it, which move one place right past the batch axis. none says what
     * axis=None means: REDUCE all of the example's axes, FLATTEN the example first.
     */
    record Axis(String axis, None none) implements Batching {}

    enum None { REDUCE, FLATTEN }

    /**
     * jx expressions over the row's parameters, one per set of batched parameters (sorted, joined
     * by ","), each value in its batched layout (batch axis first); {@code _B} is the batch size.
     * A call whose batched set has no template broadcasts its other parameters to the smallest
     * set that has one. batched: whether the result is (false for shapes, sizes and the like).
     */
    record Templates(Map<String, String> templates, boolean batched) implements Batching {}
}

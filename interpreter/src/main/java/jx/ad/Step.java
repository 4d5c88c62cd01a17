package jx.ad;

import java.util.List;

import jx.core.Core;

/**
 * What the forward sweep of the reverse-mode transform did, recorded so that the backward sweep can
 * be generated in reverse: every binding that may carry a cotangent, and the structure of control
 * flow (which branch ran, which loop iterations ran) that the backward sweep must replay.
 */
sealed interface Step {
    /** v = prim, where prim applies a primitive with a derivative rule to atoms. */
    record Prim(Core.Local v, Rule rule, List<Core> args) implements Step {}

    /** v = r[0] where r = _vjp_call(fn, args...): the callee's own backward function is r[1]. */
    record Call(Core.Local v, Core.Local r, Core fn, List<Core> args) implements Step {}

    /** to = from, a copy (snapshot of a carried name, or a name taking its final version). */
    record Copy(Core to, Core from) implements Step {}

    /** v = (a0, a1, ...) or [..] or {k: ..}: cotangent i of v flows to item i. */
    record Pack(Core.Local v, List<Core> items, List<Core> keys) implements Step {}

    /** if flag == 0: branches[0] ... else: ... */
    record Branch(Core.Local flag, List<List<Step>> branches) implements Step {}

    /** A loop whose iterations pushed the tuple of saved slots onto tape. */
    record Loop(Core.Local tape, List<Core.Local> saved, List<Step> body) implements Step {}
}

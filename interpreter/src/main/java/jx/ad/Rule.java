package jx.ad;

import java.util.List;
import java.util.Map;

import jx.core.Core;
import jx.prim.Derivative;
import jx.prim.Prim;
import jx.prim.Registry;

/**
 * The derivative rule of one primitive, as transformations read it from its registry row: for each
 * parameter, a jx expression for its cotangent in terms of the parameters (called by {@code names}),
 * the output {@code y} and the output's cotangent {@code g} (null: no gradient flows to it). Rules
 * are expanded inline into derived programs, so derived programs stay readable jx.
 *
 * @param params the function's own parameters, which calls bind by keyword
 */
public record Rule(String name, List<String> params, List<String> names, Map<String, Object> defaults,
                   List<String> templates, Registry registry) {
    /** The rule of a row whose derivative is a rule, else null. */
    static Rule of(Prim p, Registry registry) {
        if (p == null || !(p.derivative() instanceof Derivative.Rule r)) {
            return null;
        }
        return new Rule(p.name(), p.params(), r.names(), p.defaults(), r.templates(), registry);
    }

    /** The templates as core IR, parsed on first use in the session (start-up declares many rules, uses few). */
    public List<Core> cotangents() {
        return Rules.parsed(this);
    }
}

package jx.ad;

import java.util.List;
import java.util.Map;

import jx.core.Core;

/**
 * The derivative of one primitive, as jx source: for each parameter, an expression for its
 * cotangent in terms of the parameters, the output {@code y} and the output's cotangent {@code g}
 * (null: no gradient flows to that parameter). Rules are written beside their primitive's
 * definition and expanded inline into derived programs, so derived programs stay readable jx.
 */
public record Rule(String name, List<String> params, Map<String, Object> defaults, List<String> templates) {
    /** The templates as core IR, parsed on first use (start-up registers many rules, uses few). */
    public List<Core> cotangents() {
        return Rules.parsed(this);
    }
}

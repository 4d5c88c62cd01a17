package jx.check;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jx.core.Core;
import jx.diag.Diagnostic;

/**
 * Sharper hints for item assignments the parser refused, once the lowered module says what was
 * assigned into: {@code x.at[0] = 1} needs the update assigned back to x, and an item of a dict is
 * replaced by building a new dict, not by {@code .at[]}.
 */
public final class Hints {
    private static final Pattern ITEM_ASSIGN =
            Pattern.compile("arrays are immutable: `(.+)\\[(.*)] = (.+)` would modify `(.+)`");

    private Hints() {}

    /** Replaces, in place, the diagnostics of {@code problems} this module lets us say more about. */
    public static void refine(List<Diagnostic> problems, Core.Module module, jx.prim.Registry registry) {
        Bindings bindings = null;
        for (int i = 0; i < problems.size(); i++) {
            Diagnostic d = problems.get(i);
            Matcher m = ITEM_ASSIGN.matcher(d.message());
            if (!m.matches()) {
                continue;
            }
            String obj = m.group(1);
            String index = m.group(2);
            String value = m.group(3);
            if (obj.endsWith(".at")) {
                String array = obj.substring(0, obj.length() - 3);
                problems.set(i, new Diagnostic(d.source(), d.line(), d.col(), d.width(),
                        "arrays are immutable: `" + obj + "[" + index + "] = " + value + "` cannot update `" + array + "`",
                        "`.at[...].set(v)` returns the updated copy: `" + array + " = " + array + ".at[" + index + "].set("
                                + value + ")`"));
                continue;
            }
            if (!obj.matches("[A-Za-z_][A-Za-z_0-9]*")) {
                continue;
            }
            // An array is never indexed by a string, so `d["a"] = v` is a dict even where d was bound
            // in an earlier REPL input.
            boolean stringKey = index.matches("\"[^\"]*\"|'[^']*'");
            if (bindings == null && !stringKey) {
                bindings = Bindings.of(module.code(), null);
            }
            if (stringKey || new Kinds(registry).of(new Core.Global(obj, null), bindings) == Kinds.Kind.DICT) {
                problems.set(i, new Diagnostic(d.source(), d.line(), d.col(), d.width(),
                        "dicts are immutable: `" + obj + "[" + index + "] = " + value + "` would modify `" + obj + "`",
                        "build a new dict: `" + obj + " = {**" + obj + ", " + index + ": " + value + "}`"));
            }
        }
    }
}

package jx.syntax;

import jx.diag.Pos;
import java.util.List;

/** What an assignment, a for loop or a comprehension binds: a name or a nested tuple of names. */
public sealed interface Target {
    Pos pos();

    record Name(String id, Pos pos) implements Target {}

    record Unpack(List<Target> items, Pos pos) implements Target {}
}

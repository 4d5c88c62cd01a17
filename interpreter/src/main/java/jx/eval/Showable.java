package jx.eval;

/** A function value whose jx.show text is its own (a jitted function shows its staged program). */
public interface Showable {
    String show();
}

package jx.array.format;

import jx.array.ArrayException;

/**
 * The width and precision a format spec may ask for. Python builds a string of any length it is
 * given; here a 10**9-character field would take gigabytes and minutes, so a field is capped, and
 * the program is told so instead of hanging.
 */
final class SpecLimit {
    /** Far beyond any table a program prints, far below what exhausts the heap. */
    static final int MAX = 10_000_000;

    private SpecLimit() {
    }

    static int parse(String digits, String what) {
        if (digits.length() > 18) {
            throw new ArrayException("ValueError: Too many decimal digits in format string");
        }
        long v = Long.parseLong(digits);
        if (v > MAX) {
            throw new ArrayException("ValueError: format " + what + " " + v + " is too big (jx allows at most " + MAX + ")");
        }
        return (int) v;
    }
}

package jx.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares a cell's output with the output a note expects: whitespace does not count, numbers are
 * equal when they agree to float32 precision (a relative 1e-5: a note written on a GPU, or printed
 * with fewer digits, still matches; so do derivatives that XLA's approximate float32 tanh, log and
 * exp move by an ulp that cancellation then amplifies, as in d tanh = (1 + y)(1 - y) near |y| = 1,
 * or in the small entries of a Jacobian printed with the large ones' 8 decimals), everything else
 * must be the same text.
 */
final class Expect {
    private static final Pattern TOKEN =
            Pattern.compile("[-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?|[A-Za-z_][A-Za-z_0-9]*|\\S");
    private static final double RELATIVE = 1e-5;

    private Expect() {
    }

    /** Where the output first differs from what is expected: the index into expected, or -1 when it matches. */
    static int firstDifference(List<Note.Expected> expected, String actual) {
        List<String> want = new ArrayList<>();
        List<Integer> wantLine = new ArrayList<>();
        for (int i = 0; i < expected.size(); i++) {
            for (String t : tokens(expected.get(i).text())) {
                want.add(t);
                wantLine.add(i);
            }
        }
        List<String> got = tokens(actual);
        int n = Math.min(want.size(), got.size());
        for (int k = 0; k < n; k++) {
            if (!same(want.get(k), got.get(k))) {
                return wantLine.get(k);
            }
        }
        if (want.size() == got.size()) {
            return -1;
        }
        return want.size() > n ? wantLine.get(n) : Math.max(0, expected.size() - 1);
    }

    /**
     * Where an error message first lacks what is expected: the index into expected of the first line
     * whose tokens do not occur in the message as one contiguous run (after the previous line's), or
     * -1 when all of them do. Whitespace and line breaks do not count, numbers compare as above.
     */
    static int firstMissing(List<Note.Expected> expected, String message) {
        List<String> got = tokens(message);
        int from = 0;
        for (int i = 0; i < expected.size(); i++) {
            List<String> want = tokens(expected.get(i).text());
            int at = indexOf(got, want, from);
            if (at < 0) {
                return i;
            }
            from = at + want.size();
        }
        return -1;
    }

    private static int indexOf(List<String> got, List<String> want, int from) {
        for (int start = from; start + want.size() <= got.size(); start++) {
            int k = 0;
            while (k < want.size() && same(want.get(k), got.get(start + k))) {
                k++;
            }
            if (k == want.size()) {
                return start;
            }
        }
        return -1;
    }

    static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    private static boolean same(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        if (!isNumber(a) || !isNumber(b)) {
            return false;
        }
        double x = (float) Double.parseDouble(a);
        double y = (float) Double.parseDouble(b);
        return x == y || Math.abs(x - y) <= RELATIVE * Math.max(Math.abs(x), Math.abs(y));
    }

    private static boolean isNumber(String t) {
        char c = t.charAt(t.length() - 1);
        return Character.isDigit(c) || (c == '.' && t.length() > 1);
    }
}

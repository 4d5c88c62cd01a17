package jx.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Python int arithmetic against Python itself (src/test/python/gen_int_cases.py): operands and results
 * far beyond 64 bits are exact, as Python's unbounded ints are, and mixed int/float comparisons are
 * exact too.
 */
class IntMathTest {
    @Test
    void matchesPython() throws IOException {
        List<String> cases;
        try (InputStream in = IntMathTest.class.getResourceAsStream("/jx/eval/int_cases.txt")) {
            cases = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        assertTrue(cases.size() > 2000, "the generated cases are missing");
        int beyond64 = 0;
        for (String line : cases) {
            String[] f = line.split(" ");
            Object x = operand(f[1]);
            Object y = operand(f[2]);
            if (f[3].equals("ValueError")) {
                EvalError e = assertThrows(EvalError.class, () -> Printer.repr(apply(f[0], x, y)), line);
                assertTrue(e.getMessage().startsWith("ValueError: Exceeds the limit"), line + " -> " + e.getMessage());
                continue;
            }
            Object r = apply(f[0], x, y);
            beyond64 += r instanceof BigInteger ? 1 : 0;
            assertEquals(f[3].endsWith("f") ? f[3].substring(0, f[3].length() - 1) : f[3], Printer.repr(r), line);
        }
        assertTrue(beyond64 > 500, "the cases must leave the 64-bit range");
    }

    @Test
    void bigIntsAreCanonical() {
        // A result back inside 64 bits is a Long again, so the rest of the evaluator sees its usual ints.
        Object big = PyOps.binary("**", 2L, 64L);
        assertEquals(BigInteger.ONE.shiftLeft(64), big);
        assertEquals(1L, PyOps.binary("//", big, big));
        assertEquals(Long.MIN_VALUE, PyOps.unary("-", PyOps.binary("**", 2L, 63L)));
        assertEquals(true, PyOps.compare(">", PyOps.binary("**", 2L, 10000L), 0L));
        assertEquals(PyOps.key(0x1p70), PyOps.key(PyOps.binary("**", 2L, 70L)));
    }

    @Test
    void hugeIntsAreRefusedBeforeTheyAreComputed() {
        EvalError e = assertThrows(EvalError.class, () -> PyOps.binary("**", 2L, 10_000_000_000L));
        assertTrue(e.getMessage().startsWith("MemoryError: "), e.getMessage());
        assertTrue(assertThrows(EvalError.class, () -> PyOps.binary("<<", 1L, 1L << 40)).getMessage().startsWith("MemoryError"));
    }

    @Test
    void sequencesTooLongToHoldAreAMemoryError() {
        // The memory budget refuses it before anything is built (the evaluator reports it at its line).
        RuntimeException e = assertThrows(jx.array.ArrayException.class, () -> PyOps.binary("*", "a", 10_000_000_000L));
        assertTrue(e.getMessage().startsWith("MemoryError: "), e.getMessage());
        assertEquals("abab", PyOps.binary("*", "ab", 2L));
        assertEquals("", PyOps.binary("*", "ab", -3L));
    }

    @Test
    void floatsBeyondTheRangeConvertExactly() {
        assertEquals(new BigInteger("100000000000000000000"), IntMath.fromDouble(1e20));
        assertTrue(assertThrows(EvalError.class, () -> IntMath.fromDouble(Double.POSITIVE_INFINITY)).getMessage()
                .startsWith("OverflowError"));
        assertEquals(-9223372036854775808L, IntMath.fromDouble(-0x1p63));
        assertEquals(123L, IntMath.fromDouble(123.9));
    }

    private static Object operand(String s) {
        return s.endsWith("f") ? (Object) Double.parseDouble(s.substring(0, s.length() - 1))
                : IntMath.norm(new BigInteger(s));
    }

    private static Object apply(String op, Object x, Object y) {
        return switch (op) {
            case "neg" -> PyOps.unary("-", x);
            case "~" -> PyOps.unary("~", x);
            case "<", "==", "<=" -> PyOps.compare(op, x, y);
            default -> PyOps.binary(op, x, y);
        };
    }
}

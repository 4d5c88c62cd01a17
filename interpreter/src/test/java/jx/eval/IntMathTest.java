package jx.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Python int arithmetic against Python itself (src/test/python/gen_int_cases.py): every result that
 * fits in 64 bits is exact, every one that does not is an OverflowError, never a wrapped number.
 */
class IntMathTest {
    @Test
    void matchesPythonOrRefusesToWrap() throws IOException {
        List<String> cases;
        try (InputStream in = IntMathTest.class.getResourceAsStream("/jx/eval/int_cases.txt")) {
            cases = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        assertTrue(cases.size() > 2000, "the generated cases are missing");
        int overflows = 0;
        for (String line : cases) {
            String[] f = line.split(" ");
            long x = Long.parseLong(f[1]);
            long y = Long.parseLong(f[2]);
            if (f[3].equals("OverflowError")) {
                EvalError e = assertThrows(EvalError.class, () -> apply(f[0], x, y), line);
                assertTrue(e.getMessage().startsWith("OverflowError: "), line + " -> " + e.getMessage());
                overflows++;
            } else {
                assertEquals(Long.parseLong(f[3]), apply(f[0], x, y), line);
            }
        }
        assertTrue(overflows > 100, "the cases must exercise overflow");
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
    void floatsBeyondTheRangeDoNotSaturate() {
        assertTrue(assertThrows(EvalError.class, () -> IntMath.fromDouble(1e20)).getMessage().startsWith("OverflowError"));
        assertEquals(-9223372036854775808L, IntMath.fromDouble(-0x1p63));
        assertEquals(123L, IntMath.fromDouble(123.9));
    }

    private static Object apply(String op, long x, long y) {
        return op.equals("neg") ? PyOps.unary("-", x) : PyOps.binary(op, x, y);
    }
}

package jx.array.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** The caller-plus-helper loop covers every index exactly once, returns only when all is written, and surfaces a failure. */
class HelpedRangeTest {
    @Test
    void everyIndexIsRunExactlyOnceBeforeTheCallReturns() {
        Random rnd = new Random(77);
        for (int trial = 0; trial < 200; trial++) {
            int n = rnd.nextInt(5000);
            int piece = 1 + rnd.nextInt(300);
            AtomicIntegerArray hits = new AtomicIntegerArray(n);
            HelpedRange.forRange(n, piece, (from, to) -> {
                for (int i = from; i < to; i++) {
                    hits.incrementAndGet(i);
                }
                if (rnd.nextInt(8) == 0) {
                    Thread.onSpinWait(); // vary which thread takes the next piece
                }
            });
            for (int i = 0; i < n; i++) {
                assertEquals(1, hits.get(i), "n " + n + ", piece " + piece + ", index " + i);
            }
        }
    }

    @Test
    void aFailingPieceIsThrownToTheCaller() {
        for (int trial = 0; trial < 50; trial++) {
            int bad = trial % 10;
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> HelpedRange.forRange(1000, 100,
                    (from, to) -> {
                        if (from == bad * 100) {
                            throw new IllegalStateException("piece " + bad);
                        }
                    }));
            assertEquals("piece " + bad, e.getMessage());
        }
    }
}

package jx.array.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import jx.array.Backend.UnaryOp;

/** The float32 loops against the double-precision functions they stand for, on arrays big enough to be cut into chunks. */
class Float32LoopsTest {
    private static final int N = 300_000;

    private static float[] inputs() {
        float[] x = new float[N];
        for (int i = 0; i < N; i++) {
            x[i] = (float) ((i - N / 2) * 1e-4) * (i % 7 == 0 ? 1e-3f : 1f);
        }
        x[0] = -0.0f;
        x[1] = Float.NaN;
        x[2] = Float.POSITIVE_INFINITY;
        x[3] = Float.NEGATIVE_INFINITY;
        return x;
    }

    @Test
    void tanhAndExpAreWithinOneUlpOfTheCorrectlyRoundedResultEverywhere() {
        float[] x = inputs();
        float[] r = new float[N];
        Float32Loops.unary(UnaryOp.TANH, x, r, Math::tanh);
        int exact = 0;
        for (int i = 0; i < N; i++) {
            float want = (float) Math.tanh(x[i]);
            if (Float.isNaN(want)) {
                assertTrue(Float.isNaN(r[i]), "tanh(" + x[i] + ")");
                continue;
            }
            assertEquals(want, r[i], Math.ulp(want), "tanh(" + x[i] + ")");
            exact += Float.compare(want, r[i]) == 0 ? 1 : 0;
        }
        assertEquals(Float.floatToIntBits(-0.0f), Float.floatToIntBits(r[0]), "tanh(-0.0) keeps its sign");
        assertTrue(exact > N * 0.999, exact + " of " + N + " tanh results are the correctly rounded ones");
        Float32Loops.unary(UnaryOp.EXP, x, r, Math::exp);
        for (int i = 0; i < N; i++) {
            float want = (float) Math.exp(x[i]);
            assertEquals(want, r[i], Float.isNaN(want) ? 0 : Math.ulp(want), "exp(" + x[i] + ")");
        }
    }

    @Test
    void everyChunkIsComputed() {
        float[] x = inputs();
        float[] r = new float[N];
        Float32Loops.unary(UnaryOp.NEG, x, r, v -> -v);
        for (int i = 0; i < N; i++) {
            assertEquals(Float.floatToIntBits(-x[i]), Float.floatToIntBits(r[i]), "at " + i);
        }
        // An operation without a loop of its own goes through the generic function, also in chunks.
        Float32Loops.unary(UnaryOp.SIN, x, r, Math::sin);
        for (int i = 0; i < N; i++) {
            assertEquals(Float.floatToIntBits((float) Math.sin(x[i])), Float.floatToIntBits(r[i]), "at " + i);
        }
    }
}

package jx.gpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LayoutTest {
    @Test
    void contiguousOperandsMergeIntoOneFlatDimension() {
        Layout l = Layout.of(new int[] {2, 3, 4}, new int[] {12, 4, 1}, new int[] {12, 4, 1});
        assertArrayEquals(new int[] {24}, l.shape());
        assertTrue(l.flat());
        assertEquals(1, l.step(1));
    }

    @Test
    void aBroadcastScalarStaysFlatWithStepZero() {
        Layout l = Layout.of(new int[] {5, 6}, new int[] {6, 1}, new int[] {0, 0});
        assertTrue(l.flat());
        assertEquals(0, l.step(1));
    }

    @Test
    void aBroadcastRowKeepsTwoDimensionsInnermostFirst() {
        Layout l = Layout.of(new int[] {4, 1, 3}, new int[] {3, 3, 1}, new int[] {0, 0, 1});
        assertArrayEquals(new int[] {3, 4}, l.shape());
        assertArrayEquals(new int[] {1, 3}, l.strides()[0]);
        assertArrayEquals(new int[] {1, 0}, l.strides()[1]);
        assertFalse(l.flat());
    }

    @Test
    void aTransposeDoesNotMerge() {
        Layout l = Layout.of(new int[] {3, 2}, new int[] {1, 3});
        assertArrayEquals(new int[] {2, 3}, l.shape());
        assertArrayEquals(new int[] {3, 1}, l.strides()[0]);
    }

    @Test
    void kernelParametersPadTheShapeWithOnesAndStridesWithZeros() {
        Layout l = Layout.of(new int[] {3, 2}, new int[] {1, 3});
        assertEquals(java.util.List.of(2, 2, 3, 1, 1, 1, 1, 3, 1, 0, 0, 0, 0), l.params());
    }
}

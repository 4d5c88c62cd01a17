package jx.array;

import jx.array.Backend.ScanOp;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import jx.array.Index.At;
import jx.array.Index.Slice;
import jx.array.Index.Take;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ArrayOpsTest {
    private ArrayContext context;

    @BeforeEach
    void bind() {
        context = TestContext.bind();
    }

    private static Array f32(double... v) {
        return Array.fromHost(new HostData(DType.FLOAT32, new int[] {v.length}, false, v, null));
    }

    private static Array i32(long... v) {
        return Array.fromHost(new HostData(DType.INT32, new int[] {v.length}, false, null, v));
    }

    private static Array typed(DType d, long... v) {
        return Array.fromHost(new HostData(d, new int[] {v.length}, false, null, v));
    }

    private static void assertType(Array a, DType d, boolean weak) {
        assertEquals(d, a.dtype());
        assertEquals(weak, a.weak(), "weak flag");
    }

    @Test
    void promotionFollowsJaxLattice() {
        assertType(Ops.mul(f32(1, 2), Array.weak(2.0)), DType.FLOAT32, false);
        assertType(Ops.mul(i32(1, 2), Array.weak(2L)), DType.INT32, false);
        // int32 with a Python float is f*: weak float32, as jnp.arange(3) * 2.0.
        assertType(Ops.mul(i32(1, 2), Array.weak(2.0)), DType.FLOAT32, true);
        assertType(Ops.div(i32(1, 2), i32(2, 2)), DType.FLOAT32, false);
        assertType(Ops.add(typed(DType.UINT32, 1), i32(1)), DType.INT32, false);
        assertType(Ops.add(typed(DType.UINT32, 1), Array.weak(1L)), DType.UINT32, false);
        assertType(Ops.add(Array.weak(1L), Array.weak(2.0)), DType.FLOAT32, true);
        assertType(Ops.add(typed(DType.BOOL, 1), Array.weak(1L)), DType.INT32, true);
        assertType(Ops.lt(f32(1), Array.weak(2L)), DType.BOOL, false);
        assertType(Ops.sum(typed(DType.BOOL, 1, 1, 0), null, false), DType.INT32, false);
        assertType(Ops.mean(i32(1, 2), null, false), DType.FLOAT32, false);
        assertType(Ops.argmax(f32(1, 3, 2), null, false), DType.INT32, false);
        context.setX64(true);
        assertType(Ops.add(typed(DType.UINT32, 1), i32(1)), DType.INT64, false);
        assertType(Ops.mul(f32(1), Array.weak(2.0)), DType.FLOAT32, false);
        assertType(Array.weak(2.0), DType.FLOAT64, true);
        assertType(Ops.div(i32(1), i32(2)), DType.FLOAT64, false);
    }

    @Test
    void boolArithmetic() {
        Array t = typed(DType.BOOL, 1, 0, 1);
        Array u = typed(DType.BOOL, 1, 0, 0);
        assertArrayEquals(new long[] {1, 0, 1}, Ops.add(t, u).toHost().ints());
        assertArrayEquals(new long[] {1, 0, 0}, Ops.mul(t, u).toHost().ints());
        assertArrayEquals(new long[] {0, 1, 0}, Ops.bitNot(t).toHost().ints());
        ArrayException e = assertThrows(ArrayException.class, () -> Ops.sub(t, u));
        assertTrue(e.getMessage().startsWith("numpy boolean subtract"));
    }

    @Test
    void integerSemantics() {
        assertArrayEquals(new long[] {-2147483648L}, Ops.add(i32(Integer.MAX_VALUE), i32(1)).toHost().ints());
        assertArrayEquals(new long[] {0, 0}, Ops.floordiv(i32(5, -5), i32(0, 0)).toHost().ints());
        assertArrayEquals(new long[] {1, 8, 0}, Ops.pow(i32(1, 2, 2), i32(0, 3, -1)).toHost().ints());
        assertArrayEquals(new long[] {4294967295L}, Ops.sub(typed(DType.UINT32, 0), typed(DType.UINT32, 1)).toHost().ints());
        assertThrows(ArrayException.class, () -> Array.weak(3_000_000_000L));
    }

    @Test
    void broadcastingAndErrors() {
        Array col = Ops.reshape(i32(1, 2, 3), new int[] {3, 1});
        Array r = Ops.add(col, i32(10, 20));
        assertArrayEquals(new int[] {3, 2}, r.shape());
        assertArrayEquals(new long[] {11, 21, 12, 22, 13, 23}, r.toHost().ints());
        ArrayException e = assertThrows(ArrayException.class, () -> Ops.add(i32(1, 2, 3), i32(1, 2, 3, 4)));
        assertEquals("Incompatible shapes for broadcasting: shapes=[(3,), (4,)]", e.getMessage());
        e = assertThrows(ArrayException.class, () -> Ops.matmul(i32(1, 2, 3), i32(1, 2, 3, 4)));
        assertEquals("dot_general requires contracting dimensions to have the same shape, got (3,) and (4,).", e.getMessage());
        e = assertThrows(ArrayException.class, () -> Ops.reshape(Ops.arange(0, 6, 1, DType.INT32), new int[] {4}));
        assertEquals("cannot reshape array of size 6 into shape (4,)", e.getMessage());
        e = assertThrows(ArrayException.class, () -> Ops.max(f32(), null, false));
        assertEquals("zero-size array to reduction operation maximum which has no identity", e.getMessage());
        e = assertThrows(ArrayException.class, () -> Ops.sum(i32(1), new int[] {1}, false));
        assertEquals("axis 1 is out of bounds for array of dimension 1", e.getMessage());
    }

    @Test
    void shapes() {
        Array a = Ops.arange(0, 24, 1, DType.INT32);
        assertArrayEquals(new int[] {2, 3, 4}, Ops.reshape(a, new int[] {2, -1, 4}).shape());
        Array b = Ops.reshape(a, new int[] {2, 3, 4});
        assertArrayEquals(new int[] {4, 3, 2}, Ops.transpose(b, null).shape());
        assertArrayEquals(new int[] {2, 1, 3, 4}, Ops.expandDims(b, 1).shape());
        assertArrayEquals(new int[] {2, 3, 4}, Ops.squeeze(Ops.expandDims(b, -1), null).shape());
        assertArrayEquals(new int[] {4, 3, 4}, Ops.concatenate(List.of(b, b), 0).shape());
        assertArrayEquals(new int[] {2, 3, 2, 4}, Ops.stack(List.of(b, b), 2).shape());
        assertArrayEquals(new int[] {2, 3, 4}, Ops.broadcastTo(i32(1, 2, 3, 4), new int[] {2, 3, 4}).shape());
        assertArrayEquals(new long[] {0, 4, 8}, ArrayIndexing.index(b, List.of(new At(0), Slice.all(), new At(0))).toHost().ints());
        assertArrayEquals(new int[] {2, 2}, Ops.matmul(Ops.ones(new int[] {5, 2, 3}, DType.FLOAT32),
                Ops.ones(new int[] {3, 2}, DType.FLOAT32)).shape()[0] == 5 ? new int[] {2, 2} : new int[0]);
        Array eye = Ops.eye(3, null, 1, DType.FLOAT32);
        assertArrayEquals(new double[] {0, 1, 0, 0, 0, 1, 0, 0, 0}, eye.toHost().floats());
    }

    @Test
    void reductionsKeepdimsAndAny() {
        Array b = Ops.reshape(Ops.arange(0, 6, 1, DType.INT32), new int[] {2, 3});
        assertArrayEquals(new int[] {1, 3}, Ops.sum(b, new int[] {0}, true).shape());
        assertArrayEquals(new long[] {3, 12}, Ops.sum(b, new int[] {1}, false).toHost().ints());
        assertArrayEquals(new long[] {0, 60}, Ops.prod(b, new int[] {-1}, false).toHost().ints());
        assertArrayEquals(new long[] {1, 1, 1}, Ops.any(b, new int[] {0}, false).toHost().ints());
        assertArrayEquals(new long[] {0, 1, 1}, Ops.all(b, new int[] {0}, false).toHost().ints());
        assertArrayEquals(new int[] {1, 1}, Ops.argmax(b, null, true).shape());
        assertArrayEquals(new long[] {0, 1, 3, 6, 10, 15}, Ops.scan(ScanOp.CUMSUM, b, null).toHost().ints());
        Array nan = f32(1, Double.NaN, 3);
        assertTrue(Double.isNaN(Ops.max(nan, null, false).toHost().floats()[0]));
        assertEquals(1, Ops.argmax(nan, null, false).toHost().ints()[0]);
    }

    @Test
    void atUpdates() {
        Array x = f32(1, 2, 3, 4);
        assertArrayEquals(new double[] {123, 2, 3, 4}, ArrayIndexing.atSet(x, List.of(new At(0)), Array.weak(123L)).toHost().floats());
        assertArrayEquals(new double[] {1, 2, 3, 4}, x.toHost().floats(), "original untouched");
        Array idx = i32(0, 0, 2, 10, -1);
        assertArrayEquals(new double[] {3, 2, 4, 5}, ArrayIndexing.atAdd(x, List.of(new Take(idx)), Array.weak(1.0)).toHost().floats());
        assertArrayEquals(new double[] {1, 2, 3, 4}, ArrayIndexing.atSet(x, List.of(new At(7)), Array.weak(9.0)).toHost().floats());
        assertArrayEquals(new double[] {4, 2, 3, 4}, ArrayIndexing.atMultiply(x, List.of(new Take(i32(0, 0))), Array.weak(2.0)).toHost().floats());
        assertArrayEquals(new double[] {0.5, 2, 3, 4}, ArrayIndexing.atDivide(x, List.of(new At(0)), Array.weak(2.0)).toHost().floats());
        assertArrayEquals(new double[] {1, 2, 0, 0}, ArrayIndexing.atMin(x, List.of(new Slice(2L, null, null)), Array.weak(0.0)).toHost().floats());
        assertArrayEquals(new double[] {4, 4}, ArrayIndexing.atGet(x, List.of(new Take(i32(3, 9)))).toHost().floats());
        assertArrayEquals(new double[] {4, 1}, ArrayIndexing.index(x, List.of(new Take(i32(-1, -7)))).toHost().floats());
        // A static int out of range is a gather too, clamped as JAX's (jnp.arange(10)[11] is 9).
        assertArrayEquals(new double[] {4}, ArrayIndexing.index(x, List.of(new At(10))).toHost().floats());
        assertArrayEquals(new double[] {1}, ArrayIndexing.index(x, List.of(new At(-9))).toHost().floats());
        Array y = ArrayIndexing.atSet(x, List.of(new Take(i32(1, 2))), f32(7, 8));
        assertArrayEquals(new double[] {1, 7, 8, 4}, y.toHost().floats());
        assertFalse(y.weak());
    }

    @Test
    void floatSumIsPairwiseLikeNumpy() {
        // 0.1f summed 10000 times: NumPy's pairwise float32 sum gives 1000.0001, a naive loop 999.9029.
        Array x = Ops.full(new int[] {10000}, DType.FLOAT32, 0.1);
        assertEquals(1000.0001220703125, Ops.sum(x, null, false).toHost().floats()[0]);
    }

    @Test
    void largeMatmulTakesTheParallelPath() {
        // Speed is measured in bench/, not here; this checks the blocked parallel path's result.
        Array a = Ops.ones(new int[] {1024, 1024}, DType.FLOAT32);
        Array c = Ops.matmul(a, a);
        assertEquals(1024.0, c.toHost().floats()[12345]);
    }
}

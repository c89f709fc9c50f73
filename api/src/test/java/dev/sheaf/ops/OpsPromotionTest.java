package dev.sheaf.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Tensor;
import org.junit.jupiter.api.Test;

class OpsPromotionTest {
    private final Tensor i32 = Ops.constant(new int[] {1, 2, 3});
    private final Tensor i64 = Ops.constant(new long[] {1, 2, 3});
    private final Tensor f32 = Ops.constant(new float[] {1, 2, 3});
    private final Tensor f64 = Ops.constant(new double[] {1, 2, 3});
    private final Tensor bool = Ops.constant(new boolean[] {true, false, true});

    @Test
    void binaryOperandsMeetAtThePromotedType() {
        assertEquals(DType.INT64, Ops.add(i32, i64).dtype());
        assertEquals(DType.FLOAT32, Ops.add(i64, f32).dtype());
        assertEquals(DType.FLOAT64, Ops.multiply(f32, f64).dtype());
        assertEquals(DType.INT32, Ops.add(i32, bool).dtype());
        assertArrayEquals(new int[] {2, 2, 4}, Ops.add(i32, bool).toIntArray());
    }

    @Test
    void scalarsAreWeak() {
        assertEquals(DType.INT32, Ops.multiply(i32, 2.0).dtype());
        assertEquals(DType.FLOAT32, Ops.multiply(i32, 2.5).dtype());
        assertArrayEquals(new float[] {2.5f, 5f, 7.5f}, Ops.multiply(i32, 2.5).toFloatArray());
        assertEquals(DType.FLOAT64, Ops.add(f64, 1.5).dtype());
        assertEquals(DType.INT32, Ops.add(bool, 1.0).dtype());
        assertEquals(DType.FLOAT32, Ops.subtract(1.0, f32).dtype());
    }

    @Test
    void floatMathAndTrueDivisionTurnIntegersIntoFloat32() {
        assertEquals(DType.FLOAT32, Ops.exp(i32).dtype());
        assertEquals(DType.FLOAT32, Ops.sqrt(i64).dtype());
        assertEquals(DType.FLOAT32, Ops.sigmoid(bool).dtype());
        assertEquals(DType.FLOAT32, Ops.softmax(i32).dtype());
        Tensor q = Ops.divide(i32, Ops.constant(new int[] {2, 2, 2}));
        assertEquals(DType.FLOAT32, q.dtype());
        assertArrayEquals(new float[] {0.5f, 1f, 1.5f}, q.toFloatArray());
        assertEquals(DType.FLOAT64, Ops.divide(f64, 2).dtype());
    }

    @Test
    void reductionTypes() {
        assertEquals(DType.INT32, Ops.sum(bool).dtype());
        assertEquals(2, Ops.sum(bool).itemAsLong());
        assertEquals(DType.FLOAT32, Ops.mean(i32).dtype());
        assertEquals(2.0, Ops.mean(i32).itemAsDouble(), 0);
        assertEquals(DType.INT64, Ops.max(i64).dtype());
        assertEquals(DType.INT64, Ops.argmax(f32).dtype());
    }

    @Test
    void comparisonsGiveBoolAfterPromotion() {
        Tensor c = Ops.less(i32, f32);
        assertEquals(DType.BOOL, c.dtype());
        assertArrayEquals(new boolean[] {false, true, true}, Ops.greater(f32, 1.5).toBooleanArray());
        assertArrayEquals(new boolean[] {false, false, false}, Ops.equal(i32, 2.5).toBooleanArray());
        assertArrayEquals(new boolean[] {true, true, true}, Ops.logicalOr(bool, i32).toBooleanArray());
    }
}

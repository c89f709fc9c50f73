package dev.sheaf.backend.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;

/** Shared construction and assertion helpers of the reference backend tests. */
final class Fixtures {
    static final ReferenceBackend B = new ReferenceBackend();

    private Fixtures() {
    }

    static Tensor f32(Shape s, float... v) {
        return B.fromFloats(v, s);
    }

    static Tensor f64(Shape s, double... v) {
        return B.fromDoubles(v, s);
    }

    static Tensor i32(Shape s, int... v) {
        return B.fromInts(v, s);
    }

    static Tensor i64(Shape s, long... v) {
        return B.fromLongs(v, s);
    }

    static Tensor bool(Shape s, boolean... v) {
        return B.fromBooleans(v, s);
    }

    static Shape s(int... dims) {
        return Shape.of(dims);
    }

    static void assertTensor(Tensor t, DType dtype, Shape shape) {
        assertEquals(dtype, t.dtype(), "dtype of " + t);
        assertEquals(shape, t.shape(), "shape of " + t);
    }

    /** Exact comparison (NaN equals NaN, -0.0 differs from 0.0, as Arrays.equals). */
    static void assertFloats(Tensor t, Shape shape, float... expected) {
        assertTensor(t, DType.FLOAT32, shape);
        assertArrayEquals(expected, t.toFloatArray(), () -> "values of " + t);
    }

    static void assertDoubles(Tensor t, Shape shape, double tolerance, double... expected) {
        assertTensor(t, DType.FLOAT64, shape);
        assertArrayEquals(expected, t.toDoubleArray(), tolerance, () -> "values of " + t);
    }

    static void assertInts(Tensor t, Shape shape, int... expected) {
        assertTensor(t, DType.INT32, shape);
        assertArrayEquals(expected, t.toIntArray(), () -> "values of " + t);
    }

    static void assertLongs(Tensor t, Shape shape, long... expected) {
        assertTensor(t, DType.INT64, shape);
        assertArrayEquals(expected, t.toLongArray(), () -> "values of " + t);
    }

    static void assertBools(Tensor t, Shape shape, boolean... expected) {
        assertTensor(t, DType.BOOL, shape);
        assertArrayEquals(expected, t.toBooleanArray(), () -> "values of " + t);
    }

    /** Element-wise closeness relative to the largest expected magnitude (for float32 sums). */
    static void assertClose(double[] expected, double[] actual, double relTol, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        double scale = 1;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        for (int i = 0; i < expected.length; i++) {
            if (Math.abs(expected[i] - actual[i]) > relTol * scale) {
                throw new AssertionError(what + ": element " + i + " expected " + expected[i] + " but was "
                        + actual[i]);
            }
        }
    }
}

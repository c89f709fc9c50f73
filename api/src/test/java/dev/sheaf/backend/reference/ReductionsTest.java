package dev.sheaf.backend.reference;

import static dev.sheaf.backend.reference.Fixtures.B;
import static dev.sheaf.backend.reference.Fixtures.assertDoubles;
import static dev.sheaf.backend.reference.Fixtures.assertFloats;
import static dev.sheaf.backend.reference.Fixtures.assertInts;
import static dev.sheaf.backend.reference.Fixtures.assertLongs;
import static dev.sheaf.backend.reference.Fixtures.f32;
import static dev.sheaf.backend.reference.Fixtures.f64;
import static dev.sheaf.backend.reference.Fixtures.i32;
import static dev.sheaf.backend.reference.Fixtures.i64;
import static dev.sheaf.backend.reference.Fixtures.s;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sheaf.spi.ReduceOp;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ReductionsTest {
    private static final float NAN = Float.NaN;
    private final Tensor m = f32(s(2, 3), 1, 2, 3, 4, 5, 6);

    @Test
    void sumOverEachAxisAndBoth() {
        assertFloats(B.reduce(ReduceOp.SUM, m, new int[] {0}, false), s(3), 5, 7, 9);
        assertFloats(B.reduce(ReduceOp.SUM, m, new int[] {1}, false), s(2), 6, 15);
        assertFloats(B.reduce(ReduceOp.SUM, m, new int[] {0, 1}, false), Shape.scalar(), 21);
        assertFloats(B.reduce(ReduceOp.SUM, m, new int[] {1}, true), s(2, 1), 6, 15);
        assertFloats(B.reduce(ReduceOp.SUM, m, new int[] {0, 1}, true), s(1, 1), 21);
    }

    @Test
    void nonAdjacentAxesOfARank3Tensor() {
        // x[i][j][k] = 100 i + 10 j + k for shape (2, 3, 2)
        float[] v = new float[12];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 2; k++) {
                    v[i * 6 + j * 2 + k] = 100 * i + 10 * j + k;
                }
            }
        }
        Tensor x = f32(s(2, 3, 2), v);
        // sum over i and k for each j: (0 + 1 + 100 + 101) + 4 * 10 j
        assertFloats(B.reduce(ReduceOp.SUM, x, new int[] {0, 2}, false), s(3), 202, 242, 282);
        assertFloats(B.reduce(ReduceOp.MAX, x, new int[] {0, 2}, true), s(1, 3, 1), 101, 111, 121);
        assertFloats(B.reduce(ReduceOp.MIN, x, new int[] {1}, false), s(2, 2), 0, 1, 100, 101);
    }

    @Test
    void prodMaxMinAndNaN() {
        assertFloats(B.reduce(ReduceOp.PROD, m, new int[] {1}, false), s(2), 6, 120);
        Tensor n = f32(s(2, 3), 1, NAN, 3, -4, -5, -6);
        assertFloats(B.reduce(ReduceOp.MAX, n, new int[] {1}, false), s(2), NAN, -4);
        assertFloats(B.reduce(ReduceOp.MIN, n, new int[] {1}, false), s(2), NAN, -6);
        assertFloats(B.reduce(ReduceOp.SUM, n, new int[] {0}, false), s(3), -3, NAN, -3);
        assertDoubles(B.reduce(ReduceOp.MAX, f64(s(2), Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY),
                new int[] {0}, false), Shape.scalar(), 0, Double.NEGATIVE_INFINITY);
    }

    @Test
    void emptyAxesCopyAndEmptyDimensionsGiveIdentities() {
        assertFloats(B.reduce(ReduceOp.SUM, m, new int[0], false), s(2, 3), 1, 2, 3, 4, 5, 6);
        Tensor empty = f32(s(2, 0));
        assertFloats(B.reduce(ReduceOp.SUM, empty, new int[] {1}, false), s(2), 0, 0);
        assertFloats(B.reduce(ReduceOp.PROD, empty, new int[] {1}, true), s(2, 1), 1, 1);
        assertFloats(B.reduce(ReduceOp.SUM, empty, new int[] {0}, false), s(0));
        assertDoubles(B.mean(f64(s(0)), new int[] {0}, false), Shape.scalar(), 0, Double.NaN);
    }

    @Test
    void integerReductionsWrap() {
        assertInts(B.reduce(ReduceOp.SUM, i32(s(2), Integer.MAX_VALUE, 1), new int[] {0}, false), Shape.scalar(),
                Integer.MIN_VALUE);
        assertLongs(B.reduce(ReduceOp.PROD, i64(s(2, 2), 3, -2, 1L << 40, 4), new int[] {1}, false), s(2),
                -6, 1L << 42);
        assertInts(B.reduce(ReduceOp.MAX, i32(s(3), -7, -2, -9), new int[] {0}, false), Shape.scalar(), -2);
        assertThrows(IllegalArgumentException.class,
                () -> B.reduce(ReduceOp.SUM, Fixtures.bool(s(1), true), new int[] {0}, false));
    }

    @Test
    void meanAndLogSumExpDefaults() {
        assertFloats(B.mean(m, new int[] {0}, false), s(3), 2.5f, 3.5f, 4.5f);
        // log(e^1000 + e^1000) = 1000 + log 2, without overflow
        assertDoubles(B.logSumExp(f64(s(2), 1000, 1000), new int[] {0}, false), Shape.scalar(), 1e-12,
                1000 + Math.log(2));
    }

    @Test
    void argmaxTiesGoToTheFirstAndNaNWins() {
        Tensor x = f32(s(3, 4), 1, 3, 3, 2, NAN, 5, NAN, 9, -1, -1, -1, -1);
        assertLongs(B.argmax(x, 1, false), s(3), 1, 0, 0);
        assertLongs(B.argmin(x, 1, false), s(3), 0, 0, 0);
        assertLongs(B.argmax(x, 0, false), s(4), 1, 1, 1, 1);
        assertLongs(B.argmin(x, 0, true), s(1, 4), 1, 2, 1, 2);
        Tensor y = f32(s(4), 2, 1, NAN, 1);
        assertLongs(B.argmin(y, 0, false), Shape.scalar(), 2);
        assertLongs(B.argmax(y, 0, false), Shape.scalar(), 2);
        assertLongs(B.argmax(i32(s(2, 3), 4, 9, 9, -1, -3, -1), 1, true), s(2, 1), 1, 0);
        assertLongs(B.argmin(i64(s(2, 3), 4, 9, 9, -1, -3, -1), 1, false), s(2), 0, 1);
    }
}

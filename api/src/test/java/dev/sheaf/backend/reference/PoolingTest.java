package dev.sheaf.backend.reference;

import static dev.sheaf.backend.reference.Fixtures.B;
import static dev.sheaf.backend.reference.Fixtures.assertDoubles;
import static dev.sheaf.backend.reference.Fixtures.assertFloats;
import static dev.sheaf.backend.reference.Fixtures.f32;
import static dev.sheaf.backend.reference.Fixtures.f64;
import static dev.sheaf.backend.reference.Fixtures.s;

import dev.sheaf.spi.PoolMode;
import dev.sheaf.spi.PoolSpec;
import dev.sheaf.tensor.Tensor;
import org.junit.jupiter.api.Test;

class PoolingTest {
    private static final PoolSpec PADDED_3_2 = new PoolSpec(new int[] {3}, new int[] {2}, new int[][] {{1, 1}});

    @Test
    void maxPool2dWithTwoChannels() {
        // 4x4 image, channel 0 = v, channel 1 = -v, v = 0..15 row-major
        float[] x = new float[32];
        for (int i = 0; i < 16; i++) {
            x[2 * i] = i;
            x[2 * i + 1] = -i;
        }
        Tensor y = B.pool(PoolMode.MAX, f32(s(1, 4, 4, 2), x), PoolSpec.of(2, 2));
        assertFloats(y, s(1, 2, 2, 2), 5, 0, 7, -2, 13, -8, 15, -10);
        Tensor a = B.pool(PoolMode.AVG, f32(s(1, 4, 4, 2), x), PoolSpec.of(2, 2));
        assertFloats(a, s(1, 2, 2, 2), 2.5f, -2.5f, 4.5f, -4.5f, 10.5f, -10.5f, 12.5f, -12.5f);
    }

    @Test
    void averageExcludesPaddingFromTheCount() {
        // windows: {x0, x1}, {x1, x2, x3}, {x3, x4}
        Tensor y = B.pool(PoolMode.AVG, f64(s(1, 5, 1), 1, 2, 3, 4, 5), PADDED_3_2);
        assertDoubles(y, s(1, 3, 1), 1e-15, 1.5, 3, 4.5);
    }

    @Test
    void maxIgnoresPaddingEvenWhenAllValuesAreNegative() {
        PoolSpec spec = new PoolSpec(new int[] {2}, new int[] {1}, new int[][] {{1, 1}});
        assertFloats(B.pool(PoolMode.MAX, f32(s(1, 3, 1), -5, -3, -4), spec), s(1, 4, 1), -5, -3, -3, -4);
        assertFloats(B.pool(PoolMode.MAX, f32(s(1, 3, 1), 1, Float.NaN, 0), spec), s(1, 4, 1),
                1, Float.NaN, Float.NaN, 0);
    }

    @Test
    void maxBackwardGoesToTheFirstMaximumAndAccumulatesOverlaps() {
        PoolSpec whole = new PoolSpec(new int[] {4}, new int[] {4}, new int[][] {{0, 0}});
        assertFloats(B.poolBackward(PoolMode.MAX, f32(s(1, 4, 1), 1, 3, 3, 2), f32(s(1, 1, 1), 7), whole),
                s(1, 4, 1), 0, 7, 0, 0);
        PoolSpec sliding = new PoolSpec(new int[] {2}, new int[] {1}, new int[][] {{0, 0}});
        assertFloats(B.poolBackward(PoolMode.MAX, f32(s(1, 3, 1), 1, 3, 2), f32(s(1, 2, 1), 1, 10), sliding),
                s(1, 3, 1), 0, 11, 0);
    }

    @Test
    void averageBackwardSpreadsOverInBoundsPositions() {
        Tensor dx = B.poolBackward(PoolMode.AVG, f64(s(1, 5, 1), 1, 2, 3, 4, 5), f64(s(1, 3, 1), 1, 1, 1), PADDED_3_2);
        assertDoubles(dx, s(1, 5, 1), 1e-15, 0.5, 0.5 + 1.0 / 3, 1.0 / 3, 1.0 / 3 + 0.5, 0.5);
    }

    @Test
    void threeDimensionalPoolingOverABatch() {
        // batch 2, 2x2x2 volume, 1 channel: one window covering everything
        float[] x = {1, 8, 3, 4, 5, 6, 7, 2, -1, -2, -3, -4, -5, -6, -7, -8};
        assertFloats(B.pool(PoolMode.MAX, f32(s(2, 2, 2, 2, 1), x), PoolSpec.of(3, 2)), s(2, 1, 1, 1, 1), 8, -1);
        assertFloats(B.pool(PoolMode.AVG, f32(s(2, 2, 2, 2, 1), x), PoolSpec.of(3, 2)), s(2, 1, 1, 1, 1),
                4.5f, -4.5f);
        Tensor dx = B.poolBackward(PoolMode.MAX, f32(s(2, 2, 2, 2, 1), x), f32(s(2, 1, 1, 1, 1), 1, 2),
                PoolSpec.of(3, 2));
        assertFloats(dx, s(2, 2, 2, 2, 1), 0, 1, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0);
    }
}

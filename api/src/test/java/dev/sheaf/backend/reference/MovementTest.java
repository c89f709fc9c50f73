package dev.sheaf.backend.reference;

import static dev.sheaf.backend.reference.Fixtures.B;
import static dev.sheaf.backend.reference.Fixtures.assertBools;
import static dev.sheaf.backend.reference.Fixtures.assertDoubles;
import static dev.sheaf.backend.reference.Fixtures.assertFloats;
import static dev.sheaf.backend.reference.Fixtures.assertInts;
import static dev.sheaf.backend.reference.Fixtures.assertLongs;
import static dev.sheaf.backend.reference.Fixtures.bool;
import static dev.sheaf.backend.reference.Fixtures.f32;
import static dev.sheaf.backend.reference.Fixtures.f64;
import static dev.sheaf.backend.reference.Fixtures.i32;
import static dev.sheaf.backend.reference.Fixtures.i64;
import static dev.sheaf.backend.reference.Fixtures.s;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class MovementTest {
    private final Tensor m = i32(s(2, 3), 1, 2, 3, 4, 5, 6);

    @Test
    void transposeMatrixAndRank3() {
        assertInts(B.transpose(m, new int[] {1, 0}), s(3, 2), 1, 4, 2, 5, 3, 6);
        // x[i][j][k] = 100 i + 10 j + k, shape (2, 3, 2); result axis order (k, i, j)
        long[] v = new long[12];
        for (int i = 0; i < 12; i++) {
            v[i] = 100 * (i / 6) + 10 * ((i / 2) % 3) + i % 2;
        }
        assertLongs(B.transpose(i64(s(2, 3, 2), v), new int[] {2, 0, 1}), s(2, 2, 3),
                0, 10, 20, 100, 110, 120, 1, 11, 21, 101, 111, 121);
        assertFloats(B.transpose(f32(s(0, 2)), new int[] {1, 0}), s(2, 0));
    }

    @Test
    void stridedSlice() {
        Tensor x = f32(s(10), 0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertFloats(B.slice(x, new int[] {1}, new int[] {8}, new int[] {3}), s(3), 1, 4, 7);
        assertFloats(B.slice(x, new int[] {4}, new int[] {4}, new int[] {1}), s(0));
        assertInts(B.slice(m, new int[] {0, 1}, new int[] {2, 3}, new int[] {1, 1}), s(2, 2), 2, 3, 5, 6);
        assertInts(B.slice(m, new int[] {1, 0}, new int[] {2, 3}, new int[] {1, 2}), s(1, 2), 4, 6);
    }

    @Test
    void concatAlongEitherAxis() {
        Tensor n = i32(s(2, 1), 7, 8);
        assertInts(B.concat(List.of(m, n), 1), s(2, 4), 1, 2, 3, 7, 4, 5, 6, 8);
        assertInts(B.concat(List.of(m, i32(s(1, 3), 9, 9, 9), i32(s(0, 3))), 0), s(3, 3),
                1, 2, 3, 4, 5, 6, 9, 9, 9);
        assertBools(B.concat(List.of(bool(s(1), true), bool(s(2), false, true)), 0), s(3), true, false, true);
        assertThrows(IllegalArgumentException.class, () -> B.concat(List.of(m, n), 0));
    }

    @Test
    void padWithAValue() {
        assertInts(B.pad(m, new int[][] {{1, 0}, {0, 2}}, 9), s(3, 5),
                9, 9, 9, 9, 9,
                1, 2, 3, 9, 9,
                4, 5, 6, 9, 9);
        assertDoubles(B.pad(f64(s(1), 5), new int[][] {{2, 1}}, -0.5), s(4), 0, -0.5, -0.5, 5, -0.5);
    }

    @Test
    void broadcastToAndTile() {
        assertFloats(B.broadcastTo(f32(s(3), 1, 2, 3), s(2, 3)), s(2, 3), 1, 2, 3, 1, 2, 3);
        assertFloats(B.broadcastTo(f32(s(2, 1), 1, 2), s(2, 3)), s(2, 3), 1, 1, 1, 2, 2, 2);
        assertFloats(B.broadcastTo(f32(Shape.scalar(), 4), s(2)), s(2), 4, 4);
        assertThrows(IllegalArgumentException.class, () -> B.broadcastTo(f32(s(2), 1, 2), s(3)));
        assertInts(B.tile(i32(s(2), 1, 2), new int[] {3}), s(6), 1, 2, 1, 2, 1, 2);
    }

    @Test
    void gatherWithNegativeAndMultiDimensionalIndices() {
        assertInts(B.gather(m, i64(s(3), 1, -2, -1), 0), s(3, 3), 4, 5, 6, 1, 2, 3, 4, 5, 6);
        assertInts(B.gather(m, i32(s(2, 2), 2, 0, -1, 1), 1), s(2, 2, 2), 3, 1, 3, 2, 6, 4, 6, 5);
        assertInts(B.gather(m, i32(s(0)), 1), s(2, 0));
    }

    @Test
    void gatherRejectsAnOutOfRangeIndexNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> B.gather(m, i32(s(2), 0, 3), 1));
        assertTrue(e.getMessage().contains("index 3") && e.getMessage().contains("[-3, 3)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> B.gather(m, i64(s(1), -3), 0));
        assertTrue(e.getMessage().contains("index -3") && e.getMessage().contains("[-2, 2)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> B.gather(m, f32(s(1), 0), 0));
    }

    @Test
    void scatterAddAccumulatesRepeatedIndices() {
        Tensor updates = f32(s(3, 2), 1, 2, 10, 20, 100, 200);
        // -3 names row 1 of 4, so rows 0 and 1 of the updates both land there
        assertFloats(B.scatterAdd(s(4, 2), i32(s(3), 1, -3, 3), updates, 0), s(4, 2),
                0, 0, 11, 22, 0, 0, 100, 200);
        assertFloats(B.scatterAdd(s(4, 2), i32(s(3), 0, 3, 3), updates, 0), s(4, 2),
                1, 2, 0, 0, 0, 0, 110, 220);
        // along axis 1 with a 2-d index tensor: updates shape (2, 1, 2)
        assertLongs(B.scatterAdd(s(2, 3), i64(s(1, 2), 2, 2), i64(s(2, 1, 2), 1, 2, 3, 4), 1), s(2, 3),
                0, 0, 3, 0, 0, 7);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> B.scatterAdd(s(4, 2), i32(s(3), 0, 4, 1), updates, 0));
        assertTrue(e.getMessage().contains("index 4") && e.getMessage().contains("[-4, 4)"), e.getMessage());
    }
}

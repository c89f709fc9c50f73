package dev.sheaf.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sheaf.spi.Backend;
import dev.sheaf.spi.Registry;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import dev.sheaf.tensor.TensorScope;
import org.junit.jupiter.api.Test;

/**
 * Slices that are one contiguous block of memory (a range of rows, one row, a range under leading single indices) take
 * a single copy; every other slice the strided path. Both against the reference backend, including the block's offset.
 */
class ContiguousSliceTest {
    private final Backend cpu = Registry.global().backend("cpu");
    private final Backend reference = Registry.global().backend("reference");

    @Test
    void blocksAndNonBlocksMatchTheReference() {
        long[] dims = {4, 5, 6};
        float[] v = new float[4 * 5 * 6];
        for (int i = 0; i < v.length; i++) {
            v[i] = i * 0.5f - 7;
        }
        int[][][] cases = {
                {{1, 0, 0}, {3, 5, 6}},   // rows 1..2: a block at offset 30
                {{2, 0, 0}, {3, 5, 6}},   // one row
                {{3, 2, 0}, {4, 4, 6}},   // a range under a single leading index
                {{1, 3, 4}, {2, 4, 5}},   // a single element
                {{0, 0, 0}, {4, 5, 6}},   // everything
                {{2, 0, 0}, {2, 5, 6}},   // empty
                {{0, 1, 0}, {4, 3, 6}},   // a partial middle axis under a range: not a block
                {{1, 1, 2}, {2, 2, 5}},   // partial last axis: not a block
        };
        try (TensorScope scope = TensorScope.open()) {
            Tensor a = cpu.fromFloats(v, Shape.of(dims));
            Tensor b = reference.fromFloats(v, Shape.of(dims));
            for (int[][] c : cases) {
                int[] ones = {1, 1, 1};
                Tensor got = cpu.slice(a, c[0], c[1], ones);
                Tensor want = reference.slice(b, c[0], c[1], ones);
                assertEquals(want.shape(), got.shape(), () -> "shape of slice " + java.util.Arrays.deepToString(c));
                assertArrayEquals(want.toFloatArray(), got.toFloatArray(),
                        () -> "slice " + java.util.Arrays.deepToString(c));
            }
            Tensor strided = cpu.slice(a, new int[] {0, 0, 0}, new int[] {4, 5, 6}, new int[] {2, 1, 1});
            assertArrayEquals(reference.slice(b, new int[] {0, 0, 0}, new int[] {4, 5, 6}, new int[] {2, 1, 1})
                    .toFloatArray(), strided.toFloatArray(), "every other row");
        }
    }
}

package dev.sheaf.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sheaf.spi.Backend;
import dev.sheaf.spi.Registry;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import dev.sheaf.tensor.TensorScope;
import org.junit.jupiter.api.Test;

/**
 * Slices that are one contiguous block of memory (a range of rows, one row, a range under leading single indices) are
 * views sharing the source's memory; every other slice takes the strided path. Both against the reference backend,
 * including the block's offset; and the views' lifetime and sharing: a view outlives its source, views of views
 * compose their offsets, oneDNN and Java kernels read them, and no donated update writes through one.
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

    private static float[] iota(int n, float scale, float shift) {
        float[] v = new float[n];
        for (int i = 0; i < v.length; i++) {
            v[i] = i * scale + shift;
        }
        return v;
    }

    @Test
    void aViewOutlivesItsSourceAndItsMemoryIsFreedWithTheLastOfThem() {
        long before = NativeMemory.bytesInUse();
        float[] v = iota(6 * 4, 0.25f, -2);
        Tensor a = cpu.fromFloats(v, Shape.of(6, 4));
        Tensor rows = cpu.slice(a, new int[] {2, 0}, new int[] {5, 4}, new int[] {1, 1});
        Tensor row = cpu.slice(rows, new int[] {1, 0}, new int[] {2, 4}, new int[] {1, 1});
        assertEquals(before + 6 * 4 * 4, NativeMemory.bytesInUse(), "views allocate nothing");
        a.close();
        assertArrayEquals(java.util.Arrays.copyOfRange(v, 8, 20), rows.toFloatArray(), "rows 2..4 after the source closed");
        assertArrayEquals(java.util.Arrays.copyOfRange(v, 12, 16), row.toFloatArray(), "a view of a view: row 3");
        rows.close();
        assertEquals(before + 6 * 4 * 4, NativeMemory.bytesInUse(), "the last view still holds the block");
        row.close();
        assertEquals(before, NativeMemory.bytesInUse(), "freed with the last view");
    }

    @Test
    void oneDnnAndJavaKernelsReadViewsAtTheirOffset() {
        try (TensorScope scope = TensorScope.open()) {
            float[] x = iota(7 * 5, 0.1f, -1);
            float[] w = iota(5 * 3, -0.2f, 1);
            Tensor a = cpu.fromFloats(x, Shape.of(7, 5));
            Tensor b = reference.fromFloats(x, Shape.of(7, 5));
            int[] from = {3, 0};
            int[] to = {6, 5};
            int[] ones = {1, 1};
            Tensor view = cpu.slice(a, from, to, ones);
            Tensor want = reference.slice(b, from, to, ones);
            Tensor wc = cpu.fromFloats(w, Shape.of(5, 3));
            Tensor wr = reference.fromFloats(w, Shape.of(5, 3));
            assertArrayEquals(reference.matmul(want, wr, false, false).toFloatArray(),
                    cpu.matmul(view, wc, false, false).toFloatArray(), 1e-5f, "oneDNN matmul of rows 3..5");
            assertArrayEquals(reference.softmax(want, 1).toFloatArray(), cpu.softmax(view, 1).toFloatArray(), 1e-6f,
                    "Java softmax of rows 3..5");
            assertArrayEquals(reference.transpose(want, new int[] {1, 0}).toFloatArray(),
                    cpu.transpose(view, new int[] {1, 0}).toFloatArray(), "reorder of rows 3..5");
        }
    }

    @Test
    void aDonatedUpdateNeverWritesThroughAView() {
        try (TensorScope scope = TensorScope.open()) {
            float[] v = iota(12, 1, 0);
            Tensor big = cpu.fromFloats(v, Shape.of(12));
            Tensor lr = cpu.fromFloats(new float[] {0.5f}, Shape.scalar());
            Tensor grad = cpu.fromFloats(new float[] {1, 1, 1}, Shape.of(3));
            // The donated variable is a view (its only holder): its source must keep its values.
            Tensor variable = cpu.slice(big, new int[] {3}, new int[] {6}, new int[] {1});
            Tensor m = cpu.fromFloats(new float[3], Shape.of(3));
            Tensor[] r = cpu.sgdMomentumUpdateDonated(variable, grad, m, lr, 0.9, false);
            variable.close();
            m.close();
            assertArrayEquals(new float[] {2.5f, 3.5f, 4.5f}, r[0].toFloatArray());
            assertArrayEquals(v, big.toFloatArray(), "the source of the donated view is untouched");
            // The donated variable is the source of a live view: the view must keep its values.
            Tensor source = cpu.fromFloats(iota(3, 1, 10), Shape.of(3));
            Tensor view = cpu.slice(source, new int[] {1}, new int[] {3}, new int[] {1});
            Tensor m2 = cpu.fromFloats(new float[3], Shape.of(3));
            Tensor[] r2 = cpu.sgdMomentumUpdateDonated(source, grad, m2, lr, 0.9, false);
            source.close();
            m2.close();
            assertArrayEquals(new float[] {9.5f, 10.5f, 11.5f}, r2[0].toFloatArray());
            assertArrayEquals(new float[] {11, 12}, view.toFloatArray(), "a live view of the donated variable");
            assertTrue(!view.isClosed());
        }
    }
}

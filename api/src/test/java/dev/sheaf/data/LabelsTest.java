package dev.sheaf.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import dev.sheaf.tensor.TensorScope;
import org.junit.jupiter.api.Test;

class LabelsTest {
    @Test
    void oneHotRowsAsFloat32() {
        try (TensorScope scope = TensorScope.open()) {
            Tensor t = Labels.toCategorical(new int[] {2, 0, 1}, 3);
            assertEquals(DType.FLOAT32, t.dtype());
            assertEquals(Shape.of(3, 3), t.shape());
            assertArrayEquals(new float[] {0, 0, 1, 1, 0, 0, 0, 1, 0}, t.toFloatArray());
            assertEquals(Shape.of(2, 4), Labels.toCategorical(new int[] {3, 1}).shape(), "classes = max + 1");
        }
    }

    @Test
    void tensorLabelsKeepTheirShapeDroppingATrailingOne() {
        try (TensorScope scope = TensorScope.open()) {
            Tensor column = Ops.constant(new int[] {1, 0}, 2, 1);
            Tensor t = Labels.toCategorical(column, 2);
            assertEquals(Shape.of(2, 2), t.shape());
            assertArrayEquals(new float[] {0, 1, 1, 0}, t.toFloatArray());
            Tensor grid = Labels.toCategorical(Ops.constant(new float[] {0, 1, 2, 0}, 2, 2), 3);
            assertEquals(Shape.of(2, 2, 3), grid.shape());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Labels.toCategorical(Ops.constant(new float[] {0.5f}), 2));
            assertTrue(e.getMessage().contains("whole numbers"), e.getMessage());
        }
    }

    @Test
    void outOfRangeLabelsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Labels.toCategorical(new int[] {0, 1, 10}, 10));
        assertEquals("toCategorical: label 2 is 10, outside the 10 classes [0, 9]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Labels.toCategorical(new int[] {-1}, 3));
        assertTrue(e.getMessage().contains("label 0 is -1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Labels.toCategorical(new int[] {0}, 0));
        assertTrue(e.getMessage().contains("numClasses must be >= 1, got 0"), e.getMessage());
    }
}

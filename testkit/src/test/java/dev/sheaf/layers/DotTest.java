package dev.sheaf.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import dev.sheaf.testkit.LayerContract;
import java.util.List;
import org.junit.jupiter.api.Test;

class DotTest {

    @Test
    void keepsTheLayerContract() {
        LayerContract.of(() -> new Dot(1), Shape.symbolic(-1, 4), Shape.symbolic(-1, 4)).verify();
        LayerContract.of(() -> new Dot(1).setNormalize(true), Shape.symbolic(-1, 4), Shape.symbolic(-1, 4)).verify();
        LayerContract.of(() -> new Dot(2, 2), Shape.symbolic(-1, 2, 3), Shape.symbolic(-1, 4, 3)).verify();
        LayerContract.of(() -> new Dot(1, 2), Shape.symbolic(-1, 3, 2), Shape.symbolic(-1, 5, 3)).verify();
    }

    @Test
    void rowWiseDotOfVectorsHasShapeBatchByOne() {
        Tensor a = Ops.constant(new float[] {1, 2, 3, 0, 1, 0}, 2, 3);
        Tensor b = Ops.constant(new float[] {4, 5, 6, 3, 4, 0}, 2, 3);
        Tensor y = new Dot(1).apply(List.of(a, b), false);
        assertEquals(Shape.of(2, 1), y.shape());
        assertArrayEquals(new float[] {32, 4}, y.toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {32, 4}, new Dot(-1).apply(List.of(a, b), false).toFloatArray(), 1e-6f);
    }

    @Test
    void normalizeGivesCosineProximity() {
        Tensor a = Ops.constant(new float[] {3, 4, 1, 0}, 2, 2);
        Tensor b = Ops.constant(new float[] {4, 3, 0, 2}, 2, 2);
        // (3*4 + 4*3) / (5 * 5) = 0.96; orthogonal = 0.
        assertArrayEquals(new float[] {0.96f, 0}, new Dot(1).setNormalize(true).apply(List.of(a, b), false)
                .toFloatArray(), 1e-6f);
    }

    @Test
    void matrixAxesGiveBatchedProducts() {
        // (1, 2, 3) . (1, 2, 3) over axes (2, 2) = x1 x2^T: (1, 2, 2).
        Tensor x1 = Ops.constant(new float[] {1, 2, 3, 4, 5, 6}, 1, 2, 3);
        Tensor x2 = Ops.constant(new float[] {1, 0, 1, 0, 1, 0}, 1, 2, 3);
        Tensor y = new Dot(2, 2).apply(List.of(x1, x2), false);
        assertEquals(Shape.of(1, 2, 2), y.shape());
        assertArrayEquals(new float[] {4, 2, 10, 5}, y.toFloatArray(), 1e-6f);
        // Over axes (1, 1) = x1^T x2: (1, 3, 3).
        Tensor z = new Dot(1, 1).apply(List.of(x1, x2), false);
        assertEquals(Shape.of(1, 3, 3), z.shape());
        assertArrayEquals(new float[] {1, 4, 1, 2, 5, 2, 3, 6, 3}, z.toFloatArray(), 1e-6f);
        assertEquals(Shape.symbolic(-1, 2, 5), new Dot(2, 1).computeOutputShape(
                List.of(Shape.symbolic(-1, 2, 3), Shape.symbolic(-1, 3, 5))));
    }

    @Test
    void badInputsNameTheLayerAndShapes() {
        Dot dot = new Dot(1);
        dot.setName("similarity");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> dot.computeOutputShape(
                List.of(Shape.symbolic(-1, 3), Shape.symbolic(-1, 4))));
        assertTrue(e.getMessage().contains("Dot 'similarity'") && e.getMessage().contains("(None, 3)")
                && e.getMessage().contains("(None, 4)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Dot(0).computeOutputShape(
                List.of(Shape.symbolic(-1, 3), Shape.symbolic(-1, 3))));
        assertTrue(e.getMessage().contains("batch axis"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Dot(1).computeOutputShape(
                List.of(Shape.symbolic(-1, 3), Shape.symbolic(-1, 3), Shape.symbolic(-1, 3))));
        assertTrue(e.getMessage().contains("exactly 2 inputs"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Dot(3).computeOutputShape(
                List.of(Shape.symbolic(-1, 3), Shape.symbolic(-1, 3))));
    }
}

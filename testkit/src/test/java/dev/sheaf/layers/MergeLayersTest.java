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
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Add, Subtract, Multiply, Average, Maximum, Minimum and Concatenate. */
class MergeLayersTest {
    private static final Tensor A = Ops.constant(new float[] {1, 5, -2, 4}, 2, 2);
    private static final Tensor B = Ops.constant(new float[] {3, 2, 0, 4}, 2, 2);
    private static final Tensor C = Ops.constant(new float[] {-1, 1, 2, 8}, 2, 2);

    private static float[] merge(Layer layer, Tensor... xs) {
        return layer.apply(List.of(xs), false).toFloatArray();
    }

    @Test
    void keepTheLayerContract() {
        Shape s = Shape.symbolic(-1, 3);
        LayerContract.of(Add::new, s, s, s).verify();
        LayerContract.of(Subtract::new, s, s).verify();
        LayerContract.of(Multiply::new, s, s).verify();
        LayerContract.of(Average::new, s, s).verify();
        LayerContract.of(Maximum::new, s, s).verify();
        LayerContract.of(Minimum::new, s, s).verify();
        LayerContract.of(Add::new, Shape.symbolic(-1, 2, 3), Shape.symbolic(-1, 3)).verify();
        LayerContract.of(Concatenate::new, Shape.symbolic(-1, 2), Shape.symbolic(-1, 3)).verify();
        LayerContract.of(() -> new Concatenate(1), Shape.symbolic(-1, 2, 3), Shape.symbolic(-1, 1, 3)).verify();
    }

    @Test
    void elementwiseMergesByHand() {
        assertArrayEquals(new float[] {3, 8, 0, 16}, merge(new Add(), A, B, C), 0);
        assertArrayEquals(new float[] {-2, 3, -2, 0}, merge(new Subtract(), A, B), 0);
        assertArrayEquals(new float[] {-3, 10, 0, 128}, merge(new Multiply(), A, B, C), 0);
        assertArrayEquals(new float[] {1, 8 / 3f, 0, 16 / 3f}, merge(new Average(), A, B, C), 1e-6f);
        assertArrayEquals(new float[] {3, 5, 2, 8}, merge(new Maximum(), A, B, C), 0);
        assertArrayEquals(new float[] {-1, 1, -2, 4}, merge(new Minimum(), A, B, C), 0);
        assertArrayEquals(new float[] {1, 5, -2, 4}, merge(new Add(), A), 0);
    }

    @Test
    void lowerRankInputsBroadcastAfterTheBatch() {
        // (2, 2, 2) + (2, 2): the second gets an axis after its batch, as Keras's merge layers do.
        Tensor x = Ops.reshape(Ops.arange(8), 2, 2, 2);
        float[] y = merge(new Add(), Ops.cast(x, dev.sheaf.tensor.DType.FLOAT32), A);
        assertArrayEquals(new float[] {1, 6, 3, 8, 2, 9, 4, 11}, y, 0);
        assertEquals(Shape.symbolic(-1, 3, 4), new Add().computeOutputShape(
                List.of(Shape.symbolic(-1, 3, 4), Shape.symbolic(-1, 4))));
        assertEquals(Shape.symbolic(5, 3, 4), new Multiply().computeOutputShape(
                List.of(Shape.symbolic(-1, 1, 4), Shape.symbolic(5, 3, 1))));
        assertEquals(Shape.symbolic(-1, -1), new Maximum().computeOutputShape(
                List.of(Shape.symbolic(-1, -1), Shape.symbolic(-1, 1))));
    }

    @Test
    void shapeErrorsNameTheLayerAndAllShapes() {
        Add add = new Add();
        add.setName("sum");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> add.computeOutputShape(List.of(Shape.symbolic(-1, 3), Shape.symbolic(-1, 4))));
        assertTrue(e.getMessage().contains("Add 'sum'") && e.getMessage().contains("(None, 3)")
                && e.getMessage().contains("(None, 4)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new Subtract().computeOutputShape(List.of(Shape.symbolic(-1, 3))));
        assertTrue(e.getMessage().contains("exactly 2 inputs"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Multiply().apply(List.of(Ops.ones(2, 3),
                Ops.ones(5, 3)), false));
        assertTrue(e.getMessage().contains("batch sizes") && e.getMessage().contains("(5, 3)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Add().computeOutputShape(List.of()));
        assertTrue(e.getMessage().contains("at least 1 input"), e.getMessage());
    }

    @Test
    void concatenateJoinsAlongTheAxis() {
        assertArrayEquals(new float[] {1, 5, 3, 2, -2, 4, 0, 4}, merge(new Concatenate(), A, B), 0);
        assertArrayEquals(new float[] {1, 5, -2, 4, 3, 2, 0, 4}, merge(new Concatenate(0), A, B), 0);
        assertEquals(Shape.symbolic(-1, 7), new Concatenate().computeOutputShape(
                List.of(Shape.symbolic(-1, 3), Shape.symbolic(-1, 4))));
        assertEquals(Shape.symbolic(-1, -1, 5), new Concatenate(1).computeOutputShape(
                List.of(Shape.symbolic(-1, 2, 5), Shape.symbolic(-1, -1, 5))));
        Concatenate cat = new Concatenate(1);
        cat.setName("joined");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cat.computeOutputShape(
                List.of(Shape.symbolic(-1, 2, 5), Shape.symbolic(-1, 2, 6))));
        assertTrue(e.getMessage().contains("Concatenate 'joined'") && e.getMessage().contains("(None, 2, 5)")
                && e.getMessage().contains("(None, 2, 6)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Concatenate().computeOutputShape(
                List.of(Shape.symbolic(-1, 2), Shape.symbolic(-1, 2, 1))));
        assertEquals(Map.of("name", cat.name(), "trainable", true, "dtype", "float32", "axis", 1), cat.getConfig());
    }
}

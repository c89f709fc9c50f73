package dev.sheaf.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import dev.sheaf.testkit.LayerContract;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Flatten, Reshape, Permute, RepeatVector and the Activation layer. */
class ShapingLayersTest {
    private static final Tensor X234 = Ops.reshape(Ops.arange(24), 2, 3, 4);

    @Test
    void keepTheLayerContract() {
        LayerContract.of(Flatten::new, Shape.symbolic(-1, 3, 4)).verify();
        LayerContract.of(() -> new Flatten().setDataFormat("channels_first"), Shape.symbolic(-1, 2, 3, 2)).verify();
        LayerContract.of(() -> new Reshape(2, -1), Shape.symbolic(-1, 3, 4)).verify();
        LayerContract.of(() -> new Permute(2, 1), Shape.symbolic(-1, 3, 4)).verify();
        LayerContract.of(() -> new RepeatVector(3), Shape.symbolic(-1, 4)).verify();
        LayerContract.of(() -> new ActivationLayer("softmax"), Shape.symbolic(-1, 4)).verify();
    }

    @Test
    void flattenKeepsTheBatchAndRowMajorOrder() {
        Tensor y = new Flatten().apply(X234);
        assertEquals(Shape.of(2, 12), y.shape());
        assertArrayEquals(X234.toFloatArray(), y.toFloatArray(), 0);
        assertEquals(Shape.symbolic(-1, 12), new Flatten().computeOutputShape(Shape.symbolic(-1, 3, 4)));
        assertEquals(Shape.symbolic(-1, -1), new Flatten().computeOutputShape(Shape.symbolic(-1, -1, 4)));
        assertEquals(Shape.of(2, 1), new Flatten().apply(Ops.ones(2)).shape());
        // channels_first (batch, channels=3, 4) flattens as (batch, 4, 3).
        float[] cf = new Flatten().setDataFormat("channels_first").apply(X234).toFloatArray();
        assertArrayEquals(new float[] {0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11}, Arrays.copyOf(cf, 12), 0);
    }

    @Test
    void reshapeInfersOneDimension() {
        Tensor y = new Reshape(4, -1).apply(X234);
        assertEquals(Shape.of(2, 4, 3), y.shape());
        assertArrayEquals(X234.toFloatArray(), y.toFloatArray(), 0);
        assertEquals(Shape.symbolic(-1, 6, 2), new Reshape(-1, 2).computeOutputShape(Shape.symbolic(-1, 3, 4)));
        assertEquals(Shape.symbolic(-1, -1, 2), new Reshape(-1, 2).computeOutputShape(Shape.symbolic(-1, -1, 4)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Reshape(5, -1).apply(X234));
        assertTrue(e.getMessage().contains("Reshape") && e.getMessage().contains("3, 4)")
                && e.getMessage().contains("(5, None)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Reshape(-1, -1));
        assertThrows(IllegalArgumentException.class, () -> new Reshape(5, 5).computeOutputShape(Shape.symbolic(-1, 12)));
        assertEquals(List.of(4, -1), new Reshape(4, -1).getConfig().get("target_shape"));
    }

    @Test
    void permuteUsesOneBasedDims() {
        Tensor x = Ops.constant(new float[] {1, 2, 3, 4, 5, 6}, 1, 2, 3);
        Tensor y = new Permute(2, 1).apply(x);
        assertEquals(Shape.of(1, 3, 2), y.shape());
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, y.toFloatArray(), 0);
        assertEquals(Shape.symbolic(-1, 4, 2, 3), new Permute(3, 1, 2).computeOutputShape(Shape.symbolic(-1, 2, 3, 4)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Permute(0, 1));
        assertTrue(e.getMessage().contains("1-based"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Permute(1, 1));
        e = assertThrows(IllegalArgumentException.class, () -> new Permute(2, 1).apply(Ops.ones(2, 3)));
        assertTrue(e.getMessage().contains("Permute") && e.getMessage().contains("(None, 3)"), e.getMessage());
    }

    @Test
    void repeatVectorRepeatsEachSample() {
        Tensor y = new RepeatVector(3).apply(Ops.constant(new float[] {1, 2, 3, 4}, 2, 2));
        assertEquals(Shape.of(2, 3, 2), y.shape());
        assertArrayEquals(new float[] {1, 2, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4}, y.toFloatArray(), 0);
        assertThrows(IllegalArgumentException.class, () -> new RepeatVector(2).apply(X234));
        assertThrows(IllegalArgumentException.class, () -> new RepeatVector(0));
    }

    @Test
    void activationLayerHasKerasNames() {
        ActivationLayer a = new ActivationLayer("relu");
        assertEquals("Activation", a.className());
        assertTrue(a.name().startsWith("activation"), a.name());
        assertArrayEquals(new float[] {0, 2}, a.apply(Ops.constant(new float[] {-1, 2})).toFloatArray(), 0);
        assertEquals("relu", a.getConfig().get("activation"));
        assertThrows(IllegalArgumentException.class, () -> ActivationLayer.fromConfig(Map.of("activation", "nope")));
        assertThrows(IllegalArgumentException.class, () -> ActivationLayer.fromConfig(Map.of()));
    }
}

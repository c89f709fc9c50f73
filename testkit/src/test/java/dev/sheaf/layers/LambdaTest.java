package dev.sheaf.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sheaf.ops.Ops;
import dev.sheaf.spi.LayerProvider;
import dev.sheaf.spi.Registry;
import dev.sheaf.tensor.Shape;
import dev.sheaf.testkit.LayerContract;
import java.util.List;
import org.junit.jupiter.api.Test;

class LambdaTest {

    @Test
    void keepsTheLayerContractExceptSerialization() {
        LayerContract.of(() -> new Lambda(x -> Ops.multiply(Ops.tanh(x), 2.0)), Shape.symbolic(-1, 3))
                .withoutConfigRoundTrip("wraps Java code").verify();
        LayerContract.of(() -> Lambda.ofInputs(xs -> Ops.multiply(xs.get(0), Ops.sum(xs.get(1), new int[] {1}, true))),
                Shape.symbolic(-1, 3), Shape.symbolic(-1, 2)).withoutConfigRoundTrip("wraps Java code").verify();
    }

    @Test
    void appliesTheFunctionAndFindsTheShape() {
        Lambda square = new Lambda(Ops::square);
        assertArrayEquals(new float[] {1, 4, 9}, square.apply(Ops.constant(new float[] {1, -2, 3}, 1, 3))
                .toFloatArray(), 0);
        assertEquals(Shape.symbolic(-1, 6), new Lambda(x -> Ops.concatenate(List.of(x, x), 1))
                .computeOutputShape(Shape.symbolic(-1, 3)));
        assertEquals(Shape.symbolic(-1, 2, 5), new Lambda(x -> x).setOutputShape(2, 5)
                .computeOutputShape(Shape.symbolic(-1, 10)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Lambda(x -> x).apply(List.of(Ops.ones(1, 2), Ops.ones(1, 2)), false));
        assertTrue(e.getMessage().contains("Lambda.ofInputs"), e.getMessage());
    }

    @Test
    void configSaysItCannotBeRebuilt() {
        Lambda l = new Lambda(x -> x);
        assertEquals(Lambda.NOT_SERIALIZABLE, l.getConfig().get("function"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Registry.global().component(LayerProvider.class, "layers", "Lambda").apply(l.getConfig()));
        assertTrue(e.getMessage().contains(l.name()) && e.getMessage().contains("LayerProvider"), e.getMessage());
    }
}

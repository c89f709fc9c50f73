package dev.sheaf.regularizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sheaf.autodiff.GradientTape;
import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegularizersTest {
    private static final Tensor W = Ops.constant(new double[] {1, -2, 3});

    @Test
    void penaltiesByHand() {
        assertEquals(0.6, new L1(0.1).penalty(W).itemAsDouble(), 1e-9);        // 0.1 * (1 + 2 + 3)
        assertEquals(0.14, new L2().penalty(W).itemAsDouble(), 1e-9);          // 0.01 * (1 + 4 + 9), no 1/2
        assertEquals(0.06, new L1().penalty(W).itemAsDouble(), 1e-9);          // default 0.01
        assertEquals(0.74, new L1L2(0.1, 0.01).penalty(W).itemAsDouble(), 1e-9);
        assertEquals(0.0, new L1L2().penalty(W).itemAsDouble(), 0.0);           // Keras 3 defaults are 0 and 0
    }

    @Test
    void penaltyIsDifferentiable() {
        try (GradientTape tape = new GradientTape()) {
            tape.watch(W);
            Tensor g = tape.gradient(new L1L2(0.1, 0.01).penalty(W), W);
            // 0.1 sign(w) + 0.02 w
            assertArrayEquals(new double[] {0.12, -0.14, 0.16}, g.toDoubleArray(), 1e-9);
        }
    }

    @Test
    void namesAndConfigs() {
        assertEquals(0.01, ((L2) Regularizers.get("l2")).l2());
        assertEquals(0.01, ((L1) Regularizers.get("L1")).l1());
        L1L2 both = (L1L2) Regularizers.get("l1_l2");
        assertEquals(0.0, both.l1());
        assertEquals(0.0, both.l2());
        Regularizer r = Regularizers.get("l1_l2", Map.of("l1", 0.5, "l2", 2));
        assertEquals(Map.of("class_name", "L1L2", "config", Map.of("l1", 0.5, "l2", 2.0)), Regularizers.serialize(r));
        Regularizer back = Regularizers.deserialize(Regularizers.serialize(r));
        assertInstanceOf(L1L2.class, back);
        assertEquals(r.getConfig(), back.getConfig());
    }

    @Test
    void badInputIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Regularizers.get("l3"));
        assertTrue(e.getMessage().contains("l1, L1, l2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new L2(-1));
        assertThrows(IllegalArgumentException.class, () -> new L1(Double.NaN));
        e = assertThrows(IllegalArgumentException.class, () -> Regularizers.get("l2", Map.of("l1", 0.1)));
        assertTrue(e.getMessage().contains("does not take 'l1'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Regularizers.serialize(w -> Ops.sum(w)));
    }
}

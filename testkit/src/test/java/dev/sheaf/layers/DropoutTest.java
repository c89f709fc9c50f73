package dev.sheaf.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import dev.sheaf.testkit.LayerContract;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DropoutTest {

    @Test
    void keepsTheLayerContract() {
        LayerContract.of(() -> new Dropout(0.3), Shape.symbolic(-1, 5)).verify();
        LayerContract.of(() -> new Dropout(0.5).setNoiseShape(-1, 1, 4).setSeed(7), Shape.symbolic(-1, 3, 4)).verify();
    }

    @Test
    void trainingDropsAtTheRateAndScalesTheRest() {
        Tensor x = Ops.ones(4000);
        float[] y = new Dropout(0.25).setSeed(1).apply(x, true).toFloatArray();
        int dropped = 0;
        for (float v : y) {
            if (v == 0) {
                dropped++;
            } else {
                assertEquals(1 / 0.75f, v, 1e-6f, "kept elements are scaled by 1 / (1 - rate)");
            }
        }
        assertEquals(0.25, dropped / 4000.0, 0.03);
    }

    @Test
    void inferenceIsTheIdentity() {
        Tensor x = Ops.constant(new float[] {1, -2, 3});
        Dropout d = new Dropout(0.9);
        assertSame(x, d.apply(x, false));
        assertArrayEquals(new float[] {1, -2, 3}, d.apply(x).toFloatArray(), 0);
        assertSame(x, new Dropout(0).apply(x, true));
    }

    @Test
    void rateOneDropsEverything() {
        assertArrayEquals(new float[3], new Dropout(1).apply(Ops.ones(1, 3), true).toFloatArray(), 0);
    }

    @Test
    void seedGivesAReproducibleSequenceOfMasks() {
        Tensor x = Ops.ones(2, 50);
        Dropout a = new Dropout(0.5).setSeed(3);
        Dropout b = new Dropout(0.5).setSeed(3);
        float[] a1 = a.apply(x, true).toFloatArray();
        float[] a2 = a.apply(x, true).toFloatArray();
        assertArrayEquals(a1, b.apply(x, true).toFloatArray(), 0);
        assertArrayEquals(a2, b.apply(x, true).toFloatArray(), 0);
        assertFalse(Arrays.equals(a1, a2), "each call draws a new mask");
    }

    @Test
    void noiseShapeSharesTheMaskAlongSizeOneAxes() {
        Tensor x = Ops.ones(2, 5, 8);
        float[] y = new Dropout(0.5).setNoiseShape(-1, 1, 8).setSeed(4).apply(x, true).toFloatArray();
        for (int b = 0; b < 2; b++) {
            for (int t = 1; t < 5; t++) {
                for (int f = 0; f < 8; f++) {
                    assertEquals(y[b * 40 + f], y[b * 40 + t * 8 + f], "same mask at every step");
                }
            }
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Dropout(0.5).setNoiseShape(-1, 3).apply(Ops.ones(2, 4), true));
        assertTrue(e.getMessage().contains("Dropout") && e.getMessage().contains("(2, 4)"), e.getMessage());
    }

    @Test
    void configAndBadRate() {
        Map<String, Object> c = new Dropout(0.2).setNoiseShape(-1, 1).setSeed(9).getConfig();
        assertEquals(0.2, c.get("rate"));
        assertEquals(9L, c.get("seed"));
        assertEquals(Arrays.asList(null, 1), c.get("noise_shape"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Dropout(1.5));
        assertTrue(e.getMessage().contains("[0, 1]") && e.getMessage().contains("1.5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Dropout.fromConfig(Map.of()));
    }
}

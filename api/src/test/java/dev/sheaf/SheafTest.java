package dev.sheaf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sheaf.spi.Backend;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SheafTest {

    @Test
    void referenceBackendIsFoundOnTheClassPath() {
        assertEquals("reference", Sheaf.backend().name());
        assertEquals("reference", Sheaf.setBackend("reference").name());
    }

    @Test
    void unknownBackendErrorListsWhatWasFound() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Sheaf.setBackend("tpu"));
        assertTrue(e.getMessage().contains("Unknown Sheaf backend 'tpu'"), e.getMessage());
        assertTrue(e.getMessage().contains("reference (priority 0, available)"), e.getMessage());
    }

    private static float[] draw() {
        Backend b = Sheaf.backend();
        try (Tensor u = b.randomUniform(Shape.of(1000), DType.FLOAT32, -1, 1, Sheaf.nextSeed());
             Tensor n = b.randomNormal(Shape.of(1000), DType.FLOAT32, 0, 1, Sheaf.nextSeed())) {
            float[] a = u.toFloatArray();
            float[] c = n.toFloatArray();
            float[] r = Arrays.copyOf(a, 2000);
            System.arraycopy(c, 0, r, 1000, 1000);
            return r;
        }
    }

    @Test
    void twoSeededRunsDrawIdenticalNumbers() {
        Sheaf.setSeed(42);
        float[] first = draw();
        Sheaf.setSeed(42);
        float[] second = draw();
        assertArrayEquals(first, second);
        Sheaf.setSeed(43);
        assertFalse(Arrays.equals(first, draw()));
    }

    @Test
    void randomDistributionsHaveTheirMoments() {
        Backend b = Sheaf.backend();
        try (Tensor n = b.randomNormal(Shape.of(20000), DType.FLOAT64, 2, 3, 7);
             Tensor t = b.truncatedNormal(Shape.of(20000), DType.FLOAT32, 0, 1, 7);
             Tensor u = b.randomUniform(Shape.of(20000), DType.FLOAT32, 5, 6, 7);
             Tensor k = b.bernoulli(Shape.of(20000), 0.25, 7)) {
            double[] v = n.toDoubleArray();
            double mean = Arrays.stream(v).average().orElseThrow();
            double var = Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / v.length;
            assertEquals(2, mean, 0.1);
            assertEquals(3, Math.sqrt(var), 0.1);
            for (float x : t.toFloatArray()) {
                assertTrue(Math.abs(x) <= 2, "truncated normal stays within two standard deviations: " + x);
            }
            for (float x : u.toFloatArray()) {
                assertTrue(x >= 5 && x < 6, "uniform in [5, 6): " + x);
            }
            int ones = 0;
            for (boolean x : k.toBooleanArray()) {
                ones += x ? 1 : 0;
            }
            assertEquals(0.25, ones / 20000.0, 0.02);
        }
    }
}

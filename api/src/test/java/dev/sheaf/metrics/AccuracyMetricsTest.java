package dev.sheaf.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Mean and the accuracy family against hand-computed values (the cases of the Keras docstrings). */
class AccuracyMetricsTest {
    private static Tensor f(float[] d, long... shape) {
        return Ops.constant(d, shape);
    }

    private static final Tensor ONE_HOT = f(new float[] {0, 0, 1, 0, 1, 0}, 2, 3);
    private static final Tensor SCORES = f(new float[] {0.1f, 0.9f, 0.8f, 0.05f, 0.95f, 0}, 2, 3);
    private static final Tensor WEIGHTS = f(new float[] {0.7f, 0.3f}, 2);

    @Test
    void meanWeighsAndResets() {
        Mean m = new Mean();
        assertEquals(0.0, m.result());
        m.updateValues(f(new float[] {1, 3, 5, 7}, 4), null);
        assertEquals(4.0, m.result(), 1e-12);
        m.resetState();
        m.updateValues(f(new float[] {1, 3, 5, 7}, 4), f(new float[] {1, 1, 0, 0}, 4));
        assertEquals(2.0, m.result(), 1e-12);
        m.update(8.0);
        assertEquals((1 + 3 + 8) / 3.0, m.result(), 1e-12);
    }

    @Test
    void meanAveragesEachSampleOverItsOtherAxes() {
        // Rows average to 1.5 and 5; weights 1 and 3 -> (1.5 + 15) / 4.
        Mean m = new Mean();
        m.updateValues(f(new float[] {1, 2, 4, 6}, 2, 2), f(new float[] {1, 3}, 2));
        assertEquals(16.5 / 4, m.result(), 1e-9);
    }

    @Test
    void accuracy() {
        Accuracy m = new Accuracy();
        m.updateState(f(new float[] {1, 2, 3, 4}, 4, 1), f(new float[] {0, 2, 3, 4}, 4, 1), null);
        assertEquals(0.75, m.result(), 1e-9);
        m.resetState();
        m.updateState(f(new float[] {1, 2, 3, 4}, 4, 1), f(new float[] {0, 2, 3, 4}, 4, 1), f(new float[] {1, 1, 0, 0}, 4));
        assertEquals(0.5, m.result(), 1e-9);
    }

    @Test
    void binaryAccuracyThresholdsAtHalf() {
        BinaryAccuracy m = new BinaryAccuracy();
        Tensor yt = f(new float[] {1, 1, 0, 0}, 4, 1);
        Tensor yp = f(new float[] {0.98f, 1, 0, 0.6f}, 4, 1);
        m.updateState(yt, yp, null);
        assertEquals(0.75, m.result(), 1e-9);
        m.resetState();
        m.updateState(yt, yp, f(new float[] {1, 0, 0, 1}, 4));
        assertEquals(0.5, m.result(), 1e-9);
        // Exactly 0.5 is not above the threshold.
        m.resetState();
        m.updateState(f(new float[] {1}, 1), f(new float[] {0.5f}, 1), null);
        assertEquals(0.0, m.result(), 0.0);
    }

    @Test
    void categoricalAndSparseCategoricalAccuracy() {
        CategoricalAccuracy c = new CategoricalAccuracy();
        c.updateState(ONE_HOT, SCORES, null);
        assertEquals(0.5, c.result(), 1e-9);
        c.resetState();
        c.updateState(ONE_HOT, SCORES, WEIGHTS);
        assertEquals(0.3, c.result(), 1e-7);

        SparseCategoricalAccuracy s = new SparseCategoricalAccuracy();
        s.updateState(f(new float[] {2, 1}, 2, 1), SCORES, null);
        assertEquals(0.5, s.result(), 1e-9);
        s.resetState();
        s.updateState(Ops.constant(new int[] {2, 1}), SCORES, WEIGHTS);
        assertEquals(0.3, s.result(), 1e-7);
        // State accumulates over batches: one more hit.
        s.updateState(Ops.constant(new int[] {0}), f(new float[] {0.9f, 0.05f, 0.05f}, 1, 3), null);
        assertEquals(1.3 / 2.0, s.result(), 1e-7);
    }

    @Test
    void topKAccuracyCountsTiesAsHits() {
        TopKCategoricalAccuracy k1 = new TopKCategoricalAccuracy("top1", 1);
        k1.updateState(ONE_HOT, SCORES, null);
        assertEquals(0.5, k1.result(), 1e-9);
        TopKCategoricalAccuracy k2 = new TopKCategoricalAccuracy("top2", 2);
        k2.updateState(ONE_HOT, SCORES, null);
        assertEquals(1.0, k2.result(), 1e-9);
        // Label 1 ties with class 0 for first place: no class is strictly higher, so it is in the top 1.
        TopKCategoricalAccuracy tie = new TopKCategoricalAccuracy("tie", 1);
        tie.updateState(f(new float[] {0, 1, 0}, 1, 3), f(new float[] {0.4f, 0.4f, 0.2f}, 1, 3), null);
        assertEquals(1.0, tie.result(), 0.0);

        SparseTopKCategoricalAccuracy sk = new SparseTopKCategoricalAccuracy("sk", 1);
        sk.updateState(Ops.constant(new int[] {2, 1}), SCORES, null);
        assertEquals(0.5, sk.result(), 1e-9);
        assertEquals(5, new TopKCategoricalAccuracy().k());
    }

    @Test
    void badShapesNameTheMetric() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CategoricalAccuracy().updateState(Ops.constant(new int[] {1, 2}), SCORES, null));
        assertTrue(e.getMessage().contains("categorical_accuracy") && e.getMessage().contains("(2,)")
                && e.getMessage().contains("(2, 3)"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new SparseCategoricalAccuracy().updateState(ONE_HOT, f(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 4), null));
        assertThrows(IllegalArgumentException.class,
                () -> new SparseTopKCategoricalAccuracy().updateState(Ops.constant(new int[] {3, 0}), SCORES, null));
    }
}

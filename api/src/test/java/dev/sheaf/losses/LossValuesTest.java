package dev.sheaf.losses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Every built-in loss against values worked out by hand from the Keras 3 formulas. */
class LossValuesTest {
    private static final double TOL = 1e-5;

    private static Tensor t(float[] data, long... shape) {
        return Ops.constant(data, shape);
    }

    private static double value(Loss loss, Tensor yTrue, Tensor yPred) {
        return loss.compute(yTrue, yPred, null).itemAsDouble();
    }

    private static final Tensor BIN_TRUE = Ops.constant(new float[] {0, 1, 0, 0}, 2, 2);
    private static final Tensor BIN_PRED = Ops.constant(new float[] {0.6f, 0.4f, 0.4f, 0.6f}, 2, 2);

    @Test
    void meanSquaredError() {
        // Rows: ((0-1)^2 + 0) / 2 = 0.5 and (1 + 0) / 2 = 0.5.
        Tensor yt = t(new float[] {0, 1, 0, 0}, 2, 2);
        Tensor yp = t(new float[] {1, 1, 1, 0}, 2, 2);
        assertArrayEquals(new float[] {0.5f, 0.5f}, new MeanSquaredError().call(yt, yp).toFloatArray(), 1e-6f);
        assertEquals(0.5, value(new MeanSquaredError(), yt, yp), TOL);
    }

    @Test
    void meanAbsoluteError() {
        // |0-1| and |1-0.5| averaged: 0.75; second row |0-0| and |0-2|: 1.0; mean 0.875.
        Tensor yt = t(new float[] {0, 1, 0, 0}, 2, 2);
        Tensor yp = t(new float[] {1, 0.5f, 0, 2}, 2, 2);
        assertEquals(0.875, value(new MeanAbsoluteError(), yt, yp), TOL);
    }

    @Test
    void meanAbsolutePercentageErrorDividesByTheFlooredLabel() {
        // 100 * mean(|1-1.5|/1, |2-1|/2) = 50; a zero label divides by 1e-7: 100 * 0.5 / 1e-7 / 1.
        assertEquals(50.0, value(new MeanAbsolutePercentageError(), t(new float[] {1, 2}, 1, 2),
                t(new float[] {1.5f, 1}, 1, 2)), TOL);
        double zeroLabel = value(new MeanAbsolutePercentageError(), t(new float[] {0}, 1, 1), t(new float[] {0.5f}, 1, 1));
        assertEquals(100 * 0.5 / 1e-7, zeroLabel, 100 * 0.5 / 1e-7 * 1e-6);
    }

    @Test
    void meanSquaredLogarithmicError() {
        double a = Math.log(2 + 1) - Math.log(1 + 1);
        double b = Math.log(1e-7 + 1) - Math.log(3 + 1);  // a negative prediction is floored at 1e-7
        double expected = (a * a + b * b) / 2;
        assertEquals(expected, value(new MeanSquaredLogarithmicError(), t(new float[] {1, 3}, 1, 2),
                t(new float[] {2, -1}, 1, 2)), TOL);
    }

    @Test
    void binaryCrossentropyMatchesKerasExample() {
        double row1 = -(Math.log(0.4) + Math.log(0.4)) / 2;  // 0.916
        double row2 = -(Math.log(0.6) + Math.log(0.4)) / 2;  // 0.714
        assertArrayEquals(new float[] {(float) row1, (float) row2},
                new BinaryCrossentropy().call(BIN_TRUE, BIN_PRED).toFloatArray(), 1e-5f);
        assertEquals((row1 + row2) / 2, value(new BinaryCrossentropy(), BIN_TRUE, BIN_PRED), TOL);
    }

    @Test
    void binaryCrossentropyClipsCertainPredictionsAsKerasFloat32() {
        // A certain wrong prediction costs -log(1e-7) = 16.118 instead of infinity.
        assertEquals(16.118095, value(new BinaryCrossentropy(), t(new float[] {1}, 1, 1), t(new float[] {0}, 1, 1)), 1e-4);
        // 1 - 1e-7 rounds to 0.99999988 in float32, so the other side costs -log(1.1920929e-7) = 15.942385.
        assertEquals(15.942385, value(new BinaryCrossentropy(), t(new float[] {0}, 1, 1), t(new float[] {1}, 1, 1)), 1e-4);
        // Right and certain: -log(1 - 1e-7) ~ 1e-7, not 0 and not NaN.
        assertEquals(0.0, value(new BinaryCrossentropy(), t(new float[] {1}, 1, 1), t(new float[] {1}, 1, 1)), 1e-6);
    }

    @Test
    void binaryCrossentropyFromLogits() {
        // Logit 0 with label 1: log(2). Logit 2 with label 0: 2 + log(1 + e^-2). Logit -30 with label 1: stable 30.
        double expected = (Math.log(2) + 2 + Math.log1p(Math.exp(-2))) / 2;
        assertEquals(expected, value(new BinaryCrossentropy(true), t(new float[] {1, 0}, 1, 2),
                t(new float[] {0, 2}, 1, 2)), TOL);
        assertEquals(30.0, value(new BinaryCrossentropy(true), t(new float[] {1}, 1, 1), t(new float[] {-30}, 1, 1)), 1e-4);
    }

    @Test
    void binaryCrossentropyLabelSmoothing() {
        // Smoothing 0.2 turns labels 1/0 into 0.9/0.1.
        double expected = (-(0.9 * Math.log(0.7) + 0.1 * Math.log(0.3)) - (0.1 * Math.log(0.2) + 0.9 * Math.log(0.8))) / 2;
        Loss bce = new BinaryCrossentropy().setLabelSmoothing(0.2);
        assertEquals(expected, value(bce, t(new float[] {1, 0}, 1, 2), t(new float[] {0.7f, 0.2f}, 1, 2)), TOL);
    }

    @Test
    void binaryCrossentropyAcceptsRankOneLabelsAgainstAColumn() {
        // y_true (2,) is expanded to (2, 1) rather than broadcast to (2, 2).
        double expected = (-Math.log(0.8) - Math.log(0.9)) / 2;
        assertEquals(expected, value(new BinaryCrossentropy(), t(new float[] {1, 0}, 2), t(new float[] {0.8f, 0.1f}, 2, 1)),
                TOL);
    }

    @Test
    void categoricalCrossentropyMatchesKerasExample() {
        Tensor yt = t(new float[] {0, 1, 0, 0, 0, 1}, 2, 3);
        Tensor yp = t(new float[] {0.05f, 0.95f, 0, 0.1f, 0.8f, 0.1f}, 2, 3);
        assertArrayEquals(new float[] {(float) -Math.log(0.95), (float) -Math.log(0.1)},
                new CategoricalCrossentropy().call(yt, yp).toFloatArray(), 1e-5f);
        assertEquals((-Math.log(0.95) - Math.log(0.1)) / 2, value(new CategoricalCrossentropy(), yt, yp), TOL);
    }

    @Test
    void categoricalCrossentropyNormalisesAndClips() {
        // [1, 2, 1] normalises to [0.25, 0.5, 0.25]; a zero probability on the label clips to 1e-7.
        assertEquals(-Math.log(0.5), value(new CategoricalCrossentropy(), t(new float[] {0, 1, 0}, 1, 3),
                t(new float[] {1, 2, 1}, 1, 3)), TOL);
        assertEquals(16.118095, value(new CategoricalCrossentropy(), t(new float[] {0, 1, 0}, 1, 3),
                t(new float[] {1, 0, 0}, 1, 3)), 1e-4);
    }

    @Test
    void categoricalCrossentropyFromLogitsAndSmoothing() {
        double lse = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
        assertEquals(lse - 3, value(new CategoricalCrossentropy(true), t(new float[] {0, 0, 1}, 1, 3),
                t(new float[] {1, 2, 3}, 1, 3)), TOL);
        // Smoothing 0.3 over 3 classes: labels [0.1, 0.1, 0.8].
        double smoothed = -(0.1 * (1 - lse) + 0.1 * (2 - lse) + 0.8 * (3 - lse));
        Loss cce = new CategoricalCrossentropy(true).setLabelSmoothing(0.3);
        assertEquals(smoothed, value(cce, t(new float[] {0, 0, 1}, 1, 3), t(new float[] {1, 2, 3}, 1, 3)), TOL);
    }

    @Test
    void sparseCategoricalCrossentropyTakesIndicesWithOrWithoutATrailingOne() {
        Tensor yp = t(new float[] {0.05f, 0.95f, 0, 0.1f, 0.8f, 0.1f}, 2, 3);
        double expected = (-Math.log(0.95) - Math.log(0.1)) / 2;
        assertEquals(expected, value(new SparseCategoricalCrossentropy(), Ops.constant(new int[] {1, 2}), yp), TOL);
        assertEquals(expected, value(new SparseCategoricalCrossentropy(), t(new float[] {1, 2}, 2, 1), yp), TOL);
        double lse = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
        assertEquals(lse - 1, value(new SparseCategoricalCrossentropy(true), Ops.constant(new int[] {0}),
                t(new float[] {1, 2, 3}, 1, 3)), TOL);
    }

    @Test
    void sparseCategoricalCrossentropyIgnoreClassAveragesOverValidLabels() {
        Tensor yp = t(new float[] {0.05f, 0.95f, 0, 0.1f, 0.8f, 0.1f}, 2, 3);
        Loss scce = new SparseCategoricalCrossentropy().setIgnoreClass(-1);
        Tensor labels = Ops.constant(new int[] {1, -1});
        assertArrayEquals(new float[] {(float) -Math.log(0.95), 0f}, scce.call(labels, yp).toFloatArray(), 1e-5f);
        assertEquals(-Math.log(0.95), scce.compute(labels, yp, null).itemAsDouble(), TOL);
        assertEquals(-Math.log(0.95), scce.setReduction(Reduction.SUM).compute(labels, yp, null).itemAsDouble(), TOL);
    }

    @Test
    void huber() {
        // Errors 0.6, -0.6 | 0.4, 0.6: each within delta 1 gives 0.5 x^2 -> rows 0.18 and 0.13, mean 0.155.
        assertEquals(0.155, value(new Huber(), BIN_TRUE, BIN_PRED), TOL);
        // delta 0.5: |0.6| is linear, 0.5 * 0.6 - 0.125 = 0.175 -> rows 0.175 and 0.1275.
        assertEquals((0.175 + 0.1275) / 2, value(new Huber(0.5), BIN_TRUE, BIN_PRED), TOL);
    }

    @Test
    void logCosh() {
        double expected = (Math.log(Math.cosh(1)) / 2 + 0) / 2;
        assertEquals(expected, value(new LogCosh(), t(new float[] {0, 1, 0, 0}, 2, 2), t(new float[] {1, 1, 0, 0}, 2, 2)),
                TOL);
        // 100 would overflow cosh in float32; the softplus form gives |x| - log 2.
        assertEquals(100 - Math.log(2), value(new LogCosh(), t(new float[] {0}, 1, 1), t(new float[] {100}, 1, 1)), 1e-3);
    }

    @Test
    void klDivergenceClipsToEpsilon() {
        double expected = 0.2 * Math.log(0.2 / 0.4) + 0.8 * Math.log(0.8 / 0.6);
        assertEquals(expected, value(new KLDivergence(), t(new float[] {0.2f, 0.8f}, 1, 2),
                t(new float[] {0.4f, 0.6f}, 1, 2)), TOL);
        double withZero = 1e-7 * Math.log(1e-7 / 0.5) + 1 * Math.log(1 / 0.5);
        assertEquals(withZero, value(new KLDivergence(), t(new float[] {0, 1}, 1, 2), t(new float[] {0.5f, 0.5f}, 1, 2)),
                TOL);
    }

    @Test
    void poisson() {
        double expected = ((2 - Math.log(2 + 1e-7)) + (1 - 2 * Math.log(1 + 1e-7))) / 2;
        assertEquals(expected, value(new Poisson(), t(new float[] {1, 2}, 1, 2), t(new float[] {2, 1}, 1, 2)), TOL);
    }

    @Test
    void hingeConvertsBinaryLabels() {
        // Labels 0/1 become -1/1: max(1 + 0.3, 0) = 1.3 and max(1 - 0.4, 0) = 0.6.
        Tensor yp = t(new float[] {0.3f, 0.4f}, 1, 2);
        assertEquals(0.95, value(new Hinge(), t(new float[] {0, 1}, 1, 2), yp), TOL);
        assertEquals(0.95, value(new Hinge(), t(new float[] {-1, 1}, 1, 2), yp), TOL);
        assertEquals((1.69 + 0.36) / 2, value(new SquaredHinge(), t(new float[] {0, 1}, 1, 2), yp), TOL);
    }

    @Test
    void categoricalHinge() {
        // pos = 0.4, neg = max(0.3, 0, 0.5) = 0.5: max(0.5 - 0.4 + 1, 0) = 1.1.
        assertEquals(1.1, value(new CategoricalHinge(), t(new float[] {0, 1, 0}, 1, 3),
                t(new float[] {0.3f, 0.4f, 0.5f}, 1, 3)), TOL);
    }

    @Test
    void cosineSimilarityMatchesKerasExample() {
        Tensor yt = t(new float[] {0, 1, 1, 1, 1, 1}, 3, 2);
        Tensor yp = t(new float[] {1, 0, 1, 1, -1, -1}, 3, 2);
        assertArrayEquals(new float[] {0f, -1f, 1f}, new CosineSimilarity().call(yt, yp).toFloatArray(), 1e-6f);
        // A zero vector has similarity 0, not NaN.
        assertEquals(0.0, value(new CosineSimilarity(), t(new float[] {0, 0}, 1, 2), t(new float[] {1, 2}, 1, 2)), 0.0);
    }
}

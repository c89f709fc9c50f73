package dev.sheaf.losses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Sample weights and every reduction, on MSE rows of 0.5 and 2.5. */
class LossReductionTest {
    // Per-sample MSE: ((1-0)^2 + 0) / 2 = 0.5 and ((0-1)^2 + (3-1)^2) / 2 = 2.5.
    private final Tensor yTrue = Ops.constant(new float[] {1, 0, 0, 3}, 2, 2);
    private final Tensor yPred = Ops.constant(new float[] {0, 0, 1, 1}, 2, 2);
    private final Tensor weights = Ops.constant(new float[] {2, 0.5f});

    private double reduce(Reduction r, Tensor sw) {
        return new MeanSquaredError().setReduction(r).compute(yTrue, yPred, sw).itemAsDouble();
    }

    @Test
    void sumOverBatchSizeIsTheDefaultAndDividesByTheElementCount() {
        assertEquals(Reduction.SUM_OVER_BATCH_SIZE, new MeanSquaredError().reduction());
        assertEquals(1.5, new MeanSquaredError().compute(yTrue, yPred, null).itemAsDouble(), 1e-6);
        // Weighted: (2 * 0.5 + 0.5 * 2.5) / 2 = 1.125 (divided by the count, not by the weights).
        assertEquals(1.125, reduce(Reduction.SUM_OVER_BATCH_SIZE, weights), 1e-6);
    }

    @Test
    void sum() {
        assertEquals(3.0, reduce(Reduction.SUM, null), 1e-6);
        assertEquals(2.25, reduce(Reduction.SUM, weights), 1e-6);
    }

    @Test
    void meanWithSampleWeightDividesByTheWeights() {
        assertEquals(2.25 / 2.5, reduce(Reduction.MEAN_WITH_SAMPLE_WEIGHT, weights), 1e-6);
        assertEquals(1.5, reduce(Reduction.MEAN_WITH_SAMPLE_WEIGHT, null), 1e-6);
        assertEquals(0.0, reduce(Reduction.MEAN_WITH_SAMPLE_WEIGHT, Ops.zeros(2)), 0.0);
    }

    @Test
    void noneKeepsWeightedPerSampleValues() {
        Tensor r = new MeanSquaredError().setReduction(Reduction.NONE).compute(yTrue, yPred, weights);
        assertArrayEquals(new float[] {1.0f, 1.25f}, r.toFloatArray(), 1e-6f);
    }

    @Test
    void weightsOfShapeBatchByOneAndScalarWeightsBroadcast() {
        assertEquals(1.125, reduce(Reduction.SUM_OVER_BATCH_SIZE, Ops.constant(new float[] {2, 0.5f}, 2, 1)), 1e-6);
        assertEquals(3.0, reduce(Reduction.SUM_OVER_BATCH_SIZE, Ops.scalar(2.0)), 1e-6);
    }

    @Test
    void weightsThatDoNotFitAreAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> reduce(Reduction.SUM, Ops.ones(3)));
        assertTrue(e.getMessage().contains("MeanSquaredError") && e.getMessage().contains("(3,)")
                && e.getMessage().contains("(2,)"), e.getMessage());
    }

    @Test
    void mismatchedShapesNameTheLossAndBothShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MeanSquaredError().compute(Ops.zeros(4), Ops.zeros(4, 3), null));
        assertTrue(e.getMessage().contains("MeanSquaredError") && e.getMessage().contains("(4,)")
                && e.getMessage().contains("(4, 3)"), e.getMessage());
        IllegalArgumentException sparse = assertThrows(IllegalArgumentException.class,
                () -> new SparseCategoricalCrossentropy().compute(Ops.zeros(4, 3), Ops.zeros(4, 5), null));
        assertTrue(sparse.getMessage().contains("SparseCategoricalCrossentropy")
                && sparse.getMessage().contains("(4, 3)") && sparse.getMessage().contains("(4, 5)"), sparse.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new CategoricalCrossentropy().compute(Ops.constant(new int[] {1, 2}), Ops.zeros(2, 3), null));
    }

    @Test
    void outOfRangeSparseLabelsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SparseCategoricalCrossentropy().compute(Ops.constant(new int[] {0, 3}), Ops.ones(2, 3), null));
        assertTrue(e.getMessage().contains("label 3"), e.getMessage());
    }
}

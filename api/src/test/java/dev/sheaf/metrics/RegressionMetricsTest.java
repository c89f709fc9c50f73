package dev.sheaf.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.Tensor;
import org.junit.jupiter.api.Test;

class RegressionMetricsTest {
    // Per-sample squared errors: (1 + 0) / 2 = 0.5 and 0; absolute errors the same.
    private final Tensor yTrue = Ops.constant(new float[] {0, 1, 0, 0}, 2, 2);
    private final Tensor yPred = Ops.constant(new float[] {1, 1, 0, 0}, 2, 2);
    private final Tensor weights = Ops.constant(new float[] {1, 0}, 2);

    @Test
    void meanSquaredError() {
        MeanSquaredError m = new MeanSquaredError();
        m.updateState(yTrue, yPred, null);
        assertEquals(0.25, m.result(), 1e-7);
        m.resetState();
        m.updateState(yTrue, yPred, weights);
        assertEquals(0.5, m.result(), 1e-7);
    }

    @Test
    void meanAbsoluteError() {
        MeanAbsoluteError m = new MeanAbsoluteError();
        m.updateState(yTrue, yPred, null);
        assertEquals(0.25, m.result(), 1e-7);
    }

    @Test
    void rootMeanSquaredErrorIsTheRootOfTheRunningMean() {
        RootMeanSquaredError m = new RootMeanSquaredError();
        m.updateState(yTrue, yPred, null);
        assertEquals(0.5, m.result(), 1e-7);
        m.resetState();
        m.updateState(yTrue, yPred, weights);
        assertEquals(Math.sqrt(0.5), m.result(), 1e-7);
        // A second batch with squared errors 4 and 0 (one sample): sqrt((0.5 + 2) / 2).
        m.updateState(Ops.constant(new float[] {0, 0}, 1, 2), Ops.constant(new float[] {2, 0}, 1, 2), null);
        assertEquals(Math.sqrt(2.5 / 2), m.result(), 1e-7);
    }
}

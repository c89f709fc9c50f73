package dev.sheaf.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The Keras docstring case: at threshold 0.5, column 0 has tp 1, fn 2 (p 1, r 1/3); column 1 tp 2, fp 1 (p 2/3, r 1);
 * column 2 tp 1, fp 1 (p 1/2, r 1).
 */
class FScoreTest {
    private final Tensor yTrue = Ops.constant(new int[] {1, 1, 1, 1, 0, 0, 1, 1, 0}, 3, 3);
    private final Tensor yPred = Ops.constant(new float[] {0.2f, 0.6f, 0.7f, 0.2f, 0.6f, 0.6f, 0.6f, 0.8f, 0.0f}, 3, 3);

    private static double f(double beta, double p, double r) {
        return (1 + beta * beta) * p * r / (beta * beta * p + r);
    }

    @Test
    void f1PerClassAndAveraged() {
        F1Score m = new F1Score("f1", null, 0.5);
        m.updateState(yTrue, yPred, null);
        assertArrayEquals(new double[] {0.5, 0.8, 2.0 / 3}, m.classResults(), 1e-6);
        assertEquals((0.5 + 0.8 + 2.0 / 3) / 3, m.result(), 1e-6);
        F1Score micro = new F1Score("f1", "micro", 0.5);
        micro.updateState(yTrue, yPred, null);
        assertEquals(2.0 / 3, micro.result(), 1e-6);  // tp 4, fp 2, fn 2
        F1Score weighted = new F1Score("f1", "weighted", 0.5);
        weighted.updateState(yTrue, yPred, null);
        assertEquals((0.5 * 3 + 0.8 * 2 + 2.0 / 3 * 1) / 6, weighted.result(), 1e-6);  // supports 3, 2, 1
    }

    @Test
    void fBetaWithBetaTwo() {
        FBetaScore m = new FBetaScore("fb", null, 2.0, 0.5);
        m.updateState(yTrue, yPred, null);
        assertArrayEquals(new double[] {f(2, 1, 1.0 / 3), f(2, 2.0 / 3, 1), f(2, 0.5, 1)}, m.classResults(), 1e-6);
        assertArrayEquals(new double[] {0.3846154, 0.90909094, 0.8333334}, m.classResults(), 1e-6);
    }

    @Test
    void withoutThresholdTheRowMaximumIsPositive() {
        // Row maxima: column 2, columns 1 and 2 (tied), column 1. Column 0: tp 0 -> 0; column 1: tp 1 (row 2),
        // fp 1 (row 1) -> p 1/2, r 1/2 -> 0.5; column 2: tp 1, fp 1, fn 0 -> p 1/2, r 1 -> 2/3.
        F1Score m = new F1Score();
        m.updateState(yTrue, yPred, null);
        assertArrayEquals(new double[] {0, 0.5, 2.0 / 3}, m.classResults(), 1e-6);
    }

    @Test
    void sampleWeightsScaleRows() {
        // Weight 0 on row 1 removes its false positives: column 1 tp 2, fp 0 -> 1; column 2 tp 1, fp 0 -> 1.
        F1Score m = new F1Score("f1", null, 0.5);
        m.updateState(yTrue, yPred, Ops.constant(new float[] {1, 0, 1}));
        double[] r = m.classResults();
        assertEquals(1.0, r[1], 1e-6);
        assertEquals(1.0, r[2], 1e-6);
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new F1Score("f1", "mean", null));
        assertThrows(IllegalArgumentException.class, () -> new FBetaScore("fb", null, 0, null));
        assertThrows(IllegalArgumentException.class, () -> new F1Score("f1", null, 0.0));
        assertThrows(IllegalArgumentException.class, () -> new F1Score().updateState(Ops.zeros(3), Ops.zeros(3), null));
    }
}

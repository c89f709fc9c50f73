package dev.sheaf.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sheaf.autodiff.GradientTape;
import dev.sheaf.autodiff.Variable;
import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.Tensor;
import dev.sheaf.tensor.TensorScope;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Gradients reach y_pred through every loss, and match finite differences (float64). */
class LossGradientTest {
    private static final double[] PRED = {0.2, 0.7, 0.1, 0.5, 0.3, 0.2};
    private static final double[] ONE_HOT = {0, 1, 0, 1, 0, 0};

    private static double[] gradient(Loss loss, Tensor yTrue, double[] pred) {
        try (TensorScope scope = TensorScope.open(); Variable p = new Variable("p", Ops.constant(pred, 2, 3))) {
            try (GradientTape tape = new GradientTape()) {
                Tensor l = loss.compute(yTrue, p.value(), null);
                return tape.gradient(l, p).get(0).toDoubleArray();
            }
        }
    }

    private static double value(Loss loss, Tensor yTrue, double[] pred) {
        try (TensorScope scope = TensorScope.open()) {
            return loss.compute(yTrue, Ops.constant(pred, 2, 3), null).itemAsDouble();
        }
    }

    @Test
    void everyLossHasANonZeroGradient() {
        Tensor oneHot = Ops.constant(ONE_HOT, 2, 3);
        Tensor targets = Ops.constant(new double[] {0.5, 0.1, 0.4, 0.9, 0.2, 0.3}, 2, 3);
        List<Supplier<Loss>> onTargets = List.of(MeanSquaredError::new, MeanAbsoluteError::new,
                MeanAbsolutePercentageError::new, MeanSquaredLogarithmicError::new, Huber::new, LogCosh::new,
                KLDivergence::new, Poisson::new, CosineSimilarity::new);
        for (Supplier<Loss> s : onTargets) {
            assertNonZero(s.get(), targets);
        }
        List<Supplier<Loss>> onLabels = List.of(BinaryCrossentropy::new, () -> new BinaryCrossentropy(true),
                CategoricalCrossentropy::new, () -> new CategoricalCrossentropy(true), Hinge::new, SquaredHinge::new,
                CategoricalHinge::new);
        for (Supplier<Loss> s : onLabels) {
            assertNonZero(s.get(), oneHot);
        }
        assertNonZero(new SparseCategoricalCrossentropy(), Ops.constant(new int[] {1, 0}));
        assertNonZero(new SparseCategoricalCrossentropy(true), Ops.constant(new int[] {1, 0}));
    }

    private static void assertNonZero(Loss loss, Tensor yTrue) {
        double[] g = gradient(loss, yTrue, PRED);
        boolean any = false;
        for (double v : g) {
            assertTrue(Double.isFinite(v), loss.name() + " gradient is not finite");
            any |= v != 0;
        }
        assertTrue(any, loss.name() + " gradient is all zero");
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Tensor oneHot = Ops.constant(ONE_HOT, 2, 3);
        assertMatchesFiniteDifference(new CategoricalCrossentropy(), oneHot);
        assertMatchesFiniteDifference(new CategoricalCrossentropy(true).setLabelSmoothing(0.1), oneHot);
        assertMatchesFiniteDifference(new BinaryCrossentropy(), oneHot);
        assertMatchesFiniteDifference(new BinaryCrossentropy(true), oneHot);
        assertMatchesFiniteDifference(new SparseCategoricalCrossentropy(true), Ops.constant(new int[] {1, 0}));
        assertMatchesFiniteDifference(new LogCosh(), oneHot);
    }

    private static void assertMatchesFiniteDifference(Loss loss, Tensor yTrue) {
        double[] g = gradient(loss, yTrue, PRED);
        double h = 1e-6;
        for (int i = 0; i < PRED.length; i++) {
            double[] up = PRED.clone();
            double[] down = PRED.clone();
            up[i] += h;
            down[i] -= h;
            double numeric = (value(loss, yTrue, up) - value(loss, yTrue, down)) / (2 * h);
            assertEquals(numeric, g[i], 1e-6, loss.name() + " d/dpred[" + i + "]");
        }
    }
}

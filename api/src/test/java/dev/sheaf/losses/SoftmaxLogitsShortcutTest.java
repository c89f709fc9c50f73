package dev.sheaf.losses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sheaf.autodiff.GradientTape;
import dev.sheaf.autodiff.Variable;
import dev.sheaf.ops.Ops;
import dev.sheaf.ops.SoftmaxLogits;
import dev.sheaf.tensor.Tensor;
import dev.sheaf.tensor.TensorScope;
import org.junit.jupiter.api.Test;

/**
 * The categorical crossentropies on a softmax output compute from its logits, as Keras 3 does on its TensorFlow
 * backend ({@code _keras_logits}): the same value as the probability path where nothing is clipped, the exact value
 * where the probability path clips at 1e-7.
 */
class SoftmaxLogitsShortcutTest {
    private static final double[] LOGITS = {0.5, -1.0, 2.0, 0.1, 0.3, -0.4};

    @Test
    void softmaxRemembersItsLogitsAlongItsAxisOnly() {
        try (TensorScope scope = TensorScope.open()) {
            Tensor z = Ops.constant(LOGITS, 2, 3);
            Tensor p = Ops.softmax(z);
            assertNotNull(SoftmaxLogits.of(p, -1));
            assertNotNull(SoftmaxLogits.of(p, 1));
            assertNull(SoftmaxLogits.of(p, 0), "a loss over another axis must not use them");
            assertNull(SoftmaxLogits.of(Ops.copy(p), -1), "only the softmax output itself carries its logits");
            z.close();
            assertNull(SoftmaxLogits.of(p, -1), "closed logits are never used");
        }
    }

    @Test
    void nonSaturatedValuesAndGradientsMatchTheProbabilityPath() {
        // A copy of the softmax output has no logits attached, so it takes the clipped-probability path.
        Tensor oneHot = Ops.constant(new double[] {0, 0, 1, 1, 0, 0}, 2, 3);
        Tensor sparse = Ops.constant(new int[] {2, 0});
        for (boolean isSparse : new boolean[] {false, true}) {
            Loss loss = isSparse ? new SparseCategoricalCrossentropy() : new CategoricalCrossentropy();
            Tensor yTrue = isSparse ? sparse : oneHot;
            double[] fused = valueAndGradient(loss, yTrue, false);
            double[] plain = valueAndGradient(loss, yTrue, true);
            assertArrayEquals(plain, fused, 1e-12, loss.name());
        }
    }

    @Test
    void saturatedPredictionIsExactWhereTheProbabilityPathClips() {
        // Logits 0 and -30: softmax gives p = 9.4e-14 for the true class, clipped to 1e-7 on the probability path
        // (loss -log(1e-7) = 16.118), exactly 30 + log(1 + e^-30) on the logits path (Keras 3 on TensorFlow; Keras on
        // JAX or PyTorch clips like the probability path).
        try (TensorScope scope = TensorScope.open()) {
            Tensor z = Ops.constant(new double[] {0, -30}, 1, 2);
            Tensor p = Ops.softmax(z);
            Tensor label = Ops.constant(new int[] {1});
            double exact = 30 + Math.log1p(Math.exp(-30));
            assertEquals(exact, new SparseCategoricalCrossentropy().compute(label, p, null).itemAsDouble(), 1e-12);
            assertEquals(exact, new CategoricalCrossentropy().compute(Ops.constant(new double[] {0, 1}, 1, 2), p, null)
                    .itemAsDouble(), 1e-12);
            assertEquals(-Math.log(1e-7), new SparseCategoricalCrossentropy().compute(label, Ops.copy(p), null)
                    .itemAsDouble(), 1e-9, "the plain path clips");
        }
    }

    @Test
    void saturatedPredictionStillHasAGradient() {
        // The clipped path has a zero gradient at a saturated wrong prediction; the logits path keeps learning.
        try (TensorScope scope = TensorScope.open(); Variable z = new Variable("z", Ops.constant(new double[] {0, -30}, 1, 2))) {
            try (GradientTape tape = new GradientTape()) {
                Tensor l = new SparseCategoricalCrossentropy().compute(Ops.constant(new int[] {1}), Ops.softmax(z.value()),
                        null);
                double[] g = tape.gradient(l, z).get(0).toDoubleArray();
                assertEquals(1.0, g[0], 1e-12);
                assertEquals(-1.0, g[1], 1e-12);
            }
        }
    }

    @Test
    void ignoreClassAndLabelSmoothingGoThroughTheShortcut() {
        try (TensorScope scope = TensorScope.open()) {
            Tensor z = Ops.constant(LOGITS, 2, 3);
            Tensor p = Ops.softmax(z);
            SparseCategoricalCrossentropy ignoring = new SparseCategoricalCrossentropy().setIgnoreClass(0);
            Tensor labels = Ops.constant(new int[] {2, 0});
            assertEquals(ignoring.compute(labels, Ops.copy(p), null).itemAsDouble(),
                    ignoring.compute(labels, p, null).itemAsDouble(), 1e-12);
            CategoricalCrossentropy smoothed = new CategoricalCrossentropy().setLabelSmoothing(0.1);
            Tensor oneHot = Ops.constant(new double[] {0, 0, 1, 1, 0, 0}, 2, 3);
            assertEquals(smoothed.compute(oneHot, Ops.copy(p), null).itemAsDouble(),
                    smoothed.compute(oneHot, p, null).itemAsDouble(), 1e-12);
        }
    }

    /** The loss and d loss / d logits, through a softmax output or (plain) a copy of it. */
    private static double[] valueAndGradient(Loss loss, Tensor yTrue, boolean plain) {
        try (TensorScope scope = TensorScope.open(); Variable z = new Variable("z", Ops.constant(LOGITS, 2, 3))) {
            try (GradientTape tape = new GradientTape()) {
                Tensor p = Ops.softmax(z.value());
                Tensor l = loss.compute(yTrue, plain ? Ops.copy(p) : p, null);
                double[] g = tape.gradient(l, z).get(0).toDoubleArray();
                double[] r = new double[g.length + 1];
                r[0] = l.itemAsDouble();
                System.arraycopy(g, 0, r, 1, g.length);
                assertTrue(Double.isFinite(r[0]));
                return r;
            }
        }
    }
}

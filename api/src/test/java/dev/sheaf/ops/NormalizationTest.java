package dev.sheaf.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sheaf.autodiff.GradientTape;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import dev.sheaf.tensor.TensorScope;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * {@link Ops#batchNormalization}, {@link Ops#batchNormalizationInference} and {@link Ops#layerNormalization}: argument
 * checks, and values and gradients against the same formulas written with plain ops. (The finite-difference checks
 * and the backend comparisons are in testkit.)
 */
class NormalizationTest {

    private static Tensor x(long... shape) {
        return Ops.normal(Shape.of(shape), DType.FLOAT64, 0.5, 2, 21);
    }

    private static Tensor v(double... values) {
        return Ops.constant(values, values.length);
    }

    private static IllegalArgumentException rejects(Runnable r, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' lacks '" + f + "'");
        }
        return e;
    }

    // ------------------------------------------------------------------ validation

    @Test
    void argumentsAreCheckedWithMessagesNamingTheOpAndShapes() {
        try (TensorScope scope = TensorScope.open()) {
            Tensor x = x(2, 3);
            rejects(() -> Ops.batchNormalization(v(1, 2, 3), null, null, 0, 1e-3), "batchNormalization", "rank >= 2",
                    "(3,)");
            rejects(() -> Ops.batchNormalization(x, v(1, 2, 3, 4), null, 1, 1e-3), "batchNormalization", "gamma",
                    "(3,)", "(4,)");
            rejects(() -> Ops.batchNormalization(x, null, v(1, 2), -1, 1e-3), "batchNormalization", "beta",
                    "(3,)", "(2,)");
            rejects(() -> Ops.batchNormalization(x, v(1, 2, 3), null, 0, 1e-3), "gamma", "(2,)", "x.shape[0]");
            rejects(() -> Ops.batchNormalization(x, Ops.ones(1, 3), null, 1, 1e-3), "gamma", "(1, 3)");
            rejects(() -> Ops.batchNormalization(x, null, null, 2, 1e-3), "batchNormalization", "axis");
            rejects(() -> Ops.batchNormalization(x, null, null, 1, -1e-3), "batchNormalization", "epsilon");
            rejects(() -> Ops.batchNormalization(x, null, null, 1, Double.NaN), "epsilon", "NaN");
            rejects(() -> Ops.batchNormalizationInference(x, null, null, null, v(1, 1, 1), 1, 1e-3),
                    "batchNormalizationInference", "mean is null");
            rejects(() -> Ops.batchNormalizationInference(x, null, null, v(0, 0, 0), v(1, 1), 1, 1e-3),
                    "batchNormalizationInference", "variance", "(3,)", "(2,)");
            rejects(() -> Ops.layerNormalization(Ops.scalar(1.0), null, null, 1e-3), "layerNormalization",
                    "rank >= 1");
            rejects(() -> Ops.layerNormalization(x, v(1, 1), null, 1e-3), "layerNormalization", "gamma", "(3,)",
                    "last dimension");
            rejects(() -> Ops.layerNormalization(x, null, null, Double.POSITIVE_INFINITY), "epsilon");
            Tensor closed = x(2, 3);
            closed.close();
            assertThrows(IllegalStateException.class, () -> Ops.layerNormalization(closed, null, null, 1e-3));
            assertThrows(IllegalArgumentException.class, () -> Ops.batchNormalization(null, null, null, 1, 1e-3));
        }
    }

    @Test
    void integerInputsGiveFloat32AndMixedFloatsMeetAtTheWiderType() {
        try (TensorScope scope = TensorScope.open()) {
            Tensor xi = Ops.constant(new int[] {1, 2, 3, 5, 8, 13}, 3, 2);
            NormalizationResult r = Ops.batchNormalization(xi, null, null, 1, 1e-3);
            assertEquals(DType.FLOAT32, r.y().dtype());
            assertEquals(DType.FLOAT32, r.mean().dtype());
            assertArrayEquals(new float[] {4, 20 / 3f}, r.mean().toFloatArray(), 1e-5f);
            assertEquals(DType.FLOAT32, Ops.layerNormalization(xi, null, null, 1e-3).dtype());
            Tensor gamma64 = Ops.constant(new double[] {1, 2}, 2);
            assertEquals(DType.FLOAT64, Ops.layerNormalization(xi, gamma64, null, 1e-3).dtype());
        }
    }

    // ------------------------------------------------------------------ values and gradients

    /** The value of {@code f} and the tape's gradients of {@code sum(w * f)} with respect to every input. */
    private static List<double[]> valueAndGradients(Function<List<Tensor>, Tensor> f, Tensor... inputs) {
        List<double[]> r = new ArrayList<>();
        try (GradientTape tape = new GradientTape()) {
            for (Tensor t : inputs) {
                tape.watch(t);
            }
            Tensor y = f.apply(List.of(inputs));
            Tensor w = Ops.uniform(y.shape(), DType.FLOAT64, -1, 1, 5);
            List<Tensor> g = tape.gradient(Ops.sum(Ops.multiply(y, w)), List.of(inputs));
            r.add(y.toDoubleArray());
            for (Tensor t : g) {
                r.add(t.toDoubleArray());
            }
        }
        return r;
    }

    private static void assertSame(List<double[]> expected, List<double[]> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i), 1e-10, "result " + i);
        }
    }

    /** {@code (x - mean) / sqrt(var + eps) * gamma + beta} with plain ops, gamma and beta shaped to broadcast. */
    private static Tensor plain(Tensor x, Tensor mean, Tensor var, Tensor gamma, Tensor beta, double eps) {
        return Ops.add(Ops.multiply(Ops.divide(Ops.subtract(x, mean), Ops.sqrt(Ops.add(var, eps))), gamma), beta);
    }

    @Test
    void batchNormalizationMatchesPlainOpsInValueAndGradient() {
        try (TensorScope scope = TensorScope.open()) {
            Tensor x = x(2, 3, 2, 2);
            Tensor gamma = v(0.5, -1.5, 2);
            Tensor beta = v(0.1, 0.2, -0.3);
            int[] axes = {0, 2, 3};
            List<double[]> fused = valueAndGradients(t -> Ops.batchNormalization(t.get(0), t.get(1), t.get(2), 1,
                    1e-3).y(), x, gamma, beta);
            List<double[]> plain = valueAndGradients(t -> plain(t.get(0), Ops.mean(t.get(0), axes, true),
                    Ops.var(t.get(0), axes, true), Ops.reshape(t.get(1), 1, 3, 1, 1), Ops.reshape(t.get(2), 1, 3, 1, 1),
                    1e-3), x, gamma, beta);
            assertSame(plain, fused);
            // The statistics, and their gradients with respect to x.
            assertSame(valueAndGradients(t -> Ops.mean(t.get(0), axes, false), x),
                    valueAndGradients(t -> Ops.batchNormalization(t.get(0), gamma, beta, 1, 1e-3).mean(), x));
            assertSame(valueAndGradients(t -> Ops.var(t.get(0), axes, false), x),
                    valueAndGradients(t -> Ops.batchNormalization(t.get(0), gamma, beta, 1, 1e-3).variance(), x));
        }
    }

    @Test
    void batchNormalizationInferenceMatchesPlainOpsInEveryArgument() {
        try (TensorScope scope = TensorScope.open()) {
            Tensor x = x(3, 2, 4);
            Tensor gamma = v(0.5, -1.5);
            Tensor beta = v(0.1, 0.2);
            Tensor mean = v(0.3, -0.7);
            Tensor var = v(1.5, 0.25);
            Function<Tensor, Tensor> k = t -> Ops.reshape(t, 1, 2, 1);
            List<double[]> fused = valueAndGradients(t -> Ops.batchNormalizationInference(t.get(0), t.get(1),
                    t.get(2), t.get(3), t.get(4), 1, 0.01), x, gamma, beta, mean, var);
            List<double[]> plain = valueAndGradients(t -> plain(t.get(0), k.apply(t.get(3)), k.apply(t.get(4)),
                    k.apply(t.get(1)), k.apply(t.get(2)), 0.01), x, gamma, beta, mean, var);
            assertSame(plain, fused);
            // Without gamma and beta: as gamma 1, beta 0.
            assertSame(valueAndGradients(t -> plain(t.get(0), k.apply(t.get(1)), k.apply(t.get(2)), Ops.scalar(1.0,
                            DType.FLOAT64), Ops.scalar(0.0, DType.FLOAT64), 0.01), x, mean, var),
                    valueAndGradients(t -> Ops.batchNormalizationInference(t.get(0), null, null, t.get(1), t.get(2),
                            1, 0.01), x, mean, var));
        }
    }

    @Test
    void layerNormalizationMatchesPlainOpsInValueAndGradient() {
        try (TensorScope scope = TensorScope.open()) {
            Tensor x = x(2, 3, 4);
            Tensor gamma = v(0.5, -1.5, 2, 1);
            Tensor beta = v(0.1, 0.2, -0.3, 0);
            int[] last = {2};
            List<double[]> fused = valueAndGradients(t -> Ops.layerNormalization(t.get(0), t.get(1), t.get(2), 1e-3),
                    x, gamma, beta);
            List<double[]> plain = valueAndGradients(t -> plain(t.get(0), Ops.mean(t.get(0), last, true),
                    Ops.var(t.get(0), last, true), t.get(1), t.get(2), 1e-3), x, gamma, beta);
            assertSame(plain, fused);
        }
    }

    @Test
    void theFusedBackwardRunsUnlessAnOuterTapeRecordsTheGradient() {
        // What the rules branch on: a tape computing its own gradient records nothing, an enclosing tape does.
        try (TensorScope scope = TensorScope.open()) {
            Tensor x = x(3);
            boolean[] seen = new boolean[2];
            try (GradientTape outer = new GradientTape()) {
                outer.watch(x);
                try (GradientTape inner = new GradientTape()) {
                    inner.watch(x);
                    Tensor y = GradientTape.record(Ops.copy(x), (g, i) -> {
                        seen[0] = GradientTape.isRecording();
                        return g;
                    }, x);
                    inner.gradient(Ops.sum(y), x);
                }
                try (GradientTape alone = new GradientTape()) {
                    alone.watch(x);
                    Tensor y = GradientTape.record(Ops.copy(x), (g, i) -> {
                        seen[1] = GradientTape.isRecording();
                        return g;
                    }, x);
                    try (GradientTape.Pause p = GradientTape.stopRecording()) {
                        assertFalse(GradientTape.isRecording());
                    }
                    outer.close();
                    alone.gradient(Ops.sum(y), x);
                }
            }
            assertTrue(seen[0], "an enclosing recording tape must be visible to the rule");
            assertFalse(seen[1], "the tape computing the gradient does not record");
        }
    }
}

package dev.sheaf.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sheaf.autodiff.GradientTape;
import dev.sheaf.autodiff.Variable;
import dev.sheaf.ops.Ops;
import dev.sheaf.spi.OptimizerProvider;
import dev.sheaf.spi.Registry;
import dev.sheaf.tensor.Tensor;
import dev.sheaf.tensor.TensorScope;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * SGD traces worked out by hand: w0 = 1, learning rate 0.1, scripted gradients 1, 2, -1, 0.5, 3 (float64 variables,
 * so the comparison is of the formula, not of float32 rounding).
 */
class SGDTest {
    private static final double[] GRADS = {1.0, 2.0, -1.0, 0.5, 3.0};

    private static double[] trace(SGD sgd) {
        double[] w = new double[GRADS.length];
        try (Variable v = new Variable("w", Ops.constant(new double[] {1.0}))) {
            for (int i = 0; i < GRADS.length; i++) {
                try (TensorScope s = TensorScope.open()) {
                    sgd.applyGradients(List.of(Ops.constant(new double[] {GRADS[i]})), List.of(v));
                }
                w[i] = v.value().toDoubleArray()[0];
            }
        }
        return w;
    }

    private static void assertTrace(double[] expected, double[] actual) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], Math.abs(expected[i]) * 1e-6, "step " + (i + 1));
        }
    }

    @Test
    void plainGradientDescent() {
        // w -= 0.1 g: 0.9, 0.7, 0.8, 0.75, 0.45.
        assertTrace(new double[] {0.9, 0.7, 0.8, 0.75, 0.45}, trace(new SGD(0.1)));
    }

    @Test
    void momentum() {
        // m = 0.9 m - 0.1 g; w += m:
        // m -0.1 -> 0.9; m -0.29 -> 0.61; m -0.161 -> 0.449; m -0.1949 -> 0.2541; m -0.47541 -> -0.22131.
        assertTrace(new double[] {0.9, 0.61, 0.449, 0.2541, -0.22131}, trace(new SGD(0.1, 0.9)));
    }

    @Test
    void nesterov() {
        // Same m; w += 0.9 m - 0.1 g: -0.19 -> 0.81; -0.461 -> 0.349; -0.0449 -> 0.3041; -0.22541 -> 0.07869;
        // -0.727869 -> -0.649179.
        assertTrace(new double[] {0.81, 0.349, 0.3041, 0.07869, -0.649179}, trace(new SGD(0.1, 0.9, true)));
    }

    @Test
    void defaultsAreKeras() {
        SGD sgd = new SGD();
        assertEquals(0.01, sgd.learningRate());
        assertEquals(0.0, sgd.momentum());
        assertEquals("SGD", sgd.name());
        assertTrace(new double[] {0.99, 0.97, 0.98, 0.975, 0.945}, trace(sgd));
        assertEquals(5, sgd.iterations());
    }

    @Test
    void momentumSlotOnlyWhenMomentumIsPositive() {
        try (Variable a = new Variable("a", Ops.zeros(2)); Variable b = new Variable("b", Ops.zeros(3))) {
            SGD plain = new SGD(0.1);
            plain.applyGradients(List.of(Ops.ones(2), Ops.ones(3)), List.of(a, b));
            assertEquals(1, plain.variables().size());
            SGD withMomentum = new SGD(0.1, 0.5);
            withMomentum.applyGradients(List.of(Ops.ones(2), Ops.ones(3)), List.of(a, b));
            List<Variable> state = withMomentum.variables();
            assertEquals(3, state.size());
            assertEquals("a/momentum", state.get(1).name());
            assertArrayEquals(new float[] {-0.1f, -0.1f}, state.get(1).value().toFloatArray(), 1e-7f);
            assertThrows(IllegalStateException.class, () -> withMomentum.setMomentum(0.9));
        }
    }

    @Test
    void clipnormScalesEachGradient() {
        // g = [3, 4] has norm 5; clipnorm 1 makes it [0.6, 0.8]; lr 1.
        assertArrayEquals(new float[] {-0.6f, -0.8f}, step(new SGD(1.0).setClipnorm(1.0), Ops.constant(new float[] {3, 4})),
                1e-6f);
        // Under the norm: unchanged.
        assertArrayEquals(new float[] {-0.3f, -0.4f}, step(new SGD(1.0).setClipnorm(1.0), Ops.constant(new float[] {0.3f, 0.4f})),
                1e-6f);
    }

    @Test
    void clipvalueClipsElements() {
        assertArrayEquals(new float[] {-0.5f, 0.2f}, step(new SGD(1.0).setClipvalue(0.5), Ops.constant(new float[] {3, -0.2f})),
                1e-6f);
    }

    @Test
    void globalClipnormScalesAllGradientsTogether() {
        // Gradients [3] and [4]: global norm 5, limit 2.5 -> scale 0.5 -> [1.5] and [2].
        try (Variable a = new Variable("a", Ops.zeros(1)); Variable b = new Variable("b", Ops.zeros(1))) {
            new SGD(1.0).setGlobalClipnorm(2.5).applyGradients(
                    List.of(Ops.constant(new float[] {3}), Ops.constant(new float[] {4})), List.of(a, b));
            assertEquals(-1.5f, a.value().item(), 1e-6f);
            assertEquals(-2.0f, b.value().item(), 1e-6f);
        }
    }

    @Test
    void weightDecayIsDecoupledAndAppliedFirst() {
        // w = 2: w -= w * 0.1 * 0.5 -> 1.9; then w -= 0.5 * g (g = 1) -> 1.4.
        try (Variable w = new Variable("w", Ops.constant(new float[] {2}))) {
            SGD sgd = new SGD(0.5);
            sgd.setWeightDecay(0.1);
            sgd.applyGradients(List.of(Ops.constant(new float[] {1})), List.of(w));
            assertEquals(1.4f, w.value().item(), 1e-6f);
        }
    }

    @Test
    void trainsThroughATape() {
        // Minimises (w - 3)^2 from w = 0 with lr 0.1, momentum 0.9.
        try (Variable w = new Variable("w", Ops.zeros(1))) {
            SGD sgd = new SGD(0.1, 0.9);
            for (int i = 0; i < 200; i++) {
                try (TensorScope s = TensorScope.open(); GradientTape tape = new GradientTape()) {
                    Tensor loss = Ops.sum(Ops.square(Ops.subtract(w.value(), 3.0)));
                    sgd.applyGradients(tape.gradient(loss, w), List.of(w));
                }
            }
            assertEquals(3.0f, w.value().item(), 1e-4f);
        }
    }

    @Test
    void configRoundTripsAndTheRegistryKnowsSgd() {
        SGD sgd = new SGD(0.05, 0.9, true);
        sgd.setClipnorm(2.0);
        Map<String, Object> config = sgd.getConfig();
        assertEquals(0.9, config.get("momentum"));
        assertEquals(true, config.get("nesterov"));
        SGD copy = SGD.fromConfig(config);
        assertEquals(config, copy.getConfig());
        Optimizer fromRegistry = Registry.global().component(OptimizerProvider.class, "optimizers", "SGD".toLowerCase())
                .apply(Map.of("learning_rate", 0.2, "momentum", 0.5));
        assertInstanceOf(SGD.class, fromRegistry);
        assertEquals(0.2, fromRegistry.learningRate());
        assertEquals(0.5, ((SGD) fromRegistry).momentum());
    }

    @Test
    void badMomentumIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SGD(0.1, 1.5));
        assertTrue(e.getMessage().contains("momentum"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SGD(-0.1));
    }

    private static float[] step(SGD sgd, Tensor grad) {
        try (Variable w = new Variable("w", Ops.zeros(grad.shape(), grad.dtype()))) {
            sgd.applyGradients(List.of(grad), List.of(w));
            return w.value().toFloatArray();
        }
    }
}

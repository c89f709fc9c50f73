package dev.sheaf.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sheaf.constraints.MaxNorm;
import dev.sheaf.initializers.Constant;
import dev.sheaf.initializers.HeNormal;
import dev.sheaf.ops.Ops;
import dev.sheaf.regularizers.L1;
import dev.sheaf.regularizers.L2;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import dev.sheaf.testkit.LayerContract;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DenseTest {

    /** Kernel [[1, 2], [3, 4], [5, 6]], bias [0.5, -1]. */
    private static Dense handMade(String activation) {
        Dense d = new Dense(2, activation);
        d.apply(Ops.zeros(1, 3));
        d.setWeights(List.of(Ops.constant(new float[] {1, 2, 3, 4, 5, 6}, 3, 2), Ops.constant(new float[] {0.5f, -1})));
        return d;
    }

    @Test
    void keepsTheLayerContract() {
        LayerContract.of(() -> new Dense(4, "tanh"), Shape.symbolic(-1, 3)).verify();
        LayerContract.of(() -> new Dense(2).setUseBias(false).setKernelRegularizer(new L2(0.1))
                .setKernelConstraint(new MaxNorm(3, 0)), Shape.symbolic(-1, 2, 5)).verify();
    }

    @Test
    void computesActivationOfXTimesKernelPlusBias() {
        Tensor x = Ops.constant(new float[] {1, 0, -1, 2, 1, 0}, 2, 3);
        // x K = [[-4, -4], [5, 8]]; + b = [[-3.5, -5], [5.5, 7]].
        assertArrayEquals(new float[] {-3.5f, -5, 5.5f, 7}, handMade(null).apply(x).toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {0, 0, 5.5f, 7}, handMade("relu").apply(x).toFloatArray(), 1e-6f);
    }

    @Test
    void contractsTheLastAxisOfHigherRankInputs() {
        Dense d = handMade(null);
        Tensor x = Ops.constant(new float[] {1, 0, -1, 2, 1, 0}, 2, 1, 3);
        Tensor y = d.apply(x);
        assertEquals(Shape.of(2, 1, 2), y.shape());
        assertArrayEquals(new float[] {-3.5f, -5, 5.5f, 7}, y.toFloatArray(), 1e-6f);
        assertEquals(Shape.symbolic(-1, 7, 2), d.computeOutputShape(Shape.symbolic(-1, 7, 3)));
    }

    @Test
    void defaultsAreKeras() {
        Dense d = new Dense(32);
        d.apply(Ops.zeros(1, 64));
        assertEquals(List.of(Shape.of(64, 32), Shape.of(32)), List.of(d.kernel().shape(), d.bias().shape()));
        assertEquals("dense", d.name().replaceAll("_\\d+$", ""));
        double limit = Math.sqrt(6.0 / (64 + 32));
        float[] k = d.kernel().value().toFloatArray();
        for (float v : k) {
            assertTrue(Math.abs(v) <= limit, "glorot_uniform bound");
        }
        assertArrayEquals(new float[32], d.bias().value().toFloatArray(), 0);
        Map<String, Object> c = d.getConfig();
        assertEquals("linear", c.get("activation"));
        assertEquals(true, c.get("use_bias"));
        assertEquals("GlorotUniform", ((Map<?, ?>) c.get("kernel_initializer")).get("class_name"));
        assertEquals("Zeros", ((Map<?, ?>) c.get("bias_initializer")).get("class_name"));
        assertNull(c.get("kernel_regularizer"));
        assertEquals(2, d.trainableWeights().size());
        assertEquals(64 * 32 + 32, d.countParams());
    }

    @Test
    void namedAndTypedArgumentsAreAlike() {
        Dense d = Dense.of(3).setActivation("softmax").setKernelInitializer("ones").setBiasInitializer(new Constant(2));
        Tensor y = d.apply(Ops.ones(2, 4));
        assertArrayEquals(new float[] {1 / 3f, 1 / 3f, 1 / 3f, 1 / 3f, 1 / 3f, 1 / 3f}, y.toFloatArray(), 1e-6f);
        Dense fromConfig = Dense.fromConfig(d.getConfig());
        assertEquals(d.getConfig(), fromConfig.getConfig());
        Dense he = new Dense(2).setKernelInitializer(new HeNormal(1L));
        assertEquals("HeNormal", ((Map<?, ?>) he.getConfig().get("kernel_initializer")).get("class_name"));
    }

    @Test
    void regularizersAddToTheLoss() {
        Dense d = new Dense(2).setKernelRegularizer(new L2(0.1)).setBiasRegularizer(new L1(1.0))
                .setKernelInitializer(new Constant(1)).setBiasInitializer(new Constant(-2));
        d.apply(Ops.zeros(1, 3));
        // 0.1 * 6 ones + 1.0 * |−2| * 2
        assertEquals(0.6 + 4, d.regularizationLoss().itemAsDouble(), 1e-6);
    }

    @Test
    void activityRegularizerPenalizesTheLatestOutputs() {
        Dense d = handMade(null).setActivityRegularizer(new L1(0.1));
        d.apply(Ops.constant(new float[] {1, 0, -1}, 1, 3));       // y = [-3.5, -5]
        assertEquals(0.85, d.regularizationLoss().itemAsDouble(), 1e-6);
        d.apply(Ops.constant(new float[] {2, 1, 0}, 1, 3));        // y = [5.5, 7]: replaces, not adds
        assertEquals(1.25, d.regularizationLoss().itemAsDouble(), 1e-6);
        assertEquals(1, d.losses().size());
        assertEquals(Map.of("class_name", "L1", "config", Map.of("l1", 0.1)), d.getConfig().get("activity_regularizer"));
    }

    @Test
    void badShapesNameTheLayer() {
        Dense d = new Dense(4);
        d.setName("hidden");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> d.computeOutputShape(Shape.symbolic(-1)));
        assertTrue(e.getMessage().contains("Dense 'hidden'") && e.getMessage().contains("(None,)"), e.getMessage());
        d.apply(Ops.zeros(2, 3));
        e = assertThrows(IllegalArgumentException.class, () -> d.apply(Ops.zeros(2, 5)));
        assertTrue(e.getMessage().contains("Dense 'hidden'") && e.getMessage().contains("(2, 5)")
                && e.getMessage().contains("3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Dense(0));
        assertThrows(IllegalArgumentException.class, () -> new Dense(3, "rleu"));
        assertThrows(IllegalStateException.class, () -> d.setUseBias(false));
        e = assertThrows(IllegalArgumentException.class, () -> Dense.fromConfig(Map.of("unit", 3)));
        assertTrue(e.getMessage().contains("'unit'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Dense.fromConfig(Map.of("units", "three")));
        assertTrue(e.getMessage().contains("'units'"), e.getMessage());
    }
}

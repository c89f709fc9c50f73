package dev.sheaf.activations;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ActivationsTest {
    private static final double TOL = 1e-6;

    private static double[] apply(String name, double... x) {
        return Activations.get(name).apply(Ops.constant(x)).toDoubleArray();
    }

    @Test
    void piecewiseLinearActivations() {
        assertArrayEquals(new double[] {0, 0, 2}, apply("relu", -1, 0, 2), TOL);
        assertArrayEquals(new double[] {0, 3, 6}, apply("relu6", -1, 3, 7), TOL);
        assertArrayEquals(new double[] {-0.2, 0, 2}, apply("leaky_relu", -1, 0, 2), TOL);
        assertArrayEquals(new double[] {-1.5, 0, 2.5}, apply("linear", -1.5, 0, 2.5), TOL);
    }

    @Test
    void hardSigmoidIsKeras3Relu6OfXPlus3Over6() {
        // Keras 2's 0.2x + 0.5 would give 0.8 at 1.5 and saturate at ±2.5.
        assertArrayEquals(new double[] {0, 0, 0.25, 0.5, 0.75, 1, 1}, apply("hard_sigmoid", -4, -3, -1.5, 0, 1.5, 3, 5),
                TOL);
    }

    @Test
    void smoothActivationsAtHandPoints() {
        assertArrayEquals(new double[] {0.5, 0.75}, apply("sigmoid", 0, Math.log(3)), TOL);
        assertArrayEquals(new double[] {0, 0.46211715726000974}, apply("tanh", 0, 0.5), TOL);
        assertArrayEquals(new double[] {Math.exp(-1) - 1, 2}, apply("elu", -1, 2), TOL);
        double scale = 1.0507009873554805;
        double alpha = 1.6732632423543772;
        assertArrayEquals(new double[] {scale * alpha * (Math.exp(-1) - 1), scale}, apply("selu", -1, 1), TOL);
        assertArrayEquals(new double[] {Math.log(2), Math.log(1 + Math.E)}, apply("softplus", 0, 1), TOL);
        assertArrayEquals(new double[] {0.5, -0.75}, apply("softsign", 1, -3), TOL);
        assertArrayEquals(new double[] {1 / (1 + Math.exp(-1)), 0}, apply("silu", 1, 0), TOL);
        assertArrayEquals(new double[] {1, Math.E}, apply("exponential", 0, 1), TOL);
    }

    @Test
    void geluIsTheExactFormByDefault() {
        // 0.5 x (1 + erf(x / sqrt 2)); the tanh approximation gives 0.8411920 at 1, off by 1.5e-4.
        assertArrayEquals(new double[] {0.8413447460685429, -0.15865525393145707, 0}, apply("gelu", 1, -1, 0), TOL);
    }

    @Test
    void softmaxAndLogSoftmaxWorkOverTheLastAxis() {
        Tensor x = Ops.constant(new double[] {0, Math.log(2), Math.log(3), 5, 5, 5}, 2, 3);
        assertArrayEquals(new double[] {1 / 6.0, 2 / 6.0, 3 / 6.0, 1 / 3.0, 1 / 3.0, 1 / 3.0},
                Activations.get("softmax").apply(x).toDoubleArray(), TOL);
        assertArrayEquals(new double[] {Math.log(1 / 6.0), Math.log(2 / 6.0), Math.log(3 / 6.0), Math.log(1 / 3.0),
                Math.log(1 / 3.0), Math.log(1 / 3.0)}, Activations.get("log_softmax").apply(x).toDoubleArray(), TOL);
    }

    @Test
    void swishIsSiluAndNamesRoundTrip() {
        assertSame(Activations.get("silu"), Activations.get("swish"));
        assertEquals("silu", Activations.nameOf(Activations.get("swish")));
        for (String n : Activations.names()) {
            String canonical = n.equals("swish") ? "silu" : n;
            assertEquals(canonical, Activations.nameOf(Activations.get(n)));
        }
        assertEquals(17, Activations.names().size());
        assertSame(Activations.LINEAR, Activations.get(null));
        assertEquals("linear", Activations.nameOf(null));
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Activations.get("rellu"));
        assertTrue(e.getMessage().contains("'rellu'"), e.getMessage());
        assertTrue(e.getMessage().contains("relu, relu6, sigmoid"), e.getMessage());
    }

    @Test
    void customFunctionHasNoConfigName() {
        Activation mine = x -> Ops.multiply(x, 2.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Activations.nameOf(mine));
        assertTrue(e.getMessage().contains("cannot be written to a config"), e.getMessage());
    }
}

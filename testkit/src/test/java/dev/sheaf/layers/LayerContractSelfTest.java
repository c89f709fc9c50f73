package dev.sheaf.layers;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sheaf.autodiff.Variable;
import dev.sheaf.initializers.Constant;
import dev.sheaf.ops.Ops;
import dev.sheaf.spi.LayerProvider;
import dev.sheaf.spi.Registry;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import dev.sheaf.testkit.LayerContract;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The contract must catch the mistakes it exists for. */
class LayerContractSelfTest {

    /** Says its output has 99 features but returns its input. */
    static final class ShapeLiar extends Layer {
        @Override
        protected Tensor call(Tensor inputs, boolean training) {
            return inputs;
        }

        @Override
        public Shape computeOutputShape(Shape inputShape) {
            return inputShape.with(-1, 99);
        }
    }

    /** Multiplies by a weight, but copies its input through host memory, which cuts it off the tape. */
    static final class GradientBlocker extends Layer {
        private Variable scale;

        @Override
        protected void build(Shape inputShape) {
            scale = addWeight("scale", Shape.of(inputShape.dim(-1)), new Constant(2), true);
        }

        @Override
        protected Tensor call(Tensor inputs, boolean training) {
            Tensor detached = Ops.cast(Ops.constant(inputs.toDoubleArray(), inputs.shape().dims()), inputs.dtype());
            return Ops.multiply(detached, scale.value());
        }
    }

    /** Scales by a factor its config forgets. */
    static final class Forgetful extends Layer {
        private double factor = 1;

        Forgetful factor(double f) {
            this.factor = f;
            return this;
        }

        @Override
        protected Tensor call(Tensor inputs, boolean training) {
            return Ops.multiply(inputs, factor);
        }
    }

    @Test
    void catchesAWrongOutputShape() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> LayerContract.of(ShapeLiar::new, Shape.symbolic(-1, 3)).verify());
        assertTrue(e.getMessage().contains("ShapeLiar"), e.getMessage());
    }

    @Test
    void catchesABrokenGradient() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> LayerContract.of(GradientBlocker::new, Shape.symbolic(-1, 3)).checkGradients());
        assertTrue(e.getMessage().contains("central difference"), e.getMessage());
    }

    @Test
    void catchesAConfigThatLosesASetting() {
        LayerProvider provider = () -> Map.<String, Function<Map<String, Object>, Layer>>of("Forgetful",
                c -> {
                    Forgetful f = new Forgetful();
                    return f.applyBaseConfig(f, c);
                });
        Registry.global().add(provider);
        try {
            AssertionFailedError e = assertThrows(AssertionFailedError.class,
                    () -> LayerContract.of(() -> new Forgetful().factor(3), Shape.symbolic(-1, 2))
                            .checkConfigRoundTrip());
            assertTrue(e.getMessage().contains("other outputs"), e.getMessage());
        } finally {
            Registry.global().remove(provider);
        }
    }
}

package dev.sheaf.models;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sheaf.layers.Dense;
import dev.sheaf.layers.InputLayer;
import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingErrorsTest {

    private static Sequential model() {
        InputLayer in = new InputLayer(Shape.symbolic(-1, 4), dev.sheaf.tensor.DType.FLOAT32, "features");
        return new Sequential(List.of(in, new Dense(2)));
    }

    private static void assertMessage(Throwable e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "'" + p + "' missing from: " + e.getMessage());
        }
    }

    @Test
    void fitBeforeCompile() {
        Sequential m = model();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> m.fit(Ops.zeros(8, 4), Ops.zeros(8, 2)));
        assertMessage(e, "compile", "first");
        assertThrows(IllegalStateException.class, () -> m.evaluate(Ops.zeros(8, 4), Ops.zeros(8, 2)));
        assertThrows(IllegalStateException.class, () -> m.trainOnBatch(Ops.zeros(8, 4), Ops.zeros(8, 2)));
    }

    @Test
    void xAndYLengthMismatchNamesBothCounts() {
        Sequential m = model();
        m.compile("sgd", "mse");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.fit(Ops.zeros(100, 4), Ops.zeros(90, 2)));
        assertMessage(e, "100", "90", "x", "y");
    }

    @Test
    void wrongInputShapeNamesTheLayerAndBothShapes() {
        Sequential m = model();
        m.compile("sgd", "mse");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.fit(Ops.zeros(10, 5), Ops.zeros(10, 2)));
        assertMessage(e, "features", "(None, 4)", "(10, 5)");
        IllegalArgumentException p = assertThrows(IllegalArgumentException.class,
                () -> m.predict(Ops.zeros(3, 5)));
        assertMessage(p, "features", "(None, 4)", "(3, 5)");
    }

    @Test
    void wrongInputShapeOfALazilyBuiltSequentialNamesTheFailingLayer() {
        Sequential m = new Sequential(List.of(new Dense(2)));
        m.compile("sgd", "mse");
        m.trainOnBatch(Ops.zeros(4, 3), Ops.zeros(4, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.fit(Ops.zeros(10, 5), Ops.zeros(10, 2), new FitOptions().verbose(0)));
        assertMessage(e, "(None, 3)", "(10, 5)");
    }

    @Test
    void unknownNamesListTheKnownOnes() {
        Sequential m = model();
        IllegalArgumentException opt = assertThrows(IllegalArgumentException.class, () -> m.compile("sgdd", "mse"));
        assertMessage(opt, "sgdd", "sgd");
        IllegalArgumentException loss = assertThrows(IllegalArgumentException.class, () -> m.compile("sgd", "msee"));
        assertMessage(loss, "msee", "mean_squared_error");
        IllegalArgumentException metric = assertThrows(IllegalArgumentException.class,
                () -> m.compile("sgd", "mse", "accuracyy"));
        assertMessage(metric, "accuracyy", "categorical_accuracy");
    }

    @Test
    void pluginOptimizerWithoutThePluginSaysSo() {
        Sequential m = model();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.compile("adam", "mse"));
        assertMessage(e, "sheaf-optimizers-plugin", "not on the class path", "sgd");
    }

    @Test
    void kerasSpellingsResolve() {
        Sequential m = model();
        m.compile("SGD", "MeanSquaredError", "mae");
        assertTrue(m.isCompiled());
    }

    @Test
    void classAndSampleWeightsTogetherAreRefused() {
        Sequential m = model();
        m.compile("sgd", "mse");
        Tensor x = Ops.zeros(4, 4);
        assertThrows(IllegalArgumentException.class, () -> m.fit(x, Ops.zeros(4, 2),
                new FitOptions().sampleWeight(Ops.ones(4)).classWeight(java.util.Map.of(0, 1.0, 1, 2.0))));
    }

    @Test
    void multiOutputMetricCountMustMatch() {
        var in = dev.sheaf.layers.Input.of(3);
        Model m = Model.of(List.of(in), List.of(new Dense(1).apply(in), new Dense(1).apply(in)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.compile("sgd", "mse", "mae", "mse", "mae"));
        assertMessage(e, "2 outputs");
    }
}

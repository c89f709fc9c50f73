package dev.sheaf.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sheaf.Sheaf;
import dev.sheaf.callbacks.History;
import dev.sheaf.layers.Dense;
import dev.sheaf.layers.Dropout;
import dev.sheaf.layers.Layer;
import dev.sheaf.optimizers.SGD;
import dev.sheaf.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SubclassedModelTest {

    /** The seed's subclassed model: layers in fields, a call that uses them. */
    static final class MyModel extends Model {
        private final Dense hidden = new Dense(16, "relu");
        private final Dropout dropout = new Dropout(0.1);
        private final Dense out = new Dense(3, "softmax");

        @Override
        protected Tensor call(Tensor x, boolean training) {
            return out.apply(dropout.apply(hidden.apply(x, training), training), training);
        }
    }

    @Test
    void fieldsAreTrackedAndTheModelTrains() {
        Sheaf.setSeed(41);
        MyModel model = new MyModel();
        assertEquals("my_model", model.name().replaceAll("_\\d+$", ""));
        List<Layer> layers = model.layers();
        assertEquals(3, layers.size());

        Tensor x = SyntheticData.features(256, 6, 42);
        Tensor y = SyntheticData.labels(x, 3, 43);
        model.compile(new SGD(0.1), "crossentropy", "accuracy");
        History h = model.fit(x, y, new FitOptions().epochs(8).verbose(0));
        assertEquals(6 * 16 + 16 + 16 * 3 + 3, model.countParams());
        assertEquals(4, model.trainableWeights().size());
        List<Double> loss = h.get("loss");
        assertTrue(loss.get(7) < loss.get(0) * 0.8, "loss should fall: " + loss);

        Map<String, Double> eval = model.evaluate(x, y, new EvaluateOptions().verbose(0));
        assertTrue(eval.get("accuracy") > 0.5, eval.toString());
        String summary = model.summaryString(76);
        assertTrue(summary.contains("(Dense)") && summary.contains("(Dropout)"), summary);
    }

    @Test
    void crossentropyAndAccuracyFollowTheShapes() {
        assertEquals("binary_crossentropy", CompiledLoss.crossentropyFor(
                dev.sheaf.tensor.Shape.of(8, 1), dev.sheaf.tensor.Shape.of(8, 1)));
        assertEquals("sparse_categorical_crossentropy", CompiledLoss.crossentropyFor(
                dev.sheaf.tensor.Shape.of(8), dev.sheaf.tensor.Shape.of(8, 5)));
        assertEquals("sparse_categorical_crossentropy", CompiledLoss.crossentropyFor(
                dev.sheaf.tensor.Shape.of(8, 1), dev.sheaf.tensor.Shape.of(8, 5)));
        assertEquals("categorical_crossentropy", CompiledLoss.crossentropyFor(
                dev.sheaf.tensor.Shape.of(8, 5), dev.sheaf.tensor.Shape.of(8, 5)));
    }
}

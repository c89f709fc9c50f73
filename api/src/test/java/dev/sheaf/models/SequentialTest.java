package dev.sheaf.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sheaf.Sheaf;
import dev.sheaf.callbacks.History;
import dev.sheaf.layers.Dense;
import dev.sheaf.layers.Input;
import dev.sheaf.layers.InputLayer;
import dev.sheaf.layers.Layer;
import dev.sheaf.ops.Ops;
import dev.sheaf.optimizers.SGD;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SequentialTest {

    @Test
    void trainsAndLossFalls() {
        Sheaf.setSeed(1);
        Tensor x = SyntheticData.features(256, 4, 2);
        Tensor y = SyntheticData.oneHot(SyntheticData.labels(x, 3, 3), 3);
        Sequential model = new Sequential(List.of(new InputLayer(4), new Dense(16, "relu"), new Dense(3, "softmax")));
        model.compile(new SGD(0.1), "categorical_crossentropy", "accuracy");
        History h = model.fit(x, y, new FitOptions().epochs(8).batchSize(32).verbose(0));

        List<Double> loss = h.get("loss");
        assertEquals(8, loss.size());
        assertTrue(loss.get(7) < loss.get(0) * 0.8, "loss should fall: " + loss);
        assertEquals(List.of("accuracy", "loss"), List.copyOf(h.history().keySet()), "Keras 3 sorts log names");
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7), h.epochs());
        assertSame(h, model.history());
        assertTrue(h.get("accuracy").get(7) > 0.6, "accuracy " + h.get("accuracy"));

        Map<String, Double> results = model.evaluate(x, y, new EvaluateOptions().verbose(0));
        assertEquals(List.of("accuracy", "loss"), List.copyOf(results.keySet()));
        assertTrue(results.get("loss") < loss.get(0));
    }

    @Test
    void buildsOnFirstFitWithoutInput() {
        Sheaf.setSeed(4);
        Tensor x = SyntheticData.features(64, 5, 5);
        Tensor y = Ops.sum(x, new int[] {1}, true);
        Sequential model = new Sequential();
        model.add(new Dense(8, "tanh")).add(new Dense(1));
        assertTrue(!model.isBuilt());
        model.compile("sgd", "mse");
        History h = model.fit(x, y, 5, 16);
        assertTrue(model.isBuilt());
        assertEquals(5 * 8 + 8 + 8 + 1, model.countParams());
        assertTrue(h.get("loss").get(4) < h.get("loss").get(0), h.get("loss").toString());
    }

    @Test
    void buildWithShapeCreatesWeightsAndAddPopKeepShapes() {
        Sequential model = new Sequential(List.of(new Dense(8), new Dense(2)));
        model.build(Shape.symbolic(-1, 3));
        assertEquals(3 * 8 + 8 + 8 * 2 + 2, model.countParams());
        assertEquals(List.of(Shape.symbolic(-1, 8), Shape.symbolic(-1, 2)), model.layerOutputShapes());
        Layer popped = model.pop();
        assertEquals(Shape.symbolic(-1, 2), popped.computeOutputShape(Shape.symbolic(-1, 8)));
        assertEquals(1, model.layers().size());
        model.add(new Dense(5));
        assertEquals(List.of(Shape.symbolic(-1, 8), Shape.symbolic(-1, 5)), model.layerOutputShapes());
        assertEquals(3 * 8 + 8 + 8 * 5 + 5, model.countParams());
        assertSame(model.getLayer(1), model.layers().get(1));
        assertThrows(IllegalStateException.class, () -> new Sequential().pop());
    }

    @Test
    void addInputTensorAndGetLayerByName() {
        Sequential model = new Sequential();
        model.add(Input.of(6));
        Dense d = new Dense(3);
        d.setName("scores");
        model.add(d);
        assertTrue(model.isBuilt());
        assertSame(d, model.getLayer("scores"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.getLayer("nope"));
        assertTrue(e.getMessage().contains("scores"), e.getMessage());
        Dense clash = new Dense(2);
        clash.setName("scores");
        IllegalArgumentException dup = assertThrows(IllegalArgumentException.class, () -> model.add(clash));
        assertTrue(dup.getMessage().contains("unique"), dup.getMessage());
    }

    @Test
    void weightsRoundTripBetweenTwoModels() {
        Sequential a = new Sequential(List.of(new InputLayer(3), new Dense(4), new Dense(2)));
        Sequential b = new Sequential(List.of(new InputLayer(3), new Dense(4), new Dense(2)));
        Tensor x = SyntheticData.features(5, 3, 9);
        assertTrue(a.predictOnBatch(x).toFloatArray()[0] != b.predictOnBatch(x).toFloatArray()[0],
                "two fresh models start from different weights");
        b.setWeights(a.getWeights());
        float[] pa = a.predictOnBatch(x).toFloatArray();
        float[] pb = b.predictOnBatch(x).toFloatArray();
        for (int i = 0; i < pa.length; i++) {
            assertEquals(pa[i], pb[i], 0f);
        }
    }
}

package dev.sheaf.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sheaf.Sheaf;
import dev.sheaf.callbacks.History;
import dev.sheaf.layers.Concatenate;
import dev.sheaf.layers.Dense;
import dev.sheaf.layers.Input;
import dev.sheaf.layers.InputLayer;
import dev.sheaf.layers.SymbolicTensor;
import dev.sheaf.ops.Ops;
import dev.sheaf.optimizers.SGD;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FunctionalModelTest {

    @Test
    void twoInputsWithConcatenateTrain() {
        Sheaf.setSeed(11);
        SymbolicTensor a = Input.of(3);
        SymbolicTensor b = Input.of(5);
        SymbolicTensor h = new Concatenate().apply(new Dense(8, "relu").apply(a), new Dense(8, "relu").apply(b));
        SymbolicTensor out = new Dense(2, "softmax").apply(h);
        Model model = Model.of(List.of(a, b), List.of(out));
        assertEquals(Shape.symbolic(-1, 16), h.shape());

        Tensor xa = SyntheticData.features(200, 3, 12);
        Tensor xb = SyntheticData.features(200, 5, 13);
        Tensor labels = SyntheticData.labels(Ops.concatenate(List.of(xa, xb), 1), 2, 14);
        model.compile(new SGD(0.2), "sparse_categorical_crossentropy", "acc");
        History hist = model.fit(List.of(xa, xb), List.of(labels), new FitOptions().epochs(6).verbose(0));
        List<Double> loss = hist.get("loss");
        assertTrue(loss.get(5) < loss.get(0) * 0.85, "loss should fall: " + loss);
        assertEquals(6, hist.get("acc").size(), "logged under the name given");

        Tensor p = model.predict(List.of(xa, xb), new PredictOptions().verbose(0)).get(0);
        assertEquals(Shape.of(200, 2), p.shape());
    }

    @Test
    void sharedLayerHasTwoNodesAndOneSetOfWeights() {
        SymbolicTensor a = Input.of(4);
        SymbolicTensor b = Input.of(4);
        Dense shared = new Dense(3);
        SymbolicTensor sum = new dev.sheaf.layers.Add().apply(shared.apply(a), shared.apply(b));
        Model model = Model.of(List.of(a, b), List.of(sum));
        assertEquals(2, shared.inboundNodes().size());
        assertEquals(4 * 3 + 3, model.countParams(), "a shared layer's weights count once");
        Tensor x = SyntheticData.features(6, 4, 1);
        float[] twice = model.predictOnBatch(List.of(x, x)).get(0).toFloatArray();
        float[] once = shared.apply(x).toFloatArray();
        for (int i = 0; i < once.length; i++) {
            assertEquals(2 * once[i], twice[i], 1e-5);
        }
    }

    @Test
    void modelUsedAsALayerInsideAnotherModel() {
        Sheaf.setSeed(21);
        SymbolicTensor in = Input.of(4);
        Model encoder = Model.of(in, new Dense(2, "tanh").apply(in), "encoder");
        SymbolicTensor x = Input.of(4);
        SymbolicTensor code = encoder.apply(x);
        assertEquals(Shape.symbolic(-1, 2), code.shape());
        Model full = Model.of(x, new Dense(1).apply(code));
        assertTrue(full.layers().contains(encoder));
        assertEquals(encoder.countParams() + 3, full.countParams());

        Tensor data = SyntheticData.features(128, 4, 22);
        Tensor target = Ops.sum(data, new int[] {1}, true);
        full.compile(new SGD(0.05), "mse");
        History h = full.fit(data, target, new FitOptions().epochs(5).verbose(0));
        assertTrue(h.get("loss").get(4) < h.get("loss").get(0), h.get("loss").toString());
        // The inner model's weights are the outer one's: training moved them.
        float[] direct = encoder.predictOnBatch(data).toFloatArray();
        assertEquals(128 * 2, direct.length);
    }

    @Test
    void multipleOutputsLogPerOutputLossesAndWeightedTotal() {
        Sheaf.setSeed(31);
        SymbolicTensor in = Input.of(3);
        Dense r = new Dense(1);
        r.setName("reg");
        Dense c = new Dense(2, "softmax");
        c.setName("cls");
        SymbolicTensor hidden = new Dense(8, "relu").apply(in);
        Model model = Model.of(List.of(in), List.of(r.apply(hidden), c.apply(hidden)));
        assertEquals(List.of("reg", "cls"), model.outputNames());
        Tensor x = SyntheticData.features(64, 3, 32);
        Tensor yr = Ops.sum(x, new int[] {1}, true);
        Tensor yc = SyntheticData.labels(x, 2, 33);
        model.compile(new SGD(0.05), List.of("mse", "sparse_categorical_crossentropy"), List.of(List.of(), List.of("accuracy")),
                List.of(1.0, 0.5));
        Map<String, Double> logs = model.testOnBatch(List.of(x), List.of(yr, yc), null);
        assertEquals(List.of("cls_accuracy", "cls_loss", "loss", "reg_loss"), List.copyOf(logs.keySet()));
        assertEquals(logs.get("reg_loss") + 0.5 * logs.get("cls_loss"), logs.get("loss"), 1e-5);
    }

    @Test
    void disconnectedGraphNamesTheMissingInput() {
        SymbolicTensor a = Input.of("left", 3);
        SymbolicTensor b = Input.of("right", 3);
        SymbolicTensor out = new dev.sheaf.layers.Add().apply(a, b);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Model.of(a, out));
        assertTrue(e.getMessage().contains("Graph disconnected") && e.getMessage().contains("'right'"), e.getMessage());
    }

    @Test
    void inputsMustComeFromInput() {
        SymbolicTensor a = Input.of(3);
        SymbolicTensor h = new Dense(2).apply(a);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Model.of(h, new Dense(1).apply(h)));
        assertTrue(e.getMessage().contains("Input.of"), e.getMessage());
    }

    @Test
    void layersAreInKerasOrderWithInputLayersFirst() {
        SymbolicTensor a = Input.of(2);
        Dense d1 = new Dense(2);
        Dense d2 = new Dense(1);
        Model m = Model.of(a, d2.apply(d1.apply(a)));
        assertTrue(m.getLayer(0) instanceof InputLayer);
        assertSame(d1, m.getLayer(1));
        assertSame(d2, m.getLayer(2));
        assertEquals(List.of(a), m.inputs());
    }
}

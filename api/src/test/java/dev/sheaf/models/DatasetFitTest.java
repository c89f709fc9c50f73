package dev.sheaf.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sheaf.Sheaf;
import dev.sheaf.callbacks.History;
import dev.sheaf.data.Dataset;
import dev.sheaf.data.Element;
import dev.sheaf.data.HostArray;
import dev.sheaf.layers.Dense;
import dev.sheaf.layers.InputLayer;
import dev.sheaf.optimizers.SGD;
import dev.sheaf.tensor.Tensor;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DatasetFitTest {

    @Test
    void generatorFedFitTrains() {
        Sheaf.setSeed(51);
        // The seed's fit_generator: an endless generator of batches of 16 samples, y = 1 if x0 + x1 > 0.
        Dataset gen = Dataset.fromGenerator(() -> new Iterator<Element>() {
            private final SplittableRandom r = new SplittableRandom(52);

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Element next() {
                float[] x = new float[16 * 2];
                int[] y = new int[16];
                for (int i = 0; i < 16; i++) {
                    x[2 * i] = (float) r.nextDouble(-1, 1);
                    x[2 * i + 1] = (float) r.nextDouble(-1, 1);
                    y[i] = x[2 * i] + x[2 * i + 1] > 0 ? 1 : 0;
                }
                return Element.of(HostArray.of(x, 16, 2), HostArray.of(y, 16));
            }
        }, true);
        Sequential model = new Sequential(List.of(new InputLayer(2), new Dense(8, "relu"), new Dense(2, "softmax")));
        model.compile(new SGD(0.2), "sparse_categorical_crossentropy", "accuracy");
        History h = model.fit(gen, new FitOptions().epochs(5).stepsPerEpoch(10).verbose(0));
        List<Double> loss = h.get("loss");
        assertEquals(5, loss.size());
        assertTrue(loss.get(4) < loss.get(0), "loss should fall: " + loss);
    }

    @Test
    void finiteDatasetEpochIsOnePassAndEvaluatePredictWork() {
        Tensor x = SyntheticData.features(40, 3, 61);
        Tensor y = SyntheticData.labels(x, 2, 62);
        Dataset data = Dataset.fromTensorSlices(x, y).batch(16);
        Sequential model = new Sequential(List.of(new InputLayer(3), new Dense(2, "softmax")));
        model.compile("sgd", "sparse_categorical_crossentropy", "accuracy");
        History h = model.fit(data, 2);
        assertEquals(2, h.epochs().size());
        assertTrue(model.evaluate(data, new EvaluateOptions().verbose(0)).containsKey("accuracy"));
        assertEquals(40, model.predict(data, new PredictOptions().verbose(0)).shape().dim(0));
    }

    @Test
    void endlessDatasetNeedsStepsPerEpoch() {
        Dataset endless = Dataset.fromTensorSlices(SyntheticData.features(8, 3, 1), SyntheticData.features(8, 1, 2))
                .batch(4).repeat();
        Sequential model = new Sequential(List.of(new InputLayer(3), new Dense(1)));
        model.compile("sgd", "mse");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.fit(endless, new FitOptions().verbose(0)));
        assertTrue(e.getMessage().contains("stepsPerEpoch"), e.getMessage());
    }
}

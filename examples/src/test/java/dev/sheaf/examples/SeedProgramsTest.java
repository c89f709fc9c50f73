package dev.sheaf.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sheaf.Sheaf;
import dev.sheaf.callbacks.Callback;
import dev.sheaf.callbacks.History;
import dev.sheaf.data.Labels;
import dev.sheaf.layers.Dense;
import dev.sheaf.layers.InputLayer;
import dev.sheaf.models.FitOptions;
import dev.sheaf.models.Sequential;
import dev.sheaf.spi.AbstractTensor;
import dev.sheaf.tensor.Tensor;
import dev.sheaf.tensor.TensorScope;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The seed programs train on real data to the accuracy Keras reaches with them. */
class SeedProgramsTest {
    private static MnistData mnist;

    @BeforeAll
    static void load() throws IOException {
        mnist = MnistData.load(DigitData.locate("mnist-10k"));
    }

    @AfterAll
    static void free() {
        mnist.close();
    }

    @Test
    void seedMlpReachesNinetyTwoPercentOnMnist10kInTenEpochs() {
        Sheaf.setSeed(1337);
        Map<String, Double> score = MnistMlp.run(mnist, 10, 0);
        assertTrue(score.get("accuracy") >= 0.92, "test accuracy " + score);
    }

    @Test
    void fashionMlpWithSgdMomentumReachesEightyFourPercentInFiveEpochs() throws IOException {
        Sheaf.setSeed(2024);
        try (MnistData fashion = MnistData.load(DigitData.locate("fashion-mnist"))) {
            assertEquals(60000, fashion.xTrain().shape().dim(0));
            Map<String, Double> score = FashionMnistSgd.run(fashion, 5, 0);
            assertTrue(score.get("accuracy") >= 0.84, "test accuracy " + score);
        }
    }

    private static void assertLossFalls(History h) {
        List<Double> loss = h.history().get("loss");
        assertTrue(loss.get(loss.size() - 1) < loss.get(0) * 0.8, "loss per epoch " + loss);
    }

    @Test
    void twoInputFunctionalModelTrains() {
        Sheaf.setSeed(7);
        assertLossFalls(TwoInputFunctional.train(mnist, 3, 0));
    }

    @Test
    void subclassedModelTrains() {
        Sheaf.setSeed(11);
        assertLossFalls(SubclassedModel.train(mnist, 3, 0));
    }

    @Test
    void generatorFedFitTrains() throws IOException {
        Sheaf.setSeed(3);
        assertLossFalls(GeneratorTraining.train(DigitData.read(DigitData.locate("mnist-10k"), "train"), 3, 0));
    }

    @Test
    void seedMlpKeepsHeapAndTensorCountFlatFromEpochToEpoch() {
        Sheaf.setSeed(5);
        List<Long> tensors = new ArrayList<>();
        List<Long> heap = new ArrayList<>();
        Callback probe = new Callback() {
            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs) {
                // Settle the count: garbage left by earlier tests is cleaned at an arbitrary time.
                long previous = -1;
                long now = AbstractTensor.liveCount();
                for (int i = 0; i < 50 && now != previous; i++) {
                    System.gc();
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    previous = now;
                    now = AbstractTensor.liveCount();
                }
                tensors.add(now);
                Runtime rt = Runtime.getRuntime();
                heap.add(rt.totalMemory() - rt.freeMemory());
            }
        };
        try (TensorScope scope = TensorScope.open()) {
            Tensor y = Labels.toCategorical(mnist.yTrain(), 10);
            Sequential model = new Sequential(List.of(new InputLayer(784), new Dense(64, "relu"),
                    new Dense(10, "softmax")));
            model.compile("rmsprop", "categorical_crossentropy", "accuracy");
            model.fit(mnist.xTrain(), y, new FitOptions().epochs(5).batchSize(32).verbose(0).callbacks(probe));
        }
        for (int e = 2; e < tensors.size(); e++) {
            assertEquals(tensors.get(1), tensors.get(e), "live tensors at the end of each epoch " + tensors);
            assertTrue(heap.get(e) - heap.get(1) < 16L << 20, "heap after GC at the end of each epoch " + heap);
        }
    }
}

package dev.sheaf.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sheaf.Sheaf;
import dev.sheaf.callbacks.Callback;
import dev.sheaf.callbacks.History;
import dev.sheaf.layers.Dense;
import dev.sheaf.layers.InputLayer;
import dev.sheaf.ops.Ops;
import dev.sheaf.optimizers.SGD;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FitBehaviourTest {

    /** A model that always predicts 0 and never learns (learning rate 0): its loss shows which samples it saw. */
    private static Sequential frozenZeroModel() {
        Dense d = new Dense(1);
        d.setKernelInitializer("zeros");
        Sequential m = new Sequential(List.of(new InputLayer(1), d));
        m.compile(new SGD(0.0), "mse");
        return m;
    }

    @Test
    void validationSplitTakesTheTailBeforeShuffling() {
        Tensor x = Ops.zeros(10, 1);
        Tensor y = Ops.reshape(Ops.arange(0.0, 10.0, 1.0), 10, 1);
        History h = frozenZeroModel().fit(x, y, new FitOptions().validationSplit(0.2).shuffle(true).verbose(0));
        // Validation = samples 8 and 9: mse = (64 + 81) / 2; training = 0..7: (0+1+4+…+49) / 8 = 17.5.
        assertEquals(72.5, h.get("val_loss").get(0), 1e-4);
        assertEquals(17.5, h.get("loss").get(0), 1e-4);
        assertEquals(List.of("loss", "val_loss"), List.copyOf(h.history().keySet()));
    }

    @Test
    void validationDataAndEpochLogsOrder() {
        Tensor x = Ops.zeros(4, 1);
        Tensor y = Ops.ones(4, 1);
        History h = frozenZeroModel().fit(x, y, new FitOptions().epochs(2)
                .validationData(Ops.zeros(2, 1), Ops.full(Shape.of(2, 1), 3.0)).verbose(0));
        assertEquals(List.of(9.0, 9.0), h.get("val_loss"));
        assertEquals(List.of(1.0, 1.0), h.get("loss"));
    }

    @Test
    void lossIsTheSampleWeightedMeanOverBatchesOfUnequalSize() {
        // Batches of 4, 4 and 2 samples with targets 1, 1 and 4: (4*1 + 4*1 + 2*16) / 10 = 4.
        Tensor x = Ops.zeros(10, 1);
        Tensor y = Ops.concatenate(List.of(Ops.ones(8, 1), Ops.full(Shape.of(2, 1), 4.0)), 0);
        History h = frozenZeroModel().fit(x, y, new FitOptions().batchSize(4).shuffle(false).verbose(0));
        assertEquals(4.0, h.get("loss").get(0), 1e-5);
    }

    @Test
    void callbacksRunInKerasOrderAndStepsPerEpochAndInitialEpochApply() {
        List<String> events = new ArrayList<>();
        Callback recorder = new Callback() {
            @Override
            public void setParams(Map<String, Object> params) {
                events.add("params " + params.get("epochs") + " " + params.get("steps"));
            }

            @Override
            public void onTrainBegin(Map<String, Double> logs) {
                events.add("train_begin");
            }

            @Override
            public void onEpochBegin(int epoch, Map<String, Double> logs) {
                events.add("epoch_begin " + epoch);
            }

            @Override
            public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
                events.add("batch_end " + batch);
            }

            @Override
            public void onTestBegin(Map<String, Double> logs) {
                events.add("test_begin");
            }

            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs) {
                events.add("epoch_end " + epoch + " " + logs.keySet());
            }

            @Override
            public void onTrainEnd(Map<String, Double> logs) {
                events.add("train_end");
            }
        };
        History h = frozenZeroModel().fit(Ops.zeros(10, 1), Ops.zeros(10, 1), new FitOptions().epochs(3)
                .initialEpoch(1).stepsPerEpoch(2).batchSize(2).validationData(Ops.zeros(2, 1), Ops.zeros(2, 1))
                .callbacks(recorder).verbose(0));
        assertEquals(List.of("params 3 2", "train_begin", "epoch_begin 1", "batch_end 0", "batch_end 1", "test_begin",
                "epoch_end 1 [loss, val_loss]", "epoch_begin 2", "batch_end 0", "batch_end 1", "test_begin",
                "epoch_end 2 [loss, val_loss]", "train_end"), events);
        assertEquals(List.of(1, 2), h.epochs());
    }

    @Test
    void stopTrainingEndsFitAfterTheBatch() {
        Sequential m = frozenZeroModel();
        Callback stopper = new Callback() {
            @Override
            public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
                model().setStopTraining(true);
            }
        };
        History h = m.fit(Ops.zeros(10, 1), Ops.zeros(10, 1), new FitOptions().epochs(5).batchSize(2)
                .callbacks(stopper).verbose(0));
        assertEquals(List.of(0), h.epochs());
    }

    @Test
    void classWeightsScaleEachSamplesLoss() {
        // Targets 0 (weight 1) and 1 (weight 3); predictions 0: loss = mean(w * (y - 0)^2) = (0 + 3) / 2.
        Sequential m = frozenZeroModel();
        Tensor y = Ops.constant(new float[] {0, 1}, 2, 1);
        History h = m.fit(Ops.zeros(2, 1), y, new FitOptions().classWeight(Map.of(0, 1.0, 1, 3.0)).verbose(0));
        assertEquals(1.5, h.get("loss").get(0), 1e-5);
    }

    @Test
    void tensorCountAndHeapStayFlatAcrossEpochs() {
        Sheaf.setSeed(5);
        Tensor x = SyntheticData.features(320, 16, 6);
        Tensor y = SyntheticData.oneHot(SyntheticData.labels(x, 4, 7), 4);
        Sequential m = new Sequential(List.of(new InputLayer(16), new Dense(32, "relu"), new Dense(4, "softmax")));
        m.compile(new SGD(0.01, 0.9), "categorical_crossentropy", "accuracy");
        List<Long> live = new ArrayList<>();
        List<Long> heap = new ArrayList<>();
        Callback probe = new Callback() {
            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs) {
                live.add(LiveTensors.settled());
                Runtime r = Runtime.getRuntime();
                heap.add(r.totalMemory() - r.freeMemory());
            }
        };
        m.fit(x, y, new FitOptions().epochs(6).validationSplit(0.25).callbacks(probe).verbose(0));
        assertEquals(live.get(1), live.get(5), "tensors leak across epochs: " + live);
        assertTrue(heap.get(5) < heap.get(1) + 8L * 1024 * 1024, "heap grows across epochs: " + heap);
    }

    @Test
    void predictBatchesAndMatchesOneBigBatch() {
        Sequential m = new Sequential(List.of(new InputLayer(3), new Dense(5, "tanh"), new Dense(2)));
        Tensor x = SyntheticData.features(70, 3, 8);
        List<Integer> batches = new ArrayList<>();
        Callback counter = new Callback() {
            @Override
            public void onPredictBatchEnd(int batch, Map<String, Double> logs) {
                batches.add(batch);
            }
        };
        Tensor p = m.predict(x, new PredictOptions().batchSize(32).verbose(0).callbacks(counter));
        assertEquals(List.of(0, 1, 2), batches, "70 samples in batches of 32");
        assertEquals(Shape.of(70, 2), p.shape());
        float[] all = m.predictOnBatch(x).toFloatArray();
        float[] batched = p.toFloatArray();
        for (int i = 0; i < all.length; i++) {
            assertEquals(all[i], batched[i], 1e-6);
        }
    }

    @Test
    void trainOnBatchUpdatesWeightsAndTestOnBatchDoesNot() {
        Sequential m = new Sequential(List.of(new InputLayer(2), new Dense(1)));
        m.compile(new SGD(0.1), "mse");
        Tensor x = Ops.ones(4, 2);
        Tensor y = Ops.full(Shape.of(4, 1), 5.0);
        double before = m.testOnBatch(x, y).get("loss");
        double again = m.testOnBatch(x, y).get("loss");
        assertEquals(before, again, 1e-9, "testOnBatch leaves the weights (running mean of equal values)");
        m.trainOnBatch(x, y);
        m.trainOnBatch(x, y);
        Map<String, Double> after = m.evaluate(x, y, new EvaluateOptions().verbose(0));
        assertTrue(after.get("loss") < before, before + " -> " + after);
    }
}

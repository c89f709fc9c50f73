package dev.sheaf.benchmarks;

import dev.sheaf.layers.Dense;
import dev.sheaf.layers.InputLayer;
import dev.sheaf.models.FitOptions;
import dev.sheaf.callbacks.History;
import dev.sheaf.models.Sequential;
import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.Tensor;
import dev.sheaf.tensor.TensorScope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * W1 through the Keras API ({@code w1k}): {@code Sequential(InputLayer 784, Dense 128 relu, Dense 10 softmax)},
 * {@code compile("adam", "sparse_categorical_crossentropy")}, {@code fit} with batch 128, shuffling, {@code verbose 0}.
 * No training metric, as the PyTorch peer computes none while it trains (a compiled {@code "accuracy"} costs an argmax,
 * a comparison and a mean per step); test accuracy comes from {@code predict} afterwards. What the W1 harness leaves out is timed here too: the Keras training loop (loss and metric
 * containers, callbacks, batch slicing from the in-memory tensors). 20 warm-up batches ({@code stepsPerEpoch 20}),
 * then three one-epoch {@code fit} calls timed separately; samples/s of the first.
 */
final class KerasW1 {
    private KerasW1() {
    }

    static Map<String, Object> run(FashionMnist train, FashionMnist test, Map<String, Object> r) {
        try (TensorScope scope = TensorScope.open()) {
            Tensor x = Ops.constant(train.images, train.count, FashionMnist.PIXELS);
            Tensor y = Ops.constant(train.labels, train.count);
            Sequential model = new Sequential(List.of(new InputLayer(FashionMnist.PIXELS), new Dense(128, "relu"),
                    new Dense(10, "softmax")));
            model.compile("adam", "sparse_categorical_crossentropy");
            model.fit(x, y, new FitOptions().epochs(1).batchSize(128).verbose(0).stepsPerEpoch(20));
            List<Double> times = new ArrayList<>();
            Map<String, Double> last = new LinkedHashMap<>();
            for (int e = 0; e < 3; e++) {
                long t0 = System.nanoTime();
                History h = model.fit(x, y, new FitOptions().epochs(1).batchSize(128).verbose(0));
                times.add((System.nanoTime() - t0) / 1e9);
                last.put("loss", h.history().get("loss").get(0));
            }
            r.put("epoch_s", times);
            r.put("train_sps", train.count / times.get(0));
            r.put("final_loss", last.get("loss"));
            float[] p = model.predict(Ops.constant(test.images, test.count, FashionMnist.PIXELS)).toFloatArray();
            int correct = 0;
            for (int i = 0; i < test.count; i++) {
                int best = 0;
                for (int c = 1; c < 10; c++) {
                    best = p[i * 10 + c] > p[i * 10 + best] ? c : best;
                }
                correct += best == test.labels[i] ? 1 : 0;
            }
            r.put("test_acc", (double) correct / test.count);
        }
        return r;
    }
}

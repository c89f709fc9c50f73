package dev.sheaf.metrics;

import dev.sheaf.ops.Ops;
import dev.sheaf.saving.ConfigValues;
import dev.sheaf.tensor.Tensor;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * How often the one-hot label's class is among the {@code k} highest predictions, as
 * {@code keras.metrics.TopKCategoricalAccuracy}. Default {@code k} 5.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class TopKCategoricalAccuracy extends MeanMetricWrapper {
    private final int k;

    /** The metric named {@code "top_k_categorical_accuracy"} with {@code k} 5. */
    public TopKCategoricalAccuracy() {
        this("top_k_categorical_accuracy", 5);
    }

    /** The metric with the given name and {@code k}. */
    public TopKCategoricalAccuracy(String name, int k) {
        super(name, (t, p) -> matches(name, t, p, k));
        this.k = InTopK.checkK(k);
    }

    /** The number of top predictions that count. */
    public int k() {
        return k;
    }

    private static Tensor matches(String name, Tensor yTrue, Tensor yPred, int k) {
        if (!yTrue.shape().equals(yPred.shape()) || yPred.rank() == 0) {
            throw Shapes.error("TopKCategoricalAccuracy", name, yTrue.shape(), yPred.shape(),
                    "they must be equal, with classes on the last axis (one-hot labels)");
        }
        Tensor labels = Ops.argmax(yTrue, -1);
        return InTopK.matches(labels.toIntArray(), yPred, k, labels.shape().dims());
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("k", k);
        return c;
    }

    /** A metric from its Keras config ({@code name}, {@code k}). */
    public static TopKCategoricalAccuracy fromConfig(Map<String, Object> config) {
        return new TopKCategoricalAccuracy(ConfigValues.string(config, "name", "top_k_categorical_accuracy"),
                ConfigValues.integer(config, "k", 5));
    }
}

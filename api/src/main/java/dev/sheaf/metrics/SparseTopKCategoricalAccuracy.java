package dev.sheaf.metrics;

import dev.sheaf.saving.ConfigValues;
import dev.sheaf.tensor.Tensor;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * How often an integer label is among the {@code k} highest predictions, as
 * {@code keras.metrics.SparseTopKCategoricalAccuracy}. Default {@code k} 5.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class SparseTopKCategoricalAccuracy extends MeanMetricWrapper {
    private final int k;

    /** The metric named {@code "sparse_top_k_categorical_accuracy"} with {@code k} 5. */
    public SparseTopKCategoricalAccuracy() {
        this("sparse_top_k_categorical_accuracy", 5);
    }

    /** The metric with the given name and {@code k}. */
    public SparseTopKCategoricalAccuracy(String name, int k) {
        super(name, (t, p) -> matches(name, t, p, k));
        this.k = InTopK.checkK(k);
    }

    /** The number of top predictions that count. */
    public int k() {
        return k;
    }

    private static Tensor matches(String name, Tensor yTrue, Tensor yPred, int k) {
        Tensor labels = SparseLabels.of("SparseTopKCategoricalAccuracy", name, yTrue, yPred);
        long classes = yPred.shape().dim(yPred.rank() - 1);
        double[] raw = labels.toDoubleArray();
        int[] ids = new int[raw.length];
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] != Math.rint(raw[i]) || raw[i] < 0 || raw[i] >= classes) {
                throw new IllegalArgumentException("SparseTopKCategoricalAccuracy ('" + name + "'): label " + raw[i]
                        + " is not a class index in [0, " + classes + ") for y_pred of shape " + yPred.shape());
            }
            ids[i] = (int) raw[i];
        }
        return InTopK.matches(ids, yPred, k, labels.shape().dims());
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("k", k);
        return c;
    }

    /** A metric from its Keras config ({@code name}, {@code k}). */
    public static SparseTopKCategoricalAccuracy fromConfig(Map<String, Object> config) {
        return new SparseTopKCategoricalAccuracy(ConfigValues.string(config, "name", "sparse_top_k_categorical_accuracy"),
                ConfigValues.integer(config, "k", 5));
    }
}

package dev.sheaf.metrics;

import dev.sheaf.saving.ConfigValues;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * The recall {@code tp / (tp + fn)} of predictions above a threshold, as {@code keras.metrics.Recall}; see
 * {@link ThresholdedConfusionMetric} for the threshold, {@code topK} and {@code classId} options. 0 when there were no positive labels.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Recall extends ThresholdedConfusionMetric<Recall> {

    /** The metric named {@code "recall"} with threshold 0.5. */
    public Recall() {
        this("recall");
    }

    /** The metric with the given name. */
    public Recall(String name) {
        super(name);
    }

    @Override
    public double result() {
        double d = truePositives + falseNegatives;
        return d == 0 ? 0.0 : truePositives / d;
    }

    /** A metric from its Keras config ({@code name}, {@code thresholds} as one number, {@code top_k}, {@code class_id}). */
    public static Recall fromConfig(Map<String, Object> config) {
        return new Recall(ConfigValues.string(config, "name", "recall")).applyConfig(config);
    }
}

package dev.sheaf.metrics;

import dev.sheaf.saving.ConfigValues;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * The precision {@code tp / (tp + fp)} of predictions above a threshold, as {@code keras.metrics.Precision}; see
 * {@link ThresholdedConfusionMetric} for the threshold, {@code topK} and {@code classId} options. 0 when nothing was predicted positive.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Precision extends ThresholdedConfusionMetric<Precision> {

    /** The metric named {@code "precision"} with threshold 0.5. */
    public Precision() {
        this("precision");
    }

    /** The metric with the given name. */
    public Precision(String name) {
        super(name);
    }

    @Override
    public double result() {
        double d = truePositives + falsePositives;
        return d == 0 ? 0.0 : truePositives / d;
    }

    /** A metric from its Keras config ({@code name}, {@code thresholds} as one number, {@code top_k}, {@code class_id}). */
    public static Precision fromConfig(Map<String, Object> config) {
        return new Precision(ConfigValues.string(config, "name", "precision")).applyConfig(config);
    }
}

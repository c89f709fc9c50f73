package dev.sheaf.metrics;

import dev.sheaf.saving.ConfigValues;
import dev.sheaf.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * The precision {@code tp / (tp + fp)} of predictions above a threshold, as {@code keras.metrics.Precision}: a
 * prediction is positive when {@code y_pred > threshold} (default 0.5), a label when non-zero. Optionally only the
 * {@code topK} predictions of each row count as positive (the threshold then defaults to none), or only the class
 * {@code classId} is considered. 0 when nothing was predicted positive.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Precision extends Metric {
    private Double threshold;
    private Integer topK;
    private Integer classId;
    private double truePositives;
    private double falsePositives;

    /** The metric named {@code "precision"} with threshold 0.5. */
    public Precision() {
        this("precision");
    }

    /** The metric with the given name. */
    public Precision(String name) {
        super(name);
    }

    /** Sets the threshold ({@code null} for the default: 0.5, or none with {@code topK}). */
    public Precision setThreshold(Double threshold) {
        this.threshold = threshold == null ? null : ConfusionInputs.checkThreshold("Precision", threshold);
        return this;
    }

    /** Counts only the {@code topK} highest predictions of each row as positive ({@code null} for all). */
    public Precision setTopK(Integer topK) {
        this.topK = topK;
        return this;
    }

    /** Considers only this class (an index on the last axis; {@code null} for all). */
    public Precision setClassId(Integer classId) {
        this.classId = classId;
        return this;
    }

    /** The threshold in effect. */
    public double threshold() {
        return threshold != null ? threshold : topK != null ? ConfusionInputs.NEG_INF : 0.5;
    }

    @Override
    public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        ConfusionInputs in = ConfusionInputs.of(this, yTrue, yPred, sampleWeight, topK, classId);
        double t = threshold();
        for (int i = 0; i < in.labels.length; i++) {
            if (in.predictions[i] > t) {
                if (in.labels[i]) {
                    truePositives += in.weights[i];
                } else {
                    falsePositives += in.weights[i];
                }
            }
        }
    }

    @Override
    public double result() {
        double d = truePositives + falsePositives;
        return d == 0 ? 0.0 : truePositives / d;
    }

    @Override
    public void resetState() {
        truePositives = 0;
        falsePositives = 0;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
        c.put("thresholds", threshold);
        c.put("top_k", topK);
        c.put("class_id", classId);
        return c;
    }

    /** A metric from its Keras config ({@code name}, {@code thresholds} as one number, {@code top_k}, {@code class_id}). */
    public static Precision fromConfig(Map<String, Object> config) {
        return new Precision(ConfigValues.string(config, "name", "precision"))
                .setThreshold(ConfigValues.optionalNumber(config, "thresholds"))
                .setTopK(ConfigValues.optionalInteger(config, "top_k"))
                .setClassId(ConfigValues.optionalInteger(config, "class_id"));
    }
}

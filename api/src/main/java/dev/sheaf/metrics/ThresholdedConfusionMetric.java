package dev.sheaf.metrics;

import dev.sheaf.saving.ConfigValues;
import dev.sheaf.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * The base of {@link Precision} and {@link Recall}: counts weighted true positives, false positives and false
 * negatives of predictions above a threshold (a prediction is positive when {@code y_pred > threshold}, default 0.5;
 * a label when non-zero). Optionally only the {@code topK} predictions of each row count as positive (the threshold
 * then defaults to none), or only the class {@code classId} is considered.
 *
 * @param <M> the concrete metric, so that the fluent setters return it
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public abstract class ThresholdedConfusionMetric<M extends ThresholdedConfusionMetric<M>> extends Metric {
    private Double threshold;
    private Integer topK;
    private Integer classId;
    /** Weighted counts since the last reset. */
    protected double truePositives;
    /** Weighted counts since the last reset. */
    protected double falsePositives;
    /** Weighted counts since the last reset. */
    protected double falseNegatives;

    /** @param name the name shown in logs */
    protected ThresholdedConfusionMetric(String name) {
        super(name);
    }

    @SuppressWarnings("unchecked")
    private M self() {
        return (M) this;
    }

    /** Sets the threshold ({@code null} for the default: 0.5, or none with {@code topK}). */
    public M setThreshold(Double threshold) {
        this.threshold = threshold == null ? null : ConfusionInputs.checkThreshold(getClass().getSimpleName(), threshold);
        return self();
    }

    /** Counts only the {@code topK} highest predictions of each row as positive ({@code null} for all). */
    public M setTopK(Integer topK) {
        this.topK = topK;
        return self();
    }

    /** Considers only this class (an index on the last axis; {@code null} for all). */
    public M setClassId(Integer classId) {
        this.classId = classId;
        return self();
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
            boolean predicted = in.predictions[i] > t;
            if (in.labels[i]) {
                if (predicted) {
                    truePositives += in.weights[i];
                } else {
                    falseNegatives += in.weights[i];
                }
            } else if (predicted) {
                falsePositives += in.weights[i];
            }
        }
    }

    @Override
    public void resetState() {
        truePositives = 0;
        falsePositives = 0;
        falseNegatives = 0;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
        c.put("thresholds", threshold);
        c.put("top_k", topK);
        c.put("class_id", classId);
        return c;
    }

    /** Applies {@code thresholds} (one number), {@code top_k} and {@code class_id} of a Keras config. */
    protected M applyConfig(Map<String, Object> config) {
        return setThreshold(ConfigValues.optionalNumber(config, "thresholds"))
                .setTopK(ConfigValues.optionalInteger(config, "top_k"))
                .setClassId(ConfigValues.optionalInteger(config, "class_id"));
    }
}

package dev.sheaf.metrics;

import dev.sheaf.losses.RankAlignment;
import dev.sheaf.ops.Ops;
import dev.sheaf.saving.ConfigValues;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Tensor;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * How often {@code y_pred > threshold} matches a 0/1 label, as {@code keras.metrics.BinaryAccuracy}. Default
 * {@code threshold} 0.5.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class BinaryAccuracy extends MeanMetricWrapper {
    private final double threshold;

    /** The metric named {@code "binary_accuracy"} with threshold 0.5. */
    public BinaryAccuracy() {
        this("binary_accuracy", 0.5);
    }

    /** The metric with the given name and threshold. */
    public BinaryAccuracy(String name, double threshold) {
        super(name, (t, p) -> matches(name, t, p, threshold));
        this.threshold = threshold;
    }

    /** The threshold above which a prediction counts as 1. */
    public double threshold() {
        return threshold;
    }

    private static Tensor matches(String name, Tensor yTrue, Tensor yPred, double threshold) {
        Tensor[] a = RankAlignment.align(Ops.cast(yTrue, DType.FLOAT64), yPred);
        Shapes.requireEqual("BinaryAccuracy", name, a[0].shape(), a[1].shape());
        Tensor predicted = Ops.cast(Ops.greater(a[1], threshold), DType.FLOAT64);
        return Ops.cast(Ops.equal(a[0], predicted), DType.FLOAT32);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("threshold", threshold);
        return c;
    }

    /** A metric from its Keras config ({@code name}, {@code threshold}). */
    public static BinaryAccuracy fromConfig(Map<String, Object> config) {
        return new BinaryAccuracy(ConfigValues.string(config, "name", "binary_accuracy"),
                ConfigValues.number(config, "threshold", 0.5));
    }
}

package dev.sheaf.metrics;

import dev.sheaf.autodiff.GradientTape;
import dev.sheaf.losses.RankAlignment;
import dev.sheaf.ops.Ops;
import dev.sheaf.saving.ConfigValues;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import dev.sheaf.tensor.TensorScope;
import java.util.Map;
import java.util.stream.IntStream;
import org.apiguardian.api.API;

/**
 * The (weighted) mean of the values given, as {@code keras.metrics.Mean}: {@code total / count}, 0 before any update.
 * Values of rank above 1 are first averaged per sample (over every axis but the first), so each sample counts once;
 * with sample weights, {@code count} is the sum of the weights.
 *
 * <p>State is kept as host doubles, read back once per update.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class Mean extends Metric {
    private double total;
    private double count;

    /** A mean named {@code "mean"}. */
    public Mean() {
        this("mean");
    }

    /** A mean with the given name. */
    public Mean(String name) {
        super(name);
    }

    /** Adds one value of weight 1 (as the training loop does for the batch loss). */
    public void update(double value) {
        update(value, 1.0);
    }

    /** Adds one value with a weight. */
    public void update(double value, double weight) {
        total += value * weight;
        count += weight;
    }

    /**
     * Adds {@code values}, weighted by {@code sampleWeight} (broadcast against them; {@code null} for 1), as Keras's
     * {@code Mean.update_state(values, sample_weight)}.
     *
     * @throws IllegalArgumentException naming the metric and the shapes if the weights do not fit the values
     */
    public void updateValues(Tensor values, Tensor sampleWeight) {
        try (GradientTape.Pause p = GradientTape.stopRecording(); TensorScope scope = TensorScope.open()) {
            Tensor v = Ops.cast(values, DType.FLOAT64);
            Tensor sw = null;
            if (sampleWeight != null) {
                sw = Ops.cast(sampleWeight, DType.FLOAT64);
                Tensor[] a = RankAlignment.align(v, sw);
                v = a[0];
                sw = a[1];
                int weightRank = sw.rank();
                if (v.rank() > weightRank) {
                    v = Ops.mean(v, IntStream.range(weightRank, v.rank()).toArray());
                }
                sw = broadcast(sw, v.shape(), values.shape(), sampleWeight.shape());
                v = Ops.multiply(v, sw);
                if (weightRank > 1) {
                    sw = Ops.mean(sw, IntStream.range(1, weightRank).toArray());
                }
            }
            double samples = sw != null ? Ops.sum(sw).itemAsDouble() : v.rank() >= 1 ? v.shape().dim(0) : 1;
            if (v.rank() > 1) {
                v = Ops.mean(v, IntStream.range(1, v.rank()).toArray());
            }
            total += Ops.sum(v).itemAsDouble();
            count += samples;
        }
    }

    private Tensor broadcast(Tensor sw, Shape target, Shape values, Shape weights) {
        if (!sw.shape().isBroadcastableTo(target)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " ('" + name() + "'): sample_weight of shape "
                    + weights + " does not broadcast against values of shape " + values);
        }
        return Ops.broadcastTo(sw, target);
    }

    /** As a compiled metric, the mean of {@code yPred}; {@code yTrue} is not used. */
    @Override
    public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        updateValues(yPred, sampleWeight);
    }

    @Override
    public double result() {
        return count == 0 ? 0.0 : total / count;
    }

    @Override
    public void resetState() {
        total = 0;
        count = 0;
    }

    /** A mean from its Keras config ({@code name}). */
    public static Mean fromConfig(Map<String, Object> config) {
        return new Mean(ConfigValues.string(config, "name", "mean"));
    }
}

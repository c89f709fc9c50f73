package dev.sheaf.metrics;

import dev.sheaf.losses.RankAlignment;
import dev.sheaf.ops.Ops;
import dev.sheaf.saving.ConfigValues;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Tensor;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * How often predictions equal labels exactly, as {@code keras.metrics.Accuracy}. For classifiers, the name
 * {@code "accuracy"} in {@code compile} picks binary, categorical or sparse categorical accuracy instead (see
 * {@link Metrics#resolveAccuracy}).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Accuracy extends MeanMetricWrapper {

    /** The metric named {@code "accuracy"}. */
    public Accuracy() {
        this("accuracy");
    }

    /** The metric with the given name. */
    public Accuracy(String name) {
        super(name, (t, p) -> matches(name, t, p));
    }

    private static Tensor matches(String name, Tensor yTrue, Tensor yPred) {
        Tensor[] a = RankAlignment.align(Ops.cast(yTrue, DType.FLOAT64), Ops.cast(yPred, DType.FLOAT64));
        Shapes.requireEqual("Accuracy", name, a[0].shape(), a[1].shape());
        return Ops.cast(Ops.equal(a[0], a[1]), DType.FLOAT32);
    }

    /** A metric from its Keras config ({@code name}). */
    public static Accuracy fromConfig(Map<String, Object> config) {
        return new Accuracy(ConfigValues.string(config, "name", "accuracy"));
    }
}

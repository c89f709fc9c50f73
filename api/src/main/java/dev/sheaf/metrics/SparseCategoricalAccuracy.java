package dev.sheaf.metrics;

import dev.sheaf.ops.Ops;
import dev.sheaf.saving.ConfigValues;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Tensor;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * How often the arg-max of {@code y_pred} equals an integer label, as {@code keras.metrics.SparseCategoricalAccuracy}.
 * Labels have y_pred's shape without the class axis, optionally with a trailing 1.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class SparseCategoricalAccuracy extends MeanMetricWrapper {

    /** The metric named {@code "sparse_categorical_accuracy"}. */
    public SparseCategoricalAccuracy() {
        this("sparse_categorical_accuracy");
    }

    /** The metric with the given name. */
    public SparseCategoricalAccuracy(String name) {
        super(name, (t, p) -> matches(name, t, p));
    }

    private static Tensor matches(String name, Tensor yTrue, Tensor yPred) {
        Tensor labels = SparseLabels.of("SparseCategoricalAccuracy", name, yTrue, yPred);
        Tensor argmax = Ops.argmax(yPred, -1);
        if (labels.dtype().isInteger()) {
            // argmax is int64: comparing integers directly is exact and skips two float64 casts per batch.
            return Ops.cast(Ops.equal(labels, argmax), DType.FLOAT32);
        }
        Tensor predicted = Ops.cast(argmax, DType.FLOAT64);
        return Ops.cast(Ops.equal(Ops.cast(labels, DType.FLOAT64), predicted), DType.FLOAT32);
    }

    /** A metric from its Keras config ({@code name}). */
    public static SparseCategoricalAccuracy fromConfig(Map<String, Object> config) {
        return new SparseCategoricalAccuracy(ConfigValues.string(config, "name", "sparse_categorical_accuracy"));
    }
}

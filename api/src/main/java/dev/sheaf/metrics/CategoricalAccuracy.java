package dev.sheaf.metrics;

import dev.sheaf.ops.Ops;
import dev.sheaf.saving.ConfigValues;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Tensor;
import java.util.Map;
import org.apiguardian.api.API;

/** How often the arg-max of {@code y_pred} is the arg-max of one-hot {@code y_true}, as Keras. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class CategoricalAccuracy extends MeanMetricWrapper {

    /** The metric named {@code "categorical_accuracy"}. */
    public CategoricalAccuracy() {
        this("categorical_accuracy");
    }

    /** The metric with the given name. */
    public CategoricalAccuracy(String name) {
        super(name, (t, p) -> matches(name, t, p));
    }

    private static Tensor matches(String name, Tensor yTrue, Tensor yPred) {
        if (!yTrue.shape().equals(yPred.shape()) || yPred.rank() == 0) {
            throw Shapes.error("CategoricalAccuracy", name, yTrue.shape(), yPred.shape(),
                    "they must be equal, with classes on the last axis (one-hot labels); for integer labels use "
                            + "sparse_categorical_accuracy");
        }
        return Ops.cast(Ops.equal(Ops.argmax(yTrue, -1), Ops.argmax(yPred, -1)), DType.FLOAT32);
    }

    /** A metric from its Keras config ({@code name}). */
    public static CategoricalAccuracy fromConfig(Map<String, Object> config) {
        return new CategoricalAccuracy(ConfigValues.string(config, "name", "categorical_accuracy"));
    }
}

package dev.sheaf.metrics;

import dev.sheaf.autodiff.GradientTape;
import dev.sheaf.losses.RankAlignment;
import dev.sheaf.ops.Ops;
import dev.sheaf.saving.ConfigValues;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Tensor;
import dev.sheaf.tensor.TensorScope;
import java.util.Map;
import org.apiguardian.api.API;

/** {@code sqrt} of the mean squared error over everything seen, as {@code keras.metrics.RootMeanSquaredError}. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class RootMeanSquaredError extends Mean {

    /** The metric named {@code "root_mean_squared_error"}. */
    public RootMeanSquaredError() {
        this("root_mean_squared_error");
    }

    /** The metric with the given name (such as {@code "rmse"}). */
    public RootMeanSquaredError(String name) {
        super(name);
    }

    @Override
    public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        try (GradientTape.Pause p = GradientTape.stopRecording(); TensorScope scope = TensorScope.open()) {
            Tensor[] a = RankAlignment.align(Ops.cast(yTrue, DType.FLOAT64), Ops.cast(yPred, DType.FLOAT64));
            Shapes.requireEqual("RootMeanSquaredError", name(), a[0].shape(), a[1].shape());
            updateValues(Ops.square(Ops.subtract(a[1], a[0])), sampleWeight);
        }
    }

    @Override
    public double result() {
        return Math.sqrt(super.result());
    }

    /** A metric from its Keras config ({@code name}). */
    public static RootMeanSquaredError fromConfig(Map<String, Object> config) {
        return new RootMeanSquaredError(ConfigValues.string(config, "name", "root_mean_squared_error"));
    }
}

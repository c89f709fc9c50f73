package dev.sheaf.metrics;

import dev.sheaf.saving.ConfigValues;
import java.util.Map;
import org.apiguardian.api.API;

/** The mean of {@code mean(square(y_true - y_pred), axis=-1)} over samples, as {@code keras.metrics.MeanSquaredError}. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class MeanSquaredError extends MeanMetricWrapper {

    /** The metric named {@code "mean_squared_error"}. */
    public MeanSquaredError() {
        this("mean_squared_error");
    }

    /** The metric with the given name (such as {@code "mse"}). */
    public MeanSquaredError(String name) {
        super(name, new dev.sheaf.losses.MeanSquaredError()::call);
    }

    /** A metric from its Keras config ({@code name}). */
    public static MeanSquaredError fromConfig(Map<String, Object> config) {
        return new MeanSquaredError(ConfigValues.string(config, "name", "mean_squared_error"));
    }
}

package dev.sheaf.metrics;

import dev.sheaf.saving.ConfigValues;
import java.util.Map;
import org.apiguardian.api.API;

/** The mean of {@code mean(abs(y_true - y_pred), axis=-1)} over samples, as {@code keras.metrics.MeanAbsoluteError}. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class MeanAbsoluteError extends MeanMetricWrapper {

    /** The metric named {@code "mean_absolute_error"}. */
    public MeanAbsoluteError() {
        this("mean_absolute_error");
    }

    /** The metric with the given name (such as {@code "mae"}). */
    public MeanAbsoluteError(String name) {
        super(name, new dev.sheaf.losses.MeanAbsoluteError()::call);
    }

    /** A metric from its Keras config ({@code name}). */
    public static MeanAbsoluteError fromConfig(Map<String, Object> config) {
        return new MeanAbsoluteError(ConfigValues.string(config, "name", "mean_absolute_error"));
    }
}

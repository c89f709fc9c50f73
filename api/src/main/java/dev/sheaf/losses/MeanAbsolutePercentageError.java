package dev.sheaf.losses;

import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.Tensor;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * {@code 100 * mean(abs((y_true - y_pred) / maximum(abs(y_true), 1e-7)), axis=-1)}, as
 * {@code keras.losses.MeanAbsolutePercentageError} ("mape").
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class MeanAbsolutePercentageError extends LossFunctionWrapper {

    /** The loss named {@code "mean_absolute_percentage_error"}, reduction sum_over_batch_size. */
    public MeanAbsolutePercentageError() {
        super("mean_absolute_percentage_error");
    }

    @Override
    protected Tensor fn(Tensor yTrue, Tensor yPred) {
        Tensor diff = Ops.abs(Ops.divide(Ops.subtract(yTrue, yPred), Ops.maximum(Ops.abs(yTrue), Losses.EPSILON)));
        return Ops.multiply(Ops.mean(diff, -1), 100.0);
    }

    /** A loss from its Keras config (only {@code reduction} is read). */
    public static MeanAbsolutePercentageError fromConfig(Map<String, Object> config) {
        return LossFunctionWrapper.withBaseConfig(new MeanAbsolutePercentageError(), config);
    }
}

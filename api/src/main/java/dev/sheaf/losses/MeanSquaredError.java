package dev.sheaf.losses;

import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.Tensor;
import java.util.Map;
import org.apiguardian.api.API;

/** {@code mean(square(y_true - y_pred), axis=-1)}, as {@code keras.losses.MeanSquaredError} ("mse"). */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class MeanSquaredError extends LossFunctionWrapper {

    /** The loss named {@code "mean_squared_error"}, reduction sum_over_batch_size. */
    public MeanSquaredError() {
        super("mean_squared_error");
    }

    @Override
    protected Tensor fn(Tensor yTrue, Tensor yPred) {
        return Ops.mean(Ops.square(Ops.subtract(yTrue, yPred)), -1);
    }

    /** A loss from its Keras config (only {@code reduction} is read). */
    public static MeanSquaredError fromConfig(Map<String, Object> config) {
        return LossFunctionWrapper.withBaseConfig(new MeanSquaredError(), config);
    }
}

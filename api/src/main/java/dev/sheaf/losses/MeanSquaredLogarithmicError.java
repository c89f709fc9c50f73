package dev.sheaf.losses;

import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.Tensor;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * {@code mean(square(log(maximum(y_pred, 1e-7) + 1) - log(maximum(y_true, 1e-7) + 1)), axis=-1)}, as
 * {@code keras.losses.MeanSquaredLogarithmicError} ("msle").
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class MeanSquaredLogarithmicError extends LossFunctionWrapper {

    /** The loss named {@code "mean_squared_logarithmic_error"}, reduction sum_over_batch_size. */
    public MeanSquaredLogarithmicError() {
        super("mean_squared_logarithmic_error");
    }

    @Override
    protected Tensor fn(Tensor yTrue, Tensor yPred) {
        Tensor first = Ops.log(Ops.add(Ops.maximum(yPred, Losses.EPSILON), 1.0));
        Tensor second = Ops.log(Ops.add(Ops.maximum(yTrue, Losses.EPSILON), 1.0));
        return Ops.mean(Ops.square(Ops.subtract(first, second)), -1);
    }

    /** A loss from its Keras config (only {@code reduction} is read). */
    public static MeanSquaredLogarithmicError fromConfig(Map<String, Object> config) {
        return LossFunctionWrapper.withBaseConfig(new MeanSquaredLogarithmicError(), config);
    }
}

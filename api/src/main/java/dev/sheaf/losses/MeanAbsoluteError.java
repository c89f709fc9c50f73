package dev.sheaf.losses;

import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.Tensor;
import java.util.Map;
import org.apiguardian.api.API;

/** {@code mean(abs(y_true - y_pred), axis=-1)}, as {@code keras.losses.MeanAbsoluteError} ("mae"). */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class MeanAbsoluteError extends LossFunctionWrapper {

    /** The loss named {@code "mean_absolute_error"}, reduction sum_over_batch_size. */
    public MeanAbsoluteError() {
        super("mean_absolute_error");
    }

    @Override
    protected Tensor fn(Tensor yTrue, Tensor yPred) {
        return Ops.mean(Ops.abs(Ops.subtract(yTrue, yPred)), -1);
    }

    /** A loss from its Keras config (only {@code reduction} is read). */
    public static MeanAbsoluteError fromConfig(Map<String, Object> config) {
        return LossFunctionWrapper.withBaseConfig(new MeanAbsoluteError(), config);
    }
}

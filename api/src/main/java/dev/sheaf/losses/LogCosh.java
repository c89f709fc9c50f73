package dev.sheaf.losses;

import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.Tensor;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * {@code mean(log(cosh(y_pred - y_true)), axis=-1)}, as {@code keras.losses.LogCosh}, computed as Keras does as
 * {@code x + softplus(-2x) - log(2)} so large errors do not overflow.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class LogCosh extends LossFunctionWrapper {
    private static final double LOG2 = Math.log(2.0);

    /** The loss named {@code "log_cosh"}, reduction sum_over_batch_size. */
    public LogCosh() {
        super("log_cosh");
    }

    @Override
    protected Tensor fn(Tensor yTrue, Tensor yPred) {
        Tensor x = Ops.subtract(yPred, yTrue);
        Tensor logcosh = Ops.subtract(Ops.add(x, Ops.softplus(Ops.multiply(x, -2.0))), LOG2);
        return Ops.mean(logcosh, -1);
    }

    /** A loss from its Keras config (only {@code reduction} is read). */
    public static LogCosh fromConfig(Map<String, Object> config) {
        return LossFunctionWrapper.withBaseConfig(new LogCosh(), config);
    }
}

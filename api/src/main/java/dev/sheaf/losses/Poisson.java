package dev.sheaf.losses;

import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.Tensor;
import java.util.Map;
import org.apiguardian.api.API;

/** {@code mean(y_pred - y_true * log(y_pred + 1e-7), axis=-1)}, as {@code keras.losses.Poisson}. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Poisson extends LossFunctionWrapper {

    /** The loss named {@code "poisson"}, reduction sum_over_batch_size. */
    public Poisson() {
        super("poisson");
    }

    @Override
    protected Tensor fn(Tensor yTrue, Tensor yPred) {
        return Ops.mean(Ops.subtract(yPred, Ops.multiply(yTrue, Ops.log(Ops.add(yPred, Losses.EPSILON)))), -1);
    }

    /** A loss from its Keras config (only {@code reduction} is read). */
    public static Poisson fromConfig(Map<String, Object> config) {
        return LossFunctionWrapper.withBaseConfig(new Poisson(), config);
    }
}

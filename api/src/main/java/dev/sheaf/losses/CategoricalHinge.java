package dev.sheaf.losses;

import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.Tensor;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * {@code maximum(neg - pos + 1, 0)} with {@code pos = sum(y_true * y_pred, axis=-1)} and
 * {@code neg = max((1 - y_true) * y_pred, axis=-1)}, as {@code keras.losses.CategoricalHinge}. Labels are one-hot.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class CategoricalHinge extends LossFunctionWrapper {

    /** The loss named {@code "categorical_hinge"}, reduction sum_over_batch_size. */
    public CategoricalHinge() {
        super("categorical_hinge");
    }

    @Override
    protected Tensor fn(Tensor yTrue, Tensor yPred) {
        Tensor pos = Ops.sum(Ops.multiply(yTrue, yPred), -1);
        Tensor neg = Ops.max(Ops.multiply(Ops.subtract(1.0, yTrue), yPred), -1);
        return Ops.maximum(Ops.add(Ops.subtract(neg, pos), 1.0), 0.0);
    }

    /** A loss from its Keras config (only {@code reduction} is read). */
    public static CategoricalHinge fromConfig(Map<String, Object> config) {
        return LossFunctionWrapper.withBaseConfig(new CategoricalHinge(), config);
    }
}

package dev.sheaf.losses;

import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.Tensor;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * {@code mean(square(maximum(1 - y_true * y_pred, 0)), axis=-1)}, as {@code keras.losses.SquaredHinge}. Labels should
 * be -1 or 1; labels that are all 0 or 1 are converted to -1 or 1.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class SquaredHinge extends LossFunctionWrapper {

    /** The loss named {@code "squared_hinge"}, reduction sum_over_batch_size. */
    public SquaredHinge() {
        super("squared_hinge");
    }

    @Override
    protected Tensor fn(Tensor yTrue, Tensor yPred) {
        Tensor t = HingeLabels.toSigned(yTrue);
        return Ops.mean(Ops.square(Ops.maximum(Ops.subtract(1.0, Ops.multiply(t, yPred)), 0.0)), -1);
    }

    /** A loss from its Keras config (only {@code reduction} is read). */
    public static SquaredHinge fromConfig(Map<String, Object> config) {
        return LossFunctionWrapper.withBaseConfig(new SquaredHinge(), config);
    }
}

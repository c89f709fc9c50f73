package dev.sheaf.losses;

import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.Tensor;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * The Kullback-Leibler divergence {@code sum(y_true * log(y_true / y_pred), axis=-1)} with both inputs clipped to
 * {@code [1e-7, 1]}, as {@code keras.losses.KLDivergence} ("kld").
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class KLDivergence extends LossFunctionWrapper {

    /** The loss named {@code "kl_divergence"}, reduction sum_over_batch_size. */
    public KLDivergence() {
        super("kl_divergence");
    }

    @Override
    protected Tensor fn(Tensor yTrue, Tensor yPred) {
        Tensor t = Ops.clip(yTrue, Losses.EPSILON, 1.0);
        Tensor p = Ops.clip(yPred, Losses.EPSILON, 1.0);
        return Ops.sum(Ops.multiply(t, Ops.log(Ops.divide(t, p))), -1);
    }

    /** A loss from its Keras config (only {@code reduction} is read). */
    public static KLDivergence fromConfig(Map<String, Object> config) {
        return LossFunctionWrapper.withBaseConfig(new KLDivergence(), config);
    }
}

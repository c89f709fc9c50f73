package dev.sheaf.regularizers;

import dev.sheaf.tensor.Tensor;
import java.util.Map;
import org.apiguardian.api.API;

/** A penalty on a weight added to the training loss, as {@code keras.regularizers}. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
@FunctionalInterface
public interface Regularizer {

    /** The scalar penalty for {@code weight}, computed with differentiable {@code Ops}. */
    Tensor penalty(Tensor weight);

    /** The Keras config. */
    default Map<String, Object> getConfig() {
        return Map.of();
    }
}

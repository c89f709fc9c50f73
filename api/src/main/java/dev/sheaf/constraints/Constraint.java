package dev.sheaf.constraints;

import dev.sheaf.tensor.Tensor;
import java.util.Map;
import org.apiguardian.api.API;

/** A projection applied to a weight after each optimizer update, as {@code keras.constraints}. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
@FunctionalInterface
public interface Constraint {

    /** The projected value of {@code weight} (a new tensor). */
    Tensor apply(Tensor weight);

    /** The Keras config. */
    default Map<String, Object> getConfig() {
        return Map.of();
    }
}

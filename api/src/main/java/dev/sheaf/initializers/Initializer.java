package dev.sheaf.initializers;

import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * Produces the initial value of a weight, as {@code keras.initializers}. Fan-in and fan-out follow Keras: for a
 * kernel of shape {@code [..receptive field.., in, out]}, fan-in = receptive size × in, fan-out = receptive size × out.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
@FunctionalInterface
public interface Initializer {

    /** A new tensor of {@code shape} and {@code dtype} on the active backend. */
    Tensor initialize(Shape shape, DType dtype);

    /** The Keras config of this initializer (its constructor arguments); empty when it has none. */
    default Map<String, Object> getConfig() {
        return Map.of();
    }
}

package dev.sheaf.activations;

import dev.sheaf.tensor.Tensor;
import org.apiguardian.api.API;

/** An element-wise (or, for softmax, last-axis) activation function, as {@code keras.activations}. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
@FunctionalInterface
public interface Activation {

    /** Applies the activation with differentiable {@code Ops}. */
    Tensor apply(Tensor x);
}

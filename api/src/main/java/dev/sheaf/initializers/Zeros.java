package dev.sheaf.initializers;

import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import org.apiguardian.api.API;

/** Keras's {@code Zeros}: all zeros; the default bias initializer. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Zeros implements Initializer {
    @Override
    public Tensor initialize(Shape shape, DType dtype) {
        return Ops.zeros(shape, dtype);
    }

    @Override
    public String toString() {
        return "Zeros";
    }
}

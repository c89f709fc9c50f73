package dev.sheaf.constraints;

import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.Tensor;
import org.apiguardian.api.API;

/** Keras's {@code NonNeg}: zeroes the negative weights ({@code w * (w >= 0)}). */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class NonNeg implements Constraint {
    @Override
    public Tensor apply(Tensor w) {
        return Ops.multiply(w, Ops.cast(Ops.greaterEqual(w, 0.0), w.dtype()));
    }

    @Override
    public String toString() {
        return "NonNeg";
    }
}

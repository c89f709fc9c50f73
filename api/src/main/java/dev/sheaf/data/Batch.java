package dev.sheaf.data;

import dev.sheaf.tensor.Tensor;
import org.apiguardian.api.API;

/**
 * One element of a {@link Dataset} as tensors, as its iterator returns it: inputs, targets and sample weights.
 * The tensors belong to the {@code TensorScope} that was open on the iterating thread, or to the caller, who then
 * closes them with {@link #close()}.
 *
 * @param x            the inputs
 * @param y            the targets, or {@code null}
 * @param sampleWeight per-sample weights, or {@code null}
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Batch(Tensor x, Tensor y, Tensor sampleWeight) implements AutoCloseable {
    /** Closes the tensors (for batches taken while no scope was open). */
    @Override
    public void close() {
        x.close();
        if (y != null) {
            y.close();
        }
        if (sampleWeight != null) {
            sampleWeight.close();
        }
    }
}

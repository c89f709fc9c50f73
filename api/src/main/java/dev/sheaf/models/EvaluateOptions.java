package dev.sheaf.models;

import dev.sheaf.tensor.Tensor;
import org.apiguardian.api.API;

/**
 * The optional arguments of {@link Model#evaluate}, with Keras's defaults (batch size 32, verbose 1):
 * {@code model.evaluate(x, y, new EvaluateOptions().batchSize(128).verbose(0))}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class EvaluateOptions extends InferenceOptions<EvaluateOptions> {
    private Tensor sampleWeight;

    /** Keras's defaults. */
    public EvaluateOptions() {
    }

    /** Per-sample loss weights, of shape {@code (samples)}. */
    public EvaluateOptions sampleWeight(Tensor sampleWeight) {
        this.sampleWeight = sampleWeight;
        return this;
    }

    Tensor sampleWeight() {
        return sampleWeight;
    }
}

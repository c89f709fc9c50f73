package dev.sheaf.models;

import org.apiguardian.api.API;

/**
 * The optional arguments of {@link Model#predict}, with Keras's defaults (batch size 32, verbose 1):
 * {@code model.predict(x, new PredictOptions().batchSize(256).verbose(0))}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class PredictOptions extends InferenceOptions<PredictOptions> {

    /** Keras's defaults. */
    public PredictOptions() {
    }
}

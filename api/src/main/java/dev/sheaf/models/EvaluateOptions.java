package dev.sheaf.models;

import dev.sheaf.callbacks.Callback;
import dev.sheaf.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.apiguardian.api.API;

/**
 * The optional arguments of {@link Model#evaluate}, with Keras's defaults (batch size 32, verbose 1):
 * {@code model.evaluate(x, y, new EvaluateOptions().batchSize(128).verbose(0))}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class EvaluateOptions {
    private Integer batchSize;
    private int verbose = 1;
    private Tensor sampleWeight;
    private Integer steps;
    private final List<Callback> callbacks = new ArrayList<>();

    /** Keras's defaults. */
    public EvaluateOptions() {
    }

    /** Samples per batch (default 32); not for a dataset. */
    public EvaluateOptions batchSize(int batchSize) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("EvaluateOptions.batchSize must be positive, got " + batchSize);
        }
        this.batchSize = batchSize;
        return this;
    }

    /** 0 = silent, 1 = progress bar (default), 2 = one line. */
    public EvaluateOptions verbose(int verbose) {
        if (verbose < 0 || verbose > 2) {
            throw new IllegalArgumentException("EvaluateOptions.verbose must be 0, 1 or 2, got " + verbose);
        }
        this.verbose = verbose;
        return this;
    }

    /** Per-sample loss weights, of shape {@code (samples)}. */
    public EvaluateOptions sampleWeight(Tensor sampleWeight) {
        this.sampleWeight = sampleWeight;
        return this;
    }

    /** Batches to evaluate (default: all). */
    public EvaluateOptions steps(int steps) {
        if (steps <= 0) {
            throw new IllegalArgumentException("EvaluateOptions.steps must be positive, got " + steps);
        }
        this.steps = steps;
        return this;
    }

    /** Callbacks to notify ({@code onTest…} hooks). */
    public EvaluateOptions callbacks(Callback... callbacks) {
        List<Callback> checked = FitOptions.checkCallbacks("EvaluateOptions", callbacks == null ? null
                : java.util.Arrays.asList(callbacks));
        this.callbacks.clear();
        this.callbacks.addAll(checked);
        return this;
    }

    Integer batchSize() {
        return batchSize;
    }

    int verbose() {
        return verbose;
    }

    Tensor sampleWeight() {
        return sampleWeight;
    }

    Integer steps() {
        return steps;
    }

    List<Callback> callbacks() {
        return List.copyOf(callbacks);
    }
}

package dev.sheaf.models;

import dev.sheaf.callbacks.Callback;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apiguardian.api.API;

/**
 * The options {@link EvaluateOptions} and {@link PredictOptions} share, with Keras's defaults (batch size 32,
 * verbose 1, every batch, no callbacks).
 *
 * @param <O> the concrete options type, so that the fluent setters return it
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public abstract class InferenceOptions<O extends InferenceOptions<O>> {
    private Integer batchSize;
    private int verbose = 1;
    private Integer steps;
    private final List<Callback> callbacks = new ArrayList<>();

    InferenceOptions() {
    }

    @SuppressWarnings("unchecked")
    private O self() {
        return (O) this;
    }

    private String type() {
        return getClass().getSimpleName();
    }

    /** Samples per batch (default 32); not for a dataset. */
    public O batchSize(int batchSize) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException(type() + ".batchSize must be positive, got " + batchSize);
        }
        this.batchSize = batchSize;
        return self();
    }

    /** 0 = silent, 1 = progress bar (default), 2 = one line. */
    public O verbose(int verbose) {
        if (verbose < 0 || verbose > 2) {
            throw new IllegalArgumentException(type() + ".verbose must be 0, 1 or 2, got " + verbose);
        }
        this.verbose = verbose;
        return self();
    }

    /** Batches to run (default: all). */
    public O steps(int steps) {
        if (steps <= 0) {
            throw new IllegalArgumentException(type() + ".steps must be positive, got " + steps);
        }
        this.steps = steps;
        return self();
    }

    /** Callbacks to notify ({@code onTest…} hooks for evaluate, {@code onPredict…} for predict). */
    public O callbacks(Callback... callbacks) {
        List<Callback> checked = FitOptions.checkCallbacks(type(), callbacks == null ? null : Arrays.asList(callbacks));
        this.callbacks.clear();
        this.callbacks.addAll(checked);
        return self();
    }

    Integer batchSize() {
        return batchSize;
    }

    int verbose() {
        return verbose;
    }

    Integer steps() {
        return steps;
    }

    List<Callback> callbacks() {
        return List.copyOf(callbacks);
    }
}

package dev.sheaf.models;

import dev.sheaf.callbacks.Callback;
import java.util.ArrayList;
import java.util.List;
import org.apiguardian.api.API;

/**
 * The optional arguments of {@link Model#predict}, with Keras's defaults (batch size 32, verbose 1):
 * {@code model.predict(x, new PredictOptions().batchSize(256).verbose(0))}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class PredictOptions {
    private Integer batchSize;
    private int verbose = 1;
    private Integer steps;
    private final List<Callback> callbacks = new ArrayList<>();

    /** Keras's defaults. */
    public PredictOptions() {
    }

    /** Samples per batch (default 32); not for a dataset. */
    public PredictOptions batchSize(int batchSize) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("PredictOptions.batchSize must be positive, got " + batchSize);
        }
        this.batchSize = batchSize;
        return this;
    }

    /** 0 = silent, 1 = progress bar (default), 2 = one line. */
    public PredictOptions verbose(int verbose) {
        if (verbose < 0 || verbose > 2) {
            throw new IllegalArgumentException("PredictOptions.verbose must be 0, 1 or 2, got " + verbose);
        }
        this.verbose = verbose;
        return this;
    }

    /** Batches to predict (default: all). */
    public PredictOptions steps(int steps) {
        if (steps <= 0) {
            throw new IllegalArgumentException("PredictOptions.steps must be positive, got " + steps);
        }
        this.steps = steps;
        return this;
    }

    /** Callbacks to notify ({@code onPredict…} hooks). */
    public PredictOptions callbacks(Callback... callbacks) {
        List<Callback> checked = FitOptions.checkCallbacks("PredictOptions", callbacks == null ? null
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

    Integer steps() {
        return steps;
    }

    List<Callback> callbacks() {
        return List.copyOf(callbacks);
    }
}

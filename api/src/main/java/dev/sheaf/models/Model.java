package dev.sheaf.models;

import dev.sheaf.layers.Layer;
import dev.sheaf.optimizers.Optimizer;
import org.apiguardian.api.API;

/**
 * A layer that can be trained: {@code compile}, {@code fit}, {@code evaluate}, {@code predict}, as
 * {@code keras.Model}. Built three ways: {@code Sequential}, functional ({@code Model.of(inputs, outputs)}) and
 * subclassing (override {@code call}).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class Model extends Layer {
    private volatile boolean stopTraining;
    /** Set by {@code compile}. */
    protected Optimizer optimizer;

    /** For subclassed models. */
    protected Model() {
    }

    /** The optimizer given to {@code compile}, or {@code null} before. */
    public Optimizer optimizer() {
        return optimizer;
    }

    /** True once a callback asked training to stop (EarlyStopping, TerminateOnNaN). */
    public boolean isStopTraining() {
        return stopTraining;
    }

    /** Asks {@code fit} to stop after the current batch/epoch, as Keras's {@code model.stop_training = True}. */
    public void setStopTraining(boolean stop) {
        this.stopTraining = stop;
    }
}

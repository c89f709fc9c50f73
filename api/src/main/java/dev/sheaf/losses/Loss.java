package dev.sheaf.losses;

import dev.sheaf.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * A loss function, as {@code keras.losses.Loss}: {@link #call} gives per-sample values, {@link #compute} weights and
 * reduces them.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public abstract class Loss {
    private final String name;
    private Reduction reduction = Reduction.SUM_OVER_BATCH_SIZE;

    /** @param name the Keras name, such as {@code "categorical_crossentropy"} */
    protected Loss(String name) {
        this.name = name;
    }

    /** The name. */
    public String name() {
        return name;
    }

    /** The reduction (default {@link Reduction#SUM_OVER_BATCH_SIZE}). */
    public Reduction reduction() {
        return reduction;
    }

    /** Sets the reduction. */
    public Loss setReduction(Reduction reduction) {
        this.reduction = reduction;
        return this;
    }

    /**
     * Per-sample loss values (usually of shape {@code [batch]}), written with differentiable {@code Ops}.
     *
     * @throws IllegalArgumentException naming the loss and both shapes when they do not fit together
     */
    public abstract Tensor call(Tensor yTrue, Tensor yPred);

    /**
     * The loss to minimise: {@link #call}, multiplied by {@code sampleWeight} (broadcast; {@code null} for none),
     * then reduced by {@link #reduction()}.
     */
    public abstract Tensor compute(Tensor yTrue, Tensor yPred, Tensor sampleWeight);

    /** The Keras config: name, reduction and the loss's own arguments. */
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name);
        c.put("reduction", reduction.kerasName());
        return c;
    }
}

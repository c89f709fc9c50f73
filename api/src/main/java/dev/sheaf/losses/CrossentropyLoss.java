package dev.sheaf.losses;

import dev.sheaf.saving.ConfigValues;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * The options Keras's probabilistic crossentropies share — {@code from_logits}, {@code label_smoothing} and
 * {@code axis} — with their fluent setters, config entries and config reading, so that each loss keeps only its
 * formula. {@code L} is the concrete loss, which the setters return.
 *
 * @param <L> the loss class itself
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public abstract class CrossentropyLoss<L extends CrossentropyLoss<L>> extends LossFunctionWrapper {
    private boolean fromLogits;
    private double labelSmoothing;
    private int axis = -1;

    /** @param name the Keras name, e.g. {@code "binary_crossentropy"} */
    protected CrossentropyLoss(String name, boolean fromLogits) {
        super(name);
        this.fromLogits = fromLogits;
    }

    private L self() {
        @SuppressWarnings("unchecked")
        L l = (L) this;
        return l;
    }

    /** Whether {@code y_pred} holds logits. */
    public boolean fromLogits() {
        return fromLogits;
    }

    /** Sets whether {@code y_pred} holds logits. */
    public L setFromLogits(boolean fromLogits) {
        this.fromLogits = fromLogits;
        return self();
    }

    /** The label smoothing (default 0). */
    public double labelSmoothing() {
        return labelSmoothing;
    }

    /**
     * Sets the label smoothing.
     *
     * @throws IllegalArgumentException unless in {@code [0, 1]}
     */
    public L setLabelSmoothing(double labelSmoothing) {
        this.labelSmoothing = Crossentropy.checkSmoothing(getClass().getSimpleName(), labelSmoothing);
        return self();
    }

    /** The axis the loss works along (default -1). */
    public int axis() {
        return axis;
    }

    /** Sets the axis the loss works along. */
    public L setAxis(int axis) {
        this.axis = axis;
        return self();
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("from_logits", fromLogits);
        c.put("label_smoothing", labelSmoothing);
        c.put("axis", axis);
        return c;
    }

    /** Applies {@code label_smoothing}, {@code axis} and the base entries ({@code reduction}, {@code name}). */
    static <L extends CrossentropyLoss<L>> L configure(L loss, Map<String, Object> config) {
        loss.setLabelSmoothing(ConfigValues.number(config, "label_smoothing", 0.0))
                .setAxis(ConfigValues.integer(config, "axis", -1));
        return LossFunctionWrapper.withBaseConfig(loss, config);
    }

    /** {@code from_logits} of a config. */
    static boolean fromLogits(Map<String, Object> config) {
        return ConfigValues.bool(config, "from_logits", false);
    }
}

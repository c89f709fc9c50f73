package dev.sheaf.losses;

import dev.sheaf.ops.Ops;
import dev.sheaf.saving.ConfigValues;
import dev.sheaf.tensor.Tensor;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * The Huber loss, as {@code keras.losses.Huber}: per element {@code 0.5 * x^2} where {@code |x| <= delta}, else
 * {@code delta * |x| - 0.5 * delta^2} (with {@code x = y_pred - y_true}), averaged over the last axis. Default
 * {@code delta} 1.0.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Huber extends LossFunctionWrapper {
    private double delta = 1.0;

    /** The loss named {@code "huber_loss"} with {@code delta} 1.0. */
    public Huber() {
        super("huber_loss");
    }

    /** The loss with the given {@code delta}. */
    public Huber(double delta) {
        this();
        setDelta(delta);
    }

    /** The point where the loss turns from quadratic to linear. */
    public double delta() {
        return delta;
    }

    /**
     * Sets {@code delta}.
     *
     * @throws IllegalArgumentException unless it is a finite number > 0
     */
    public Huber setDelta(double delta) {
        if (!(delta > 0) || Double.isInfinite(delta)) {
            throw new IllegalArgumentException("Huber: delta must be a finite number > 0, got " + delta);
        }
        this.delta = delta;
        return this;
    }

    @Override
    protected Tensor fn(Tensor yTrue, Tensor yPred) {
        Tensor error = Ops.subtract(yPred, yTrue);
        Tensor absError = Ops.abs(error);
        Tensor quadratic = Ops.multiply(Ops.square(error), 0.5);
        Tensor linear = Ops.subtract(Ops.multiply(absError, delta), 0.5 * delta * delta);
        return Ops.mean(Ops.where(Ops.lessEqual(absError, delta), quadratic, linear), -1);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("delta", delta);
        return c;
    }

    /** A loss from its Keras config ({@code delta}, {@code reduction}). */
    public static Huber fromConfig(Map<String, Object> config) {
        return LossFunctionWrapper.withBaseConfig(new Huber(ConfigValues.number(config, "delta", 1.0)), config);
    }
}

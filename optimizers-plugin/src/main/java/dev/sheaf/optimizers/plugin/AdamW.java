package dev.sheaf.optimizers.plugin;

import dev.sheaf.optimizers.Optimizer;
import dev.sheaf.optimizers.schedules.LearningRateSchedule;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * AdamW (Loshchilov &amp; Hutter, 2019), as {@code keras.optimizers.AdamW}: {@link Adam} with decoupled weight decay
 * always on. Before each Adam step every variable is shrunk, {@code w = w - w * weight_decay * lr}, independently of
 * the gradient.
 *
 * <p>Defaults: {@code learning_rate = 0.001}, {@code weight_decay = 0.004}, {@code beta_1 = 0.9},
 * {@code beta_2 = 0.999}, {@code epsilon = 1e-7}, {@code amsgrad = false}. Slots as {@link Adam}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class AdamW extends Adam {

    /** AdamW with the Keras defaults. */
    public AdamW() {
        this(0.001);
    }

    /** AdamW with this learning rate and the other defaults. */
    public AdamW(double learningRate) {
        this("adamw", learningRate);
    }

    /** AdamW following a learning-rate schedule. */
    public AdamW(LearningRateSchedule schedule) {
        this();
        setLearningRate(schedule);
    }

    private AdamW(String name, double learningRate) {
        super(name, learningRate);
        setWeightDecay(0.004);
    }

    /**
     * The decoupled weight decay rate (default 0.004).
     *
     * @throws IllegalArgumentException if null (AdamW without decay is {@link Adam}) or negative
     */
    @Override
    public Optimizer setWeightDecay(Double weightDecay) {
        if (weightDecay == null) {
            throw new IllegalArgumentException(name() + ": weight_decay must be a number; for no decay use Adam");
        }
        return super.setWeightDecay(weightDecay);
    }

    /** AdamW from a {@link #getConfig()} map; missing entries take the defaults. */
    public static AdamW fromConfig(Map<String, Object> config) {
        OptimizerConfig c = new OptimizerConfig("AdamW", config, ADAM_KEYS);
        if (c.map().containsKey("weight_decay") && c.map().get("weight_decay") == null) {
            throw new IllegalArgumentException("AdamW: weight_decay must be a number, got null; for no decay use Adam");
        }
        return configure(new AdamW(c.name("adamw"), 0.001), c);
    }
}

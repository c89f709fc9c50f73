package dev.sheaf.optimizers.schedules;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * Inverse time decay, as {@code keras.optimizers.schedules.InverseTimeDecay}:
 * <pre>
 * lr(step) = initialLearningRate / (1 + decayRate * step / decaySteps)
 * </pre>
 * With {@code staircase}, {@code step / decaySteps} is floored. Defaults: {@code staircase = false},
 * {@code name = "InverseTimeDecay"}. {@code decaySteps} may have a fraction, as in Keras.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class InverseTimeDecay implements LearningRateSchedule {
    private final double initialLearningRate;
    private final double decaySteps;
    private final double decayRate;
    private boolean staircase;
    private String name = "InverseTimeDecay";

    /** @throws IllegalArgumentException if {@code decaySteps <= 0} */
    public InverseTimeDecay(double initialLearningRate, double decaySteps, double decayRate) {
        if (!(decaySteps > 0) || Double.isInfinite(decaySteps)) {
            throw new IllegalArgumentException("InverseTimeDecay: decay_steps must be > 0, got " + decaySteps);
        }
        this.initialLearningRate = Schedules.finite("InverseTimeDecay", "initial_learning_rate",
                initialLearningRate);
        this.decaySteps = decaySteps;
        this.decayRate = Schedules.nonNegative("InverseTimeDecay", "decay_rate", decayRate, false);
    }

    /** Decays at whole multiples of {@code decaySteps} only. */
    public InverseTimeDecay setStaircase(boolean staircase) {
        this.staircase = staircase;
        return this;
    }

    /** The name kept in the config. */
    public InverseTimeDecay setName(String name) {
        this.name = name;
        return this;
    }

    @Override
    public double at(long step) {
        double p = step / decaySteps;
        if (staircase) {
            p = Math.floor(p);
        }
        return initialLearningRate / (1 + decayRate * p);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("initial_learning_rate", initialLearningRate);
        c.put("decay_steps", decaySteps);
        c.put("decay_rate", decayRate);
        c.put("staircase", staircase);
        c.put("name", name);
        return c;
    }

    /** The schedule described by a {@link #getConfig()} map. */
    public static InverseTimeDecay fromConfig(Map<String, Object> config) {
        ConfigReader r = new ConfigReader("InverseTimeDecay", config);
        return new InverseTimeDecay(r.number("initial_learning_rate"), r.number("decay_steps"), r.number("decay_rate"))
                .setStaircase(r.bool("staircase", false))
                .setName(r.string("name", "InverseTimeDecay"));
    }
}

package dev.sheaf.optimizers.schedules;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * Exponential decay, as {@code keras.optimizers.schedules.ExponentialDecay}:
 * <pre>
 * lr(step) = initialLearningRate * decayRate ^ (step / decaySteps)
 * </pre>
 * With {@code staircase} the exponent is {@code floor(step / decaySteps)}, so the rate drops in steps. Defaults:
 * {@code staircase = false}, {@code name = "ExponentialDecay"}.
 *
 * <pre>{@code
 * new SGD(new ExponentialDecay(0.1, 100_000, 0.96).setStaircase(true));
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class ExponentialDecay implements LearningRateSchedule {
    private final double initialLearningRate;
    private final long decaySteps;
    private final double decayRate;
    private boolean staircase;
    private String name = "ExponentialDecay";

    /** @throws IllegalArgumentException if {@code decaySteps <= 0} */
    public ExponentialDecay(double initialLearningRate, long decaySteps, double decayRate) {
        this.initialLearningRate = Schedules.finite("ExponentialDecay", "initial_learning_rate",
                initialLearningRate);
        this.decaySteps = Schedules.positiveSteps("ExponentialDecay", "decay_steps", decaySteps);
        this.decayRate = Schedules.nonNegative("ExponentialDecay", "decay_rate", decayRate, false);
    }

    /** Decays at whole multiples of {@code decaySteps} only. */
    public ExponentialDecay setStaircase(boolean staircase) {
        this.staircase = staircase;
        return this;
    }

    /** The name kept in the config. */
    public ExponentialDecay setName(String name) {
        this.name = name;
        return this;
    }

    @Override
    public double at(long step) {
        double p = step / (double) decaySteps;
        if (staircase) {
            p = Math.floor(p);
        }
        return initialLearningRate * Math.pow(decayRate, p);
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
    public static ExponentialDecay fromConfig(Map<String, Object> config) {
        ConfigReader r = new ConfigReader("ExponentialDecay", config);
        return new ExponentialDecay(r.number("initial_learning_rate"), r.integer("decay_steps"), r.number("decay_rate"))
                .setStaircase(r.bool("staircase", false))
                .setName(r.string("name", "ExponentialDecay"));
    }
}

package dev.sheaf.optimizers.schedules;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * Polynomial decay from {@code initialLearningRate} to {@code endLearningRate} over {@code decaySteps}, as
 * {@code keras.optimizers.schedules.PolynomialDecay}:
 * <pre>
 * step     = min(step, decaySteps)
 * lr(step) = (initialLearningRate - endLearningRate) * (1 - step / decaySteps) ^ power + endLearningRate
 * </pre>
 * With {@code cycle}, {@code decaySteps} is instead multiplied by {@code ceil(step / decaySteps)} (1 at step 0), so the
 * decay restarts. Defaults: {@code endLearningRate = 0.0001}, {@code power = 1.0}, {@code cycle = false},
 * {@code name = "PolynomialDecay"}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class PolynomialDecay implements LearningRateSchedule {
    private final double initialLearningRate;
    private final long decaySteps;
    private double endLearningRate = 0.0001;
    private double power = 1.0;
    private boolean cycle;
    private String name = "PolynomialDecay";

    /** @throws IllegalArgumentException if {@code decaySteps <= 0} */
    public PolynomialDecay(double initialLearningRate, long decaySteps) {
        this.initialLearningRate = Schedules.finite("PolynomialDecay", "initial_learning_rate",
                initialLearningRate);
        this.decaySteps = Schedules.positiveSteps("PolynomialDecay", "decay_steps", decaySteps);
    }

    /** The rate reached after {@code decaySteps} (default 0.0001). */
    public PolynomialDecay setEndLearningRate(double endLearningRate) {
        this.endLearningRate = Schedules.finite("PolynomialDecay", "end_learning_rate", endLearningRate);
        return this;
    }

    /** The power of the polynomial (default 1, linear). */
    public PolynomialDecay setPower(double power) {
        this.power = Schedules.finite("PolynomialDecay", "power", power);
        return this;
    }

    /** Restarts the decay at each multiple of {@code decaySteps} instead of staying at the end rate. */
    public PolynomialDecay setCycle(boolean cycle) {
        this.cycle = cycle;
        return this;
    }

    /** The name kept in the config. */
    public PolynomialDecay setName(String name) {
        this.name = name;
        return this;
    }

    @Override
    public double at(long step) {
        double s = step;
        double steps = decaySteps;
        if (cycle) {
            steps *= step == 0 ? 1.0 : Math.ceil(s / decaySteps);
        } else {
            s = Math.min(s, steps);
        }
        double p = s / steps;
        return (initialLearningRate - endLearningRate) * Math.pow(1 - p, power) + endLearningRate;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("initial_learning_rate", initialLearningRate);
        c.put("decay_steps", decaySteps);
        c.put("end_learning_rate", endLearningRate);
        c.put("power", power);
        c.put("cycle", cycle);
        c.put("name", name);
        return c;
    }

    /** The schedule described by a {@link #getConfig()} map. */
    public static PolynomialDecay fromConfig(Map<String, Object> config) {
        ConfigReader r = new ConfigReader("PolynomialDecay", config);
        return new PolynomialDecay(r.number("initial_learning_rate"), r.integer("decay_steps"))
                .setEndLearningRate(r.number("end_learning_rate", 0.0001))
                .setPower(r.number("power", 1.0))
                .setCycle(r.bool("cycle", false))
                .setName(r.string("name", "PolynomialDecay"));
    }
}

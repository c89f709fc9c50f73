package dev.sheaf.optimizers.schedules;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * Cosine decay with an optional linear warmup, as {@code keras.optimizers.schedules.CosineDecay} (Loshchilov &amp;
 * Hutter, SGDR). Without a warmup target:
 * <pre>
 * step     = min(step, decaySteps)
 * lr(step) = initialLearningRate * ((1 - alpha) * 0.5 * (1 + cos(pi * step / decaySteps)) + alpha)
 * </pre>
 * With {@code warmupTarget} set, the rate first climbs linearly from {@code initialLearningRate} to
 * {@code warmupTarget} over {@code warmupSteps}, then decays as above from {@code warmupTarget} (step counted from
 * the end of the warmup, and held after {@code warmupSteps + decaySteps}). Defaults: {@code alpha = 0},
 * {@code warmupTarget = null} (no warmup), {@code warmupSteps = 0}, {@code name = "CosineDecay"}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class CosineDecay implements LearningRateSchedule {
    private final double initialLearningRate;
    private final long decaySteps;
    private double alpha;
    private Double warmupTarget;
    private long warmupSteps;
    private String name = "CosineDecay";

    /** @throws IllegalArgumentException if {@code decaySteps <= 0} */
    public CosineDecay(double initialLearningRate, long decaySteps) {
        this.initialLearningRate = Schedules.finite("CosineDecay", "initial_learning_rate",
                initialLearningRate);
        this.decaySteps = Schedules.positiveSteps("CosineDecay", "decay_steps", decaySteps);
    }

    /** The final rate as a fraction of the decay's starting rate (default 0). */
    public CosineDecay setAlpha(double alpha) {
        this.alpha = Schedules.finite("CosineDecay", "alpha", alpha);
        return this;
    }

    /**
     * Warms up linearly to {@code warmupTarget} over {@code warmupSteps} before decaying; a {@code null} target turns
     * the warmup off.
     *
     * @throws IllegalArgumentException if {@code warmupSteps < 0}
     */
    public CosineDecay setWarmup(Double warmupTarget, long warmupSteps) {
        if (warmupSteps < 0) {
            throw new IllegalArgumentException("CosineDecay: warmup_steps must be >= 0, got " + warmupSteps);
        }
        this.warmupTarget = warmupTarget;
        this.warmupSteps = warmupSteps;
        return this;
    }

    /** The name kept in the config. */
    public CosineDecay setName(String name) {
        this.name = name;
        return this;
    }

    @Override
    public double at(long step) {
        if (warmupTarget == null) {
            return decayed(Math.min((double) step, decaySteps), initialLearningRate);
        }
        double s = Math.min((double) step, (double) decaySteps + warmupSteps);
        if (s < warmupSteps) {
            return (warmupTarget - initialLearningRate) * (s / warmupSteps) + initialLearningRate;
        }
        return decayed(s - warmupSteps, warmupTarget);
    }

    private double decayed(double step, double from) {
        double cosine = 0.5 * (1.0 + Math.cos(Math.PI * (step / decaySteps)));
        return from * ((1 - alpha) * cosine + alpha);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("initial_learning_rate", initialLearningRate);
        c.put("decay_steps", decaySteps);
        c.put("alpha", alpha);
        c.put("name", name);
        c.put("warmup_target", warmupTarget);
        c.put("warmup_steps", warmupSteps);
        return c;
    }

    /** The schedule described by a {@link #getConfig()} map. */
    public static CosineDecay fromConfig(Map<String, Object> config) {
        ConfigReader r = new ConfigReader("CosineDecay", config);
        return new CosineDecay(r.number("initial_learning_rate"), r.integer("decay_steps"))
                .setAlpha(r.number("alpha", 0.0))
                .setWarmup(r.optionalNumber("warmup_target"), r.integer("warmup_steps", 0))
                .setName(r.string("name", "CosineDecay"));
    }
}

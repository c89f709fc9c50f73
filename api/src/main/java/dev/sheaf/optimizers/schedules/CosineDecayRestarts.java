package dev.sheaf.optimizers.schedules;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * Cosine decay with warm restarts, as {@code keras.optimizers.schedules.CosineDecayRestarts} (SGDR). The first period
 * lasts {@code firstDecaySteps}; each next one is {@code tMul} times longer and starts from {@code mMul} times the
 * previous peak. With {@code f = step / firstDecaySteps}, restart number {@code i} and the fraction {@code f'} of the
 * current period completed:
 * <pre>
 * tMul == 1:  i = floor(f),  f' = f - i
 * otherwise:  i = floor(log(1 - f * (1 - tMul)) / log(tMul)),  f' = (f - (1 - tMul^i) / (1 - tMul)) / tMul^i
 * lr(step) = initialLearningRate * ((1 - alpha) * 0.5 * mMul^i * (1 + cos(pi * f')) + alpha)
 * </pre>
 * (as in Keras, the floor {@code alpha} is not scaled by {@code mMul^i}). Defaults: {@code tMul = 2},
 * {@code mMul = 1}, {@code alpha = 0}, {@code name = "SGDRDecay"}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class CosineDecayRestarts implements LearningRateSchedule {
    private final double initialLearningRate;
    private final long firstDecaySteps;
    private double tMul = 2.0;
    private double mMul = 1.0;
    private double alpha;
    private String name = "SGDRDecay";

    /** @throws IllegalArgumentException if {@code firstDecaySteps <= 0} */
    public CosineDecayRestarts(double initialLearningRate, long firstDecaySteps) {
        this.initialLearningRate = Schedules.finite("CosineDecayRestarts", "initial_learning_rate",
                initialLearningRate);
        this.firstDecaySteps = Schedules.positiveSteps("CosineDecayRestarts", "first_decay_steps", firstDecaySteps);
    }

    /** How much longer each period is than the previous one (default 2). */
    public CosineDecayRestarts setTMul(double tMul) {
        this.tMul = Schedules.nonNegative("CosineDecayRestarts", "t_mul", tMul, true);
        return this;
    }

    /** How much lower each restart's peak is than the previous one (default 1). */
    public CosineDecayRestarts setMMul(double mMul) {
        this.mMul = Schedules.nonNegative("CosineDecayRestarts", "m_mul", mMul, false);
        return this;
    }

    /** The floor, as a fraction of {@code initialLearningRate} (default 0). */
    public CosineDecayRestarts setAlpha(double alpha) {
        this.alpha = Schedules.finite("CosineDecayRestarts", "alpha", alpha);
        return this;
    }

    /** The name kept in the config. */
    public CosineDecayRestarts setName(String name) {
        this.name = name;
        return this;
    }

    @Override
    public double at(long step) {
        double f = step / (double) firstDecaySteps;
        double restart;
        if (tMul == 1.0) {
            restart = Math.floor(f);
            f -= restart;
        } else {
            restart = Math.floor(Math.log(1.0 - f * (1.0 - tMul)) / Math.log(tMul));
            double completedPeriods = (1.0 - Math.pow(tMul, restart)) / (1.0 - tMul);
            f = (f - completedPeriods) / Math.pow(tMul, restart);
        }
        double cosine = 0.5 * Math.pow(mMul, restart) * (1.0 + Math.cos(Math.PI * f));
        return initialLearningRate * ((1 - alpha) * cosine + alpha);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("initial_learning_rate", initialLearningRate);
        c.put("first_decay_steps", firstDecaySteps);
        c.put("t_mul", tMul);
        c.put("m_mul", mMul);
        c.put("alpha", alpha);
        c.put("name", name);
        return c;
    }

    /** The schedule described by a {@link #getConfig()} map. */
    public static CosineDecayRestarts fromConfig(Map<String, Object> config) {
        ConfigReader r = new ConfigReader("CosineDecayRestarts", config);
        return new CosineDecayRestarts(r.number("initial_learning_rate"), r.integer("first_decay_steps"))
                .setTMul(r.number("t_mul", 2.0))
                .setMMul(r.number("m_mul", 1.0))
                .setAlpha(r.number("alpha", 0.0))
                .setName(r.string("name", "SGDRDecay"));
    }
}

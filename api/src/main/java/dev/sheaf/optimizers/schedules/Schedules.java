package dev.sheaf.optimizers.schedules;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.apiguardian.api.API;

/**
 * Turns schedules into their Keras serialized form ({@code {"class_name": …, "config": {…}}}) and back, as
 * {@code keras.optimizers.schedules.serialize} / {@code deserialize}: what an optimizer's config holds under
 * {@code learning_rate} when the rate is a schedule.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Schedules {
    private static final Map<String, Function<Map<String, Object>, LearningRateSchedule>> BUILT_IN = Map.of(
            "ExponentialDecay", ExponentialDecay::fromConfig,
            "PiecewiseConstantDecay", PiecewiseConstantDecay::fromConfig,
            "PolynomialDecay", PolynomialDecay::fromConfig,
            "InverseTimeDecay", InverseTimeDecay::fromConfig,
            "CosineDecay", CosineDecay::fromConfig,
            "CosineDecayRestarts", CosineDecayRestarts::fromConfig);

    private Schedules() {
    }

    /** {@code {"class_name": <simple class name>, "config": schedule.getConfig()}}. */
    public static Map<String, Object> serialize(LearningRateSchedule schedule) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("class_name", schedule.getClass().getSimpleName());
        m.put("config", schedule.getConfig());
        return m;
    }

    /**
     * The built-in schedule a {@link #serialize} map describes.
     *
     * @throws IllegalArgumentException if the class name is not a built-in schedule, or the config is invalid
     */
    @SuppressWarnings("unchecked")
    public static LearningRateSchedule deserialize(Map<String, Object> serialized) {
        Object className = serialized == null ? null : serialized.get("class_name");
        Function<Map<String, Object>, LearningRateSchedule> factory = BUILT_IN.get(String.valueOf(className));
        if (factory == null) {
            throw new IllegalArgumentException("Unknown learning-rate schedule '" + className + "'. Known: "
                    + new java.util.TreeSet<>(BUILT_IN.keySet()));
        }
        Object config = serialized.get("config");
        if (!(config instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("Learning-rate schedule '" + className
                    + "': 'config' must be a map, got " + config);
        }
        return factory.apply((Map<String, Object>) config);
    }

    /** A finite number (a rate, a multiplier), refused with the schedule and key named otherwise. */
    static double finite(String owner, String key, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(owner + ": " + key + " must be a finite number, got " + value);
        }
        return value;
    }

    /** A finite number {@code >= 0}, or {@code > 0} when {@code strict}. */
    static double nonNegative(String owner, String key, double value, boolean strict) {
        if (!Double.isFinite(value) || value < 0 || (strict && value == 0)) {
            throw new IllegalArgumentException(owner + ": " + key + " must be a finite number " + (strict ? ">" : ">=")
                    + " 0, got " + value);
        }
        return value;
    }

    static long positiveSteps(String owner, String key, long steps) {
        if (steps <= 0) {
            throw new IllegalArgumentException(owner + ": " + key + " must be > 0, got " + steps);
        }
        return steps;
    }
}

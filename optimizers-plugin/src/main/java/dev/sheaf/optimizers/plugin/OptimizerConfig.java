package dev.sheaf.optimizers.plugin;

import dev.sheaf.optimizers.Optimizer;
import dev.sheaf.optimizers.schedules.Schedules;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads an optimizer's Keras config for a {@code fromConfig} factory: refuses unknown keys and mistyped values with a
 * message naming the optimizer and the key, and turns a serialized schedule under {@code learning_rate} into a
 * {@link dev.sheaf.optimizers.schedules.LearningRateSchedule}.
 */
final class OptimizerConfig {
    /** The entries {@link Optimizer#getConfig()} writes and {@code applyBaseConfig} reads. */
    private static final Set<String> BASE = Set.of("name", "learning_rate", "weight_decay", "clipnorm",
            "global_clipnorm", "clipvalue");
    /**
     * Keras base options Sheaf does not implement. A config written by Keras carries them, so they are accepted at
     * the values that turn them off, and refused otherwise rather than silently ignored.
     */
    private static final Map<String, Object> KERAS_OFF = Map.of("use_ema", Boolean.FALSE);
    private static final Set<String> KERAS_IGNORABLE = Set.of("ema_momentum");
    private static final Set<String> KERAS_NULL_ONLY = Set.of("ema_overwrite_frequency", "loss_scale_factor",
            "gradient_accumulation_steps");

    private final String owner;
    private final Map<String, Object> config;

    /** @param keys the optimizer's own entries, besides the base ones */
    OptimizerConfig(String owner, Map<String, Object> config, String... keys) {
        this.owner = owner;
        this.config = config == null ? Map.of() : config;
        Set<String> own = Set.of(keys);
        for (Map.Entry<String, Object> e : this.config.entrySet()) {
            String k = e.getKey();
            Object v = e.getValue();
            if (BASE.contains(k) || own.contains(k) || KERAS_IGNORABLE.contains(k)) {
                continue;
            }
            if (KERAS_OFF.containsKey(k) || KERAS_NULL_ONLY.contains(k)) {
                if (v == null || v.equals(KERAS_OFF.get(k))) {
                    continue;
                }
                throw new IllegalArgumentException(owner + ": the Keras option '" + k + "' is not supported by Sheaf "
                        + "(got " + v + "); remove it from the config");
            }
            Set<String> known = new TreeSet<>(BASE);
            known.addAll(own);
            throw new IllegalArgumentException(owner + ": unknown config entry '" + k + "'. Known entries: " + known);
        }
    }

    double number(String key, double defaultValue) {
        Object v = config.get(key);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw wrongType(key, "a number", v);
    }

    boolean bool(String key, boolean defaultValue) {
        Object v = config.get(key);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw wrongType(key, "true or false", v);
    }

    String name(String defaultValue) {
        Object v = config.get("name");
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof String s) {
            return s;
        }
        throw wrongType("name", "a string", v);
    }

    /** Sets the schedule when {@code learning_rate} is a serialized schedule (numbers are left to applyBaseConfig). */
    @SuppressWarnings("unchecked")
    void applySchedule(Optimizer optimizer) {
        Object lr = config.get("learning_rate");
        if (lr instanceof Map<?, ?> m) {
            optimizer.setLearningRate(Schedules.deserialize((Map<String, Object>) m));
        } else if (lr != null && !(lr instanceof Number)) {
            throw wrongType("learning_rate", "a number or a serialized schedule", lr);
        }
    }

    /** The config itself, for {@code applyBaseConfig}. */
    Map<String, Object> map() {
        return config;
    }

    private IllegalArgumentException wrongType(String key, String expected, Object found) {
        return new IllegalArgumentException(owner + ": config entry '" + key + "' must be " + expected + ", got "
                + found + " (" + found.getClass().getSimpleName() + ")");
    }
}

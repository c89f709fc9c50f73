package dev.sheaf.optimizers.schedules;

import java.util.Map;

/**
 * Reads the entries of a schedule's Keras config, so that every {@code fromConfig} reports a missing or mistyped entry
 * the same way: naming the schedule, the key, and what was found.
 */
final class ConfigReader {
    private final String owner;
    private final Map<String, Object> config;

    ConfigReader(String owner, Map<String, Object> config) {
        if (config == null) {
            throw new IllegalArgumentException(owner + ".fromConfig: the config is null");
        }
        this.owner = owner;
        this.config = config;
    }

    double number(String key) {
        Object v = config.get(key);
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw wrongType(key, "a number", v);
    }

    double number(String key, double defaultValue) {
        return config.get(key) == null ? defaultValue : number(key);
    }

    /** A number that may be null (Keras's {@code None}). */
    Double optionalNumber(String key) {
        return config.get(key) == null ? null : number(key);
    }

    long integer(String key) {
        double d = number(key);
        if (d != Math.rint(d) || Double.isInfinite(d)) {
            throw wrongType(key, "a whole number", config.get(key));
        }
        return (long) d;
    }

    long integer(String key, long defaultValue) {
        return config.get(key) == null ? defaultValue : integer(key);
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

    String string(String key, String defaultValue) {
        Object v = config.get(key);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof String s) {
            return s;
        }
        throw wrongType(key, "a string", v);
    }

    /** A list of numbers (a JSON array), as doubles. */
    double[] numbers(String key) {
        Object v = config.get(key);
        if (v instanceof java.util.List<?> list) {
            double[] r = new double[list.size()];
            for (int i = 0; i < r.length; i++) {
                if (!(list.get(i) instanceof Number n)) {
                    throw wrongType(key, "a list of numbers", v);
                }
                r[i] = n.doubleValue();
            }
            return r;
        }
        if (v instanceof double[] d) {
            return d.clone();
        }
        throw wrongType(key, "a list of numbers", v);
    }

    private IllegalArgumentException wrongType(String key, String expected, Object found) {
        return new IllegalArgumentException(owner + ".fromConfig: '" + key + "' must be " + expected + ", got "
                + (found == null ? "nothing" : found + " (" + found.getClass().getSimpleName() + ")"));
    }
}

package dev.sheaf.saving;

import java.util.Map;
import org.apiguardian.api.API;

/**
 * Typed reads of a Keras config map (what {@code getConfig()} writes and {@code fromConfig} reads), with defaults for
 * absent or {@code null} entries and a clear error naming the entry when a value has the wrong type. For the
 * {@code fromConfig} factories of Sheaf's own components and of plugins.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class ConfigValues {
    private ConfigValues() {
    }

    /**
     * A number.
     *
     * @throws IllegalArgumentException naming the entry if it is not a number
     */
    public static double number(Map<String, Object> config, String key, double dflt) {
        Object v = config.get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException("Config entry '" + key + "' must be a number, got " + v);
    }

    /** A number, or {@code null} when absent. */
    public static Double optionalNumber(Map<String, Object> config, String key) {
        return config.get(key) == null ? null : number(config, key, 0);
    }

    /**
     * A boolean.
     *
     * @throws IllegalArgumentException naming the entry if it is not true or false
     */
    public static boolean bool(Map<String, Object> config, String key, boolean dflt) {
        Object v = config.get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException("Config entry '" + key + "' must be true or false, got " + v);
    }

    /**
     * An integer (a whole number of any numeric type, as JSON parsers produce).
     *
     * @throws IllegalArgumentException naming the entry if it is not a whole number
     */
    public static int integer(Map<String, Object> config, String key, int dflt) {
        Object v = config.get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
                && Math.abs(n.doubleValue()) <= Integer.MAX_VALUE) {
            return n.intValue();
        }
        throw new IllegalArgumentException("Config entry '" + key + "' must be an integer, got " + v);
    }

    /** An integer, or {@code null} when absent. */
    public static Integer optionalInteger(Map<String, Object> config, String key) {
        return config.get(key) == null ? null : integer(config, key, 0);
    }

    /** A string ({@code toString()} of the value), or {@code dflt} when absent. */
    public static String string(Map<String, Object> config, String key, String dflt) {
        Object v = config.get(key);
        return v == null ? dflt : v.toString();
    }
}

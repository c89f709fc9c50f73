package dev.sheaf.metrics;

import java.util.Map;

/** Typed reads of a Keras config map, with defaults for absent or {@code null} entries. */
final class ConfigArgs {
    private ConfigArgs() {
    }

    static double dbl(Map<String, Object> c, String key, double dflt) {
        Object v = c.get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException("Config entry '" + key + "' must be a number, got " + v);
    }

    static boolean bool(Map<String, Object> c, String key, boolean dflt) {
        Object v = c.get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException("Config entry '" + key + "' must be true or false, got " + v);
    }

    static int integer(Map<String, Object> c, String key, int dflt) {
        Object v = c.get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.intValue();
        }
        throw new IllegalArgumentException("Config entry '" + key + "' must be an integer, got " + v);
    }

    static Integer optionalInteger(Map<String, Object> c, String key) {
        return c.get(key) == null ? null : integer(c, key, 0);
    }

    static String string(Map<String, Object> c, String key, String dflt) {
        Object v = c.get(key);
        return v == null ? dflt : v.toString();
    }

    static Double optionalDouble(Map<String, Object> c, String key) {
        return c.get(key) == null ? null : dbl(c, key, 0);
    }
}

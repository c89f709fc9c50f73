package dev.sheaf.layers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed, checked access to a layer config in {@code fromConfig}: numbers may arrive as any {@link Number} (a JSON
 * reader's choice), and every mistake is an {@link IllegalArgumentException} naming the layer class and the entry.
 */
final class ConfigReader {
    /** Entries every layer config may hold: the base ones, and Keras's input-shape hints that Sequential reads. */
    private static final Set<String> BASE_KEYS = Set.of("name", "trainable", "dtype", "input_shape", "input_dim",
            "batch_input_shape", "batch_shape", "batch_size");

    private final String layerClass;
    private final Map<String, Object> config;

    /**
     * @param keys the entries this layer takes besides the base ones
     * @throws IllegalArgumentException if the config is null or holds an entry the layer does not take
     */
    ConfigReader(String layerClass, Map<String, Object> config, Set<String> keys) {
        this.layerClass = layerClass;
        if (config == null) {
            throw new IllegalArgumentException(layerClass + ".fromConfig: the config is null");
        }
        for (String k : config.keySet()) {
            if (!keys.contains(k) && !BASE_KEYS.contains(k)) {
                Set<String> known = new TreeSet<>(keys);
                known.addAll(Set.of("name", "trainable", "dtype"));
                throw new IllegalArgumentException(layerClass + ".fromConfig: unexpected entry '" + k + "'; a "
                        + layerClass + " config takes " + String.join(", ", known));
            }
        }
        this.config = config;
    }

    boolean has(String key) {
        return config.get(key) != null;
    }

    Object raw(String key) {
        return config.get(key);
    }

    private IllegalArgumentException bad(String key, String expected) {
        return new IllegalArgumentException(layerClass + ".fromConfig: '" + key + "' must be " + expected + ", got "
                + config.get(key));
    }

    int requiredInt(String key) {
        if (!has(key)) {
            throw new IllegalArgumentException(layerClass + ".fromConfig: the config needs '" + key + "'");
        }
        return intValue(key, 0);
    }

    int intValue(String key, int dflt) {
        Object v = config.get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.intValue();
        }
        throw bad(key, "an integer");
    }

    double number(String key, double dflt) {
        Object v = config.get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw bad(key, "a number");
    }

    Long optionalLong(String key) {
        Object v = config.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.longValue();
        }
        throw bad(key, "an integer or null");
    }

    boolean bool(String key, boolean dflt) {
        Object v = config.get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw bad(key, "true or false");
    }

    String string(String key, String dflt) {
        Object v = config.get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof String s) {
            return s;
        }
        throw bad(key, "a string");
    }

    /** A list of integers; {@code null} entries (Keras's {@code None}) read as {@code nullAs}. */
    long[] longs(String key, long nullAs) {
        Object v = config.get(key);
        if (!(v instanceof List<?> l)) {
            throw bad(key, "a list of integers");
        }
        long[] r = new long[l.size()];
        for (int i = 0; i < r.length; i++) {
            Object e = l.get(i);
            if (e == null) {
                r[i] = nullAs;
            } else if (e instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
                r[i] = n.longValue();
            } else {
                throw bad(key, "a list of integers");
            }
        }
        return r;
    }

    /** A list of ints for a config, from a long array; {@code nullFor} entries become {@code null} (None). */
    static List<Object> toList(long[] values, long nullFor) {
        List<Object> l = new ArrayList<>();
        for (long v : values) {
            l.add(v == nullFor ? null : (Object) (int) v);
        }
        return l;
    }
}

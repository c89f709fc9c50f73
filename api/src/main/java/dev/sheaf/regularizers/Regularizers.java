package dev.sheaf.regularizers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.apiguardian.api.API;

/**
 * The built-in regularizers by Keras name, as {@code keras.regularizers.get}: {@code l1}, {@code l2}, {@code l1_l2}
 * (or the class names {@code L1}, {@code L2}, {@code L1L2}); and their Keras serialized form in layer configs,
 * {@code {"class_name": "L2", "config": {"l2": 0.01}}}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Regularizers {
    private static final Map<String, Function<Map<String, ?>, Regularizer>> BY_NAME = new LinkedHashMap<>();
    private static final Map<String, Set<String>> KEYS = new LinkedHashMap<>();
    private static final Map<Class<?>, String> CLASS_NAMES = Map.of(L1.class, "L1", L2.class, "L2", L1L2.class, "L1L2");

    static {
        register("l1", "L1", Set.of("l1"), c -> new L1(number(c, "l1", 0.01)));
        register("l2", "L2", Set.of("l2"), c -> new L2(number(c, "l2", 0.01)));
        register("l1_l2", "L1L2", Set.of("l1", "l2"), c -> new L1L2(number(c, "l1", 0.0), number(c, "l2", 0.0)));
    }

    private Regularizers() {
    }

    private static void register(String snake, String cls, Set<String> keys,
                                 Function<Map<String, ?>, Regularizer> f) {
        BY_NAME.put(snake, f);
        BY_NAME.put(cls, f);
        KEYS.put(snake, keys);
        KEYS.put(cls, keys);
    }

    /**
     * A new regularizer of this name with Keras's defaults ({@code l1}: 0.01, {@code l2}: 0.01, {@code l1_l2}: 0 and 0).
     *
     * @throws IllegalArgumentException listing the known names when {@code name} is not one of them
     */
    public static Regularizer get(String name) {
        return get(name, Map.of());
    }

    /**
     * A new regularizer of this name from its config ({@code {"l2": 0.001}}).
     *
     * @throws IllegalArgumentException on an unknown name, an unexpected entry or a bad value
     */
    public static Regularizer get(String name, Map<String, ?> config) {
        Function<Map<String, ?>, Regularizer> f = name == null ? null : BY_NAME.get(name);
        if (f == null) {
            throw new IllegalArgumentException("Unknown regularizer '" + name + "'. Known regularizers: "
                    + String.join(", ", names()) + ".");
        }
        Map<String, ?> c = config == null ? Map.of() : config;
        for (String k : c.keySet()) {
            if (!KEYS.get(name).contains(k)) {
                throw new IllegalArgumentException("Regularizer '" + name + "' does not take '" + k + "'; it takes "
                        + String.join(", ", new TreeSet<>(KEYS.get(name))));
            }
        }
        return f.apply(c);
    }

    /** Every name {@link #get(String)} accepts. */
    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }

    /**
     * The Keras serialized form of a built-in regularizer.
     *
     * @throws IllegalArgumentException for a custom regularizer, which could not be read back
     */
    public static Map<String, Object> serialize(Regularizer regularizer) {
        String cls = CLASS_NAMES.get(regularizer.getClass());
        if (cls == null) {
            throw new IllegalArgumentException("The regularizer " + regularizer + " (" + regularizer.getClass().getName()
                    + ") is not a built-in Keras regularizer, so it cannot be written to a config");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("class_name", cls);
        m.put("config", new LinkedHashMap<>(regularizer.getConfig()));
        return m;
    }

    /**
     * A regularizer from a config value: a {@link Regularizer}, a name, or {@code {"class_name", "config"}};
     * {@code null} stays {@code null}.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static Regularizer deserialize(Object value) {
        if (value == null || value instanceof Regularizer) {
            return (Regularizer) value;
        }
        if (value instanceof String s) {
            return get(s);
        }
        if (value instanceof Map<?, ?> m && m.get("class_name") instanceof String cls
                && (m.get("config") == null || m.get("config") instanceof Map)) {
            @SuppressWarnings("unchecked")
            Map<String, ?> config = (Map<String, ?>) m.get("config");
            return get(cls, config);
        }
        throw new IllegalArgumentException("Cannot read a regularizer from " + value
                + "; expected a name such as \"l2\" or {\"class_name\": ..., \"config\": {...}}");
    }

    private static double number(Map<String, ?> c, String key, double dflt) {
        Object v = c.get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException("Regularizer: '" + key + "' must be a number, got " + v);
    }
}

package dev.sheaf.constraints;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.apiguardian.api.API;

/**
 * The built-in constraints by Keras name, as {@code keras.constraints.get}: {@code max_norm}, {@code min_max_norm},
 * {@code non_neg}, {@code unit_norm} (or the class names {@code MaxNorm}, …); and their Keras serialized form in
 * layer configs, {@code {"class_name": "MaxNorm", "config": {"max_value": 2.0, "axis": 0}}}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Constraints {
    private static final Map<String, Function<Map<String, ?>, Constraint>> BY_NAME = new LinkedHashMap<>();
    private static final Map<String, Set<String>> KEYS = new LinkedHashMap<>();
    private static final Map<Class<?>, String> CLASS_NAMES = Map.of(MaxNorm.class, "MaxNorm",
            MinMaxNorm.class, "MinMaxNorm", NonNeg.class, "NonNeg", UnitNorm.class, "UnitNorm");

    static {
        register("max_norm", "MaxNorm", Set.of("max_value", "axis"),
                c -> new MaxNorm(number(c, "max_value", 2.0), NormAxes.of("MaxNorm", c.containsKey("axis")
                        ? c.get("axis") : 0)));
        register("min_max_norm", "MinMaxNorm", Set.of("min_value", "max_value", "rate", "axis"),
                c -> new MinMaxNorm(number(c, "min_value", 0.0), number(c, "max_value", 1.0), number(c, "rate", 1.0),
                        NormAxes.of("MinMaxNorm", c.containsKey("axis") ? c.get("axis") : 0)));
        register("non_neg", "NonNeg", Set.of(), c -> new NonNeg());
        register("unit_norm", "UnitNorm", Set.of("axis"),
                c -> new UnitNorm(NormAxes.of("UnitNorm", c.containsKey("axis") ? c.get("axis") : 0)));
    }

    private Constraints() {
    }

    private static void register(String snake, String cls, Set<String> keys, Function<Map<String, ?>, Constraint> f) {
        BY_NAME.put(snake, f);
        BY_NAME.put(cls, f);
        KEYS.put(snake, keys);
        KEYS.put(cls, keys);
    }

    /**
     * A new constraint of this name with Keras's defaults.
     *
     * @throws IllegalArgumentException listing the known names when {@code name} is not one of them
     */
    public static Constraint get(String name) {
        return get(name, Map.of());
    }

    /**
     * A new constraint of this name from its config ({@code {"max_value": 3, "axis": [0, 1]}}).
     *
     * @throws IllegalArgumentException on an unknown name, an unexpected entry or a bad value
     */
    public static Constraint get(String name, Map<String, ?> config) {
        Function<Map<String, ?>, Constraint> f = name == null ? null : BY_NAME.get(name);
        if (f == null) {
            throw new IllegalArgumentException("Unknown constraint '" + name + "'. Known constraints: "
                    + String.join(", ", names()) + ".");
        }
        Map<String, ?> c = config == null ? Map.of() : config;
        for (String k : c.keySet()) {
            if (!KEYS.get(name).contains(k)) {
                throw new IllegalArgumentException("Constraint '" + name + "' does not take '" + k + "'; it takes "
                        + (KEYS.get(name).isEmpty() ? "no arguments" : String.join(", ", new TreeSet<>(KEYS.get(name)))));
            }
        }
        return f.apply(c);
    }

    /** Every name {@link #get(String)} accepts. */
    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }

    /**
     * The Keras serialized form of a built-in constraint.
     *
     * @throws IllegalArgumentException for a custom constraint, which could not be read back
     */
    public static Map<String, Object> serialize(Constraint constraint) {
        String cls = CLASS_NAMES.get(constraint.getClass());
        if (cls == null) {
            throw new IllegalArgumentException("The constraint " + constraint + " (" + constraint.getClass().getName()
                    + ") is not a built-in Keras constraint, so it cannot be written to a config");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("class_name", cls);
        m.put("config", new LinkedHashMap<>(constraint.getConfig()));
        return m;
    }

    /**
     * A constraint from a config value: a {@link Constraint}, a name, or {@code {"class_name", "config"}};
     * {@code null} stays {@code null}.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static Constraint deserialize(Object value) {
        if (value == null || value instanceof Constraint) {
            return (Constraint) value;
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
        throw new IllegalArgumentException("Cannot read a constraint from " + value
                + "; expected a name such as \"max_norm\" or {\"class_name\": ..., \"config\": {...}}");
    }

    private static double number(Map<String, ?> c, String key, double dflt) {
        Object v = c.get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException("Constraint: '" + key + "' must be a number, got " + v);
    }
}

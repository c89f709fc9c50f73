package dev.sheaf.initializers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.apiguardian.api.API;

/**
 * The built-in initializers by Keras name, as {@code keras.initializers.get}: snake case ({@code glorot_uniform},
 * {@code he_normal}, {@code zeros}, …, plus Keras's aliases {@code uniform}, {@code normal}, {@code one},
 * {@code zero}) or class name ({@code GlorotUniform}). Also (de)serializes initializers in layer configs as Keras does:
 * {@code {"class_name": "GlorotUniform", "config": {"seed": null}}}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Initializers {
    private static final Map<String, Entry> BY_NAME = new LinkedHashMap<>();
    private static final Map<Class<?>, String> CLASS_NAMES = new LinkedHashMap<>();

    private record Entry(Set<String> keys, Function<Args, Initializer> factory) {
    }

    static {
        register(GlorotUniform.class, "glorot_uniform", List.of("seed"), a -> new GlorotUniform(a.seed()));
        register(GlorotNormal.class, "glorot_normal", List.of("seed"), a -> new GlorotNormal(a.seed()));
        register(HeUniform.class, "he_uniform", List.of("seed"), a -> new HeUniform(a.seed()));
        register(HeNormal.class, "he_normal", List.of("seed"), a -> new HeNormal(a.seed()));
        register(LecunUniform.class, "lecun_uniform", List.of("seed"), a -> new LecunUniform(a.seed()));
        register(LecunNormal.class, "lecun_normal", List.of("seed"), a -> new LecunNormal(a.seed()));
        register(RandomUniform.class, "random_uniform", List.of("minval", "maxval", "seed"),
                a -> new RandomUniform(a.number("minval", -0.05), a.number("maxval", 0.05), a.seed()));
        register(RandomNormal.class, "random_normal", List.of("mean", "stddev", "seed"),
                a -> new RandomNormal(a.number("mean", 0.0), a.number("stddev", 0.05), a.seed()));
        register(TruncatedNormal.class, "truncated_normal", List.of("mean", "stddev", "seed"),
                a -> new TruncatedNormal(a.number("mean", 0.0), a.number("stddev", 0.05), a.seed()));
        register(VarianceScaling.class, "variance_scaling", List.of("scale", "mode", "distribution", "seed"),
                a -> new VarianceScaling(a.number("scale", 1.0), a.string("mode", "fan_in"),
                        a.string("distribution", "truncated_normal"), a.seed()));
        register(Zeros.class, "zeros", List.of(), a -> new Zeros());
        register(Ones.class, "ones", List.of(), a -> new Ones());
        register(Constant.class, "constant", List.of("value"), a -> new Constant(a.number("value", 0.0)));
        register(Orthogonal.class, "orthogonal", List.of("gain", "seed"),
                a -> new Orthogonal(a.number("gain", 1.0), a.seed()));
        register(Identity.class, "identity", List.of("gain"), a -> new Identity(a.number("gain", 1.0)));
        // Keras 3's extra aliases.
        BY_NAME.put("uniform", BY_NAME.get("random_uniform"));
        BY_NAME.put("normal", BY_NAME.get("random_normal"));
        BY_NAME.put("one", BY_NAME.get("ones"));
        BY_NAME.put("zero", BY_NAME.get("zeros"));
        BY_NAME.put("OrthogonalInitializer", BY_NAME.get("orthogonal"));
        BY_NAME.put("IdentityInitializer", BY_NAME.get("identity"));
    }

    private Initializers() {
    }

    private static void register(Class<? extends Initializer> type, String snake, List<String> keys,
                                 Function<Args, Initializer> factory) {
        Entry e = new Entry(Set.copyOf(keys), factory);
        BY_NAME.put(snake, e);
        BY_NAME.put(type.getSimpleName(), e);
        CLASS_NAMES.put(type, type.getSimpleName());
    }

    /**
     * A new initializer of this Keras name with its defaults.
     *
     * @throws IllegalArgumentException listing the known names when {@code name} is not one of them
     */
    public static Initializer get(String name) {
        return get(name, Map.of());
    }

    /**
     * A new initializer of this Keras name built from its config ({@code {"seed": 42}}, {@code {"value": 0.5}}, …);
     * missing entries take the Keras defaults.
     *
     * @throws IllegalArgumentException on an unknown name, an entry the initializer does not take, or a value of the
     *                                  wrong type
     */
    public static Initializer get(String name, Map<String, ?> config) {
        Entry e = name == null ? null : BY_NAME.get(name);
        if (e == null) {
            throw new IllegalArgumentException("Unknown initializer '" + name + "'. Known initializers: "
                    + String.join(", ", names()) + ".");
        }
        Map<String, ?> c = config == null ? Map.of() : config;
        for (String k : c.keySet()) {
            if (!e.keys().contains(k)) {
                throw new IllegalArgumentException("Initializer '" + name + "' does not take '" + k + "'; it takes "
                        + (e.keys().isEmpty() ? "no arguments" : String.join(", ", new TreeSet<>(e.keys()))));
            }
        }
        return e.factory().apply(new Args(name, c));
    }

    /** Every name {@link #get(String)} accepts. */
    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }

    /**
     * The Keras serialized form of a built-in initializer: {@code {"class_name": "HeNormal", "config": {...}}}.
     *
     * @throws IllegalArgumentException for an initializer that is not a built-in one (it could not be read back)
     */
    public static Map<String, Object> serialize(Initializer initializer) {
        String className = CLASS_NAMES.get(initializer.getClass());
        if (className == null) {
            throw new IllegalArgumentException("The initializer " + initializer + " (" + initializer.getClass().getName()
                    + ") is not a built-in Keras initializer, so it cannot be written to a config");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("class_name", className);
        m.put("config", new LinkedHashMap<>(initializer.getConfig()));
        return m;
    }

    /**
     * An initializer from a config value: an {@link Initializer} (returned as is), a name ({@code "he_normal"}), or a
     * serialized map ({@code {"class_name": ..., "config": {...}}}); {@code null} stays {@code null}.
     *
     * @throws IllegalArgumentException for anything else or an unknown name
     */
    public static Initializer deserialize(Object value) {
        if (value == null || value instanceof Initializer) {
            return (Initializer) value;
        }
        if (value instanceof String s) {
            return get(s);
        }
        if (value instanceof Map<?, ?> m && m.get("class_name") instanceof String cls) {
            Object cfg = m.get("config");
            if (cfg != null && !(cfg instanceof Map)) {
                throw new IllegalArgumentException("Initializer '" + cls + "': its \"config\" must be a map, got " + cfg);
            }
            @SuppressWarnings("unchecked")
            Map<String, ?> config = (Map<String, ?>) cfg;
            return get(cls, config);
        }
        throw new IllegalArgumentException("Cannot read an initializer from " + value
                + "; expected a name such as \"glorot_uniform\" or {\"class_name\": ..., \"config\": {...}}");
    }

    /** Typed access to one initializer's config entries. */
    private record Args(String name, Map<String, ?> config) {
        double number(String key, double dflt) {
            Object v = config.get(key);
            if (v == null) {
                return dflt;
            }
            if (v instanceof Number n) {
                return n.doubleValue();
            }
            throw new IllegalArgumentException("Initializer '" + name + "': '" + key + "' must be a number, got " + v);
        }

        String string(String key, String dflt) {
            Object v = config.get(key);
            if (v == null) {
                return dflt;
            }
            if (v instanceof String s) {
                return s;
            }
            throw new IllegalArgumentException("Initializer '" + name + "': '" + key + "' must be a string, got " + v);
        }

        Long seed() {
            Object v = config.get("seed");
            if (v == null) {
                return null;
            }
            if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
                return n.longValue();
            }
            throw new IllegalArgumentException("Initializer '" + name + "': 'seed' must be an integer or null, got " + v);
        }
    }
}

package dev.sheaf.saving;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.apiguardian.api.API;

/**
 * The registry behind Sheaf's {@code keras.*.get}-style facades ({@code Initializers}, {@code Regularizers},
 * {@code Constraints}): Keras names and class names mapped to factories that build an object from its config map, the
 * config entries each name takes, and the Keras serialized form {@code {"class_name": ..., "config": {...}}}.
 *
 * <p>The facades keep their own public methods and wording; this class only holds what they had in common, so that
 * the lookup, the checks and the error messages are written once.
 *
 * @param <T> the kind of object built (e.g. {@code Initializer})
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class KerasObjectRegistry<T> {
    /**
     * The name and config one factory call gets, with typed reads whose errors use the registry's wording.
     *
     * @param name             the name the object was asked for by (a snake-case name, class name or alias)
     * @param config           its config entries, never {@code null}
     * @param valueErrorPrefix what a bad value's error starts with ({@code "Initializer 'he_normal': "})
     */
    public record Args(String name, Map<String, ?> config, String valueErrorPrefix) {
        /**
         * A number entry, or {@code dflt} when absent or {@code null}.
         *
         * @throws IllegalArgumentException naming the entry if it is not a number
         */
        public double number(String key, double dflt) {
            try {
                @SuppressWarnings("unchecked") // read only, so viewing the values as Object is safe
                Map<String, Object> c = (Map<String, Object>) config;
                return ConfigValues.number(c, key, dflt);
            } catch (IllegalArgumentException e) {
                // The facades' messages predate ConfigValues and say which kind of object (and which one) was being
                // read; users and tests see them, so they are kept rather than ConfigValues' generic "Config entry".
                throw new IllegalArgumentException(valueErrorPrefix + "'" + key + "' must be a number, got "
                        + config.get(key), e);
            }
        }
    }

    private record Entry<T>(Set<String> keys, Function<Args, ? extends T> factory) {
    }

    private final Map<String, Entry<T>> byName = new LinkedHashMap<>();
    private final Map<Class<?>, String> classNames = new LinkedHashMap<>();
    private final Class<T> type;
    private final String kind;
    private final String capitalizedKind;
    private final String article;
    private final String exampleName;
    private final boolean nameInValueErrors;
    private final boolean rejectNonMapConfig;
    private final Function<T, Map<String, ?>> configOf;

    /**
     * An empty registry.
     *
     * @param type               the objects' type ({@link #deserialize} returns instances of it as they are)
     * @param kind               the lower-case word for one object in messages ({@code "initializer"})
     * @param exampleName        the name {@link #deserialize}'s error suggests ({@code "glorot_uniform"})
     * @param nameInValueErrors  whether a bad config value's error names the object ({@code "Initializer 'x': "})
     *                           rather than only its kind ({@code "Regularizer: "})
     * @param rejectNonMapConfig whether {@link #deserialize} reports a non-map {@code "config"} as such, rather than
     *                           with its generic "cannot read" error
     * @param configOf           an object's config entries, for {@link #serialize}
     */
    public KerasObjectRegistry(Class<T> type, String kind, String exampleName, boolean nameInValueErrors,
                               boolean rejectNonMapConfig, Function<T, Map<String, ?>> configOf) {
        this.type = type;
        this.kind = kind;
        this.capitalizedKind = Character.toUpperCase(kind.charAt(0)) + kind.substring(1);
        this.article = "aeiou".indexOf(kind.charAt(0)) >= 0 ? "an" : "a";
        this.exampleName = exampleName;
        this.nameInValueErrors = nameInValueErrors;
        this.rejectNonMapConfig = rejectNonMapConfig;
        this.configOf = configOf;
    }

    /**
     * Registers a built-in under its snake-case name and its class's simple name (the Keras class name, which
     * {@link #serialize} writes).
     *
     * @param keys the config entries it takes
     */
    public void register(Class<? extends T> cls, String snakeName, Set<String> keys,
                         Function<Args, ? extends T> factory) {
        Entry<T> e = new Entry<>(Set.copyOf(keys), factory);
        byName.put(snakeName, e);
        byName.put(cls.getSimpleName(), e);
        classNames.put(cls, cls.getSimpleName());
    }

    /** Makes {@code alias} resolve to what the already registered {@code name} does. */
    public void alias(String alias, String name) {
        byName.put(alias, byName.get(name));
    }

    /**
     * A new object of this name built from its config; a {@code null} config is empty.
     *
     * @throws IllegalArgumentException on an unknown name (listing the known ones), an entry the object does not take
     *                                  (listing those it takes), or a bad value
     */
    public T get(String name, Map<String, ?> config) {
        Entry<T> e = name == null ? null : byName.get(name);
        if (e == null) {
            throw new IllegalArgumentException("Unknown " + kind + " '" + name + "'. Known " + kind + "s: "
                    + String.join(", ", names()) + ".");
        }
        Map<String, ?> c = config == null ? Map.of() : config;
        for (String k : c.keySet()) {
            if (!e.keys().contains(k)) {
                throw new IllegalArgumentException(capitalizedKind + " '" + name + "' does not take '" + k
                        + "'; it takes "
                        + (e.keys().isEmpty() ? "no arguments" : String.join(", ", new TreeSet<>(e.keys()))));
            }
        }
        String prefix = nameInValueErrors ? capitalizedKind + " '" + name + "': " : capitalizedKind + ": ";
        return e.factory().apply(new Args(name, c, prefix));
    }

    /** Every registered name and alias, in registration order. */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /**
     * The Keras serialized form {@code {"class_name": ..., "config": {...}}} of a registered built-in.
     *
     * @throws IllegalArgumentException for any other object, which could not be read back
     */
    public Map<String, Object> serialize(T object) {
        String className = classNames.get(object.getClass());
        if (className == null) {
            throw new IllegalArgumentException("The " + kind + " " + object + " (" + object.getClass().getName()
                    + ") is not a built-in Keras " + kind + ", so it cannot be written to a config");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("class_name", className);
        m.put("config", new LinkedHashMap<>(configOf.apply(object)));
        return m;
    }

    /**
     * An object from a config value: an instance of the type (returned as is), a name, or a serialized map
     * {@code {"class_name": ..., "config": {...}}}; {@code null} stays {@code null}.
     *
     * @throws IllegalArgumentException for anything else or an unknown name
     */
    public T deserialize(Object value) {
        if (value == null || type.isInstance(value)) {
            return type.cast(value);
        }
        if (value instanceof String s) {
            return get(s, Map.of());
        }
        if (value instanceof Map<?, ?> m && m.get("class_name") instanceof String cls) {
            Object cfg = m.get("config");
            if (cfg == null || cfg instanceof Map) {
                @SuppressWarnings("unchecked")
                Map<String, ?> config = (Map<String, ?>) cfg;
                return get(cls, config);
            }
            if (rejectNonMapConfig) {
                throw new IllegalArgumentException(capitalizedKind + " '" + cls
                        + "': its \"config\" must be a map, got " + cfg);
            }
        }
        throw new IllegalArgumentException("Cannot read " + article + " " + kind + " from " + value
                + "; expected a name such as \"" + exampleName + "\" or {\"class_name\": ..., \"config\": {...}}");
    }
}

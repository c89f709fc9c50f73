package dev.sheaf.initializers;

import dev.sheaf.saving.KerasObjectRegistry;
import dev.sheaf.saving.KerasObjectRegistry.Args;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    private static final KerasObjectRegistry<Initializer> REGISTRY = new KerasObjectRegistry<>(Initializer.class,
            "initializer", "glorot_uniform", true, true, Initializer::getConfig);

    static {
        register(GlorotUniform.class, "glorot_uniform", Set.of("seed"), a -> new GlorotUniform(seed(a)));
        register(GlorotNormal.class, "glorot_normal", Set.of("seed"), a -> new GlorotNormal(seed(a)));
        register(HeUniform.class, "he_uniform", Set.of("seed"), a -> new HeUniform(seed(a)));
        register(HeNormal.class, "he_normal", Set.of("seed"), a -> new HeNormal(seed(a)));
        register(LecunUniform.class, "lecun_uniform", Set.of("seed"), a -> new LecunUniform(seed(a)));
        register(LecunNormal.class, "lecun_normal", Set.of("seed"), a -> new LecunNormal(seed(a)));
        register(RandomUniform.class, "random_uniform", Set.of("minval", "maxval", "seed"),
                a -> new RandomUniform(a.number("minval", -0.05), a.number("maxval", 0.05), seed(a)));
        register(RandomNormal.class, "random_normal", Set.of("mean", "stddev", "seed"),
                a -> new RandomNormal(a.number("mean", 0.0), a.number("stddev", 0.05), seed(a)));
        register(TruncatedNormal.class, "truncated_normal", Set.of("mean", "stddev", "seed"),
                a -> new TruncatedNormal(a.number("mean", 0.0), a.number("stddev", 0.05), seed(a)));
        register(VarianceScaling.class, "variance_scaling", Set.of("scale", "mode", "distribution", "seed"),
                a -> new VarianceScaling(a.number("scale", 1.0), string(a, "mode", "fan_in"),
                        string(a, "distribution", "truncated_normal"), seed(a)));
        register(Zeros.class, "zeros", Set.of(), a -> new Zeros());
        register(Ones.class, "ones", Set.of(), a -> new Ones());
        register(Constant.class, "constant", Set.of("value"), a -> new Constant(a.number("value", 0.0)));
        register(Orthogonal.class, "orthogonal", Set.of("gain", "seed"),
                a -> new Orthogonal(a.number("gain", 1.0), seed(a)));
        register(Identity.class, "identity", Set.of("gain"), a -> new Identity(a.number("gain", 1.0)));
        // Keras 3's extra aliases.
        REGISTRY.alias("uniform", "random_uniform");
        REGISTRY.alias("normal", "random_normal");
        REGISTRY.alias("one", "ones");
        REGISTRY.alias("zero", "zeros");
        REGISTRY.alias("OrthogonalInitializer", "orthogonal");
        REGISTRY.alias("IdentityInitializer", "identity");
    }

    private Initializers() {
    }

    private static void register(Class<? extends Initializer> type, String snake, Set<String> keys,
                                 Function<Args, Initializer> factory) {
        REGISTRY.register(type, snake, keys, factory);
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
        return REGISTRY.get(name, config);
    }

    /** Every name {@link #get(String)} accepts. */
    public static List<String> names() {
        return REGISTRY.names();
    }

    /**
     * The Keras serialized form of a built-in initializer: {@code {"class_name": "HeNormal", "config": {...}}}.
     *
     * @throws IllegalArgumentException for an initializer that is not a built-in one (it could not be read back)
     */
    public static Map<String, Object> serialize(Initializer initializer) {
        return REGISTRY.serialize(initializer);
    }

    /**
     * An initializer from a config value: an {@link Initializer} (returned as is), a name ({@code "he_normal"}), or a
     * serialized map ({@code {"class_name": ..., "config": {...}}}); {@code null} stays {@code null}.
     *
     * @throws IllegalArgumentException for anything else or an unknown name
     */
    public static Initializer deserialize(Object value) {
        return REGISTRY.deserialize(value);
    }

    // Strings and seeds are read only by initializers, and more strictly than ConfigValues does (a string must be a
    // String, a seed may exceed int range), so these readers stay here.
    private static String string(Args a, String key, String dflt) {
        Object v = a.config().get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException("Initializer '" + a.name() + "': '" + key + "' must be a string, got " + v);
    }

    private static Long seed(Args a) {
        Object v = a.config().get("seed");
        if (v == null) {
            return null;
        }
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.longValue();
        }
        throw new IllegalArgumentException("Initializer '" + a.name() + "': 'seed' must be an integer or null, got " + v);
    }
}

package dev.sheaf.regularizers;

import dev.sheaf.saving.KerasObjectRegistry;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * The built-in regularizers by Keras name, as {@code keras.regularizers.get}: {@code l1}, {@code l2}, {@code l1_l2}
 * (or the class names {@code L1}, {@code L2}, {@code L1L2}); and their Keras serialized form in layer configs,
 * {@code {"class_name": "L2", "config": {"l2": 0.01}}}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Regularizers {
    private static final KerasObjectRegistry<Regularizer> REGISTRY = new KerasObjectRegistry<>(Regularizer.class,
            "regularizer", "l2", false, false, Regularizer::getConfig);

    static {
        REGISTRY.register(L1.class, "l1", Set.of("l1"), a -> new L1(a.number("l1", 0.01)));
        REGISTRY.register(L2.class, "l2", Set.of("l2"), a -> new L2(a.number("l2", 0.01)));
        REGISTRY.register(L1L2.class, "l1_l2", Set.of("l1", "l2"),
                a -> new L1L2(a.number("l1", 0.0), a.number("l2", 0.0)));
    }

    private Regularizers() {
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
        return REGISTRY.get(name, config);
    }

    /** Every name {@link #get(String)} accepts. */
    public static List<String> names() {
        return REGISTRY.names();
    }

    /**
     * The Keras serialized form of a built-in regularizer.
     *
     * @throws IllegalArgumentException for a custom regularizer, which could not be read back
     */
    public static Map<String, Object> serialize(Regularizer regularizer) {
        return REGISTRY.serialize(regularizer);
    }

    /**
     * A regularizer from a config value: a {@link Regularizer}, a name, or {@code {"class_name", "config"}};
     * {@code null} stays {@code null}.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static Regularizer deserialize(Object value) {
        return REGISTRY.deserialize(value);
    }
}

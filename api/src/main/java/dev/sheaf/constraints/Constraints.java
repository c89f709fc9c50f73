package dev.sheaf.constraints;

import dev.sheaf.saving.KerasObjectRegistry;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * The built-in constraints by Keras name, as {@code keras.constraints.get}: {@code max_norm}, {@code min_max_norm},
 * {@code non_neg}, {@code unit_norm} (or the class names {@code MaxNorm}, …); and their Keras serialized form in
 * layer configs, {@code {"class_name": "MaxNorm", "config": {"max_value": 2.0, "axis": 0}}}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Constraints {
    private static final KerasObjectRegistry<Constraint> REGISTRY = new KerasObjectRegistry<>(Constraint.class,
            "constraint", "max_norm", false, false, Constraint::getConfig);

    static {
        REGISTRY.register(MaxNorm.class, "max_norm", Set.of("max_value", "axis"),
                a -> new MaxNorm(a.number("max_value", 2.0), axes("MaxNorm", a)));
        REGISTRY.register(MinMaxNorm.class, "min_max_norm", Set.of("min_value", "max_value", "rate", "axis"),
                a -> new MinMaxNorm(a.number("min_value", 0.0), a.number("max_value", 1.0), a.number("rate", 1.0),
                        axes("MinMaxNorm", a)));
        REGISTRY.register(NonNeg.class, "non_neg", Set.of(), a -> new NonNeg());
        REGISTRY.register(UnitNorm.class, "unit_norm", Set.of("axis"), a -> new UnitNorm(axes("UnitNorm", a)));
    }

    private Constraints() {
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
        return REGISTRY.get(name, config);
    }

    /** Every name {@link #get(String)} accepts. */
    public static List<String> names() {
        return REGISTRY.names();
    }

    /**
     * The Keras serialized form of a built-in constraint.
     *
     * @throws IllegalArgumentException for a custom constraint, which could not be read back
     */
    public static Map<String, Object> serialize(Constraint constraint) {
        return REGISTRY.serialize(constraint);
    }

    /**
     * A constraint from a config value: a {@link Constraint}, a name, or {@code {"class_name", "config"}};
     * {@code null} stays {@code null}.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static Constraint deserialize(Object value) {
        return REGISTRY.deserialize(value);
    }

    /**
     * The {@code axis} entry's axes, 0 when absent as in Keras; a present {@code null} goes to NormAxes, which rejects
     * it with the constraint's name.
     */
    private static NormAxes axes(String cls, KerasObjectRegistry.Args a) {
        return NormAxes.of(cls, a.config().containsKey("axis") ? a.config().get("axis") : 0);
    }
}

package dev.sheaf.models;

import dev.sheaf.losses.Loss;
import dev.sheaf.metrics.Metric;
import dev.sheaf.optimizers.Optimizer;
import dev.sheaf.spi.ComponentProvider;
import dev.sheaf.spi.LossProvider;
import dev.sheaf.spi.MetricProvider;
import dev.sheaf.spi.OptimizerProvider;
import dev.sheaf.spi.Registry;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns the names given to {@code compile} into components through the {@link Registry}, accepting Keras's spellings
 * ({@code "adam"}, {@code "Adam"}, {@code "RMSprop"}, {@code "MeanSquaredError"}) and explaining what is missing.
 */
final class ComponentResolver {
    /** Keras optimizers that ship in the optimizers plugin rather than in the core. */
    static final Set<String> PLUGIN_OPTIMIZERS =
            Set.of("adam", "rmsprop", "adamw", "adagrad", "adadelta", "nadam", "adamax", "lion", "ftrl");

    private ComponentResolver() {
    }

    /**
     * An optimizer from a name (with Keras's defaults) or an {@link Optimizer}.
     *
     * @throws IllegalArgumentException for another type or an unknown name, listing the available optimizers and,
     *                                  for a Keras optimizer that is missing, saying that the plugin is absent
     */
    static Optimizer optimizer(Object spec) {
        if (spec instanceof Optimizer o) {
            return o;
        }
        if (!(spec instanceof String name)) {
            throw new IllegalArgumentException("compile: the optimizer must be a name such as \"sgd\" or an Optimizer, "
                    + "got " + describe(spec));
        }
        try {
            return factory(OptimizerProvider.class, "optimizers", name).apply(Map.of());
        } catch (UnknownName e) {
            List<String> known = Registry.global().componentNames(OptimizerProvider.class);
            if (PLUGIN_OPTIMIZERS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                throw new IllegalArgumentException("compile: the optimizer '" + name + "' comes from the optimizers "
                        + "plugin (sheaf-optimizers-plugin), which is not on the class path. Add the dependency "
                        + "dev.sheaf:sheaf-optimizers-plugin, or use one of the available optimizers: "
                        + (known.isEmpty() ? "none" : String.join(", ", known)) + ".", e.getCause());
            }
            throw new IllegalArgumentException("compile: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** The factory of the loss with this name. */
    static Function<Map<String, Object>, Loss> lossFactory(String name) {
        try {
            return factory(LossProvider.class, "losses", name);
        } catch (UnknownName e) {
            throw new IllegalArgumentException("compile: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** The factory of the metric with this name. */
    static Function<Map<String, Object>, Metric> metricFactory(String name) {
        try {
            return factory(MetricProvider.class, "metrics", name);
        } catch (UnknownName e) {
            throw new IllegalArgumentException("compile: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private static <T, P extends ComponentProvider<T>> Function<Map<String, Object>, T> factory(
            Class<P> type, String kind, String name) {
        Registry r = Registry.global();
        List<String> known = r.componentNames(type);
        for (String candidate : List.of(name, name.toLowerCase(java.util.Locale.ROOT), snakeCase(name))) {
            if (known.contains(candidate)) {
                return r.component(type, kind, candidate);
            }
        }
        try {
            return r.component(type, kind, name);
        } catch (IllegalArgumentException e) {
            throw new UnknownName(e);
        }
    }

    private static String snakeCase(String s) {
        return s.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replaceAll("([A-Z]+)([A-Z][a-z])", "$1_$2")
                .toLowerCase(java.util.Locale.ROOT);
    }

    static String describe(Object o) {
        return o == null ? "null" : o.getClass().getSimpleName() + " " + o;
    }

    /** The registry's "unknown name" error, carried so that callers can add context. */
    private static final class UnknownName extends RuntimeException {
        UnknownName(IllegalArgumentException cause) {
            super(cause);
        }
    }
}

package dev.sheaf.metrics;

import dev.sheaf.losses.Losses;
import dev.sheaf.spi.MetricProvider;
import dev.sheaf.spi.Registry;
import dev.sheaf.tensor.Shape;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * Looks metrics up by Keras name, as {@code keras.metrics.get}: {@code "auc"}, {@code "mse"}, any name a
 * {@link MetricProvider} plugin contributes, or a loss name (its mean per-sample value, as Keras allows).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Metrics {
    private Metrics() {
    }

    /**
     * A new metric called {@code name}, shown under that name (so {@code "mse"} logs as "mse", as in Keras).
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static Metric get(String name) {
        return get(name, Map.of());
    }

    /**
     * A new metric called {@code name}, configured from a Keras config map; its display name is the config's
     * {@code "name"} if present, else {@code name}.
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static Metric get(String name, Map<String, Object> config) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("A metric name is needed; known metrics: " + String.join(", ", names()));
        }
        Map<String, Object> c = new HashMap<>(config);
        c.putIfAbsent("name", name);
        try {
            return Registry.global().component(MetricProvider.class, "metrics", name).apply(c);
        } catch (IllegalArgumentException unknownMetric) {
            if (!Losses.names().contains(name)) {
                throw unknownMetric;
            }
            Map<String, Object> lossConfig = new HashMap<>(config);
            lossConfig.remove("name");
            return MeanMetricWrapper.of(Losses.get(name, lossConfig), c.get("name").toString());
        }
    }

    /** Every registered metric name, sorted (loss names are accepted too). */
    public static List<String> names() {
        return Registry.global().componentNames(MetricProvider.class);
    }

    /**
     * Keras's choice for the metric {@code "accuracy"} (or {@code "acc"}) in {@code compile}:
     * {@code "binary_accuracy"} when the loss is binary crossentropy or y_pred's last dimension is 1;
     * {@code "sparse_categorical_accuracy"} when y_true has fewer dimensions than y_pred, or a last dimension of 1
     * against a larger one; else {@code "categorical_accuracy"}.
     *
     * @param lossName the compiled loss's name, or {@code null}
     * @return the Keras name of the accuracy metric to use
     */
    public static String resolveAccuracy(String lossName, Shape yTrue, Shape yPred) {
        if (isBinaryCrossentropy(lossName) || Losses.isBinary(yPred)) {
            return "binary_accuracy";
        }
        return Losses.isSparseCategorical(yTrue, yPred) ? "sparse_categorical_accuracy" : "categorical_accuracy";
    }

    /**
     * The metric for {@code identifier}, resolving {@code "accuracy"} and {@code "acc"} with
     * {@link #resolveAccuracy}; the metric keeps {@code identifier} as its display name, as Keras does.
     */
    public static Metric forCompile(String identifier, String lossName, Shape yTrue, Shape yPred) {
        String lower = identifier.toLowerCase(Locale.ROOT);
        if (lower.equals("accuracy") || lower.equals("acc")) {
            return get(resolveAccuracy(lossName, yTrue, yPred), Map.of("name", identifier));
        }
        return get(identifier);
    }

    private static boolean isBinaryCrossentropy(String lossName) {
        return lossName != null
                && lossName.replace("_", "").toLowerCase(Locale.ROOT).equals("binarycrossentropy");
    }
}

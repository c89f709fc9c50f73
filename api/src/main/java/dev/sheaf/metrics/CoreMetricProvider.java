package dev.sheaf.metrics;

import com.google.auto.service.AutoService;
import dev.sheaf.spi.MetricProvider;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.apiguardian.api.API;
import org.osgi.service.component.annotations.Component;

/**
 * Registers the built-in metrics under their Keras names and aliases. Each factory reads the config's {@code "name"}
 * (which {@link Metrics#get} sets to the name asked for) and the metric's own arguments.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
@AutoService(MetricProvider.class)
@Component(service = MetricProvider.class)
public final class CoreMetricProvider implements MetricProvider {
    private static final Map<String, Function<Map<String, Object>, Metric>> COMPONENTS = build();

    /** Needed by ServiceLoader and OSGi; does no work. */
    public CoreMetricProvider() {
    }

    private static Map<String, Function<Map<String, Object>, Metric>> build() {
        Map<String, Function<Map<String, Object>, Metric>> m = new LinkedHashMap<>();
        put(m, Accuracy::fromConfig, "accuracy");
        put(m, BinaryAccuracy::fromConfig, "binary_accuracy");
        put(m, CategoricalAccuracy::fromConfig, "categorical_accuracy");
        put(m, SparseCategoricalAccuracy::fromConfig, "sparse_categorical_accuracy");
        put(m, TopKCategoricalAccuracy::fromConfig, "top_k_categorical_accuracy");
        put(m, SparseTopKCategoricalAccuracy::fromConfig, "sparse_top_k_categorical_accuracy");
        put(m, Precision::fromConfig, "precision");
        put(m, Recall::fromConfig, "recall");
        put(m, AUC::fromConfig, "auc");
        put(m, F1Score::fromConfig, "f1_score");
        put(m, FBetaScore::fromConfig, "fbeta_score");
        put(m, MeanSquaredError::fromConfig, "mean_squared_error", "mse");
        put(m, MeanAbsoluteError::fromConfig, "mean_absolute_error", "mae");
        put(m, RootMeanSquaredError::fromConfig, "root_mean_squared_error", "rmse");
        put(m, Mean::fromConfig, "mean");
        return Map.copyOf(m);
    }

    private static void put(Map<String, Function<Map<String, Object>, Metric>> m,
                            Function<Map<String, Object>, ? extends Metric> factory, String... names) {
        for (String n : names) {
            m.put(n, factory::apply);
        }
    }

    @Override
    public String pluginName() {
        return "sheaf-api (core metrics)";
    }

    @Override
    public Map<String, Function<Map<String, Object>, Metric>> components() {
        return COMPONENTS;
    }
}

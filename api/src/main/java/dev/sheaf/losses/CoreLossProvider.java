package dev.sheaf.losses;

import com.google.auto.service.AutoService;
import dev.sheaf.spi.LossProvider;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.apiguardian.api.API;
import org.osgi.service.component.annotations.Component;

/** Registers the built-in losses under their Keras names and aliases ({@code "mse"}, {@code "kld"}…). */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
@AutoService(LossProvider.class)
@Component(service = LossProvider.class)
public final class CoreLossProvider implements LossProvider {
    private static final Map<String, Function<Map<String, Object>, Loss>> COMPONENTS = build();

    /** Needed by ServiceLoader and OSGi; does no work. */
    public CoreLossProvider() {
    }

    private static Map<String, Function<Map<String, Object>, Loss>> build() {
        Map<String, Function<Map<String, Object>, Loss>> m = new LinkedHashMap<>();
        put(m, MeanSquaredError::fromConfig, "mean_squared_error", "mse");
        put(m, MeanAbsoluteError::fromConfig, "mean_absolute_error", "mae");
        put(m, MeanAbsolutePercentageError::fromConfig, "mean_absolute_percentage_error", "mape");
        put(m, MeanSquaredLogarithmicError::fromConfig, "mean_squared_logarithmic_error", "msle");
        put(m, BinaryCrossentropy::fromConfig, "binary_crossentropy");
        put(m, CategoricalCrossentropy::fromConfig, "categorical_crossentropy");
        put(m, SparseCategoricalCrossentropy::fromConfig, "sparse_categorical_crossentropy");
        put(m, Huber::fromConfig, "huber", "huber_loss");
        put(m, LogCosh::fromConfig, "log_cosh", "logcosh");
        put(m, KLDivergence::fromConfig, "kl_divergence", "kld", "kullback_leibler_divergence");
        put(m, Poisson::fromConfig, "poisson");
        put(m, Hinge::fromConfig, "hinge");
        put(m, SquaredHinge::fromConfig, "squared_hinge");
        put(m, CategoricalHinge::fromConfig, "categorical_hinge");
        put(m, CosineSimilarity::fromConfig, "cosine_similarity");
        return Map.copyOf(m);
    }

    private static void put(Map<String, Function<Map<String, Object>, Loss>> m,
                            Function<Map<String, Object>, ? extends Loss> factory, String... names) {
        for (String n : names) {
            m.put(n, factory::apply);
        }
    }

    @Override
    public String pluginName() {
        return "sheaf-api (core losses)";
    }

    @Override
    public Map<String, Function<Map<String, Object>, Loss>> components() {
        return COMPONENTS;
    }
}

package dev.sheaf.spi;

import dev.sheaf.metrics.Metric;
import org.apiguardian.api.API;

/**
 * Contributes metrics that users ask for by Keras name. A plugin registers its implementation with
 * {@code @AutoService(MetricProvider.class)} and {@code @Component(service = MetricProvider.class)}; names then resolve
 * through {@link Registry#component}. Two providers claiming one name is an error.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface MetricProvider extends ComponentProvider<Metric> {
}

package dev.sheaf.spi;

import dev.sheaf.optimizers.Optimizer;
import org.apiguardian.api.API;

/**
 * Contributes optimizers that users ask for by Keras name. A plugin registers its implementation with
 * {@code @AutoService(OptimizerProvider.class)} and {@code @Component(service = OptimizerProvider.class)}; names then resolve
 * through {@link Registry#component}. Two providers claiming one name is an error.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface OptimizerProvider extends ComponentProvider<Optimizer> {
}

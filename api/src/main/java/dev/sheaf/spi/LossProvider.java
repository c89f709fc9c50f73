package dev.sheaf.spi;

import dev.sheaf.losses.Loss;
import org.apiguardian.api.API;

/**
 * Contributes losses that users ask for by Keras name. A plugin registers its implementation with
 * {@code @AutoService(LossProvider.class)} and {@code @Component(service = LossProvider.class)}; names then resolve
 * through {@link Registry#component}. Two providers claiming one name is an error.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface LossProvider extends ComponentProvider<Loss> {
}

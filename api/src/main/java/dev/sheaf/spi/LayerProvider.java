package dev.sheaf.spi;

import dev.sheaf.layers.Layer;
import org.apiguardian.api.API;

/**
 * Contributes layers that users ask for by Keras name. A plugin registers its implementation with
 * {@code @AutoService(LayerProvider.class)} and {@code @Component(service = LayerProvider.class)}; names then resolve
 * through {@link Registry#component}. Two providers claiming one name is an error.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface LayerProvider extends ComponentProvider<Layer> {
}

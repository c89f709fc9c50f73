package dev.sheaf.spi;

import dev.sheaf.callbacks.Callback;
import org.apiguardian.api.API;

/**
 * Contributes callbacks that users ask for by Keras name. A plugin registers its implementation with
 * {@code @AutoService(CallbackProvider.class)} and {@code @Component(service = CallbackProvider.class)}; names then resolve
 * through {@link Registry#component}. Two providers claiming one name is an error.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface CallbackProvider extends ComponentProvider<Callback> {
}

package dev.sheaf.spi;

import java.util.Map;
import java.util.function.Function;
import org.apiguardian.api.API;

/**
 * Contributes named components of one kind (layers, optimizers, losses, metrics, callbacks) that users ask for by
 * their Keras name, such as {@code "adam"}. Each kind has its own sub-interface ({@code OptimizerProvider}, …), which
 * is what the provider class registers as a service.
 *
 * @param <T> the kind of component
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface ComponentProvider<T> {

    /** Who contributes these components, for messages and {@code sheaf info}; by default the class name. */
    default String pluginName() {
        return getClass().getName();
    }

    /**
     * The components by Keras name (lower snake case), each with a factory taking the component's config (an empty
     * map for the defaults).
     */
    Map<String, Function<Map<String, Object>, T>> components();
}

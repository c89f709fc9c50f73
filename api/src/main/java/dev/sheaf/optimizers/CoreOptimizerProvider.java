package dev.sheaf.optimizers;

import com.google.auto.service.AutoService;
import dev.sheaf.spi.OptimizerProvider;
import java.util.Map;
import java.util.function.Function;
import org.apiguardian.api.API;
import org.osgi.service.component.annotations.Component;

/**
 * Registers the built-in optimizer {@code "sgd"}. Names are lower case; since Keras accepts {@code "SGD"} too, callers
 * lower-case the name before the lookup.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
@AutoService(OptimizerProvider.class)
@Component(service = OptimizerProvider.class)
public final class CoreOptimizerProvider implements OptimizerProvider {
    private static final Map<String, Function<Map<String, Object>, Optimizer>> COMPONENTS =
            Map.of("sgd", SGD::fromConfig);

    /** Needed by ServiceLoader and OSGi; does no work. */
    public CoreOptimizerProvider() {
    }

    @Override
    public String pluginName() {
        return "sheaf-api (core optimizers)";
    }

    @Override
    public Map<String, Function<Map<String, Object>, Optimizer>> components() {
        return COMPONENTS;
    }
}

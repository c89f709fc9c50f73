package dev.sheaf.layers;

import com.google.auto.service.AutoService;
import dev.sheaf.spi.LayerProvider;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.apiguardian.api.API;
import org.osgi.service.component.annotations.Component;

/**
 * Registers the core layers under their Keras {@code class_name} ({@code "Dense"}, {@code "Dropout"}, …), so that a
 * model config naming them can be rebuilt through {@code Registry.component(LayerProvider.class, "layers", name)}.
 * {@code "Lambda"} is registered so that its config fails with an explanation rather than "unknown layer".
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
@AutoService(LayerProvider.class)
@Component(service = LayerProvider.class)
public final class CoreLayerProvider implements LayerProvider {

    /** Needed by ServiceLoader and OSGi; does no work. */
    public CoreLayerProvider() {
    }

    @Override
    public String pluginName() {
        return "sheaf core layers";
    }

    @Override
    public Map<String, Function<Map<String, Object>, Layer>> components() {
        Map<String, Function<Map<String, Object>, Layer>> m = new LinkedHashMap<>();
        m.put("Dense", Dense::fromConfig);
        m.put("Activation", ActivationLayer::fromConfig);
        m.put("Dropout", Dropout::fromConfig);
        m.put("Flatten", Flatten::fromConfig);
        m.put("Reshape", Reshape::fromConfig);
        m.put("Permute", Permute::fromConfig);
        m.put("RepeatVector", RepeatVector::fromConfig);
        m.put("Lambda", Lambda::fromConfig);
        m.put("Add", Add::fromConfig);
        m.put("Subtract", Subtract::fromConfig);
        m.put("Multiply", Multiply::fromConfig);
        m.put("Average", Average::fromConfig);
        m.put("Maximum", Maximum::fromConfig);
        m.put("Minimum", Minimum::fromConfig);
        m.put("Concatenate", Concatenate::fromConfig);
        m.put("Dot", Dot::fromConfig);
        return m;
    }
}

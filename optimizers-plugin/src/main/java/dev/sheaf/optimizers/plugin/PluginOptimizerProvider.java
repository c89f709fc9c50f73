package dev.sheaf.optimizers.plugin;

import com.google.auto.service.AutoService;
import dev.sheaf.optimizers.Optimizer;
import dev.sheaf.spi.OptimizerProvider;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.apiguardian.api.API;
import org.osgi.service.component.annotations.Component;

/**
 * Registers this plugin's optimizers under their Keras names — {@code "adam"}, {@code "adamw"}, {@code "rmsprop"},
 * {@code "adagrad"}, {@code "adadelta"}, {@code "nadam"}, {@code "adamax"}, {@code "lion"}, {@code "ftrl"} — each
 * factory taking the optimizer's Keras config (an empty map for the defaults). Found by {@code ServiceLoader} on a
 * class path and as a Declarative Services component in OSGi.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
@AutoService(OptimizerProvider.class)
@Component(service = OptimizerProvider.class)
public final class PluginOptimizerProvider implements OptimizerProvider {

    @Override
    public String pluginName() {
        return "sheaf-optimizers-plugin";
    }

    @Override
    public Map<String, Function<Map<String, Object>, Optimizer>> components() {
        Map<String, Function<Map<String, Object>, Optimizer>> m = new LinkedHashMap<>();
        m.put("adam", Adam::fromConfig);
        m.put("adamw", AdamW::fromConfig);
        m.put("rmsprop", RMSprop::fromConfig);
        m.put("adagrad", Adagrad::fromConfig);
        m.put("adadelta", Adadelta::fromConfig);
        m.put("nadam", Nadam::fromConfig);
        m.put("adamax", Adamax::fromConfig);
        m.put("lion", Lion::fromConfig);
        m.put("ftrl", Ftrl::fromConfig);
        return m;
    }
}

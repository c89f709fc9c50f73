package dev.sheaf.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sheaf.spi.LayerProvider;
import dev.sheaf.spi.Registry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CoreLayerProviderTest {

    @Test
    void everyCoreLayerResolvesByItsKerasClassName() {
        List<String> names = Registry.global().componentNames(LayerProvider.class);
        for (String n : List.of("Dense", "Activation", "Dropout", "Flatten", "Reshape", "Permute", "RepeatVector",
                "Lambda", "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "Concatenate", "Dot")) {
            assertTrue(names.contains(n), n + " is not registered; found " + names);
        }
    }

    @Test
    void buildsFromKerasStyleConfigs() {
        Layer d = Registry.global().component(LayerProvider.class, "layers", "Dense")
                .apply(Map.of("name", "out", "units", 10, "activation", "softmax",
                        "kernel_initializer", Map.of("class_name", "HeNormal", "config", Map.of("seed", 1))));
        Dense dense = assertInstanceOf(Dense.class, d);
        assertEquals("out", dense.name());
        assertEquals(10, dense.units());
        assertEquals("softmax", dense.getConfig().get("activation"));
        Layer dot = Registry.global().component(LayerProvider.class, "layers", "Dot")
                .apply(Map.of("axes", List.of(1, 2), "normalize", true));
        assertEquals(List.of(1, 2), dot.getConfig().get("axes"));
    }
}

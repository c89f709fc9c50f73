package dev.sheaf.optimizers.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sheaf.optimizers.Optimizer;
import dev.sheaf.optimizers.schedules.CosineDecay;
import dev.sheaf.optimizers.schedules.Schedules;
import dev.sheaf.spi.OptimizerProvider;
import dev.sheaf.spi.Registry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PluginOptimizerProviderTest {

    private static Function<Map<String, Object>, Optimizer> resolve(String name) {
        return Registry.global().component(OptimizerProvider.class, "optimizers", name);
    }

    static List<Arguments> names() {
        return List.of(
                Arguments.of("adam", Adam.class),
                Arguments.of("adamw", AdamW.class),
                Arguments.of("rmsprop", RMSprop.class),
                Arguments.of("adagrad", Adagrad.class),
                Arguments.of("adadelta", Adadelta.class),
                Arguments.of("nadam", Nadam.class),
                Arguments.of("adamax", Adamax.class),
                Arguments.of("lion", Lion.class),
                Arguments.of("ftrl", Ftrl.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void resolvesKerasNameThroughTheGlobalRegistry(String name, Class<?> type) {
        Optimizer o = resolve(name).apply(Map.of());
        assertInstanceOf(type, o);
        assertEquals(name, o.name());
        assertEquals(0.001, o.learningRate());
    }

    @Test
    void providesExactlyTheKerasNames() {
        assertEquals(List.of("adam", "adamw", "rmsprop", "adagrad", "adadelta", "nadam", "adamax", "lion", "ftrl"),
                List.copyOf(new PluginOptimizerProvider().components().keySet()));
        assertTrue(Registry.global().componentNames(OptimizerProvider.class).containsAll(
                new PluginOptimizerProvider().components().keySet()));
    }

    /** Non-default settings for each optimizer, so that a round trip that dropped one would show. */
    static List<Arguments> configs() {
        return List.of(
                Arguments.of("adam", Map.of("learning_rate", 0.01, "beta_1", 0.8, "beta_2", 0.99, "epsilon", 1e-5,
                        "amsgrad", true, "clipnorm", 1.5)),
                Arguments.of("adamw", Map.of("weight_decay", 0.1, "amsgrad", true, "global_clipnorm", 2.0)),
                Arguments.of("rmsprop", Map.of("rho", 0.8, "momentum", 0.5, "epsilon", 1e-3, "centered", true,
                        "clipvalue", 0.5)),
                Arguments.of("adagrad", Map.of("initial_accumulator_value", 0.3, "epsilon", 1e-4)),
                Arguments.of("adadelta", Map.of("learning_rate", 1.0, "rho", 0.9, "epsilon", 1e-6)),
                Arguments.of("nadam", Map.of("beta_1", 0.85, "beta_2", 0.95, "weight_decay", 0.01)),
                Arguments.of("adamax", Map.of("beta_1", 0.7, "beta_2", 0.9, "epsilon", 1e-6)),
                Arguments.of("lion", Map.of("learning_rate", 3e-4, "beta_1", 0.95, "beta_2", 0.98)),
                Arguments.of("ftrl", Map.of("learning_rate_power", -0.6, "initial_accumulator_value", 0.2,
                        "l1_regularization_strength", 0.01, "l2_regularization_strength", 0.02,
                        "l2_shrinkage_regularization_strength", 0.03, "beta", 0.1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void configRoundTrips(String name, Map<String, Object> settings) {
        Function<Map<String, Object>, Optimizer> factory = resolve(name);
        Optimizer configured = factory.apply(settings);
        Map<String, Object> config = configured.getConfig();
        for (Map.Entry<String, Object> e : settings.entrySet()) {
            assertEquals(e.getValue(), config.get(e.getKey()), name + " config entry " + e.getKey());
        }
        assertNotEquals(factory.apply(Map.of()).getConfig(), config, name + ": the settings should not be defaults");
        assertEquals(config, factory.apply(config).getConfig());
    }

    @Test
    void scheduleRoundTripsThroughTheConfig() {
        Adam adam = new Adam(new CosineDecay(0.01, 100).setWarmup(0.1, 10));
        Map<String, Object> config = adam.getConfig();
        Optimizer copy = resolve("adam").apply(config);
        assertInstanceOf(CosineDecay.class, copy.learningRateSchedule());
        assertEquals(config, copy.getConfig());
        assertEquals(Schedules.serialize(adam.learningRateSchedule()), config.get("learning_rate"));
    }

    @Test
    void unknownEntryIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> resolve("adam").apply(Map.of("beta1", 0.8)));
        assertTrue(e.getMessage().contains("'beta1'") && e.getMessage().contains("beta_1"), e.getMessage());
        IllegalArgumentException wrongType = assertThrows(IllegalArgumentException.class,
                () -> resolve("rmsprop").apply(Map.of("rho", "high")));
        assertTrue(wrongType.getMessage().contains("'rho'"), wrongType.getMessage());
    }

    @Test
    void acceptsAKerasWrittenConfigWithItsUnsupportedOptionsOff() {
        Map<String, Object> keras = new LinkedHashMap<>();
        keras.put("name", "adam");
        keras.put("learning_rate", 0.002);
        keras.put("weight_decay", null);
        keras.put("clipnorm", null);
        keras.put("global_clipnorm", null);
        keras.put("clipvalue", null);
        keras.put("use_ema", false);
        keras.put("ema_momentum", 0.99);
        keras.put("ema_overwrite_frequency", null);
        keras.put("loss_scale_factor", null);
        keras.put("gradient_accumulation_steps", null);
        keras.put("beta_1", 0.9);
        keras.put("beta_2", 0.999);
        keras.put("epsilon", 1e-7);
        keras.put("amsgrad", false);
        assertEquals(0.002, resolve("adam").apply(keras).learningRate());
        keras.put("use_ema", true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> resolve("adam").apply(keras));
        assertTrue(e.getMessage().contains("use_ema"), e.getMessage());
    }
}

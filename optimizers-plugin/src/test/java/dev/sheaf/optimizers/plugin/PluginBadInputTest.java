package dev.sheaf.optimizers.plugin;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sheaf.autodiff.Variable;
import dev.sheaf.layers.Dense;
import dev.sheaf.layers.InputLayer;
import dev.sheaf.models.Sequential;
import dev.sheaf.ops.Ops;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Careless settings for the plugin optimizers: each is a clear IllegalArgumentException naming the setting. */
class PluginBadInputTest {

    private static void expectIae(Executable ex, String... words) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, ex);
        String m = e.getMessage().toLowerCase(Locale.ROOT);
        for (String w : words) {
            assertTrue(m.contains(w.toLowerCase(Locale.ROOT)), "'" + w + "' missing from: " + e.getMessage());
        }
    }

    @Test
    void nonsenseHyperparameters() {
        expectIae(() -> new Adam(Double.NaN), "learning", "NaN");
        expectIae(() -> new Adam().setBeta1(1.5), "beta_1", "1.5");
        expectIae(() -> new Adam().setEpsilon(-1), "epsilon", "-1");
        expectIae(() -> new RMSprop(Double.POSITIVE_INFINITY), "learning", "Infinity");
        expectIae(() -> new Adam().setWeightDecay(Double.NaN), "weight", "NaN");
    }

    @Test
    void configsOfTheWrongType() {
        expectIae(() -> Adam.fromConfig(Map.of("learning_rate", "fast")), "learning_rate", "fast");
        expectIae(() -> Adam.fromConfig(Map.of("beta_1", "high")), "beta_1", "high");
        expectIae(() -> Adam.fromConfig(Map.of("clipnorm", "big")), "clipnorm", "big");
        expectIae(() -> Adam.fromConfig(Map.of("learning_rate", Map.of("class_name", "Nope", "config", Map.of()))),
                "Nope");
    }

    @Test
    void applyGradientsWithMissingLists() {
        Adam adam = new Adam();
        Variable w = Variable.of("w", new float[] {1, 2}, 2);
        expectIae(() -> adam.applyGradients(null, List.of(w)), "applyGradients", "null");
        expectIae(() -> adam.applyGradients(List.of(Ops.zeros(2)), null), "applyGradients", "null");
        expectIae(() -> adam.applyGradients(List.of(Ops.zeros(3)), List.of(w)), "w", "(3,)", "(2,)");
    }

    @Test
    void compileByNameWithATypo() {
        Sequential m = new Sequential(List.of(new InputLayer(2), new Dense(1)));
        expectIae(() -> m.compile("adamm", "mse"), "adamm", "adam");
    }
}

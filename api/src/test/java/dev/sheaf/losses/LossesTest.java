package dev.sheaf.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sheaf.tensor.Shape;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LossesTest {

    @Test
    void kerasNamesAndAliasesResolve() {
        assertInstanceOf(MeanSquaredError.class, Losses.get("mse"));
        assertInstanceOf(MeanSquaredError.class, Losses.get("mean_squared_error"));
        assertInstanceOf(MeanAbsoluteError.class, Losses.get("mae"));
        assertInstanceOf(MeanAbsolutePercentageError.class, Losses.get("mape"));
        assertInstanceOf(MeanSquaredLogarithmicError.class, Losses.get("msle"));
        assertInstanceOf(CategoricalCrossentropy.class, Losses.get("categorical_crossentropy"));
        assertInstanceOf(SparseCategoricalCrossentropy.class, Losses.get("sparse_categorical_crossentropy"));
        assertInstanceOf(BinaryCrossentropy.class, Losses.get("binary_crossentropy"));
        assertInstanceOf(Huber.class, Losses.get("huber"));
        assertInstanceOf(LogCosh.class, Losses.get("log_cosh"));
        assertInstanceOf(KLDivergence.class, Losses.get("kl_divergence"));
        assertInstanceOf(KLDivergence.class, Losses.get("kld"));
        assertInstanceOf(Poisson.class, Losses.get("poisson"));
        assertInstanceOf(Hinge.class, Losses.get("hinge"));
        assertInstanceOf(SquaredHinge.class, Losses.get("squared_hinge"));
        assertInstanceOf(CategoricalHinge.class, Losses.get("categorical_hinge"));
        assertInstanceOf(CosineSimilarity.class, Losses.get("cosine_similarity"));
    }

    @Test
    void configMapsConfigureTheLoss() {
        BinaryCrossentropy bce = (BinaryCrossentropy) Losses.get("binary_crossentropy",
                Map.of("from_logits", true, "label_smoothing", 0.1, "reduction", "sum"));
        assertTrue(bce.fromLogits());
        assertEquals(0.1, bce.labelSmoothing());
        assertEquals(Reduction.SUM, bce.reduction());
        assertEquals(bce.getConfig(), BinaryCrossentropy.fromConfig(bce.getConfig()).getConfig());
        SparseCategoricalCrossentropy scce = (SparseCategoricalCrossentropy) Losses.get(
                "sparse_categorical_crossentropy", Map.of("ignore_class", 255));
        assertEquals(255, scce.ignoreClass());
        assertEquals(0.5, ((Huber) Losses.get("huber", Map.of("delta", 0.5))).delta());
    }

    @Test
    void unknownNamesListTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Losses.get("msq"));
        assertTrue(e.getMessage().contains("msq") && e.getMessage().contains("mean_squared_error"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Losses.get("crossentropy"));
        assertThrows(IllegalArgumentException.class,
                () -> Losses.get("binary_crossentropy", Map.of("label_smoothing", 2.0)));
    }

    @Test
    void crossentropyResolvesFromTheShapesAsKeras() {
        assertEquals("binary_crossentropy", Losses.resolveCrossentropy(Shape.of(32, 1), Shape.of(32, 1)));
        assertEquals("binary_crossentropy", Losses.resolveCrossentropy(Shape.of(32), Shape.of(32, 1)));
        assertEquals("sparse_categorical_crossentropy", Losses.resolveCrossentropy(Shape.of(32), Shape.of(32, 10)));
        assertEquals("sparse_categorical_crossentropy", Losses.resolveCrossentropy(Shape.of(32, 1), Shape.of(32, 10)));
        assertEquals("categorical_crossentropy", Losses.resolveCrossentropy(Shape.of(32, 10), Shape.of(32, 10)));
    }
}

package dev.sheaf.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.Shape;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void kerasNamesResolveAndKeepTheNameAskedFor() {
        assertInstanceOf(Accuracy.class, Metrics.get("accuracy"));
        assertInstanceOf(BinaryAccuracy.class, Metrics.get("binary_accuracy"));
        assertInstanceOf(CategoricalAccuracy.class, Metrics.get("categorical_accuracy"));
        assertInstanceOf(SparseCategoricalAccuracy.class, Metrics.get("sparse_categorical_accuracy"));
        assertInstanceOf(TopKCategoricalAccuracy.class, Metrics.get("top_k_categorical_accuracy"));
        assertInstanceOf(Precision.class, Metrics.get("precision"));
        assertInstanceOf(Recall.class, Metrics.get("recall"));
        assertInstanceOf(AUC.class, Metrics.get("auc"));
        assertInstanceOf(F1Score.class, Metrics.get("f1_score"));
        assertInstanceOf(Mean.class, Metrics.get("mean"));
        Metric mse = Metrics.get("mse");
        assertInstanceOf(MeanSquaredError.class, mse);
        assertEquals("mse", mse.name());
        assertInstanceOf(MeanAbsoluteError.class, Metrics.get("mae"));
        assertInstanceOf(RootMeanSquaredError.class, Metrics.get("rmse"));
        assertEquals("root_mean_squared_error", Metrics.get("root_mean_squared_error").name());
        assertEquals(10, ((AUC) Metrics.get("auc", Map.of("num_thresholds", 10))).numThresholds());
    }

    @Test
    void aLossNameGivesTheMeanOfTheLoss() {
        Metric m = Metrics.get("binary_crossentropy");
        assertEquals("binary_crossentropy", m.name());
        m.updateState(Ops.constant(new float[] {1}, 1, 1), Ops.constant(new float[] {0.5f}, 1, 1), null);
        assertEquals(Math.log(2), m.result(), 1e-6);
    }

    @Test
    void unknownNamesListTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Metrics.get("accuracyy"));
        assertTrue(e.getMessage().contains("accuracyy") && e.getMessage().contains("sparse_categorical_accuracy"),
                e.getMessage());
    }

    @Test
    void accuracyResolvesAsKeras() {
        assertEquals("binary_accuracy", Metrics.resolveAccuracy("binary_crossentropy", Shape.of(8, 3), Shape.of(8, 3)));
        assertEquals("binary_accuracy", Metrics.resolveAccuracy("mse", Shape.of(8, 1), Shape.of(8, 1)));
        assertEquals("sparse_categorical_accuracy",
                Metrics.resolveAccuracy("sparse_categorical_crossentropy", Shape.of(8), Shape.of(8, 10)));
        assertEquals("sparse_categorical_accuracy", Metrics.resolveAccuracy(null, Shape.of(8, 1), Shape.of(8, 10)));
        assertEquals("categorical_accuracy",
                Metrics.resolveAccuracy("categorical_crossentropy", Shape.of(8, 10), Shape.of(8, 10)));
        Metric acc = Metrics.forCompile("acc", "sparse_categorical_crossentropy", Shape.of(8), Shape.of(8, 10));
        assertInstanceOf(SparseCategoricalAccuracy.class, acc);
        assertEquals("acc", acc.name());
    }
}

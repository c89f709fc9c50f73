package dev.sheaf.constraints;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConstraintsTest {
    private static final double EPS = 1e-7;
    /** Columns (axis-0 vectors) of norm 5 and 1. */
    private static final Tensor W = Ops.constant(new double[] {3, 0, 4, 1}, 2, 2);

    @Test
    void maxNormScalesColumnsAboveTheLimit() {
        double s0 = 2 / (5 + EPS);
        double s1 = 1 / (1 + EPS);
        assertArrayEquals(new double[] {3 * s0, 0, 4 * s0, s1}, new MaxNorm().apply(W).toDoubleArray(), 1e-12);
        // Over both axes: one norm sqrt(26).
        double s = 2 / (Math.sqrt(26) + EPS);
        assertArrayEquals(new double[] {3 * s, 0, 4 * s, s}, new MaxNorm(2, 0, 1).apply(W).toDoubleArray(), 1e-12);
        // Along axis 1: rows of norm 3 and sqrt(17).
        double r1 = 2 / (Math.sqrt(17) + EPS);
        assertArrayEquals(new double[] {3 * 2 / (3 + EPS), 0, 4 * r1, r1}, new MaxNorm(2, 1).apply(W).toDoubleArray(),
                1e-12);
    }

    @Test
    void unitNormAddsEpsilonToTheNorm() {
        assertArrayEquals(new double[] {3 / (5 + EPS), 0, 4 / (5 + EPS), 1 / (1 + EPS)},
                new UnitNorm().apply(W).toDoubleArray(), 1e-12);
        // Keras divides by (epsilon + norm): a vector of norm 1e-7 comes out at 0.5, not 1.
        assertEquals(0.5, new UnitNorm().apply(Ops.constant(new double[] {1e-7})).itemAsDouble(), 1e-9);
    }

    @Test
    void minMaxNormMovesTowardsTheRangeAtRate() {
        assertArrayEquals(new double[] {3 / (5 + EPS), 0, 4 / (5 + EPS), 1 / (1 + EPS)},
                new MinMaxNorm().apply(W).toDoubleArray(), 1e-12);
        // rate 0.5, range [2, 4]: column 0 desired 0.5*4 + 0.5*5 = 4.5; column 1 desired 0.5*2 + 0.5*1 = 1.5.
        double s0 = 4.5 / (5 + EPS);
        double s1 = 1.5 / (1 + EPS);
        assertArrayEquals(new double[] {3 * s0, 0, 4 * s0, s1}, new MinMaxNorm(2, 4, 0.5, 0).apply(W).toDoubleArray(),
                1e-12);
    }

    @Test
    void nonNegZeroesNegatives() {
        assertArrayEquals(new double[] {0, 0, 2, 0.5}, new NonNeg().apply(Ops.constant(new double[] {-1, 0, 2, 0.5}))
                .toDoubleArray(), 0);
    }

    @Test
    void namesAndConfigs() {
        assertEquals(Map.of("max_value", 2.0, "axis", 0), Constraints.get("max_norm").getConfig());
        assertEquals(Map.of("min_value", 0.0, "max_value", 1.0, "rate", 1.0, "axis", 0),
                Constraints.get("MinMaxNorm").getConfig());
        assertInstanceOf(NonNeg.class, Constraints.get("non_neg"));
        assertEquals(Map.of("axis", List.of(0, 1)), Constraints.get("unit_norm", Map.of("axis", List.of(0, 1)))
                .getConfig());
        Constraint c = new MaxNorm(3, 1);
        Constraint back = Constraints.deserialize(Constraints.serialize(c));
        assertInstanceOf(MaxNorm.class, back);
        assertEquals(c.getConfig(), back.getConfig());
    }

    @Test
    void badInputIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Constraints.get("maxnorm"));
        assertTrue(e.getMessage().contains("max_norm"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Constraints.get("unit_norm", Map.of("axis", "x")));
        assertThrows(IllegalArgumentException.class, () -> new MinMaxNorm(2, 1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> Constraints.get("non_neg", Map.of("axis", 0)));
    }
}

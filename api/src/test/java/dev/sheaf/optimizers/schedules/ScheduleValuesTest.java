package dev.sheaf.optimizers.schedules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Each schedule at chosen steps, against values worked out by hand from the Keras formulas. */
class ScheduleValuesTest {
    private static final double TOLERANCE = 1e-12;

    private static void at(LearningRateSchedule s, long step, double expected) {
        assertEquals(expected, s.at(step), TOLERANCE, s.getClass().getSimpleName() + " at step " + step);
    }

    @Test
    void exponentialDecay() {
        ExponentialDecay s = new ExponentialDecay(0.1, 10, 0.5);
        at(s, 0, 0.1);
        at(s, 5, 0.1 / Math.sqrt(2));
        at(s, 10, 0.05);
        at(s, 25, 0.1 * 0.25 / Math.sqrt(2));
        ExponentialDecay stairs = new ExponentialDecay(0.1, 10, 0.5).setStaircase(true);
        at(stairs, 9, 0.1);
        at(stairs, 10, 0.05);
        at(stairs, 25, 0.025);
    }

    @Test
    void piecewiseConstantDecayIncludesTheBoundaryInTheEarlierPiece() {
        PiecewiseConstantDecay s = new PiecewiseConstantDecay(new long[] {10, 20}, new double[] {1.0, 0.5, 0.1});
        at(s, 0, 1.0);
        at(s, 10, 1.0);
        at(s, 11, 0.5);
        at(s, 20, 0.5);
        at(s, 21, 0.1);
        at(s, 1_000_000, 0.1);
    }

    @Test
    void polynomialDecay() {
        PolynomialDecay linear = new PolynomialDecay(0.1, 10);
        at(linear, 0, 0.1);
        at(linear, 5, 0.0999 * 0.5 + 0.0001);
        at(linear, 10, 0.0001);
        at(linear, 20, 0.0001);
        PolynomialDecay square = new PolynomialDecay(0.1, 10).setEndLearningRate(0.01).setPower(2);
        at(square, 5, 0.09 * 0.25 + 0.01);
        PolynomialDecay cycle = new PolynomialDecay(0.1, 10).setCycle(true);
        at(cycle, 0, 0.1);
        at(cycle, 10, 0.0001);
        at(cycle, 11, 0.0999 * 0.45 + 0.0001); // decay steps become 20
        at(cycle, 15, 0.0999 * 0.25 + 0.0001);
    }

    @Test
    void inverseTimeDecay() {
        InverseTimeDecay s = new InverseTimeDecay(0.1, 1.0, 0.5);
        at(s, 0, 0.1);
        at(s, 2, 0.05);
        at(s, 6, 0.025);
        InverseTimeDecay stairs = new InverseTimeDecay(0.1, 4, 0.5).setStaircase(true);
        at(stairs, 3, 0.1);
        at(stairs, 4, 0.1 / 1.5);
        InverseTimeDecay smooth = new InverseTimeDecay(0.1, 4, 0.5);
        at(smooth, 3, 0.1 / 1.375);
    }

    @Test
    void cosineDecay() {
        CosineDecay s = new CosineDecay(0.1, 100);
        at(s, 0, 0.1);
        at(s, 50, 0.05);
        at(s, 100, 0.0);
        at(s, 200, 0.0);
        CosineDecay floor = new CosineDecay(0.1, 100).setAlpha(0.1);
        at(floor, 50, 0.1 * (0.9 * 0.5 + 0.1));
        at(floor, 100, 0.01);
    }

    @Test
    void cosineDecayWithWarmup() {
        CosineDecay s = new CosineDecay(0.0, 100).setWarmup(0.2, 10);
        at(s, 0, 0.0);
        at(s, 5, 0.1);
        at(s, 10, 0.2);
        at(s, 35, 0.1 * (1 + Math.sqrt(0.5)));
        at(s, 60, 0.1);
        at(s, 110, 0.0);
        at(s, 500, 0.0);
        // A target with no warmup steps decays from the target at once, as Keras.
        at(new CosineDecay(0.5, 100).setWarmup(0.2, 0), 0, 0.2);
    }

    @Test
    void cosineDecayRestartsGeometric() {
        CosineDecayRestarts s = new CosineDecayRestarts(1.0, 10);
        at(s, 0, 1.0);
        at(s, 5, 0.5);
        at(s, 10, 1.0); // first restart; the second period lasts 20 steps
        at(s, 20, 0.5);
        at(s, 30, 1.0);
        CosineDecayRestarts damped = new CosineDecayRestarts(1.0, 10).setMMul(0.5).setAlpha(0.1);
        // restart 1, half way: 0.5 * 0.5 * (1 + cos(pi / 2)) = 0.25; alpha is not scaled by m_mul
        at(damped, 20, 0.9 * 0.25 + 0.1);
        // restart 2 (the third period starts at step 30): 0.5 * 0.5^2 * (1 + cos 0) = 0.25
        at(damped, 30, 0.9 * 0.25 + 0.1);
        // restart 2, a quarter through its 40 steps: 0.5 * 0.25 * (1 + cos(pi / 4))
        at(damped, 40, 0.9 * 0.125 * (1 + Math.sqrt(0.5)) + 0.1);
    }

    @Test
    void cosineDecayRestartsWithEqualPeriods() {
        CosineDecayRestarts s = new CosineDecayRestarts(1.0, 10).setTMul(1).setMMul(0.5);
        at(s, 5, 0.5);
        at(s, 15, 0.25);
        at(s, 25, 0.125);
        at(s, 20, 0.25);
    }

    @Test
    void invalidArgumentsAreClearErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ExponentialDecay(0.1, 0, 0.5));
        assertTrue(e.getMessage().contains("decay_steps"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new PolynomialDecay(0.1, -1));
        assertThrows(IllegalArgumentException.class, () -> new InverseTimeDecay(0.1, 0.0, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new CosineDecay(0.1, 0));
        assertThrows(IllegalArgumentException.class, () -> new CosineDecay(0.1, 10).setWarmup(0.2, -1));
        assertThrows(IllegalArgumentException.class, () -> new CosineDecayRestarts(0.1, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new PiecewiseConstantDecay(new long[] {10}, new double[] {1.0}));
        assertThrows(IllegalArgumentException.class,
                () -> new PiecewiseConstantDecay(new long[] {10, 10}, new double[] {1.0, 0.5, 0.1}));
    }
}

package dev.sheaf.optimizers.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sheaf.autodiff.Variable;
import java.util.List;
import org.junit.jupiter.api.Test;

class FtrlTest {

    /** Keras ftrl.py. */
    static Trace.Rule keras(double power, double initialAccumulator, double l1, double l2, double shrinkage,
                            double beta) {
        Trace.Slot n = new Trace.Slot(initialAccumulator);
        Trace.Slot z = new Trace.Slot();
        return (i, w, g, t, lr) -> {
            double l2Total = l2 + beta / (2.0 * lr);
            for (int j = 0; j < w.length; j++) {
                double shrunk = g[j] + 2 * shrinkage * w[j];
                double nNext = n.of(i)[j] + g[j] * g[j];
                z.of(i)[j] += shrunk - (Math.pow(nNext, -power) - Math.pow(n.of(i)[j], -power)) / lr * w[j];
                double quadratic = Math.pow(nNext, -power) / lr + 2 * l2Total;
                double clipped = Math.max(-l1, Math.min(l1, z.of(i)[j]));
                w[j] = (clipped - z.of(i)[j]) / quadratic;
                n.of(i)[j] = nNext;
            }
        };
    }

    @Test
    void defaultsTrace() {
        Trace.check(new Ftrl(), Trace.Base.lr(0.001), keras(-0.5, 0.1, 0, 0, 0, 0));
    }

    @Test
    void regularizedTrace() {
        // l1 = 0.8 zeroes the coordinates whose |z| stays below it, so both branches of the clip are exercised.
        Ftrl f = new Ftrl(0.1).setL1RegularizationStrength(0.8).setL2RegularizationStrength(0.05)
                .setL2ShrinkageRegularizationStrength(0.02).setBeta(0.3).setLearningRatePower(-0.7)
                .setInitialAccumulatorValue(0.5);
        double[][][] expected = Trace.reference(Trace.Base.lr(0.1), keras(-0.7, 0.5, 0.8, 0.05, 0.02, 0.3));
        boolean someZero = false;
        boolean someNonZero = false;
        for (double[] w : expected[Trace.STEPS - 1]) {
            for (double x : w) {
                someZero |= x == 0;
                someNonZero |= x != 0;
            }
        }
        assertEquals(true, someZero && someNonZero, "the scenario should zero some weights and keep others");
        Trace.assertClose(expected, Trace.run(f), "ftrl");
    }

    @Test
    void fixedRatePowerTrace() {
        Trace.check(new Ftrl(0.1).setLearningRatePower(0).setInitialAccumulatorValue(0), Trace.Base.lr(0.1),
                keras(0, 0, 0, 0, 0, 0));
    }

    @Test
    void slotsInterleavePerVariableAsKeras() {
        Ftrl f = new Ftrl();
        List<Variable> vars = Trace.variables();
        Trace.step(f, vars, 1);
        assertEquals(List.of("ftrl/iteration", "w0/accumulator", "w0/linear", "w1/accumulator", "w1/linear"),
                f.variables().stream().map(Variable::name).toList());
        vars.forEach(Variable::close);
    }

    @Test
    void rejectsInvalidSettingsAsKeras() {
        assertThrows(IllegalArgumentException.class, () -> new Ftrl().setLearningRatePower(0.5));
        assertThrows(IllegalArgumentException.class, () -> new Ftrl().setInitialAccumulatorValue(-1));
        assertThrows(IllegalArgumentException.class, () -> new Ftrl().setL1RegularizationStrength(-1));
    }
}

package dev.sheaf.optimizers.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sheaf.autodiff.Variable;
import dev.sheaf.ops.Ops;
import dev.sheaf.optimizers.schedules.ExponentialDecay;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdamTest {

    /** Keras adam.py: bias correction in the step size, epsilon outside the square root; AMSGrad on v. */
    static Trace.Rule keras(double beta1, double beta2, double epsilon, boolean amsgrad) {
        Trace.Slot m = new Trace.Slot();
        Trace.Slot v = new Trace.Slot();
        Trace.Slot vHat = new Trace.Slot();
        return (i, w, g, t, lr) -> {
            double alpha = lr * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
            for (int j = 0; j < w.length; j++) {
                m.of(i)[j] += (g[j] - m.of(i)[j]) * (1 - beta1);
                v.of(i)[j] += (g[j] * g[j] - v.of(i)[j]) * (1 - beta2);
                double second = v.of(i)[j];
                if (amsgrad) {
                    vHat.of(i)[j] = Math.max(vHat.of(i)[j], v.of(i)[j]);
                    second = vHat.of(i)[j];
                }
                w[j] -= m.of(i)[j] * alpha / (Math.sqrt(second) + epsilon);
            }
        };
    }

    @Test
    void defaultsFollowKeras() {
        Adam a = new Adam();
        assertEquals(0.001, a.learningRate());
        assertEquals(0.9, a.beta1());
        assertEquals(0.999, a.beta2());
        assertEquals(1e-7, a.epsilon());
        assertEquals("adam", a.name());
        Trace.check(new Adam(), Trace.Base.lr(0.001), keras(0.9, 0.999, 1e-7, false));
    }

    @Test
    void traceWithOtherHyperparameters() {
        Trace.check(new Adam(0.05).setBeta1(0.8).setBeta2(0.95).setEpsilon(1e-3), Trace.Base.lr(0.05),
                keras(0.8, 0.95, 1e-3, false));
    }

    @Test
    void amsgradTrace() {
        // beta2 = 0.5 makes v fall between steps, so the running maximum differs from v.
        Trace.check(new Adam(0.05).setBeta2(0.5).setAmsgrad(true), Trace.Base.lr(0.05),
                keras(0.9, 0.5, 1e-7, true));
    }

    @Test
    void clipnormTrace() {
        Adam a = new Adam(0.05);
        a.setClipnorm(0.5);
        Trace.check(a, Trace.Base.lr(0.05).clipnorm(0.5), keras(0.9, 0.999, 1e-7, false));
    }

    @Test
    void globalClipnormAndClipvalueTraces() {
        Adam a = new Adam(0.05);
        a.setGlobalClipnorm(1.0);
        Trace.check(a, Trace.Base.lr(0.05).globalClipnorm(1.0), keras(0.9, 0.999, 1e-7, false));
        Adam b = new Adam(0.05);
        b.setClipvalue(0.3);
        Trace.check(b, Trace.Base.lr(0.05).clipvalue(0.3), keras(0.9, 0.999, 1e-7, false));
    }

    @Test
    void decoupledWeightDecayTrace() {
        Adam a = new Adam(0.05);
        a.setWeightDecay(0.1);
        Trace.check(a, Trace.Base.lr(0.05).weightDecay(0.1), keras(0.9, 0.999, 1e-7, false));
    }

    @Test
    void scheduleIsReadAtEachIteration() {
        ExponentialDecay schedule = new ExponentialDecay(0.1, 2, 0.5);
        Trace.check(new Adam(schedule),
                new Trace.Base(i -> 0.1 * Math.pow(0.5, i / 2.0), null, null, null, null),
                keras(0.9, 0.999, 1e-7, false));
    }

    @Test
    void float32VariablesFollowTheSameRuleWithinSinglePrecision() {
        try (Variable w = new Variable("w", Ops.constant(new float[] {1f, -2f, 0.5f}, 3))) {
            Adam a = new Adam(0.05);
            double[] ref = {1, -2, 0.5};
            Trace.Rule rule = keras(0.9, 0.999, 1e-7, false);
            for (int t = 1; t <= Trace.STEPS; t++) {
                double[] g = {0.3 * t, -0.2, 0.1 / t};
                float[] gf = {(float) g[0], (float) g[1], (float) g[2]};
                rule.update(0, ref, g, t, 0.05);
                a.applyGradients(List.of(Ops.constant(gf, 3)), List.of(w));
            }
            float[] got = w.value().toFloatArray();
            for (int j = 0; j < 3; j++) {
                assertEquals(ref[j], got[j], 1e-5 * Math.abs(ref[j]), "w[" + j + "]");
            }
        }
    }

    @Test
    void slotsAreNamedAndOrderedAsKeras() {
        Adam a = new Adam().setAmsgrad(true);
        List<Variable> vars = Trace.variables();
        Trace.step(a, vars, 1);
        List<String> names = a.variables().stream().map(Variable::name).toList();
        assertEquals(List.of("adam/iteration", "w0/momentum", "w1/momentum", "w0/velocity", "w1/velocity",
                "w0/velocity_hat", "w1/velocity_hat"), names);
        // After one step m = (1 - beta1) g, v = (1 - beta2) g^2.
        double g0 = Trace.gradient(1.0, 0, 1);
        assertEquals(0.1 * g0, a.variables().get(1).value().toDoubleArray()[0], 1e-15);
        assertEquals(0.001 * g0 * g0, a.variables().get(3).value().toDoubleArray()[0], 1e-15);
        vars.forEach(Variable::close);
    }

    @Test
    void amsgradCannotChangeOnceBuilt() {
        Adam a = new Adam();
        List<Variable> vars = Trace.variables();
        Trace.step(a, vars, 1);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> a.setAmsgrad(true));
        assertTrue(e.getMessage().contains("amsgrad"), e.getMessage());
        vars.forEach(Variable::close);
    }

    @Test
    void rejectsBetasOutsideTheUnitInterval() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Adam().setBeta1(1.0));
        assertTrue(e.getMessage().contains("beta_1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Adam().setBeta2(-0.1));
        assertThrows(IllegalArgumentException.class, () -> new Adam().setEpsilon(Double.NaN));
    }
}

package dev.sheaf.optimizers.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sheaf.autodiff.Variable;
import java.util.List;
import org.junit.jupiter.api.Test;

class RMSpropTest {

    /** Keras rmsprop.py: epsilon inside the square root; plain momentum on the increments. */
    static Trace.Rule keras(double rho, double momentum, double epsilon, boolean centered) {
        Trace.Slot v = new Trace.Slot();
        Trace.Slot mom = new Trace.Slot();
        Trace.Slot avg = new Trace.Slot();
        return (i, w, g, t, lr) -> {
            for (int j = 0; j < w.length; j++) {
                v.of(i)[j] = rho * v.of(i)[j] + (1 - rho) * g[j] * g[j];
                double denominator;
                if (centered) {
                    avg.of(i)[j] = rho * avg.of(i)[j] + (1 - rho) * g[j];
                    denominator = v.of(i)[j] - avg.of(i)[j] * avg.of(i)[j] + epsilon;
                } else {
                    denominator = v.of(i)[j] + epsilon;
                }
                double increment = lr * g[j] / Math.sqrt(denominator);
                if (momentum > 0) {
                    mom.of(i)[j] = momentum * mom.of(i)[j] + increment;
                    w[j] -= mom.of(i)[j];
                } else {
                    w[j] -= increment;
                }
            }
        };
    }

    @Test
    void defaultsTrace() {
        Trace.check(new RMSprop(), Trace.Base.lr(0.001), keras(0.9, 0, 1e-7, false));
    }

    @Test
    void momentumTrace() {
        Trace.check(new RMSprop(0.05).setMomentum(0.9), Trace.Base.lr(0.05), keras(0.9, 0.9, 1e-7, false));
    }

    @Test
    void centeredTrace() {
        Trace.check(new RMSprop(0.05).setCentered(true).setRho(0.8), Trace.Base.lr(0.05),
                keras(0.8, 0, 1e-7, true));
    }

    @Test
    void centeredWithMomentumAndLargeEpsilonTrace() {
        Trace.check(new RMSprop(0.05).setCentered(true).setMomentum(0.5).setEpsilon(0.01), Trace.Base.lr(0.05),
                keras(0.9, 0.5, 0.01, true));
    }

    @Test
    void slotsAreOrderedAsKeras() {
        RMSprop r = new RMSprop().setMomentum(0.9).setCentered(true);
        List<Variable> vars = Trace.variables();
        Trace.step(r, vars, 1);
        assertEquals(List.of("rmsprop/iteration", "w0/velocity", "w1/velocity", "w0/momentum", "w1/momentum",
                "w0/average_gradient", "w1/average_gradient"), r.variables().stream().map(Variable::name).toList());
        assertThrows(IllegalStateException.class, () -> r.setMomentum(0));
        assertThrows(IllegalStateException.class, () -> r.setCentered(false));
        r.setMomentum(0.5); // still on: the slots stay the same
        vars.forEach(Variable::close);
    }
}

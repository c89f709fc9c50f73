package dev.sheaf.optimizers.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sheaf.autodiff.Variable;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdamaxTest {

    /** Keras adamax.py. */
    static Trace.Rule keras(double beta1, double beta2, double epsilon) {
        Trace.Slot m = new Trace.Slot();
        Trace.Slot u = new Trace.Slot();
        return (i, w, g, t, lr) -> {
            for (int j = 0; j < w.length; j++) {
                m.of(i)[j] += (g[j] - m.of(i)[j]) * (1 - beta1);
                u.of(i)[j] = Math.max(beta2 * u.of(i)[j], Math.abs(g[j]));
                w[j] -= lr * m.of(i)[j] / ((1 - Math.pow(beta1, t)) * (u.of(i)[j] + epsilon));
            }
        };
    }

    @Test
    void defaultsTrace() {
        Trace.check(new Adamax(), Trace.Base.lr(0.001), keras(0.9, 0.999, 1e-7));
    }

    @Test
    void fastDecayingNormTrace() {
        // beta2 = 0.3 lets the norm fall below |g| of earlier steps, exercising both sides of the max.
        Trace.check(new Adamax(0.05).setBeta2(0.3).setBeta1(0.5), Trace.Base.lr(0.05), keras(0.5, 0.3, 1e-7));
    }

    @Test
    void slotsInterleavePerVariableAsKeras() {
        Adamax a = new Adamax();
        List<Variable> vars = Trace.variables();
        Trace.step(a, vars, 1);
        assertEquals(List.of("adamax/iteration", "w0/momentum", "w0/norm", "w1/momentum", "w1/norm"),
                a.variables().stream().map(Variable::name).toList());
        vars.forEach(Variable::close);
    }
}

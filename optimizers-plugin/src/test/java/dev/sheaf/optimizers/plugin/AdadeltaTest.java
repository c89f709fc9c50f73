package dev.sheaf.optimizers.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sheaf.autodiff.Variable;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdadeltaTest {

    /** Keras adadelta.py with rms(x) = sqrt(x + epsilon). */
    static Trace.Rule keras(double rho, double epsilon) {
        Trace.Slot accGrad = new Trace.Slot();
        Trace.Slot accDelta = new Trace.Slot();
        return (i, w, g, t, lr) -> {
            for (int j = 0; j < w.length; j++) {
                accGrad.of(i)[j] = rho * accGrad.of(i)[j] + (1 - rho) * g[j] * g[j];
                double delta = -Math.sqrt(accDelta.of(i)[j] + epsilon) * g[j] / Math.sqrt(accGrad.of(i)[j] + epsilon);
                accDelta.of(i)[j] = rho * accDelta.of(i)[j] + (1 - rho) * delta * delta;
                w[j] += lr * delta;
            }
        };
    }

    @Test
    void defaultsTrace() {
        Adadelta a = new Adadelta();
        assertEquals(0.001, a.learningRate());
        Trace.check(a, Trace.Base.lr(0.001), keras(0.95, 1e-7));
    }

    @Test
    void paperFormTrace() {
        // lr = 1 is the paper's form; a large epsilon makes the steps visible in five updates.
        Trace.check(new Adadelta(1.0).setRho(0.9).setEpsilon(1e-2), Trace.Base.lr(1.0), keras(0.9, 1e-2));
    }

    @Test
    void slotsAreOrderedAsKeras() {
        Adadelta a = new Adadelta();
        List<Variable> vars = Trace.variables();
        Trace.step(a, vars, 1);
        assertEquals(List.of("adadelta/iteration", "w0/accumulated_grad", "w1/accumulated_grad",
                "w0/accumulated_delta_var", "w1/accumulated_delta_var"),
                a.variables().stream().map(Variable::name).toList());
        vars.forEach(Variable::close);
    }
}

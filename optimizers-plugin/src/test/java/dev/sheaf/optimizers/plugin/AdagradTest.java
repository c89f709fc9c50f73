package dev.sheaf.optimizers.plugin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sheaf.autodiff.Variable;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdagradTest {

    /** Keras adagrad.py. */
    static Trace.Rule keras(double initialAccumulator, double epsilon) {
        Trace.Slot acc = new Trace.Slot(initialAccumulator);
        return (i, w, g, t, lr) -> {
            for (int j = 0; j < w.length; j++) {
                acc.of(i)[j] += g[j] * g[j];
                w[j] -= lr * g[j] / Math.sqrt(acc.of(i)[j] + epsilon);
            }
        };
    }

    @Test
    void defaultsTrace() {
        Trace.check(new Adagrad(), Trace.Base.lr(0.001), keras(0.1, 1e-7));
    }

    @Test
    void zeroInitialAccumulatorTrace() {
        Trace.check(new Adagrad(0.5).setInitialAccumulatorValue(0).setEpsilon(1e-3), Trace.Base.lr(0.5),
                keras(0, 1e-3));
    }

    @Test
    void accumulatorStartsAtTheInitialValue() {
        Adagrad a = new Adagrad().setInitialAccumulatorValue(0.25);
        List<Variable> vars = Trace.variables();
        Trace.step(a, vars, 1);
        Variable acc = a.variables().get(1);
        assertEquals("w0/accumulator", acc.name());
        double[] expected = new double[3];
        for (int j = 0; j < 3; j++) {
            double g = Trace.gradient(Trace.INITIAL[0][j], j, 1);
            expected[j] = 0.25 + g * g;
        }
        assertArrayEquals(expected, acc.value().toDoubleArray(), 1e-12);
        vars.forEach(Variable::close);
    }
}

package dev.sheaf.optimizers.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sheaf.autodiff.Variable;
import java.util.List;
import org.junit.jupiter.api.Test;

class NadamTest {

    /** Keras nadam.py: the momentum cache u_t = beta1 (1 - 0.5 * 0.96^t) and its product, advanced once per step. */
    static Trace.Rule keras(double beta1, double beta2, double epsilon) {
        Trace.Slot m = new Trace.Slot();
        Trace.Slot v = new Trace.Slot();
        double[] uProduct = {1.0};
        return new Trace.Rule() {
            @Override
            public void beginStep(int t) {
                uProduct[0] *= beta1 * (1 - 0.5 * Math.pow(0.96, t));
            }

            @Override
            public void update(int i, double[] w, double[] g, int t, double lr) {
                double uT = beta1 * (1 - 0.5 * Math.pow(0.96, t));
                double uNext = beta1 * (1 - 0.5 * Math.pow(0.96, t + 1));
                double productNext = uProduct[0] * uNext;
                for (int j = 0; j < w.length; j++) {
                    m.of(i)[j] += (g[j] - m.of(i)[j]) * (1 - beta1);
                    v.of(i)[j] += (g[j] * g[j] - v.of(i)[j]) * (1 - beta2);
                    double mHat = uNext * m.of(i)[j] / (1 - productNext) + (1 - uT) * g[j] / (1 - uProduct[0]);
                    double vHat = v.of(i)[j] / (1 - Math.pow(beta2, t));
                    w[j] -= mHat * lr / (Math.sqrt(vHat) + epsilon);
                }
            }
        };
    }

    @Test
    void defaultsTrace() {
        Trace.check(new Nadam(), Trace.Base.lr(0.001), keras(0.9, 0.999, 1e-7));
    }

    @Test
    void otherHyperparametersTrace() {
        Trace.check(new Nadam(0.05).setBeta1(0.7).setBeta2(0.9).setEpsilon(1e-4), Trace.Base.lr(0.05),
                keras(0.7, 0.9, 1e-4));
    }

    @Test
    void momentumCacheProductIsStateListedLast() {
        Nadam n = new Nadam();
        List<Variable> vars = Trace.variables();
        Trace.step(n, vars, 1);
        Trace.step(n, vars, 2);
        List<Variable> state = n.variables();
        assertEquals(List.of("nadam/iteration", "w0/momentum", "w1/momentum", "w0/velocity", "w1/velocity",
                "nadam/u_product"), state.stream().map(Variable::name).toList());
        double expected = 0.9 * (1 - 0.5 * 0.96) * 0.9 * (1 - 0.5 * 0.96 * 0.96);
        assertEquals(expected, state.get(5).value().itemAsDouble(), 1e-15);
        vars.forEach(Variable::close);
    }
}

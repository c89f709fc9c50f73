package dev.sheaf.optimizers.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sheaf.autodiff.Variable;
import dev.sheaf.ops.Ops;
import dev.sheaf.optimizers.Optimizer;
import dev.sheaf.tensor.Tensor;
import dev.sheaf.tensor.TensorScope;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * Runs an optimizer for a few steps on two float64 variables and, independently, a plain-double rendering of the
 * Keras formulas, and compares the variables after every step. The gradient depends on the current weights
 * ({@code g = 2w + sin(1.3 j + 0.7 t)}, {@code j} the element's index over both variables), so any divergence in an
 * earlier step shows up in the later ones.
 */
final class Trace {
    static final double[][] INITIAL = {{1.0, -2.0, 0.5}, {0.3, -0.7}};
    static final int STEPS = 5;
    /** Relative tolerance of the comparison (1e-6), with a tiny absolute floor for values that are exactly 0. */
    static final double RELATIVE = 1e-6;

    /** One optimizer's update rule on host doubles, written from the Keras source, not from the Java code. */
    interface Rule {
        /** Called once per step before the variables are updated. */
        default void beginStep(int t) {
        }

        /** Updates {@code w} (variable {@code index}) in place for step {@code t} (1-based). */
        void update(int index, double[] w, double[] g, int t, double lr);
    }

    /** The settings of the base optimizer that the reference must mirror. */
    record Base(DoubleUnaryOperator learningRateAtIteration, Double weightDecay, Double clipnorm,
                Double globalClipnorm, Double clipvalue) {
        static Base lr(double lr) {
            return new Base(i -> lr, null, null, null, null);
        }

        Base weightDecay(double wd) {
            return new Base(learningRateAtIteration, wd, clipnorm, globalClipnorm, clipvalue);
        }

        Base clipnorm(double c) {
            return new Base(learningRateAtIteration, weightDecay, c, globalClipnorm, clipvalue);
        }

        Base globalClipnorm(double c) {
            return new Base(learningRateAtIteration, weightDecay, clipnorm, c, clipvalue);
        }

        Base clipvalue(double c) {
            return new Base(learningRateAtIteration, weightDecay, clipnorm, globalClipnorm, c);
        }
    }

    private Trace() {
    }

    static double gradient(double w, int element, int t) {
        return 2 * w + Math.sin(1.3 * element + 0.7 * t);
    }

    /** The weights after each of {@link #STEPS} steps by the reference rule: {@code [step][variable][element]}. */
    static double[][][] reference(Base base, Rule rule) {
        double[][] w = {INITIAL[0].clone(), INITIAL[1].clone()};
        double[][][] trace = new double[STEPS][][];
        for (int t = 1; t <= STEPS; t++) {
            double lr = base.learningRateAtIteration().applyAsDouble(t - 1);
            double[][] g = new double[w.length][];
            int element = 0;
            for (int i = 0; i < w.length; i++) {
                g[i] = new double[w[i].length];
                for (int j = 0; j < w[i].length; j++) {
                    g[i][j] = gradient(w[i][j], element++, t);
                }
            }
            clip(base, g);
            rule.beginStep(t);
            for (int i = 0; i < w.length; i++) {
                if (base.weightDecay() != null) {
                    for (int j = 0; j < w[i].length; j++) {
                        w[i][j] -= w[i][j] * base.weightDecay() * lr;
                    }
                }
                rule.update(i, w[i], g[i], t, lr);
            }
            trace[t - 1] = new double[][] {w[0].clone(), w[1].clone()};
        }
        return trace;
    }

    private static void clip(Base base, double[][] g) {
        if (base.clipnorm() != null) {
            for (double[] gi : g) {
                double norm = Math.sqrt(sumOfSquares(gi));
                scale(gi, base.clipnorm() / Math.max(norm, base.clipnorm()));
            }
        }
        if (base.clipvalue() != null) {
            for (double[] gi : g) {
                for (int j = 0; j < gi.length; j++) {
                    gi[j] = Math.max(-base.clipvalue(), Math.min(base.clipvalue(), gi[j]));
                }
            }
        }
        if (base.globalClipnorm() != null) {
            double total = 0;
            for (double[] gi : g) {
                total += sumOfSquares(gi);
            }
            double norm = Math.sqrt(total);
            for (double[] gi : g) {
                scale(gi, base.globalClipnorm() / Math.max(norm, base.globalClipnorm()));
            }
        }
    }

    private static double sumOfSquares(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v * v;
        }
        return s;
    }

    private static void scale(double[] x, double f) {
        for (int j = 0; j < x.length; j++) {
            x[j] *= f;
        }
    }

    /** Two fresh float64 variables holding {@link #INITIAL}. */
    static List<Variable> variables() {
        return List.of(new Variable("w0", Ops.constant(INITIAL[0].clone(), 3)),
                new Variable("w1", Ops.constant(INITIAL[1].clone(), 2)));
    }

    /** Applies one step of the scripted gradients to {@code vars}. */
    static void step(Optimizer optimizer, List<Variable> vars, int t) {
        try (TensorScope scope = TensorScope.open()) {
            List<Tensor> grads = new ArrayList<>();
            int element = 0;
            for (Variable v : vars) {
                double[] w = v.value().toDoubleArray();
                double[] g = new double[w.length];
                for (int j = 0; j < w.length; j++) {
                    g[j] = gradient(w[j], element++, t);
                }
                grads.add(Ops.constant(g, w.length));
            }
            optimizer.applyGradients(grads, vars);
        }
    }

    /** The weights after each of {@link #STEPS} steps by {@code optimizer}. */
    static double[][][] run(Optimizer optimizer) {
        List<Variable> vars = variables();
        double[][][] trace = new double[STEPS][][];
        for (int t = 1; t <= STEPS; t++) {
            step(optimizer, vars, t);
            trace[t - 1] = new double[][] {vars.get(0).value().toDoubleArray(), vars.get(1).value().toDoubleArray()};
        }
        vars.forEach(Variable::close);
        return trace;
    }

    /** Runs both and compares every weight after every step. */
    static void check(Optimizer optimizer, Base base, Rule rule) {
        assertClose(reference(base, rule), run(optimizer), optimizer.name());
    }

    static void assertClose(double[][][] expected, double[][][] actual, String what) {
        for (int s = 0; s < expected.length; s++) {
            for (int i = 0; i < expected[s].length; i++) {
                for (int j = 0; j < expected[s][i].length; j++) {
                    double e = expected[s][i][j];
                    assertEquals(e, actual[s][i][j], RELATIVE * Math.abs(e) + 1e-300,
                            what + ": step " + (s + 1) + ", variable w" + i + "[" + j + "]");
                }
            }
        }
    }

    /** Element-wise state of a reference rule: one array per variable, created on first use. */
    static final class Slot {
        private final double[][] values = new double[INITIAL.length][];
        private final double initial;

        Slot(double initial) {
            this.initial = initial;
        }

        Slot() {
            this(0);
        }

        double[] of(int index) {
            if (values[index] == null) {
                values[index] = new double[INITIAL[index].length];
                java.util.Arrays.fill(values[index], initial);
            }
            return values[index];
        }
    }
}

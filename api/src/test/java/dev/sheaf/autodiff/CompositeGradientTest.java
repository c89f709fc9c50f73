package dev.sheaf.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.Tensor;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Central differences in float64 for the ops whose gradients come from a composition or a hand-written rule. */
class CompositeGradientTest {
    private static final double[] POINTS = {-2.3, -0.7, 0.4, 1.9};

    private static void check(String name, UnaryOperator<Tensor> f) {
        Tensor x = Ops.constant(POINTS);
        Tensor analytic;
        try (GradientTape tape = new GradientTape()) {
            tape.watch(x);
            analytic = tape.gradient(Ops.sum(f.apply(x)), x);
        }
        double[] a = analytic.toDoubleArray();
        double h = 1e-6;
        for (int i = 0; i < POINTS.length; i++) {
            double[] plus = POINTS.clone();
            double[] minus = POINTS.clone();
            plus[i] += h;
            minus[i] -= h;
            double numeric = (Ops.sum(f.apply(Ops.constant(plus))).itemAsDouble()
                    - Ops.sum(f.apply(Ops.constant(minus))).itemAsDouble()) / (2 * h);
            assertEquals(numeric, a[i], 1e-6 * Math.max(1, Math.abs(numeric)), name + " at " + POINTS[i]);
        }
    }

    @Test
    void activations() {
        check("gelu", Ops::gelu);
        check("gelu tanh", t -> Ops.gelu(t, true));
        check("softplus", Ops::softplus);
        check("softsign", Ops::softsign);
        check("elu", Ops::elu);
        check("selu", Ops::selu);
        check("silu", Ops::silu);
        check("leakyRelu", Ops::leakyRelu);
        check("hardSigmoid", Ops::hardSigmoid);
        check("erf", Ops::erf);
        check("tanh", Ops::tanh);
    }

    @Test
    void elementwise() {
        check("log1p abs", t -> Ops.log1p(Ops.abs(t)));
        check("expm1", Ops::expm1);
        check("sqrt of square+1", t -> Ops.sqrt(Ops.add(Ops.square(t), 1.0)));
        check("rsqrt", t -> Ops.rsqrt(Ops.add(Ops.square(t), 1.0)));
        check("reciprocal", Ops::reciprocal);
        check("sin cos", t -> Ops.multiply(Ops.sin(t), Ops.cos(t)));
        check("power", t -> Ops.power(Ops.abs(t), t));
        check("minimum", t -> Ops.minimum(t, Ops.square(t)));
    }

    @Test
    void reductionsAndSoftmax() {
        check("var", t -> Ops.multiply(Ops.var(t), t));
        check("std", t -> Ops.multiply(Ops.std(t), t));
        check("logsumexp", t -> Ops.multiply(Ops.logsumexp(t), t));
        check("softmax", t -> Ops.multiply(Ops.softmax(t), t));
        check("logSoftmax", t -> Ops.multiply(Ops.logSoftmax(t), t));
        check("prod", t -> Ops.multiply(Ops.prod(t), t));
        check("dot", t -> Ops.dot(Ops.reshape(t, 2, 2), Ops.reshape(Ops.square(t), 2, 2)));
    }
}

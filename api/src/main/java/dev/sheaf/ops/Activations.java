package dev.sheaf.ops;

import dev.sheaf.autodiff.GradientTape;
import dev.sheaf.spi.UnaryOp;
import dev.sheaf.tensor.Tensor;

/**
 * The activation functions that are not backend primitives, as Keras 3 defines them. Most are composed of
 * differentiable ops, so their gradients come from the composition; softplus and softsign get a rule of their own
 * because the composition's derivative is wrong at 0 (abs has no derivative there).
 */
final class Activations {
    /** Keras's SELU constants. */
    static final double SELU_ALPHA = 1.6732632423543772848170429916717;
    static final double SELU_SCALE = 1.0507009873554804934193349852946;
    private static final double SQRT_2_OVER_PI = Math.sqrt(2.0 / Math.PI);

    private Activations() {
    }

    /** {@code min(max(x, 0), 6)}. */
    static Tensor relu6(Tensor x) {
        return Ops.clip(Promote.toFloat(Check.open("relu6", x)), 0.0, 6.0);
    }

    /** Keras 3: {@code relu6(x + 3) / 6}. */
    static Tensor hardSigmoid(Tensor x) {
        return Ops.divide(relu6(Ops.add(Promote.toFloat(Check.open("hardSigmoid", x)), 3.0)), 6.0);
    }

    /** {@code log(1 + e^x)}, as {@code relu(x) + log1p(e^-|x|)} so that it neither overflows nor underflows. */
    static Tensor softplus(Tensor x) {
        Tensor xf = Promote.toFloat(Check.open("softplus", x));
        Tensor y;
        GradientTape.Pause pause = GradientTape.stopRecording();
        try {
            y = Ops.add(Ops.relu(xf), Ops.log1p(Ops.exp(Ops.negative(Ops.abs(xf)))));
        } finally {
            pause.close();
        }
        return GradientTape.record(y, (g, i) -> Ops.multiply(g, Ops.sigmoid(xf)), xf);
    }

    /** {@code x / (1 + |x|)}. */
    static Tensor softsign(Tensor x) {
        Tensor xf = Promote.toFloat(Check.open("softsign", x));
        Tensor y;
        GradientTape.Pause pause = GradientTape.stopRecording();
        try {
            y = Ops.divide(xf, Ops.add(Ops.abs(xf), 1.0));
        } finally {
            pause.close();
        }
        return GradientTape.record(y, (g, i) -> Ops.divide(g, Ops.square(Ops.add(Ops.abs(xf), 1.0))), xf);
    }

    /** {@code x > 0 ? x : alpha * (e^x - 1)}. */
    static Tensor elu(Tensor x, double alpha) {
        Tensor xf = Promote.toFloat(Check.open("elu", x));
        // expm1 of min(x, 0): the branch that where() discards must not overflow, or its zero gradient becomes NaN.
        Tensor negative = Ops.multiply(Ops.expm1(Ops.minimum(xf, 0.0)), alpha);
        return Ops.where(Ops.greater(xf, 0.0), xf, negative);
    }

    /** {@code scale * elu(x, alpha)} with Keras's constants. */
    static Tensor selu(Tensor x) {
        return Ops.multiply(elu(x, SELU_ALPHA), SELU_SCALE);
    }

    /**
     * GELU: exact {@code x * Φ(x) = 0.5 x (1 + erf(x / √2))}, or the tanh approximation
     * {@code 0.5 x (1 + tanh(√(2/π) (x + 0.044715 x³)))}.
     */
    static Tensor gelu(Tensor x, boolean approximate) {
        Tensor xf = Promote.toFloat(Check.open("gelu", x));
        Tensor inner;
        if (approximate) {
            Tensor cubic = Ops.multiply(Ops.power(xf, 3.0), 0.044715);
            inner = Ops.tanh(Ops.multiply(Ops.add(xf, cubic), SQRT_2_OVER_PI));
        } else {
            inner = Elementwise.floatUnary("gelu", UnaryOp.ERF, Ops.multiply(xf, Math.sqrt(0.5)));
        }
        return Ops.multiply(Ops.multiply(xf, 0.5), Ops.add(inner, 1.0));
    }

    /** {@code x * sigmoid(x)} (also called swish). */
    static Tensor silu(Tensor x) {
        Tensor xf = Promote.toFloat(Check.open("silu", x));
        return Ops.multiply(xf, Ops.sigmoid(xf));
    }

    /** {@code x > 0 ? x : negativeSlope * x}. */
    static Tensor leakyRelu(Tensor x, double negativeSlope) {
        Tensor xf = Promote.toFloat(Check.open("leakyRelu", x));
        return Ops.where(Ops.greater(xf, 0.0), xf, Ops.multiply(xf, negativeSlope));
    }
}

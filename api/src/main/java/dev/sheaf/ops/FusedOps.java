package dev.sheaf.ops;

import dev.sheaf.autodiff.GradientRule;
import dev.sheaf.autodiff.GradientTape;
import dev.sheaf.spi.Backend;
import dev.sheaf.spi.UnaryOp;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;

/**
 * Ops that run as one backend call where the composition would take several: the dense layer, softmax
 * cross-entropy and the relu gradient. Each is recorded as one node whose gradient rule reuses what the forward pass
 * computed.
 */
final class FusedOps {
    private FusedOps() {
    }

    // ------------------------------------------------------------------ dense

    /** Whether {@link #dense} fuses {@code activation} (its gradient comes from the output alone). */
    static boolean fusesActivation(UnaryOp activation) {
        return activation == null || activation == UnaryOp.RELU || activation == UnaryOp.SIGMOID
                || activation == UnaryOp.TANH;
    }

    /** {@code activation(x · kernel + bias)} through {@link Backend#dense}; see {@link Ops#dense}. */
    static Tensor dense(Tensor x, Tensor kernel, Tensor bias, UnaryOp activation) {
        Backend backend = Check.backend("dense", x, kernel);
        if (bias != null) {
            Check.backend("dense", x, bias);
        }
        if (!fusesActivation(activation)) {
            throw new IllegalArgumentException("dense: the activation " + activation + " cannot be fused (its "
                    + "gradient needs the pre-activation); give null, RELU, SIGMOID or TANH, or apply it after a "
                    + "linear dense");
        }
        if (x.rank() < 2 || kernel.rank() != 2) {
            throw new IllegalArgumentException("dense: needs x of rank >= 2 [..., in] and a kernel [in, out]; got x "
                    + x.shape() + " and kernel " + kernel.shape());
        }
        long in = kernel.shape().dim(0);
        long out = kernel.shape().dim(1);
        if (x.shape().dim(-1) != in) {
            throw new IllegalArgumentException("dense: x " + x.shape() + " and kernel " + kernel.shape()
                    + " are not aligned: the inner dimensions " + x.shape().dim(-1) + " and " + in + " differ");
        }
        if (bias != null && (bias.rank() != 1 || bias.shape().dim(0) != out)) {
            throw new IllegalArgumentException("dense: the bias " + bias.shape() + " must have shape [" + out
                    + "] for the kernel " + kernel.shape());
        }
        DType dt = x.dtype();
        if (!dt.isFloating() || kernel.dtype() != dt || (bias != null && bias.dtype() != dt)) {
            // Mixed or integer dtypes: the composition promotes exactly as matmul and add do.
            Tensor y = Ops.matmul(x, kernel);
            if (bias != null) {
                y = Ops.add(y, bias);
            }
            return activation == null ? y : Elementwise.floatUnary("dense", activation, y);
        }
        Tensor y = backend.dense(x, kernel, bias, activation);
        return GradientTape.record(y, new DenseRule(x, kernel, bias, y, activation), bias == null
                ? new Tensor[] {x, kernel} : new Tensor[] {x, kernel, bias});
    }

    /**
     * The three gradients of a fused dense share {@code dz}, the upstream gradient taken back through the activation
     * (from the output: relu passes where {@code y > 0}, sigmoid multiplies by {@code y (1 - y)}, tanh by
     * {@code 1 - y^2}); it is computed once per upstream tensor. Everything is built from recorded ops, so outer
     * tapes see the backward pass (higher-order gradients).
     */
    private static final class DenseRule implements GradientRule {
        private final Tensor x;
        private final Tensor kernel;
        private final Tensor bias;
        private final Tensor y;
        private final UnaryOp activation;
        private Tensor lastUpstream;
        private Tensor dz;

        DenseRule(Tensor x, Tensor kernel, Tensor bias, Tensor y, UnaryOp activation) {
            this.x = x;
            this.kernel = kernel;
            this.bias = bias;
            this.y = y;
            this.activation = activation;
        }

        private Tensor dz(Tensor g) {
            if (g != lastUpstream || dz == null || dz.isClosed()) {
                lastUpstream = g;
                dz = activation == null ? g : switch (activation) {
                    case RELU -> reluBackward(g, y);
                    case SIGMOID -> Ops.multiply(g, Ops.multiply(y, Ops.subtract(1.0, y)));
                    case TANH -> Ops.multiply(g, Ops.subtract(1.0, Ops.square(y)));
                    default -> throw new IllegalStateException("dense: unfused activation " + activation);
                };
            }
            return dz;
        }

        @Override
        public Tensor gradient(Tensor upstream, int input) {
            Tensor d = dz(upstream);
            long in = kernel.shape().dim(0);
            long out = kernel.shape().dim(1);
            return switch (input) {
                case 0 -> x.rank() == 2 ? Ops.matmul(d, kernel, false, true)
                        : Ops.reshape(Ops.matmul(Ops.reshape(d, -1, out), kernel, false, true), x.shape());
                case 1 -> x.rank() == 2 ? Ops.matmul(x, d, true, false)
                        : Ops.matmul(Ops.reshape(x, -1, in), Ops.reshape(d, -1, out), true, false);
                case 2 -> Ops.sum(x.rank() == 2 ? d : Ops.reshape(d, -1, out), 0);
                default -> null;
            };
        }
    }

    // ------------------------------------------------------------------ relu gradient

    /**
     * {@code grad} where {@code x > 0}, else 0, through {@link Backend#reluBackward}: one backend call instead of a
     * comparison and a select. Linear in {@code grad} (so its own gradient is itself); piecewise constant in {@code x}.
     */
    static Tensor reluBackward(Tensor grad, Tensor x) {
        Backend backend = Check.backend("reluBackward", grad, x);
        if (!grad.shape().equals(x.shape()) || grad.dtype() != x.dtype() || !x.dtype().isFloating()) {
            // Broadcast or mixed operands: the general composition.
            return Ops.where(Ops.greater(x, 0.0), grad, 0.0);
        }
        Tensor r = backend.reluBackward(grad, x);
        return GradientTape.record(r, (u, i) -> i == 0 ? reluBackward(u, x) : null, grad, x);
    }

    // ------------------------------------------------------------------ softmax cross-entropy

    /** {@code -sum(labels * logSoftmax(logits), axis)} through {@link Backend#softmaxCrossEntropy}. */
    static Tensor softmaxCrossEntropy(Tensor logits, Tensor labels, int axis) {
        Check.backend("softmaxCrossEntropy", logits, labels);
        if (logits.rank() == 0) {
            throw new IllegalArgumentException("softmaxCrossEntropy: the logits need a class axis, got "
                    + logits.describe());
        }
        if (!labels.shape().equals(logits.shape())) {
            throw new IllegalArgumentException("softmaxCrossEntropy: labels " + labels.shape()
                    + " must have the logits' shape " + logits.shape() + " (a distribution over the class axis)");
        }
        int a = Check.axis("softmaxCrossEntropy", axis, logits.rank(), logits.shape());
        Tensor[] p = Promote.common("softmaxCrossEntropy", logits, labels, true, true);
        Tensor z = p[0];
        Tensor t = p[1];
        Tensor y = z.backend().softmaxCrossEntropy(z, t, a);
        Shape kept = z.shape().with(a, 1);
        return GradientTape.record(y, (g, i) -> {
            if (i == 0 && !GradientTape.isRecording()) {
                // The usual training step: one fused backend op. An enclosing tape that records (higher-order
                // gradients) needs the formula below as recorded ops instead.
                Tensor u = g.dtype() == z.dtype() ? g : Ops.cast(g, z.dtype());
                return z.backend().softmaxCrossEntropyBackward(z, t, u, a);
            }
            Tensor gk = Ops.reshape(g, kept);
            if (i == 0) {
                // d/dz of -sum(t * (z - logsumexp z)) = softmax(z) * sum(t) - t
                Tensor sm = Ops.softmax(z, a);
                return Ops.multiply(gk, Ops.subtract(Ops.multiply(sm, Ops.sum(t, new int[] {a}, true)), t));
            }
            return Ops.multiply(gk, Ops.negative(Ops.logSoftmax(z, a)));
        }, z, t);
    }
}

package dev.sheaf.benchmarks;

import dev.sheaf.autodiff.GradientTape;
import dev.sheaf.autodiff.Variable;
import dev.sheaf.ops.Ops;
import dev.sheaf.optimizers.Optimizer;
import dev.sheaf.spi.UnaryOp;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import dev.sheaf.tensor.TensorScope;
import java.util.List;

/**
 * The W1/W4 model, {@code Flatten 784 → Dense 128 relu → Dense 10 softmax}, written with {@link Ops} exactly as the
 * Keras {@code Dense} layer computes it ({@link Ops#dense}: matmul, bias and activation as one op), on the active
 * backend. Training uses the fused softmax + sparse cross-entropy the workload rules allow
 * ({@link Ops#softmaxCrossEntropy} of the logits, as the Keras losses do on a softmax output).
 */
final class Mlp implements AutoCloseable {
    private final Variable w1;
    private final Variable b1;
    private final Variable w2;
    private final Variable b2;
    private final List<Variable> params;

    /** Glorot-uniform kernels and zero biases, as Keras's Dense. */
    Mlp(long seed) {
        w1 = new Variable("w1", glorot(FashionMnist.PIXELS, 128, seed));
        b1 = new Variable("b1", Ops.zeros(128));
        w2 = new Variable("w2", glorot(128, 10, seed + 1));
        b2 = new Variable("b2", Ops.zeros(10));
        params = List.of(w1, b1, w2, b2);
    }

    private static Tensor glorot(int in, int out, long seed) {
        double limit = Math.sqrt(6.0 / (in + out));
        return Ops.uniform(Shape.of(in, out), -limit, limit, seed);
    }

    Tensor logits(Tensor x) {
        Tensor h = Ops.dense(x, w1.value(), b1.value(), UnaryOp.RELU);
        return Ops.dense(h, w2.value(), b2.value(), null);
    }

    /**
     * One training step on host data: builds the batch tensors (part of the timed work, as the rules ask), computes
     * the mean cross-entropy and its gradients, and applies {@code optimizer}.
     *
     * @return the loss, as a tensor kept out of the step's scope only when {@code wantLoss}
     */
    float step(float[] x, int[] y, int n, Optimizer optimizer, boolean wantLoss) {
        try (TensorScope scope = TensorScope.open()) {
            Tensor xb = Ops.constant(x, n, FashionMnist.PIXELS);
            Tensor yb = Ops.constant(y, n);
            Tensor loss;
            List<Tensor> grads;
            try (GradientTape tape = new GradientTape()) {
                Tensor oneHot = Ops.oneHot(yb, 10);
                loss = Ops.mean(Ops.softmaxCrossEntropy(logits(xb), oneHot, 1));
                grads = tape.gradient(loss, params);
            }
            optimizer.applyGradients(grads, params);
            return wantLoss ? loss.item() : Float.NaN;
        }
    }

    /** Keras-style predict of one batch: softmax probabilities copied to a host array. */
    float[] predict(float[] x, int n) {
        try (TensorScope scope = TensorScope.open()) {
            return Ops.softmax(logits(Ops.constant(x, n, FashionMnist.PIXELS)), 1).toFloatArray();
        }
    }

    @Override
    public void close() {
        params.forEach(Variable::close);
    }
}

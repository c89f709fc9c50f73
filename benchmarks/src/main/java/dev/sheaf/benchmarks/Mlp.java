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
     * One training step on the next batch of {@code batches} (the gather is part of the timed work, as the rules
     * ask): the mean cross-entropy, its gradients, and {@code optimizer}'s update.
     *
     * @return the loss when {@code wantLoss}, else NaN (reading it back would synchronise a device backend)
     */
    float step(DeviceBatches batches, Optimizer optimizer, boolean wantLoss) {
        try (TensorScope scope = TensorScope.open()) {
            Tensor[] xy = batches.next();
            return train(xy[0], xy[1], optimizer, wantLoss);
        }
    }

    /** {@link #step(DeviceBatches, Optimizer, boolean)} on a batch of host data, turned into tensors first. */
    float step(float[] x, int[] y, int n, Optimizer optimizer, boolean wantLoss) {
        try (TensorScope scope = TensorScope.open()) {
            return train(Ops.constant(x, n, FashionMnist.PIXELS), Ops.constant(y, n), optimizer, wantLoss);
        }
    }

    private float train(Tensor x, Tensor y, Optimizer optimizer, boolean wantLoss) {
        Tensor loss;
        List<Tensor> grads;
        try (GradientTape tape = new GradientTape()) {
            Tensor oneHot = Ops.oneHot(y, 10);
            loss = Ops.mean(Ops.softmaxCrossEntropy(logits(x), oneHot, 1));
            grads = tape.gradient(loss, params);
        }
        optimizer.applyGradients(grads, params);
        return wantLoss ? loss.item() : Float.NaN;
    }

    /** Keras-style predict of one batch: softmax probabilities copied to a host array. */
    float[] predict(float[] x, int n) {
        try (TensorScope scope = TensorScope.open()) {
            return Ops.softmax(logits(Ops.constant(x, n, FashionMnist.PIXELS)), 1).toFloatArray();
        }
    }

    /** {@link #predict(float[], int)} of rows {@code [from, from + n)} of a data set held as a tensor. */
    float[] predict(Tensor rows, int from, int n) {
        try (TensorScope scope = TensorScope.open()) {
            Tensor x = Ops.slice(rows, new int[] {from, 0}, new int[] {n, FashionMnist.PIXELS});
            return Ops.softmax(logits(x), 1).toFloatArray();
        }
    }

    @Override
    public void close() {
        params.forEach(Variable::close);
    }
}

package dev.sheaf.benchmarks;

import dev.sheaf.autodiff.GradientTape;
import dev.sheaf.autodiff.Variable;
import dev.sheaf.initializers.Orthogonal;
import dev.sheaf.ops.Ops;
import dev.sheaf.optimizers.Optimizer;
import dev.sheaf.spi.RnnCell;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import dev.sheaf.tensor.TensorScope;
import java.util.List;

/**
 * The W3 model, {@code 28 timesteps × 28 features → LSTM 128 → last state → Dense 10 softmax}, written with
 * {@link Ops} as Keras's {@code LSTM} and {@code Dense} compute it: {@link Ops#rnn} over the whole sequence from zero
 * states (one backend call forward, one backward), then {@link Ops#dense} on the last state. Keras's initializers:
 * Glorot-uniform kernels, an orthogonal recurrent kernel, zero biases except the forget gate's ones
 * ({@code unit_forget_bias=True}). Training uses the fused softmax + cross-entropy of the logits, as W1 does.
 */
final class Lstm implements AutoCloseable {
    static final int STEPS = 28;
    static final int FEATURES = 28;
    static final int UNITS = 128;

    private final Variable kernel;
    private final Variable recurrentKernel;
    private final Variable bias;
    private final Variable w;
    private final Variable b;
    private final List<Variable> params;

    Lstm(long seed) {
        kernel = new Variable("lstm/kernel", glorot(FEATURES, 4 * UNITS, seed));
        recurrentKernel = new Variable("lstm/recurrent_kernel",
                new Orthogonal(1.0, seed + 1).initialize(Shape.of(UNITS, 4 * UNITS), DType.FLOAT32));
        float[] bv = new float[4 * UNITS];
        java.util.Arrays.fill(bv, UNITS, 2 * UNITS, 1f);
        bias = new Variable("lstm/bias", Ops.constant(bv, 4 * UNITS));
        w = new Variable("dense/kernel", glorot(UNITS, 10, seed + 2));
        b = new Variable("dense/bias", Ops.zeros(10));
        params = List.of(kernel, recurrentKernel, bias, w, b);
    }

    private static Tensor glorot(int in, int out, long seed) {
        double limit = Math.sqrt(6.0 / (in + out));
        return Ops.uniform(Shape.of(in, out), -limit, limit, seed);
    }

    Tensor logits(Tensor rows) {
        long n = rows.shape().dim(0);
        Tensor x = Ops.reshape(rows, n, STEPS, FEATURES);
        Tensor last = Ops.rnn(RnnCell.LSTM, x, kernel.value(), recurrentKernel.value(), bias.value()).lastH();
        return Ops.dense(last, w.value(), b.value(), null);
    }

    /**
     * One training step on the next batch of {@code batches} (the gather is part of the timed work).
     *
     * @return the loss when {@code wantLoss}, else NaN
     */
    float step(DeviceBatches batches, Optimizer optimizer, boolean wantLoss) {
        try (TensorScope scope = TensorScope.open()) {
            Tensor[] xy = batches.next();
            Tensor loss;
            List<Tensor> grads;
            try (GradientTape tape = new GradientTape()) {
                loss = Ops.mean(Ops.softmaxCrossEntropy(logits(xy[0]), Ops.oneHot(xy[1], 10), 1));
                grads = tape.gradient(loss, params);
            }
            optimizer.applyGradients(grads, params);
            return wantLoss ? loss.item() : Float.NaN;
        }
    }

    @Override
    public void close() {
        params.forEach(Variable::close);
    }
}

package dev.sheaf.examples;

import dev.sheaf.Sheaf;
import dev.sheaf.autodiff.GradientTape;
import dev.sheaf.autodiff.Variable;
import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import dev.sheaf.tensor.TensorScope;
import java.util.List;

/**
 * A two-layer perceptron ({@code inputs → hidden relu → classes}) written with nothing but {@link Ops},
 * {@link Variable} and {@link GradientTape}, trained by a hand-written SGD step. It shows what the Keras-level API is
 * built from, and serves as the end-to-end check of the engine.
 */
public final class OpsMlp implements AutoCloseable {
    private final Variable w1;
    private final Variable b1;
    private final Variable w2;
    private final Variable b2;

    /** Glorot-uniform kernels and zero biases, as Keras's Dense; seeded through {@link Sheaf#setSeed}. */
    public OpsMlp(int inputs, int hidden, int classes) {
        w1 = new Variable("w1", glorotUniform(inputs, hidden));
        b1 = new Variable("b1", Ops.zeros(hidden));
        w2 = new Variable("w2", glorotUniform(hidden, classes));
        b2 = new Variable("b2", Ops.zeros(classes));
    }

    private static Tensor glorotUniform(int fanIn, int fanOut) {
        double limit = Math.sqrt(6.0 / (fanIn + fanOut));
        return Ops.uniform(Shape.of(fanIn, fanOut), -limit, limit);
    }

    /** The logits for a batch {@code [n, inputs]}. */
    public Tensor logits(Tensor x) {
        Tensor h = Ops.relu(Ops.add(Ops.matmul(x, w1.value()), b1.value()));
        return Ops.add(Ops.matmul(h, w2.value()), b2.value());
    }

    /**
     * One SGD step on a batch; returns the mean softmax cross-entropy before the update.
     *
     * @param x      {@code [n, inputs]} float32
     * @param labels {@code [n]} class indices (int32)
     */
    public float trainStep(Tensor x, Tensor labels, float learningRate) {
        try (TensorScope scope = TensorScope.open()) {
            Tensor loss;
            List<Tensor> grads;
            List<Variable> params = List.of(w1, b1, w2, b2);
            try (GradientTape tape = new GradientTape()) {
                Tensor logits = logits(x);
                Tensor oneHot = Ops.oneHot(labels, logits.shape().size(-1));
                loss = Ops.negative(Ops.mean(Ops.sum(Ops.multiply(oneHot, Ops.logSoftmax(logits)), 1)));
                grads = tape.gradient(loss, params);
            }
            for (int i = 0; i < params.size(); i++) {
                params.get(i).assignSub(Ops.multiply(grads.get(i), learningRate));
            }
            return loss.item();
        }
    }

    /** Predicted classes for a batch. */
    public int[] predict(Tensor x) {
        try (TensorScope scope = TensorScope.open()) {
            return Ops.argmax(logits(x), 1).toIntArray();
        }
    }

    /** The trainable variables, in order w1, b1, w2, b2. */
    public List<Variable> variables() {
        return List.of(w1, b1, w2, b2);
    }

    @Override
    public void close() {
        for (Variable v : variables()) {
            v.close();
        }
    }
}

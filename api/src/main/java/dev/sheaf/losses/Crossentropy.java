package dev.sheaf.losses;

import dev.sheaf.ops.Ops;
import dev.sheaf.ops.SoftmaxLogits;
import dev.sheaf.tensor.Tensor;

/** What the categorical crossentropies share: Keras's log-probabilities of a prediction. */
final class Crossentropy {
    private Crossentropy() {
    }

    /**
     * {@code log_softmax(y_pred)} for logits; otherwise the log of {@code y_pred} normalised to sum to 1 along
     * {@code axis} and clipped to {@code [1e-7, 1 - 1e-7]}, as Keras.
     */
    static Tensor logProbabilities(Tensor yPred, boolean fromLogits, int axis) {
        if (fromLogits) {
            return Ops.logSoftmax(yPred, axis);
        }
        Tensor normalised = Ops.divide(yPred, Ops.sum(yPred, new int[] {axis}, true));
        return Ops.log(Ops.clip(normalised, Losses.EPSILON, 1.0 - Losses.EPSILON));
    }

    /**
     * The logits to compute the crossentropy from with {@link Ops#softmaxCrossEntropy}, or {@code null} for the
     * probability path of {@link #logProbabilities}: {@code y_pred} itself when {@code fromLogits}; otherwise the
     * logits of a {@code y_pred} that {@code Ops.softmax} computed along {@code axis} (a Dense or Activation layer
     * with the softmax activation). The latter is what Keras 3 does on its TensorFlow backend ({@code _keras_logits},
     * {@code keras/src/backend/tensorflow/nn.py} {@code _get_logits}): the loss is the same up to float rounding where
     * the probabilities are not clipped, exact where they are (a probability below 1e-7 or above 1 - 1e-7), and one
     * fused op with an exact gradient instead of normalise, clip and log. (Keras on JAX or PyTorch clips.) As in
     * Keras on TensorFlow, the loss then depends on the logits, not on the {@code y_pred} tensor itself: a gradient
     * asked with respect to a watched {@code y_pred} is zero; pass a copy ({@code Ops.copy}) to differentiate
     * through the probabilities.
     */
    static Tensor logits(Tensor yPred, boolean fromLogits, int axis) {
        return fromLogits ? yPred : SoftmaxLogits.of(yPred, axis);
    }

    static double checkSmoothing(String loss, double labelSmoothing) {
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
            throw new IllegalArgumentException(loss + ": labelSmoothing must be in [0, 1], got " + labelSmoothing);
        }
        return labelSmoothing;
    }
}

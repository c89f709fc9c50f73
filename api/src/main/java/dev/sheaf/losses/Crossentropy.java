package dev.sheaf.losses;

import dev.sheaf.ops.Ops;
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

    static double checkSmoothing(String loss, double labelSmoothing) {
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
            throw new IllegalArgumentException(loss + ": labelSmoothing must be in [0, 1], got " + labelSmoothing);
        }
        return labelSmoothing;
    }
}

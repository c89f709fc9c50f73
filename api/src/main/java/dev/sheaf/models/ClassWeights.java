package dev.sheaf.models;

import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Tensor;
import java.util.Map;

/**
 * Keras's {@code class_weight}: per-sample weights looked up from each target's class, computed on the device from
 * the batch (class index = argmax of a one-hot target, else the rounded label) so no batch goes to the host.
 */
final class ClassWeights {
    private final Tensor table;

    /**
     * Creates the lookup table in the current scope.
     *
     * @throws IllegalArgumentException unless the keys are exactly 0 to the number of classes - 1
     */
    ClassWeights(Map<Integer, Double> weights) {
        int n = weights.size();
        float[] t = new float[n];
        for (int i = 0; i < n; i++) {
            Double w = weights.get(i);
            if (w == null) {
                throw new IllegalArgumentException("fit: classWeight must have the keys 0 to " + (n - 1)
                        + " (one per class), got " + weights.keySet());
            }
            t[i] = w.floatValue();
        }
        this.table = Ops.constant(t, n);
    }

    /** The weight of each sample of the batch of targets {@code y}. */
    Tensor weightsFor(Tensor y) {
        Tensor classes;
        if (y.rank() >= 2 && y.shape().dim(y.rank() - 1) > 1) {
            classes = Ops.argmax(y, -1);
        } else {
            Tensor labels = y.rank() >= 2 ? Ops.squeeze(y, -1) : y;
            classes = labels.dtype().isFloating() ? Ops.round(labels) : labels;
        }
        return Ops.take(table, Ops.cast(classes, DType.INT32), 0);
    }
}

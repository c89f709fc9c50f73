package dev.sheaf.metrics;

import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.Tensor;

/**
 * Keras's {@code in_top_k}: a label is in the top {@code k} when fewer than {@code k} classes score strictly higher,
 * so ties at the boundary count as hits; a NaN score never does.
 */
final class InTopK {
    private InTopK() {
    }

    /** One 0/1 float32 value per row of {@code predictions} (classes on the last axis), shaped like the labels. */
    static Tensor matches(int[] labels, Tensor predictions, int k, long[] labelShape) {
        int classes = (int) predictions.shape().dim(predictions.rank() - 1);
        double[] p = predictions.toDoubleArray();
        float[] out = new float[labels.length];
        for (int row = 0; row < labels.length; row++) {
            int base = row * classes;
            double target = p[base + labels[row]];
            if (Double.isNaN(target)) {
                continue;
            }
            int higher = 0;
            for (int c = 0; c < classes; c++) {
                if (p[base + c] > target) {
                    higher++;
                }
            }
            out[row] = 1 + higher <= k ? 1f : 0f;
        }
        return Ops.constant(out, labelShape);
    }

    static int checkK(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("Top-k accuracy: k must be >= 1, got " + k);
        }
        return k;
    }
}

package dev.sheaf.losses;

import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.Tensor;

/** Keras's {@code convert_binary_labels_to_hinge}: labels that are all 0 or 1 become -1 or 1; others stay. */
final class HingeLabels {
    private HingeLabels() {
    }

    static Tensor toSigned(Tensor yTrue) {
        // Labels are data, never differentiated, so deciding on the host is cheap and exact.
        for (double v : yTrue.toDoubleArray()) {
            if (v != 0 && v != 1) {
                return yTrue;
            }
        }
        return Ops.subtract(Ops.multiply(yTrue, 2.0), 1.0);
    }
}

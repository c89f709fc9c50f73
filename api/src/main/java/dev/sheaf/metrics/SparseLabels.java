package dev.sheaf.metrics;

import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;

/** Integer labels checked against predictions with a class axis, a trailing 1 squeezed as Keras does. */
final class SparseLabels {
    private SparseLabels() {
    }

    static Tensor of(String type, String name, Tensor yTrue, Tensor yPred) {
        Shape t = yTrue.shape();
        Shape p = yPred.shape();
        if (p.rank() == 0) {
            throw Shapes.error(type, name, t, p, "y_pred needs a class axis");
        }
        Tensor labels = t.rank() == p.rank() && t.rank() > 0 && t.dim(t.rank() - 1) == 1 ? Ops.squeeze(yTrue, -1) : yTrue;
        if (!labels.shape().equals(p.subShape(0, p.rank() - 1))) {
            throw Shapes.error(type, name, t, p, "y_true must have y_pred's shape without its last (class) axis, "
                    + "optionally with a trailing 1; for one-hot labels use the categorical metric");
        }
        return labels;
    }
}

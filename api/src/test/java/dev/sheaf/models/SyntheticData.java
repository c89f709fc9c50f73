package dev.sheaf.models;

import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;

/** Small, seeded, learnable classification problems for the model tests. */
final class SyntheticData {
    private SyntheticData() {
    }

    /** Features of shape (n, features), uniform in [-1, 1]. */
    static Tensor features(int n, int features, long seed) {
        return Ops.uniform(Shape.of(n, features), -1, 1, seed);
    }

    /** Class labels (n,) int32: the argmax of a fixed linear map of {@code x} into {@code classes} scores. */
    static Tensor labels(Tensor x, int classes, long seed) {
        Tensor w = Ops.normal(Shape.of(x.shape().dim(1), classes), 0, 1, seed);
        return Ops.cast(Ops.argmax(Ops.matmul(x, w), 1), DType.INT32);
    }

    /** One-hot float32 targets of labels. */
    static Tensor oneHot(Tensor labels, int classes) {
        return Ops.oneHot(labels, classes, DType.FLOAT32);
    }
}

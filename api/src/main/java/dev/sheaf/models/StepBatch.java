package dev.sheaf.models;

import dev.sheaf.tensor.Tensor;
import java.util.List;

/**
 * One batch for a step: the model inputs, the targets ({@code null} for predict) and per-sample weights
 * ({@code null} for none). Its tensors belong to the step's scope.
 */
record StepBatch(List<Tensor> xs, List<Tensor> ys, Tensor sampleWeight) {
    /** Number of samples. */
    long size() {
        return xs.get(0).shape().dim(0);
    }
}

package dev.sheaf.autodiff;

import dev.sheaf.tensor.Tensor;
import org.apiguardian.api.API;

/**
 * The backward half of a differentiable op: given the gradient of the target with respect to the op's output, the
 * gradient with respect to one of its inputs.
 *
 * <p>A rule is written with {@code dev.sheaf.ops.Ops}, so that an enclosing {@link GradientTape} records it and
 * higher-order gradients work. It may return a gradient of the output's (broadcast) shape: the tape sums it back to
 * the input's shape. It returns {@code null} when the input has no gradient (an index, a condition).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
@FunctionalInterface
public interface GradientRule {

    /**
     * @param upstream the gradient with respect to the op's output (the output's shape and dtype)
     * @param input    which input of the op, in the order they were recorded
     * @return the gradient with respect to that input, or {@code null} for none
     */
    Tensor gradient(Tensor upstream, int input);
}

package dev.sheaf.ops;

import dev.sheaf.tensor.Tensor;
import org.apiguardian.api.API;

/**
 * What {@link Ops#batchNormalization} returns: the normalized tensor and the batch statistics it used.
 *
 * @param y        the normalized, scaled and shifted tensor, of the input's shape
 * @param mean     the per-channel mean of the batch, {@code [C]}
 * @param variance the per-channel biased variance (divided by the count) of the batch, {@code [C]}; a Keras
 *                 BatchNormalization layer folds it into its moving variance as is
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record NormalizationResult(Tensor y, Tensor mean, Tensor variance) {
}

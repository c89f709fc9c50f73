package dev.sheaf.losses;

import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.Tensor;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * Binary crossentropy, as {@code keras.losses.BinaryCrossentropy}, averaged over {@code axis} (default -1).
 *
 * <p>Probabilities are clipped to {@code [1e-7, 1 - 1e-7]} as Keras does in float32, so a certain wrong prediction
 * costs {@code -log(1e-7) ≈ 16.118} rather than infinity. With {@code fromLogits} (default false) the loss is
 * computed from logits in the stable form {@code max(x, 0) - x * z + log(1 + exp(-|x|))}, without clipping. A
 * {@code labelSmoothing} of {@code s} (default 0) squeezes labels towards 0.5: {@code z * (1 - s) + 0.5 * s}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class BinaryCrossentropy extends CrossentropyLoss<BinaryCrossentropy> {
    /** The loss named {@code "binary_crossentropy"} on probabilities. */
    public BinaryCrossentropy() {
        this(false);
    }

    /** The loss on logits when {@code fromLogits}, else on probabilities. */
    public BinaryCrossentropy(boolean fromLogits) {
        super("binary_crossentropy", fromLogits);
    }

    @Override
    protected Tensor fn(Tensor yTrue, Tensor yPred) {
        Tensor z = labelSmoothing() > 0
                ? Ops.add(Ops.multiply(yTrue, 1.0 - labelSmoothing()), 0.5 * labelSmoothing()) : yTrue;
        Tensor elementwise;
        if (fromLogits()) {
            Tensor x = yPred;
            elementwise = Ops.add(Ops.subtract(Ops.relu(x), Ops.multiply(x, z)),
                    Ops.log1p(Ops.exp(Ops.negative(Ops.abs(x)))));
        } else {
            Tensor p = Ops.clip(yPred, Losses.EPSILON, 1.0 - Losses.EPSILON);
            Tensor pos = Ops.multiply(z, Ops.log(p));
            Tensor neg = Ops.multiply(Ops.subtract(1.0, z), Ops.log(Ops.subtract(1.0, p)));
            elementwise = Ops.negative(Ops.add(pos, neg));
        }
        return Ops.mean(elementwise, axis());
    }

    /** A loss from its Keras config ({@code from_logits}, {@code label_smoothing}, {@code axis}, {@code reduction}). */
    public static BinaryCrossentropy fromConfig(Map<String, Object> config) {
        return configure(new BinaryCrossentropy(fromLogits(config)), config);
    }
}

package dev.sheaf.losses;

import dev.sheaf.ops.Ops;
import dev.sheaf.saving.ConfigValues;
import dev.sheaf.tensor.Tensor;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * {@code -sum(l2_normalize(y_true) * l2_normalize(y_pred), axis)}, as {@code keras.losses.CosineSimilarity}: -1 for
 * identical directions, 0 for orthogonal ones or a zero vector. Default {@code axis} -1.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class CosineSimilarity extends LossFunctionWrapper {
    /** The floor of the squared norm, so that a zero vector normalizes to zero instead of NaN. */
    private static final double NORM_EPSILON = 1e-12;
    private int axis = -1;

    /** The loss named {@code "cosine_similarity"} along the last axis. */
    public CosineSimilarity() {
        super("cosine_similarity");
    }

    /** The loss along {@code axis}. */
    public CosineSimilarity(int axis) {
        this();
        this.axis = axis;
    }

    /** The feature axis. */
    public int axis() {
        return axis;
    }

    @Override
    protected Tensor fn(Tensor yTrue, Tensor yPred) {
        return Ops.negative(Ops.sum(Ops.multiply(normalize(yTrue), normalize(yPred)), axis));
    }

    private Tensor normalize(Tensor x) {
        Tensor squareSum = Ops.sum(Ops.square(x), new int[] {axis}, true);
        return Ops.multiply(x, Ops.rsqrt(Ops.maximum(squareSum, NORM_EPSILON)));
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("axis", axis);
        return c;
    }

    /** A loss from its Keras config ({@code axis}, {@code reduction}). */
    public static CosineSimilarity fromConfig(Map<String, Object> config) {
        return LossFunctionWrapper.withBaseConfig(new CosineSimilarity(ConfigValues.integer(config, "axis", -1)), config);
    }
}

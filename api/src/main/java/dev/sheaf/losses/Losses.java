package dev.sheaf.losses;

import dev.sheaf.spi.LossProvider;
import dev.sheaf.spi.Registry;
import dev.sheaf.tensor.Shape;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * Looks losses up by Keras name, as {@code keras.losses.get}: {@code "mse"}, {@code "categorical_crossentropy"}, or
 * any name a {@link LossProvider} plugin contributes.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Losses {
    /** Keras's {@code backend.epsilon()} for float32, used for clipping. */
    public static final double EPSILON = 1e-7;

    private Losses() {
    }

    /**
     * The loss called {@code name} with its defaults.
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static Loss get(String name) {
        return get(name, Map.of());
    }

    /**
     * The loss called {@code name}, configured from a Keras config map (such as {@code from_logits}).
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones, or for {@code "crossentropy"},
     *                                  which depends on the shapes (see {@link #resolveCrossentropy})
     */
    public static Loss get(String name, Map<String, Object> config) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("A loss name is needed; known losses: " + String.join(", ", names()));
        }
        if (name.equals("crossentropy") || name.equals("ce")) {
            throw new IllegalArgumentException("The loss '" + name + "' depends on the label and prediction shapes; "
                    + "resolve it with Losses.resolveCrossentropy(yTrueShape, yPredShape) first");
        }
        return Registry.global().component(LossProvider.class, "losses", name).apply(config);
    }

    /** Every known loss name, sorted. */
    public static List<String> names() {
        return Registry.global().componentNames(LossProvider.class);
    }

    /**
     * Keras's choice for the loss name {@code "crossentropy"}: {@code "binary_crossentropy"} when y_pred's last
     * dimension is 1; {@code "sparse_categorical_crossentropy"} when y_true has fewer dimensions than y_pred, or a
     * last dimension of 1 against a larger one; else {@code "categorical_crossentropy"}.
     */
    public static String resolveCrossentropy(Shape yTrue, Shape yPred) {
        if (isBinary(yPred)) {
            return "binary_crossentropy";
        }
        return isSparseCategorical(yTrue, yPred) ? "sparse_categorical_crossentropy" : "categorical_crossentropy";
    }

    /** Keras's {@code is_binary}: y_pred's last dimension is 1. */
    public static boolean isBinary(Shape yPred) {
        return yPred.rank() > 0 && yPred.dim(yPred.rank() - 1) == 1;
    }

    /** Keras's {@code is_sparse_categorical}: lower-rank labels, or a last dimension of 1 against a larger one. */
    public static boolean isSparseCategorical(Shape yTrue, Shape yPred) {
        long trueLast = yTrue.rank() > 0 ? yTrue.dim(yTrue.rank() - 1) : -1;
        long predLast = yPred.rank() > 0 ? yPred.dim(yPred.rank() - 1) : -1;
        return yTrue.rank() < yPred.rank() || (trueLast == 1 && predLast > 1);
    }
}

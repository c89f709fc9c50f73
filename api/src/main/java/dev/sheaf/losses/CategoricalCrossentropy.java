package dev.sheaf.losses;

import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * Categorical crossentropy for one-hot labels, {@code -sum(y_true * log(p), axis)}, as
 * {@code keras.losses.CategoricalCrossentropy}.
 *
 * <p>Without {@code fromLogits} (the default), {@code p} is {@code y_pred} divided by its sum along {@code axis},
 * clipped to {@code [1e-7, 1 - 1e-7]}; with it, {@code log p = log_softmax(y_pred)}. A {@code labelSmoothing} of
 * {@code s} (default 0) turns labels into {@code y * (1 - s) + s / num_classes}. Default {@code axis} -1.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class CategoricalCrossentropy extends CrossentropyLoss<CategoricalCrossentropy> {
    /** The loss named {@code "categorical_crossentropy"} on probabilities. */
    public CategoricalCrossentropy() {
        this(false);
    }

    /** The loss on logits when {@code fromLogits}, else on probabilities. */
    public CategoricalCrossentropy(boolean fromLogits) {
        super("categorical_crossentropy", fromLogits);
    }

    @Override
    protected void checkShapes(Shape yTrue, Shape yPred) {
        if (!yTrue.equals(yPred)) {
            throw shapeError(yTrue, yPred, "they must be equal (one-hot labels); for integer class labels use "
                    + "SparseCategoricalCrossentropy (\"sparse_categorical_crossentropy\")");
        }
        if (yPred.rank() == 0) {
            throw shapeError(yTrue, yPred, "y_pred needs a class axis");
        }
    }

    @Override
    protected Tensor fn(Tensor yTrue, Tensor yPred) {
        Tensor t = yTrue;
        if (labelSmoothing() > 0) {
            // Keras divides by the size of the last axis whatever `axis` is.
            double numClasses = yTrue.shape().dim(yTrue.rank() - 1);
            t = Ops.add(Ops.multiply(yTrue, 1.0 - labelSmoothing()), labelSmoothing() / numClasses);
        }
        Tensor logits = Crossentropy.logits(yPred, fromLogits(), axis());
        if (logits != null) {
            return Ops.softmaxCrossEntropy(logits, t, axis());
        }
        return Ops.negative(Ops.sum(Ops.multiply(t, Crossentropy.logProbabilities(yPred, false, axis())), axis()));
    }

    /** A loss from its Keras config ({@code from_logits}, {@code label_smoothing}, {@code axis}, {@code reduction}). */
    public static CategoricalCrossentropy fromConfig(Map<String, Object> config) {
        return configure(new CategoricalCrossentropy(fromLogits(config)), config);
    }
}

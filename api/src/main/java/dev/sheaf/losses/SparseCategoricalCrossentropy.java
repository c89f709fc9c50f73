package dev.sheaf.losses;

import dev.sheaf.ops.Ops;
import dev.sheaf.saving.ConfigValues;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * Categorical crossentropy for integer class labels, as {@code keras.losses.SparseCategoricalCrossentropy}: labels of
 * shape {@code (batch,)} or {@code (batch, 1)} against predictions of shape {@code (batch, classes)}, the classes on
 * the last axis. Probabilities are normalised and clipped as in {@link CategoricalCrossentropy}; {@code fromLogits}
 * (default false) takes logits.
 *
 * <p>An {@code ignoreClass} (default none) marks labels to leave out: their loss is 0 and, with the default
 * reduction, the mean is taken over the remaining entries only.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class SparseCategoricalCrossentropy extends LossFunctionWrapper {
    private boolean fromLogits;
    private Integer ignoreClass;

    /** The loss named {@code "sparse_categorical_crossentropy"} on probabilities. */
    public SparseCategoricalCrossentropy() {
        super("sparse_categorical_crossentropy");
    }

    /** The loss on logits when {@code fromLogits}, else on probabilities. */
    public SparseCategoricalCrossentropy(boolean fromLogits) {
        this();
        this.fromLogits = fromLogits;
    }

    /** Whether {@code y_pred} holds logits. */
    public boolean fromLogits() {
        return fromLogits;
    }

    /** Sets whether {@code y_pred} holds logits. */
    public SparseCategoricalCrossentropy setFromLogits(boolean fromLogits) {
        this.fromLogits = fromLogits;
        return this;
    }

    /** The ignored class, or {@code null}. */
    public Integer ignoreClass() {
        return ignoreClass;
    }

    /** Sets the class whose labels are ignored ({@code null} for none). */
    public SparseCategoricalCrossentropy setIgnoreClass(Integer ignoreClass) {
        this.ignoreClass = ignoreClass;
        return this;
    }

    @Override
    protected void checkShapes(Shape yTrue, Shape yPred) {
        if (yPred.rank() == 0) {
            throw shapeError(yTrue, yPred, "y_pred needs a class axis");
        }
        Shape labels = labelShape(yTrue, yPred);
        if (!labels.equals(yPred.subShape(0, yPred.rank() - 1))) {
            throw shapeError(yTrue, yPred, "y_true must have y_pred's shape without its last (class) axis, "
                    + "optionally with a trailing 1; for one-hot labels use CategoricalCrossentropy");
        }
    }

    private static Shape labelShape(Shape yTrue, Shape yPred) {
        boolean trailingOne = yTrue.rank() == yPred.rank() && yTrue.rank() > 0 && yTrue.dim(yTrue.rank() - 1) == 1;
        return trailingOne ? yTrue.subShape(0, yTrue.rank() - 1) : yTrue;
    }

    private static Tensor labels(Tensor yTrue, Tensor yPred) {
        return yTrue.rank() == yPred.rank() ? Ops.squeeze(yTrue, -1) : yTrue;
    }

    @Override
    protected Tensor fn(Tensor yTrue, Tensor yPred) {
        Tensor t = labels(yTrue, yPred);
        int classes = (int) yPred.shape().dim(yPred.rank() - 1);
        checkLabels(t, yPred.shape());
        Tensor valid = null;
        if (ignoreClass != null) {
            valid = Ops.notEqual(t, (double) ignoreClass);
            // Ignored labels become class 0 so the one-hot row exists; their loss is replaced by 0 below. Unlike
            // Keras, y_pred is not zeroed for them: zeroed probabilities normalise to 0/0 and would leak NaN into
            // the gradient, while the loss values are the same.
            t = Ops.multiply(t, Ops.cast(valid, t.dtype()));
        }
        Tensor oneHot = Ops.oneHot(Ops.cast(t, DType.INT32), classes, yPred.dtype());
        Tensor logits = Crossentropy.logits(yPred, fromLogits, -1);
        Tensor res = logits != null ? Ops.softmaxCrossEntropy(logits, oneHot, -1)
                : Ops.negative(Ops.sum(Ops.multiply(oneHot, Crossentropy.logProbabilities(yPred, false, -1)), -1));
        return valid == null ? res : Ops.where(valid, res, 0.0);
    }

    @Override
    protected Tensor mask(Tensor yTrue, Tensor yPred) {
        return ignoreClass == null ? null : Ops.notEqual(labels(yTrue, yPred), (double) ignoreClass);
    }

    /** Labels are data: reading them back to refuse out-of-range classes costs little and avoids a silent 0 loss. */
    private void checkLabels(Tensor labels, Shape predShape) {
        long classes = predShape.dim(predShape.rank() - 1);
        for (double v : labels.toDoubleArray()) {
            if (ignoreClass != null && v == ignoreClass) {
                continue;
            }
            if (v != Math.rint(v) || v < 0 || v >= classes) {
                throw new IllegalArgumentException("SparseCategoricalCrossentropy ('" + name() + "'): label " + v
                        + " is not a class index in [0, " + classes + ") for y_pred of shape " + predShape
                        + "; labels must be integer class indices (use CategoricalCrossentropy for one-hot labels)");
            }
        }
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("from_logits", fromLogits);
        c.put("ignore_class", ignoreClass);
        return c;
    }

    /** A loss from its Keras config ({@code from_logits}, {@code ignore_class}, {@code reduction}). */
    public static SparseCategoricalCrossentropy fromConfig(Map<String, Object> config) {
        return LossFunctionWrapper.withBaseConfig(new SparseCategoricalCrossentropy(ConfigValues.bool(config, "from_logits", false))
                .setIgnoreClass(ConfigValues.optionalInteger(config, "ignore_class")), config);
    }
}

package dev.sheaf.losses;

import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * The base of the built-in losses, as Keras's {@code LossFunctionWrapper}: it casts both inputs to the prediction's
 * float dtype (float32 for integer predictions), aligns their ranks with {@link RankAlignment}, checks the shapes,
 * computes per-sample values with {@link #fn}, then {@link #compute} weights and reduces them.
 *
 * <p>Subclasses write {@link #fn} with differentiable {@code Ops} only, so gradients flow without extra code.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public abstract class LossFunctionWrapper extends Loss {

    /** @param name the Keras name, such as {@code "mean_squared_error"} */
    protected LossFunctionWrapper(String name) {
        super(name);
    }

    /**
     * The per-sample loss of aligned, same-dtype inputs; usually a mean or sum over the last axis, so a
     * {@code (batch, d)} input gives {@code (batch,)}.
     */
    protected abstract Tensor fn(Tensor yTrue, Tensor yPred);

    /**
     * A 0/1 mask over the values of {@link #fn} marking the entries that count, or {@code null} when all do (Keras's
     * {@code _keras_mask}, set for example by {@code ignore_class}).
     */
    protected Tensor mask(Tensor yTrue, Tensor yPred) {
        return null;
    }

    /**
     * Checks the aligned shapes; by default they must be equal. Keras would broadcast mismatched shapes silently
     * (and turn a {@code (32,)} / {@code (32, 10)} mistake into a {@code (32, 32)} loss), so mismatches are refused.
     *
     * @throws IllegalArgumentException naming the loss and both shapes
     */
    protected void checkShapes(Shape yTrue, Shape yPred) {
        if (!yTrue.equals(yPred)) {
            throw shapeError(yTrue, yPred, "they must be equal (after a trailing dimension of 1 is squeezed)");
        }
    }

    /** An {@link IllegalArgumentException} naming this loss, both shapes and {@code expectation}. */
    protected final IllegalArgumentException shapeError(Shape yTrue, Shape yPred, String expectation) {
        return new IllegalArgumentException(getClass().getSimpleName() + " ('" + name()
                + "'): y_true has shape " + yTrue + " and y_pred has shape " + yPred + "; " + expectation);
    }

    /** The inputs cast and rank-aligned; shape-checked. */
    private Tensor[] prepare(Tensor yTrue, Tensor yPred) {
        if (yTrue == null || yPred == null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " ('" + name() + "'): "
                    + (yTrue == null ? "y_true" : "y_pred") + " is null");
        }
        DType dt = yPred.dtype().isFloating() ? yPred.dtype() : DType.FLOAT32;
        Tensor p = yPred.dtype() == dt ? yPred : Ops.cast(yPred, dt);
        Tensor t = yTrue.dtype() == dt ? yTrue : Ops.cast(yTrue, dt);
        Tensor[] a = RankAlignment.align(t, p);
        checkShapes(a[0].shape(), a[1].shape());
        return a;
    }

    @Override
    public Tensor call(Tensor yTrue, Tensor yPred) {
        Tensor[] a = prepare(yTrue, yPred);
        return fn(a[0], a[1]);
    }

    @Override
    public Tensor compute(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        Tensor[] a = prepare(yTrue, yPred);
        Tensor values = fn(a[0], a[1]);
        Tensor mask = mask(a[0], a[1]);
        return WeightedReduction.reduce(this, values, sampleWeight, mask, reduction());
    }

    /** Applies the base config entry ({@code reduction}) to a freshly made loss, for the {@code fromConfig} factories. */
    static <L extends Loss> L withBaseConfig(L loss, Map<String, Object> config) {
        if (config.get("reduction") != null) {
            loss.setReduction(Reduction.of(config.get("reduction").toString()));
        }
        return loss;
    }
}

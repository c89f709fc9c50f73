package dev.sheaf.data;

import dev.sheaf.tensor.Tensor;
import org.apiguardian.api.API;

/**
 * One element of a {@link Dataset} in host memory: the inputs {@code x}, the targets {@code y} and per-sample
 * weights, as the {@code (x, y, sample_weight)} tuples of a Keras {@code tf.data} pipeline. Before
 * {@link Dataset#batch} an element is one sample; after it, one batch whose axis 0 counts the samples.
 *
 * @param x            the inputs; never null
 * @param y            the targets, or {@code null} (a dataset for {@code predict})
 * @param sampleWeight per-sample weights, or {@code null}
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Element(HostArray x, HostArray y, HostArray sampleWeight) {
    /**
     * @throws IllegalArgumentException if {@code x} is null, or sample weights are given without targets
     */
    public Element {
        if (x == null) {
            throw new IllegalArgumentException("Element: x is null; every dataset element needs inputs");
        }
        if (sampleWeight != null && y == null) {
            throw new IllegalArgumentException("Element: sample weights were given without targets y");
        }
    }

    /** An element of inputs and targets, without sample weights. */
    public static Element of(HostArray x, HostArray y) {
        return new Element(x, y, null);
    }

    /** An element of inputs only (for {@code predict}). */
    public static Element of(HostArray x) {
        return new Element(x, null, null);
    }

    /**
     * The element as tensors created on the calling thread: they belong to its innermost open
     * {@code TensorScope}, or to the caller when none is open.
     */
    public Batch toBatch() {
        Tensor tx = x.toTensor();
        Tensor ty = null;
        try {
            ty = y == null ? null : y.toTensor();
            Tensor tw = sampleWeight == null ? null : sampleWeight.toTensor();
            return new Batch(tx, ty, tw);
        } catch (RuntimeException e) {
            // Without an open scope nobody else would close what was already created.
            tx.close();
            if (ty != null) {
                ty.close();
            }
            throw e;
        }
    }
}

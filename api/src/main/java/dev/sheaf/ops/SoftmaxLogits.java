package dev.sheaf.ops;

import dev.sheaf.tensor.Tensor;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import org.apiguardian.api.API;

/**
 * The logits each softmax output was computed from, as the {@code _keras_logits} attribute Keras 3's TensorFlow
 * backend attaches to {@code softmax} outputs: the categorical crossentropies given such an output with
 * {@code from_logits=false} compute from the logits instead (a fused, exact softmax cross-entropy rather than the log of
 * clipped probabilities).
 *
 * <p>Keyed by tensor identity and held weakly: an entry lives as long as the softmax output object does, and is used
 * only while the logits are still open. Not for application code.
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class SoftmaxLogits {
    private record Entry(Tensor logits, int axis) {
    }

    // Tensors do not override equals/hashCode, so a WeakHashMap is keyed by identity here.
    private static final Map<Tensor, Entry> TABLE = Collections.synchronizedMap(new WeakHashMap<>());

    private SoftmaxLogits() {
    }

    static void remember(Tensor probabilities, Tensor logits, int axis) {
        TABLE.put(probabilities, new Entry(logits, axis));
    }

    /**
     * The logits {@code probabilities} came from by {@code Ops.softmax} along {@code axis} (negative counts from the
     * end), or {@code null} when it was not computed that way, along another axis, or the logits are closed.
     */
    public static Tensor of(Tensor probabilities, int axis) {
        if (probabilities == null || probabilities.isClosed()) {
            return null;
        }
        Entry e = TABLE.get(probabilities);
        if (e == null || e.logits.isClosed()) {
            return null;
        }
        int rank = probabilities.rank();
        int a = axis < 0 ? axis + rank : axis;
        return a == e.axis && e.logits.shape().equals(probabilities.shape())
                && e.logits.dtype() == probabilities.dtype() ? e.logits : null;
    }
}

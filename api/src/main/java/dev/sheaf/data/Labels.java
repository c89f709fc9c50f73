package dev.sheaf.data;

import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import org.apiguardian.api.API;

/**
 * Class-label conversions, as {@code keras.utils.to_categorical}.
 *
 * <pre>{@code
 * Tensor yTrain = Labels.toCategorical(new int[] {5, 0, 4}, 10);   // (3, 10) float32 one-hot rows
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Labels {
    private Labels() {
    }

    /**
     * One-hot rows for integer class ids: a float32 tensor of shape {@code (labels.length, numClasses)} with a 1 in
     * column {@code labels[i]} of row {@code i}. The tensor belongs to the current {@code TensorScope}, if any.
     *
     * @throws IllegalArgumentException if {@code numClasses < 1} or a label is outside {@code [0, numClasses)},
     *                                  naming its index and value
     */
    public static Tensor toCategorical(int[] labels, int numClasses) {
        if (labels == null) {
            throw new IllegalArgumentException("toCategorical: labels is null");
        }
        return Ops.constant(oneHot(labels, numClasses), labels.length, numClasses);
    }

    /** {@link #toCategorical(int[], int)} with {@code numClasses} = the largest label + 1, as Keras without it. */
    public static Tensor toCategorical(int[] labels) {
        if (labels == null) {
            throw new IllegalArgumentException("toCategorical: labels is null");
        }
        int max = -1;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0) {
                throw new IllegalArgumentException("toCategorical: label " + i + " is " + labels[i]
                        + "; class ids must be >= 0");
            }
            max = Math.max(max, labels[i]);
        }
        return toCategorical(labels, max + 1);
    }

    /**
     * One-hot encoding of a tensor of class ids (integer or integral float values), as Keras: a trailing axis of
     * size 1 is dropped, then an axis of {@code numClasses} is appended ({@code (n)} or {@code (n, 1)} become
     * {@code (n, numClasses)}).
     *
     * @throws IllegalArgumentException as {@link #toCategorical(int[], int)}, and for a non-integral value
     */
    public static Tensor toCategorical(Tensor labels, int numClasses) {
        if (labels == null) {
            throw new IllegalArgumentException("toCategorical: labels is null");
        }
        double[] values = labels.toDoubleArray();
        int[] ids = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            if (values[i] != Math.rint(values[i])) {
                throw new IllegalArgumentException("toCategorical: label " + i + " of " + labels.describe() + " is "
                        + values[i] + "; class ids must be whole numbers");
            }
            ids[i] = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, values[i]));
        }
        Shape s = labels.shape();
        if (s.rank() > 1 && s.dim(s.rank() - 1) == 1) {
            s = s.subShape(0, s.rank() - 1);
        }
        long[] dims = s.insert(s.rank(), numClasses < 1 ? 0 : numClasses).dims();
        return Ops.constant(oneHot(ids, numClasses), dims);
    }

    private static float[] oneHot(int[] labels, int numClasses) {
        if (numClasses < 1) {
            throw new IllegalArgumentException("toCategorical: numClasses must be >= 1, got " + numClasses);
        }
        if ((long) labels.length * numClasses > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("toCategorical: " + labels.length + " labels x " + numClasses
                    + " classes is more than one array can hold");
        }
        float[] r = new float[labels.length * numClasses];
        for (int i = 0; i < labels.length; i++) {
            int l = labels[i];
            if (l < 0 || l >= numClasses) {
                throw new IllegalArgumentException("toCategorical: label " + i + " is " + l + ", outside the "
                        + numClasses + " classes [0, " + (numClasses - 1) + "]");
            }
            r[i * numClasses + l] = 1f;
        }
        return r;
    }
}

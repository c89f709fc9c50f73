package dev.sheaf.tensor;

import dev.sheaf.spi.Backend;
import org.apiguardian.api.API;

/**
 * An n-dimensional array of one {@link DType}, living in the memory of one {@link Backend}.
 *
 * <p>Tensors are immutable: every op returns a new tensor. Memory is released by {@link #close()},
 * usually by the {@link TensorScope} the tensor was created in; a garbage-collection safety net
 * frees what was never closed. Any use of a closed tensor is an {@link IllegalStateException}
 * naming it.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface Tensor extends AutoCloseable {

    /** The shape. */
    Shape shape();

    /** The element type. */
    DType dtype();

    /** The backend whose memory holds this tensor. */
    Backend backend();

    /** A short description for messages: id, dtype, shape and backend, e.g. {@code Tensor#12 float32 (2, 3) on reference}. */
    String describe();

    /** Number of dimensions. */
    default int rank() {
        return shape().rank();
    }

    /** Number of elements. */
    default long size() {
        return shape().elementCount();
    }

    /** Copies the elements to a new host array in row-major order, converting to float. */
    float[] toFloatArray();

    /** Copies the elements to a new host array in row-major order, converting to double. */
    double[] toDoubleArray();

    /** Copies the elements to a new host array in row-major order, converting to int (truncating floats). */
    int[] toIntArray();

    /** Copies the elements to a new host array in row-major order, converting to long (truncating floats). */
    long[] toLongArray();

    /** Copies the elements to a new host array in row-major order; non-zero is true. */
    boolean[] toBooleanArray();

    /**
     * The value of a one-element tensor as a float.
     *
     * @throws IllegalArgumentException if the tensor does not hold exactly one element
     */
    default float item() {
        return (float) itemAsDouble();
    }

    /** The value of a one-element tensor as a double. */
    default double itemAsDouble() {
        if (size() != 1) {
            throw new IllegalArgumentException("item() needs a tensor with exactly one element, but "
                    + describe() + " has " + size());
        }
        return toDoubleArray()[0];
    }

    /** The value of a one-element tensor as a long. */
    default long itemAsLong() {
        if (size() != 1) {
            throw new IllegalArgumentException("itemAsLong() needs a tensor with exactly one element, but "
                    + describe() + " has " + size());
        }
        return toLongArray()[0];
    }

    /** True once {@link #close()} has run. */
    boolean isClosed();

    /** Releases the memory. Idempotent. */
    @Override
    void close();
}

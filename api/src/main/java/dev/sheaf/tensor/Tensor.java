package dev.sheaf.tensor;

import dev.sheaf.ops.Ops;
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

    // ------------------------------------------------------------------ convenience: thin delegates to Ops

    /** {@code Ops.add(this, other)}. */
    default Tensor add(Tensor other) {
        return Ops.add(this, other);
    }

    /** {@code Ops.add(this, scalar)}. */
    default Tensor add(double scalar) {
        return Ops.add(this, scalar);
    }

    /** {@code Ops.subtract(this, other)}. */
    default Tensor sub(Tensor other) {
        return Ops.subtract(this, other);
    }

    /** {@code Ops.subtract(this, scalar)}. */
    default Tensor sub(double scalar) {
        return Ops.subtract(this, scalar);
    }

    /** {@code Ops.multiply(this, other)}. */
    default Tensor mul(Tensor other) {
        return Ops.multiply(this, other);
    }

    /** {@code Ops.multiply(this, scalar)}. */
    default Tensor mul(double scalar) {
        return Ops.multiply(this, scalar);
    }

    /** {@code Ops.divide(this, other)} (true division). */
    default Tensor div(Tensor other) {
        return Ops.divide(this, other);
    }

    /** {@code Ops.divide(this, scalar)} (true division). */
    default Tensor div(double scalar) {
        return Ops.divide(this, scalar);
    }

    /** {@code Ops.power(this, exponent)}. */
    default Tensor pow(double exponent) {
        return Ops.power(this, exponent);
    }

    /** {@code Ops.negative(this)}. */
    default Tensor neg() {
        return Ops.negative(this);
    }

    /** {@code Ops.matmul(this, other)}. */
    default Tensor matmul(Tensor other) {
        return Ops.matmul(this, other);
    }

    /** {@code Ops.reshape(this, shape)}; one dimension may be -1. */
    default Tensor reshape(long... shape) {
        return Ops.reshape(this, shape);
    }

    /** {@code Ops.transpose(this, permutation)}; no permutation reverses the axes. */
    default Tensor transpose(int... permutation) {
        return Ops.transpose(this, permutation);
    }

    /** {@code Ops.sum(this, axes)}; no axes: all. */
    default Tensor sum(int... axes) {
        return Ops.sum(this, axes);
    }

    /** {@code Ops.mean(this, axes)}; no axes: all. */
    default Tensor mean(int... axes) {
        return Ops.mean(this, axes);
    }

    /** {@code Ops.max(this, axes)}; no axes: all. */
    default Tensor max(int... axes) {
        return Ops.max(this, axes);
    }

    /** {@code Ops.abs(this)}. */
    default Tensor abs() {
        return Ops.abs(this);
    }

    /** {@code Ops.square(this)}. */
    default Tensor square() {
        return Ops.square(this);
    }

    /** {@code Ops.sqrt(this)}. */
    default Tensor sqrt() {
        return Ops.sqrt(this);
    }

    /** {@code Ops.exp(this)}. */
    default Tensor exp() {
        return Ops.exp(this);
    }

    /** {@code Ops.log(this)}. */
    default Tensor log() {
        return Ops.log(this);
    }

    /** {@code Ops.relu(this)}. */
    default Tensor relu() {
        return Ops.relu(this);
    }

    /** {@code Ops.sigmoid(this)}. */
    default Tensor sigmoid() {
        return Ops.sigmoid(this);
    }

    /** {@code Ops.tanh(this)}. */
    default Tensor tanh() {
        return Ops.tanh(this);
    }

    /** {@code Ops.softmax(this)} along the last axis. */
    default Tensor softmax() {
        return Ops.softmax(this);
    }

    /** {@code Ops.cast(this, dtype)}. */
    default Tensor cast(DType dtype) {
        return Ops.cast(this, dtype);
    }
}

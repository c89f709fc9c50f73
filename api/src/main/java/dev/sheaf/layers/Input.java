package dev.sheaf.layers;

import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import org.apiguardian.api.API;

/**
 * Creates model inputs, as Keras's {@code keras.Input}: {@code SymbolicTensor x = Input.of(784);} is a placeholder of
 * shape {@code (None, 784)} from which a functional model is built with {@link Layer#apply(SymbolicTensor)}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Input {
    private Input() {
    }

    /**
     * A float32 input of {@code shape} per sample, with an unknown batch size; {@code -1} marks another unknown
     * dimension (a sequence length).
     */
    public static SymbolicTensor of(long... shape) {
        return new InputLayer(shape).output();
    }

    /** {@link #of(long...)} with a layer name (it appears in summaries and errors). */
    public static SymbolicTensor of(String name, long... shape) {
        return of(shape(shape), DType.FLOAT32, name);
    }

    /** An input of {@code shape} per sample and the given dtype (such as int32 token ids). */
    public static SymbolicTensor of(Shape shape, DType dtype) {
        return of(shape, dtype, null);
    }

    /** An input of {@code shape} per sample, dtype and name ({@code null} for the default name). */
    public static SymbolicTensor of(Shape shape, DType dtype, String name) {
        return of(shape, dtype, name, Shape.UNKNOWN);
    }

    /**
     * An input of {@code shape} per sample with a fixed batch size, as Keras's {@code batch_size} argument.
     *
     * @param batchSize the batch size, or {@link Shape#UNKNOWN}
     */
    public static SymbolicTensor of(Shape shape, DType dtype, String name, long batchSize) {
        if (shape == null) {
            throw new IllegalArgumentException("Input: the shape must not be null");
        }
        if (batchSize == 0 || batchSize < Shape.UNKNOWN) {
            throw new IllegalArgumentException("Input: the batch size must be positive or -1 (unknown), got "
                    + batchSize);
        }
        return new InputLayer(Shape.symbolic(InputLayer.withBatch(batchSize, shape.dims())), dtype, name).output();
    }

    private static Shape shape(long[] dims) {
        return Shape.symbolic(dims);
    }
}

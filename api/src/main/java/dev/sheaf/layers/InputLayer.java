package dev.sheaf.layers;

import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * The entry point of a functional or {@code Sequential} model, as Keras's {@code InputLayer}: it holds the shape of
 * the model's input (batch dimension first, usually unknown) and passes its input through unchanged. Usually made by
 * {@link Input#of}; put one first in a {@code Sequential} to build it at once:
 * {@code new Sequential(List.of(new InputLayer(784), new Dense(10)))}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class InputLayer extends Layer {
    private final Shape batchShape;
    private final SymbolicTensor output;

    /** An input of {@code shape} per sample (float32, unknown batch size). */
    public InputLayer(long... shape) {
        this(Shape.symbolic(withBatch(Shape.UNKNOWN, shape)), DType.FLOAT32, null);
    }

    /**
     * An input of the given full shape.
     *
     * @param batchShape the shape including the batch dimension first ({@link Shape#UNKNOWN} for any batch size)
     * @param dtype      the dtype of the data fed to it
     * @param name       the layer's name, or {@code null} for {@code input_layer}, {@code input_layer_1}, …
     * @throws IllegalArgumentException if the shape has rank 0 or a dimension other than the first is 0
     */
    public InputLayer(Shape batchShape, DType dtype, String name) {
        super(name);
        if (batchShape == null || batchShape.rank() == 0) {
            throw new IllegalArgumentException("InputLayer '" + name() + "': the shape must have at least the batch "
                    + "dimension, got " + batchShape);
        }
        if (dtype == null) {
            throw new IllegalArgumentException("InputLayer '" + name() + "': the dtype must not be null");
        }
        this.batchShape = batchShape;
        setDtype(dtype);
        // An input has no weights; it is built from the start, as in Keras.
        ensureBuilt(batchShape);
        this.output = Node.create(this, List.of(), batchShape, dtype);
        addInboundNode(output.node());
    }

    static long[] withBatch(long batch, long[] shape) {
        if (shape == null) {
            throw new IllegalArgumentException("Input: the shape must not be null");
        }
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < Shape.UNKNOWN || shape[i] == 0) {
                throw new IllegalArgumentException("Input: dimension " + i + " of shape " + java.util.Arrays.toString(shape)
                        + " must be positive, or -1 for unknown");
            }
        }
        long[] d = new long[shape.length + 1];
        d[0] = batch;
        System.arraycopy(shape, 0, d, 1, shape.length);
        return d;
    }

    /** The input shape including the batch dimension, such as {@code (None, 784)}. */
    public Shape batchShape() {
        return batchShape;
    }

    /** The symbolic tensor this layer produces: the model input. */
    public SymbolicTensor output() {
        return output;
    }

    @Override
    protected Tensor call(Tensor inputs, boolean training) {
        return inputs;
    }

    @Override
    public Shape computeOutputShape(List<Shape> inputShapes) {
        return batchShape;
    }

    /** Keras's config: {@code batch_shape} (with {@code null} for unknown dimensions), dtype, sparse, name. */
    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        List<Object> dims = new ArrayList<>();
        for (long d : batchShape.dims()) {
            dims.add(d == Shape.UNKNOWN ? null : d);
        }
        c.put("batch_shape", dims);
        c.put("sparse", false);
        return c;
    }

    /** Rebuilds an input layer from {@link #getConfig()}. */
    public static InputLayer fromConfig(Map<String, Object> config) {
        Object bs = config.get("batch_shape");
        if (!(bs instanceof List<?> list)) {
            throw new IllegalArgumentException("InputLayer config needs a 'batch_shape' list, got " + bs);
        }
        long[] dims = new long[list.size()];
        for (int i = 0; i < dims.length; i++) {
            Object d = list.get(i);
            dims[i] = d == null ? Shape.UNKNOWN : ((Number) d).longValue();
        }
        Object dt = config.get("dtype");
        Object n = config.get("name");
        return new InputLayer(Shape.symbolic(dims), dt instanceof String s ? DType.of(s) : DType.FLOAT32,
                n instanceof String s ? s : null);
    }
}

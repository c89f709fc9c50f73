package dev.sheaf.layers;

import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apiguardian.api.API;

/**
 * Keras's {@code Lambda}: wraps a function written with {@code Ops} as a layer without weights.
 *
 * <pre>{@code
 * Layer scale = new Lambda(x -> Ops.multiply(x, 2.0));
 * Layer diff = Lambda.ofInputs(xs -> Ops.abs(Ops.subtract(xs.get(0), xs.get(1))));
 * }</pre>
 *
 * <p>The output shape is found by running the function on zeros, unless given with {@link #setOutputShape}. A Lambda
 * holds Java code, which a config cannot carry: {@link #getConfig()} marks the function as not serializable and
 * {@link #fromConfig} refuses it. Write a {@link Layer} subclass, registered through a {@code LayerProvider}, for a
 * model that must be saved and loaded.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class Lambda extends Layer {
    /** What {@link #getConfig()} puts in place of the function. */
    public static final String NOT_SERIALIZABLE = "<Java function: not serializable>";

    private final Function<List<Tensor>, Tensor> function;
    private final boolean listInput;
    private long[] outputShape;

    /** A layer applying {@code function} to its single input. */
    public Lambda(Function<Tensor, Tensor> function) {
        requireFunction(function);
        this.function = xs -> function.apply(xs.get(0));
        this.listInput = false;
    }

    private Lambda(Function<List<Tensor>, Tensor> function, boolean listInput) {
        this.function = requireFunction(function);
        this.listInput = listInput;
    }

    private static <F> F requireFunction(F function) {
        if (function == null) {
            throw new IllegalArgumentException("Lambda: the function is null");
        }
        return function;
    }

    /** A layer applying {@code function} to the list of its inputs (a custom merge). */
    public static Lambda ofInputs(Function<List<Tensor>, Tensor> function) {
        return new Lambda(function, true);
    }

    /**
     * The output shape per sample (without the batch dimension, which is the input's), as Keras's
     * {@code output_shape} tuple; {@code -1} for an unknown dimension.
     */
    public Lambda setOutputShape(long... shapeWithoutBatch) {
        this.outputShape = shapeWithoutBatch == null ? null : shapeWithoutBatch.clone();
        return this;
    }

    @Override
    protected void build(List<Shape> inputShapes) {
        if (!listInput && inputShapes.size() != 1) {
            throw new IllegalArgumentException("Lambda '" + name() + "' wraps a single-input function but was given "
                    + inputShapes.size() + " inputs " + inputShapes + "; use Lambda.ofInputs for several");
        }
    }

    @Override
    protected Tensor call(List<Tensor> inputs, boolean training) {
        if (!listInput && inputs.size() != 1) {
            throw new IllegalArgumentException("Lambda '" + name() + "' wraps a single-input function but was called "
                    + "with " + inputs.size() + " inputs");
        }
        Tensor out = function.apply(inputs);
        if (out == null) {
            throw new IllegalArgumentException("Lambda '" + name() + "': the function returned null");
        }
        return out;
    }

    @Override
    public Shape computeOutputShape(Shape inputShape) {
        return computeOutputShape(List.of(inputShape));
    }

    @Override
    public Shape computeOutputShape(List<Shape> inputShapes) {
        if (outputShape != null) {
            Shape first = inputShapes.get(0);
            return Shape.symbolic(outputShape).insert(0, first.rank() == 0 ? Shape.UNKNOWN : first.dim(0));
        }
        return probeOutputShape(inputShapes);
    }

    /**
     * The base entries, with {@code function} set to {@link #NOT_SERIALIZABLE}: the config describes the layer but
     * cannot rebuild it.
     */
    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("function", NOT_SERIALIZABLE);
        c.put("output_shape", outputShape == null ? null : ConfigReader.toList(outputShape, Shape.UNKNOWN));
        return c;
    }

    /**
     * Always fails: a Lambda's Java function cannot be restored from a config.
     *
     * @throws IllegalArgumentException explaining what to do instead
     */
    public static Lambda fromConfig(Map<String, Object> config) {
        Object name = config == null ? null : config.get("name");
        throw new IllegalArgumentException("Lambda" + (name == null ? "" : " '" + name + "'") + " cannot be rebuilt "
                + "from a config: it wraps a Java function, which configs cannot carry. Write a Layer subclass with "
                + "getConfig/fromConfig and register it through a LayerProvider, or rebuild the model in code and "
                + "load only its weights.");
    }
}

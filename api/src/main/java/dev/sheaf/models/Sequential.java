package dev.sheaf.models;

import dev.sheaf.layers.InputLayer;
import dev.sheaf.layers.Layer;
import dev.sheaf.layers.SymbolicTensor;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apiguardian.api.API;

/**
 * A plain stack of layers, each feeding the next, as Keras's {@code Sequential}:
 * <pre>{@code
 * Sequential model = new Sequential(List.of(new InputLayer(784), new Dense(64, "relu"), new Dense(10, "softmax")));
 * }</pre>
 * The model is built (its weights created) as soon as its input shape is known: an {@link InputLayer} (or
 * {@code add(Input.of(784))}) first, {@link #build(Shape)}, or the first call / {@code fit}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class Sequential extends Model {
    private final List<Layer> layers = new ArrayList<>();
    private final List<Shape> outputShapes = new ArrayList<>();
    private InputLayer inputLayer;

    /** An empty model named {@code sequential}, {@code sequential_1}, … */
    public Sequential() {
    }

    /** An empty model with a name. */
    public Sequential(String name) {
        super(name);
    }

    /** A model of these layers, in order. */
    public Sequential(List<? extends Layer> layers) {
        this(layers, null);
    }

    /** A named model of these layers, in order. */
    public Sequential(List<? extends Layer> layers, String name) {
        super(name);
        if (layers == null) {
            throw new IllegalArgumentException("Sequential: the layer list is null");
        }
        for (Layer l : layers) {
            add(l);
        }
    }

    /**
     * Appends a layer; once the model is built, the layer is built at once for the current output shape.
     *
     * @throws IllegalArgumentException for a null layer, a name already used in the model, or an
     *                                  {@link InputLayer} that is not first
     */
    public Sequential add(Layer layer) {
        if (layer == null) {
            throw new IllegalArgumentException("Sequential '" + name() + "'.add: the layer is null");
        }
        if (layer instanceof InputLayer in) {
            if (inputLayer != null || !layers.isEmpty()) {
                throw new IllegalArgumentException("Sequential '" + name() + "'.add: an InputLayer can only be the "
                        + "first layer of a Sequential model");
            }
            inputLayer = in;
            ensureBuilt(in.batchShape());
            return this;
        }
        for (Layer l : layers) {
            if (l == layer || l.name().equals(layer.name())) {
                throw new IllegalArgumentException("Sequential '" + name() + "'.add: every layer needs a unique name; '"
                        + layer.name() + "' is already the name of a layer in this model");
            }
        }
        if (isBuilt()) {
            Shape in = currentOutputShape();
            layer.ensureBuilt(in);
            outputShapes.add(layer.computeOutputShape(in));
        }
        layers.add(layer);
        return this;
    }

    /** Appends the input layer of {@code Input.of(...)}: {@code model.add(Input.of(784))}. */
    public Sequential add(SymbolicTensor input) {
        if (input == null || !(input.node().layer() instanceof InputLayer in)) {
            throw new IllegalArgumentException("Sequential '" + name() + "'.add: only a tensor made by Input.of(...) "
                    + "can be added, got " + input);
        }
        return add(in);
    }

    /**
     * Removes the last layer and returns it.
     *
     * @throws IllegalStateException if the model has no layers
     */
    public Layer pop() {
        if (layers.isEmpty()) {
            throw new IllegalStateException("Sequential '" + name() + "'.pop: there are no layers in the model");
        }
        if (!outputShapes.isEmpty()) {
            outputShapes.remove(outputShapes.size() - 1);
        }
        return layers.remove(layers.size() - 1);
    }

    /** The layers, in order (the input layer is not one of them, as in Keras). */
    @Override
    public List<Layer> sublayers() {
        return Collections.unmodifiableList(new ArrayList<>(layers));
    }

    @Override
    public List<SymbolicTensor> inputs() {
        return inputLayer == null ? List.of() : List.of(inputLayer.output());
    }

    @Override
    public List<String> outputNames() {
        return layers.isEmpty() ? super.outputNames() : List.of(layers.get(layers.size() - 1).name());
    }

    @Override
    List<Shape> expectedInputShapes() {
        return inputLayer == null ? null : List.of(inputLayer.batchShape());
    }

    @Override
    List<DType> inputDtypes() {
        return inputLayer == null ? null : List.of(inputLayer.dtype());
    }

    @Override
    List<String> inputNames() {
        return inputLayer == null ? List.of() : List.of(inputLayer.name());
    }

    /** Each layer's output shape, in order, once built; {@code null} before. */
    List<Shape> layerOutputShapes() {
        return isBuilt() ? List.copyOf(outputShapes) : null;
    }

    private Shape currentOutputShape() {
        return outputShapes.isEmpty() ? inputLayer.batchShape() : outputShapes.get(outputShapes.size() - 1);
    }

    /** Builds every layer in turn, each for the previous one's output shape. */
    @Override
    protected void build(List<Shape> inputShapes) {
        if (inputShapes.size() != 1) {
            throw new IllegalArgumentException("Sequential '" + name() + "' takes one input, got " + inputShapes.size());
        }
        Shape shape = inputShapes.get(0);
        if (inputLayer == null) {
            // As Keras, the model gets an input layer for the shape it was built with.
            inputLayer = new InputLayer(shape, dtype(), null);
        }
        outputShapes.clear();
        for (Layer l : layers) {
            l.ensureBuilt(shape);
            shape = l.computeOutputShape(shape);
            outputShapes.add(shape);
        }
    }

    @Override
    protected Tensor call(Tensor inputs, boolean training) {
        Tensor x = inputs;
        for (Layer l : layers) {
            x = LayerCalls.call(l, List.of(x), training);
        }
        return x;
    }

    @Override
    public Shape computeOutputShape(List<Shape> inputShapes) {
        ensureBuilt(inputShapes);
        checkInputShapes(inputShapes, "a symbolic input of ");
        Shape shape = inputShapes.get(0);
        for (Layer l : layers) {
            shape = l.computeOutputShape(shape);
        }
        return shape;
    }
}

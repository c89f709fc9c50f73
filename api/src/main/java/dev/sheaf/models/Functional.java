package dev.sheaf.models;

import dev.sheaf.layers.Layer;
import dev.sheaf.layers.SymbolicTensor;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * A model defined by a graph of layer applications from {@code Input}s to outputs, as Keras's {@code Functional};
 * made by {@link Model#of}. It is built from the start (its layers were built when applied), and can itself be
 * applied to symbolic tensors as a layer of a bigger model.
 */
final class Functional extends Model {
    private final FunctionalGraph graph;
    private final List<Layer> layers;
    private List<Tensor> lastOutputs;

    Functional(FunctionalGraph graph, String name) {
        super(name);
        this.graph = graph;
        this.layers = graph.layers();
        ensureBuilt(expectedInputShapes());
    }

    FunctionalGraph graph() {
        return graph;
    }

    @Override
    public List<Layer> sublayers() {
        return layers;
    }

    @Override
    public List<SymbolicTensor> inputs() {
        return graph.inputs();
    }

    @Override
    public List<SymbolicTensor> outputs() {
        return graph.outputs();
    }

    @Override
    public List<String> outputNames() {
        List<String> r = new ArrayList<>();
        for (SymbolicTensor t : graph.outputs()) {
            r.add(t.name());
        }
        return r;
    }

    @Override
    List<Shape> expectedInputShapes() {
        List<Shape> r = new ArrayList<>();
        for (SymbolicTensor t : graph.inputs()) {
            r.add(t.shape());
        }
        return r;
    }

    @Override
    List<DType> inputDtypes() {
        List<DType> r = new ArrayList<>();
        for (SymbolicTensor t : graph.inputs()) {
            r.add(t.dtype());
        }
        return r;
    }

    /** Nothing to build: the layers were built when they were applied to the inputs. */
    @Override
    protected void build(List<Shape> inputShapes) {
    }

    @Override
    protected Tensor call(List<Tensor> inputs, boolean training) {
        if (inputs.size() != graph.inputs().size()) {
            // run() checked this already; a direct apply(List) has not.
            List<Shape> shapes = new ArrayList<>();
            for (Tensor t : inputs) {
                shapes.add(t.shape());
            }
            checkInputShapes(shapes, "");
        }
        List<Tensor> outs = graph.run(inputs, training);
        lastOutputs = outs.size() > 1 ? outs : null;
        return outs.get(0);
    }

    @Override
    protected Tensor call(Tensor inputs, boolean training) {
        return call(List.of(inputs), training);
    }

    @Override
    List<Tensor> takeAllOutputs() {
        List<Tensor> r = lastOutputs;
        lastOutputs = null;
        return r;
    }

    /** The output shape of a model used as a layer: its inputs are checked, its single output's shape returned. */
    @Override
    public Shape computeOutputShape(List<Shape> inputShapes) {
        checkInputShapes(inputShapes, "a symbolic input of ");
        if (graph.outputs().size() != 1) {
            throw new IllegalArgumentException("Model '" + name() + "' has " + graph.outputs().size() + " outputs "
                    + outputNames() + "; only a model with one output can be applied as a layer");
        }
        Shape out = graph.outputs().get(0).shape();
        if (out.rank() > 0 && !inputShapes.isEmpty() && inputShapes.get(0).rank() > 0) {
            // The batch dimension follows the caller's input, as the graph's own input may leave it unknown.
            return out.with(0, inputShapes.get(0).dim(0));
        }
        return out;
    }
}

package dev.sheaf.layers;

import java.util.List;
import org.apiguardian.api.API;

/**
 * One application of a {@link Layer} in a functional graph: the layer, the symbolic tensors it was applied to, and
 * the one it produced. A layer applied several times (a shared layer) has several nodes.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Node {
    private final Layer layer;
    private final List<SymbolicTensor> inputs;
    private SymbolicTensor output;

    Node(Layer layer, List<SymbolicTensor> inputs) {
        this.layer = layer;
        this.inputs = List.copyOf(inputs);
    }

    /** Creates the node of an application and its output tensor. */
    static SymbolicTensor create(Layer layer, List<SymbolicTensor> inputs, dev.sheaf.tensor.Shape outputShape,
                                 dev.sheaf.tensor.DType dtype) {
        Node n = new Node(layer, inputs);
        n.output = new SymbolicTensor(outputShape, dtype, n, layer.name());
        return n.output;
    }

    /** The layer applied. */
    public Layer layer() {
        return layer;
    }

    /** Its inputs, in call order (empty for an input layer). */
    public List<SymbolicTensor> inputs() {
        return inputs;
    }

    /** What it produced. */
    public SymbolicTensor output() {
        return output;
    }
}

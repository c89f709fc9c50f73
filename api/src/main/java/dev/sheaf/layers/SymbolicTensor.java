package dev.sheaf.layers;

import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A placeholder for a tensor in a functional model graph (Keras's {@code KerasTensor}): a shape whose batch dimension
 * is usually unknown, a dtype, and the {@link Node} that produces it. Created by {@code Input.of(...)} and by
 * {@link Layer#apply(SymbolicTensor)}; holds no data.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class SymbolicTensor {
    private final Shape shape;
    private final DType dtype;
    private final Node node;
    private final String name;

    /**
     * @param node the node producing this tensor ({@code null} only while that node is being created)
     */
    public SymbolicTensor(Shape shape, DType dtype, Node node, String name) {
        this.shape = Objects.requireNonNull(shape, "shape");
        this.dtype = Objects.requireNonNull(dtype, "dtype");
        this.node = node;
        this.name = name;
    }

    /** The shape, {@link Shape#UNKNOWN} where not known (the batch dimension). */
    public Shape shape() {
        return shape;
    }

    /** The dtype. */
    public DType dtype() {
        return dtype;
    }

    /** The node that produces this tensor. */
    public Node node() {
        return node;
    }

    /** The producing layer's name (used in summaries and errors). */
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return "<SymbolicTensor shape=" + shape + ", dtype=" + dtype + ", name=" + name + ">";
    }
}

package dev.sheaf.layers;

import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * The base of Keras's element-wise merge layers ({@link Add}, {@link Subtract}, {@link Multiply}, {@link Average},
 * {@link Maximum}, {@link Minimum}): they take a list of inputs and combine them element by element.
 *
 * <p>Shapes follow Keras's merge rules: the batch sizes must agree, and the other dimensions broadcast as numpy's,
 * aligned from the right (an input of lower rank gets size-1 axes inserted after its batch dimension).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public abstract class Merge extends Layer {

    /** A merge named after its class. */
    protected Merge() {
    }

    /** Combines the inputs, already of equal rank, element by element. */
    protected abstract Tensor merge(List<Tensor> inputs);

    /** The number of inputs this merge needs, or -1 for "one or more". */
    protected int requiredInputs() {
        return -1;
    }

    private void checkCount(List<Shape> shapes) {
        int n = requiredInputs();
        if (n > 0 ? shapes.size() != n : shapes.isEmpty()) {
            throw new IllegalArgumentException(className() + " '" + name() + "' must be called on "
                    + (n > 0 ? "exactly " + n : "at least 1") + " input" + (n == 1 ? "" : "s") + ", but got "
                    + shapes.size() + ": " + shapes);
        }
    }

    @Override
    protected void build(List<Shape> inputShapes) {
        computeOutputShape(inputShapes);
    }

    @Override
    public Shape computeOutputShape(Shape inputShape) {
        return computeOutputShape(List.of(inputShape));
    }

    /**
     * The common batch size and the broadcast of the other dimensions.
     *
     * @throws IllegalArgumentException naming the layer and every input shape when they do not agree
     */
    @Override
    public Shape computeOutputShape(List<Shape> inputShapes) {
        checkCount(inputShapes);
        long batch = Shape.UNKNOWN;
        Shape rest = null;
        for (Shape s : inputShapes) {
            if (s.rank() < 1) {
                throw new IllegalArgumentException(className() + " '" + name() + "' needs inputs with a batch "
                        + "dimension, but got shapes " + inputShapes);
            }
            long b = s.dim(0);
            if (b != Shape.UNKNOWN) {
                if (batch != Shape.UNKNOWN && batch != b) {
                    throw new IllegalArgumentException(className() + " '" + name() + "': the inputs have different "
                            + "batch sizes " + batch + " and " + b + "; input shapes: " + inputShapes);
                }
                batch = b;
            }
            Shape nonBatch = s.subShape(1, s.rank());
            rest = rest == null ? nonBatch : broadcast(rest, nonBatch, inputShapes);
        }
        return rest.insert(0, batch);
    }

    /** Keras's {@code _compute_elemwise_op_output_shape}: right-aligned; unknown with anything is unknown. */
    private Shape broadcast(Shape a, Shape b, List<Shape> all) {
        Shape longer = a.rank() >= b.rank() ? a : b;
        Shape shorter = longer == a ? b : a;
        long[] out = longer.dims();
        int off = longer.rank() - shorter.rank();
        for (int i = 0; i < shorter.rank(); i++) {
            long x = longer.dim(off + i);
            long y = shorter.dim(i);
            if (x == Shape.UNKNOWN || y == Shape.UNKNOWN) {
                out[off + i] = Shape.UNKNOWN;
            } else if (x == 1) {
                out[off + i] = y;
            } else if (y != 1 && x != y) {
                throw new IllegalArgumentException(className() + " '" + name() + "': the inputs have incompatible "
                        + "shapes " + all + "; apart from the batch, each dimension must be equal or 1");
            }
        }
        return Shape.symbolic(out);
    }

    @Override
    protected Tensor call(List<Tensor> inputs, boolean training) {
        List<Shape> shapes = new ArrayList<>();
        int maxRank = 0;
        for (Tensor t : inputs) {
            shapes.add(t.shape());
            maxRank = Math.max(maxRank, t.rank());
        }
        computeOutputShape(shapes);
        List<Tensor> aligned = new ArrayList<>();
        for (Tensor t : inputs) {
            Tensor x = t;
            // As Keras: lower-rank inputs get size-1 axes right after the batch, so the rest aligns from the right.
            while (x.rank() < maxRank) {
                x = Ops.expandDims(x, 1);
            }
            aligned.add(x);
        }
        return merge(aligned);
    }

    /** Reads a merge layer's config, which has only the base entries. */
    static <M extends Merge> M fromBaseConfig(M layer, Map<String, Object> config) {
        new ConfigReader(layer.className(), config, Set.of());
        return layer.applyBaseConfig(layer, config);
    }
}
